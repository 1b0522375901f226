"""Three audiences from one sync: nothing a higher audience may read reaches a lower one's
output, in any file (pages, search index, sitemap, downloads, assets)."""

from __future__ import annotations

import gzip
import html
import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from openpyxl import load_workbook

from deskbook.i18n import text
from tests.conftest import ROOT, copy_demo, run_cli

LANG = "zh-Hant"
PERSON = "s026"  # 熊麗娟: a retake failed in July, a warning on the managers' site


# A hand-written SOP for managers alone, listed in mkdocs.yml's nav.
MANAGERS_SOP = """---
code: CS-SOP-90
title: 紀律處分細則
version: v1.0
owner: 客服主管
audience: manager
---

# 紀律處分細則

主管面談須留紀錄，並於三日內呈報。
"""
MANAGERS_PAGE = {"managers' SOP title": "紀律處分細則", "managers' SOP text": "主管面談須留紀錄"}


def _build(config: Path, out: Path, audience: str) -> Path:
    """The demo handbook built for one audience into `out`."""
    code, _, stderr = run_cli(
        "build", "--config", str(config), "--as-of", "2026-11-27",
        "--audience", audience, "--output", str(out),
    )  # fmt: skip
    assert code == 0, stderr
    return out


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The demo with full phone numbers allowed and a managers' own SOP page, built for each
    audience from the CLI."""
    folder = tmp_path_factory.mktemp("audiences")
    config = copy_demo(folder)
    settings = config.read_text("utf-8").replace(
        "show_full_phone = false", "show_full_phone = true"
    )
    config.write_text(settings, "utf-8")
    (folder / "site" / "sop" / "discipline.md").write_text(MANAGERS_SOP, "utf-8")
    mkdocs = folder / "mkdocs.yml"
    nav = "      - sop/fee-reminders.md\n"
    mkdocs.write_text(
        mkdocs.read_text("utf-8").replace(nav, nav + "      - sop/discipline.md\n"), "utf-8"
    )
    return {a: _build(config, folder / a, a) for a in ("public", "internal", "manager")}


def every_file(site: Path) -> dict[str, str]:
    """Each file's text as a reader would find values in it: character references resolved,
    the sitemap unzipped, JSON's escapes undone."""
    found = {}
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        data = path.read_bytes()
        if path.suffix == ".gz":
            data = gzip.decompress(data)
        content = data.decode("utf-8", errors="ignore")
        if path.suffix == ".json":
            content = json.dumps(json.loads(content), ensure_ascii=False)
        found[path.relative_to(site).as_posix()] = html.unescape(content)
    return found


def owner_phones() -> set[str]:
    book = load_workbook(ROOT / "examples" / "demo.xlsx", read_only=True)
    rows = book["業主"].iter_rows(values_only=True)
    header = list(next(rows))
    columns = [header.index(h) for h in ("聯繫電話1", "聯繫電話2", "聯繫電話3")]
    phones = {str(row[i]).strip() for row in rows for i in columns if row and row[i]}
    book.close()
    return {p for p in phones if len(p) >= 8}


def constant_part(key: str) -> str:
    """The longest piece of a message that no value fills in: found wherever it is used."""
    template = text(key, LANG, **{n: "\0" for n in re.findall(r"{(\w+)}", text_raw(key))})
    return max(template.split("\0"), key=len).strip()


def text_raw(key: str) -> str:
    from deskbook.i18n import messages

    section, _, name = key.partition(".")
    raw: str = messages()[section][name][LANG]
    return raw


def manager_only() -> dict[str, str]:
    """What only the managers' site says: scores, warnings and what a failure brings."""
    badge = '<span class="deskbook-badge deskbook-bad">{}</span>'
    return {
        "warning line": constant_part("ui.training-warning-line"),
        "onboarding score": constant_part("ui.training-onboarding-score"),
        "score column": text("ui.training-latest-score", LANG),
        "warnings to give": constant_part("ui.training-actions-warnings"),
        "dismissals": constant_part("ui.training-actions-failed"),
        "onboarding dismissal": text("ui.training-onboarding-failed", LANG),
        "warning badge": html.unescape(badge.format(text("ui.training-exam-warning", LANG))),
        "dismissal badge": html.unescape(badge.format(text("ui.training-exam-dismissal", LANG))),
    }


def leaks(site: Path, secrets: dict[str, str]) -> list[tuple[str, str]]:
    return [
        (name, what)
        for name, content in every_file(site).items()
        for what, secret in secrets.items()
        if secret in content
    ]


def test_managers_read_scores_warnings_and_full_phones(sites: dict[str, Path]) -> None:
    files = every_file(sites["manager"])
    pages = "".join(files.values())
    # Not a vacuous scan: the demo's managers' site shows each of these.
    for what in ("warning line", "score column", "warnings to give"):
        assert manager_only()[what] in pages, what
    # An owner's numbers are on the unit's own page (units/<code>/).
    units = "".join(text for name, text in files.items() if name.startswith("units/"))
    assert any(p in units for p in owner_phones())
    assert MANAGERS_PAGE["managers' SOP text"] in files["sop/discipline/index.html"]
    assert MANAGERS_PAGE["managers' SOP title"] in files["sop/index.html"]  # the SOP list
    assert "sop/discipline/" in files["search/search_index.json"]


@pytest.mark.parametrize("audience", ["internal", "public"])
def test_nothing_of_the_managers_reaches_a_lower_site(
    sites: dict[str, Path], audience: str
) -> None:
    secrets = manager_only() | MANAGERS_PAGE | {f"phone {p}": p for p in owner_phones()}
    assert leaks(sites[audience], secrets) == []
    assert not (sites[audience] / "sop" / "discipline").exists()


def test_nothing_internal_reaches_the_board(sites: dict[str, Path]) -> None:
    matrix = BeautifulSoup(
        (sites["internal"] / "training/index.html").read_text("utf-8"), "html.parser"
    )
    staff = {
        a.get_text(" ", strip=True).rsplit(" ", 1)[0]
        for a in matrix.select('.deskbook-matrix td a:not([href^="tel:"])')
    }
    assert len(staff) > 20
    names = {f"staff {n}": n for n in staff if len(n) >= 2}
    assert leaks(sites["public"], names) == []


def staff_phones() -> dict[str, tuple[str, str]]:
    """Each person's phone in the demo workbook, with their status."""
    book = load_workbook(ROOT / "examples" / "demo.xlsx", read_only=True)
    rows = book["員工"].iter_rows(values_only=True)
    header = list(next(rows))
    phone, status = header.index("電話"), header.index("狀態")
    found = {str(r[0]): (str(r[phone]), str(r[status])) for r in rows if r and r[phone]}
    book.close()
    return found


def test_staff_phones_are_callable_inside_and_never_on_the_board(
    sites: dict[str, Path],
) -> None:
    phones = staff_phones()
    assert len(phones) > 20
    person = (sites["internal"] / "training/staff/s002/index.html").read_text("utf-8")
    matrix = (sites["internal"] / "training/index.html").read_text("utf-8")
    number = phones["S002"][0]
    assert f'<a href="tel:{number}">{number}</a>' in person
    assert f'<a href="tel:{number}">{number}</a>' in matrix
    # A leaver's number is no colleague's to call any more.
    gone = {f"leaver {s}": p for s, (p, status) in phones.items() if status == "離職"}
    assert gone and leaks(sites["internal"], gone) == []
    everyone = {f"staff phone {s}": p for s, (p, _) in phones.items()}
    assert leaks(sites["public"], everyone) == []


def exam_rows(page: Path) -> dict[str, list[str]]:
    """A person's exam table: the cells of each row, by date and topic."""
    soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
    label = text("ui.training-exams", LANG)
    heading = next(h for h in soup.find_all("h2") if h.get_text(strip=True).startswith(label))
    table = heading.find_next("table")
    rows = {}
    for tr in table.select("tbody tr"):
        cells = [td.get_text(strip=True) for td in tr.find_all("td")]
        rows[f"{cells[0]} {cells[2]}"] = cells
    return rows


def test_a_persons_page_says_not_passed_where_managers_read_scores(
    sites: dict[str, Path],
) -> None:
    page = f"training/staff/{PERSON}/index.html"
    managers = exam_rows(sites["manager"] / page)
    colleagues = exam_rows(sites["internal"] / page)
    assert managers.keys() == colleagues.keys()
    failed = managers["2026-07-22 服務意識與情緒管理"]
    assert failed[3:] == ["52", "52", text("ui.training-outcome-failed", LANG)]
    assert colleagues["2026-07-22 服務意識與情緒管理"][3:] == [
        text("ui.training-outcome-not_passed", LANG)
    ]
    # No score of the person's anywhere on the colleagues' page.
    for key, cells in managers.items():
        scores = [c for c in cells[3:5] if c]
        assert scores, key
        assert not set(scores) & set(colleagues[key]), key
    internal = (sites["internal"] / page).read_text("utf-8")
    assert (
        text("ui.training-warnings-heading", LANG)
        not in BeautifulSoup(internal, "html.parser").find("article").get_text()
    )


def test_a_published_board_says_when_never_where(tmp_path: Path) -> None:
    """publish writes a status.json into each site; the board's is open to anyone."""
    config = copy_demo(tmp_path)
    board = tmp_path / "www" / "board"
    staff = tmp_path / "www" / "staff"
    for audience, output in (("public", board), ("internal", staff)):
        code, _, stderr = run_cli(
            "publish", "--config", str(config), "--as-of", "2026-11-27",
            "--audience", audience, "--output", str(output),
        )  # fmt: skip
        assert code == 0, stderr
    said = json.loads((board / "status.json").read_text("utf-8"))
    assert sorted(said) == [
        "as_of", "last_attempt", "ok", "output", "pages", "synced_at", "version",
    ]  # fmt: skip
    assert said["output"] == {"audience": "public", "lang": "zh-Hant"}
    assert "demo.xlsx" in (staff / "status.json").read_text("utf-8")
    assert leaks(board, {"workbook": "demo.xlsx", "folder": str(tmp_path)}) == []


def test_an_onboarding_failed_reads_not_passed_to_colleagues(tmp_path: Path) -> None:
    """S038's day-7 exam marked 40 (the pass mark is 60): the SOP dismisses; managers read
    that and the score, colleagues that the exam was not passed."""
    config = copy_demo(tmp_path)
    workbook = tmp_path / "examples" / "demo.xlsx"
    book = load_workbook(workbook)
    sheet = book["培訓簽到"]
    [row] = [r for r in sheet.iter_rows(min_row=2) if r[0].value == "ON-S038-D7"]
    row[4].value = 40  # 理論分
    book.save(workbook)
    pages = {a: every_file(_build(config, tmp_path / a, a)) for a in ("internal", "manager")}
    person = "training/staff/s038/index.html"
    dismissal = text("ui.training-onboarding-failed", LANG)
    score = text("ui.training-onboarding-score", LANG, score="40")
    assert dismissal in pages["manager"][person] and score in pages["manager"][person]
    assert dismissal in pages["manager"]["training/onboarding/index.html"]
    assert constant_part("ui.training-actions-failed") in pages["manager"]["index.html"]
    assert text("ui.training-onboarding-not_passed", LANG) in pages["internal"][person]
    assert leaks(tmp_path / "internal", manager_only() | {"score": score}) == []
