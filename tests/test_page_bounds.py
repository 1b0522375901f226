"""Pages that grow with the data are bounded: [site] page_months and table_rows, CSV the rest."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from deskbook.cli import main
from deskbook.config import load_config
from deskbook.model.pages import Download
from deskbook.pipeline import make_run, prepare
from deskbook.site.downloads import csv_text
from deskbook.site.mkdocs_config import docs_dir
from deskbook.views.service_desk import first_paged_month

ROOT = Path(__file__).resolve().parent.parent
AS_OF = "2026-11-27"
# The demo's tickets: received 2025-12 to 2026-11, 114 of them in 2026-10.
DEMO_MONTHS = ["2025-12", *(f"2026-{m:02d}" for m in range(1, 12))]


def _demo(folder: Path, site: str) -> Path:
    for name in ("deskbook.toml", "mkdocs.yml"):
        shutil.copy(ROOT / name, folder / name)
    shutil.copytree(ROOT / "site", folder / "site")
    shutil.copytree(ROOT / "examples", folder / "examples")
    config = folder / "deskbook.toml"
    text = config.read_text("utf-8")
    config.write_text(text.replace("[site]\n", f"[site]\n{site}\n", 1), "utf-8")
    return config


@pytest.fixture(scope="module")
def bounded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo built with three month pages and tables of at most 50 rows."""
    folder = tmp_path_factory.mktemp("bounded")
    config = _demo(folder, "page_months = 3\ntable_rows = 50")
    args = ["build", "--config", str(config), "--as-of", AS_OF, "--output", str(folder / "out")]
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return folder / "out"


def _rows(path: Path) -> list[list[str]]:
    data = path.read_text("utf-8")
    assert data.startswith("\ufeff")  # Excel reads the Chinese headers without asking
    return list(csv.reader(io.StringIO(data[1:])))


@pytest.mark.parametrize(
    ("as_of", "count", "first"),
    [
        (dt.date(2026, 11, 27), 13, "2025-11"),
        (dt.date(2026, 11, 27), 1, "2026-11"),
        (dt.date(2026, 1, 1), 3, "2025-11"),
        (dt.date(2026, 12, 31), 12, "2026-01"),
    ],
)
def test_first_paged_month_counts_back_from_the_as_of_month(
    as_of: dt.date, count: int, first: str
) -> None:
    assert first_paged_month(as_of, count) == first


@pytest.mark.parametrize("months", [1, 3, 12, 13])
def test_month_pages_are_bounded_by_page_months(tmp_path: Path, months: int) -> None:
    config = load_config(_demo(tmp_path, f"page_months = {months}"))
    run = make_run(config, as_of=dt.date.fromisoformat(AS_OF), audience="internal")
    paths = [s.path for s in prepare(run, docs_dir(config)).pages]
    month_pages = [p for p in paths if re.fullmatch(r"service-desk/\d{4}-\d{2}\.md", p)]
    assert month_pages == [f"service-desk/{m}.md" for m in DEMO_MONTHS[-months:]]
    # Older months fold into one archive page; none to fold, no archive.
    assert ("service-desk/archive.md" in paths) == (months < len(DEMO_MONTHS))


def test_older_months_fold_into_the_archive_with_their_tickets_as_csv(bounded: Path) -> None:
    desk = bounded / "service-desk"
    assert sorted(p.name for p in desk.iterdir() if p.is_dir()) == [
        "2026-09",
        "2026-10",
        "2026-11",
        "archive",
    ]
    index = (desk / "index.html").read_text("utf-8")
    assert 'href="archive/">較早的 9 個月</a>' in index
    archive = (desk / "archive" / "index.html").read_text("utf-8")
    for month in DEMO_MONTHS[:-3]:
        assert f'href="../tickets-{month}.csv">工單 CSV</a>' in archive
        rows = _rows(desk / f"tickets-{month}.csv")
        assert rows[0][:3] == ["工單號", "內容", "類型"]
        assert len(rows) > 1 and all(r[5].startswith(month) for r in rows[1:])
    # The archive's total for a month is the number of its tickets in the CSV.
    cells = re.search(r"2026&#45;08</span></td>(.*?)</tr>", archive, re.S)
    assert cells is not None
    totals = re.findall(r"<td[^>]*>(\d+)</td>", cells[1])
    assert int(totals[5]) == len(_rows(desk / "tickets-2026-08.csv")) - 1


def test_a_long_table_shows_its_cap_the_total_and_links_the_full_list(bounded: Path) -> None:
    page = (bounded / "service-desk" / "2026-10" / "index.html").read_text("utf-8")
    rows = _rows(bounded / "service-desk" / "tickets-2026-10.csv")
    assert len(rows) == 1 + 114
    assert "另有 64 列未列出。" in page
    assert 'href="../tickets-2026-10.csv">下載全部 114 列（CSV）</a>' in page
    table = page[page.index("<table>") : page.index("</table>")]
    assert table.count("<tr>") == 1 + 50


def test_the_demo_is_inside_the_default_bounds(demo_site: Path) -> None:
    """Every month its own page and every table whole but two: the whole 催費 log, which the
    fees page links instead of listing it, and the 252 contacts to verify, longer than a list
    a phone scrolls through (LIST_ROWS)."""
    found = sorted(p.relative_to(demo_site).as_posix() for p in demo_site.rglob("*.csv"))
    assert found == ["fees/reminders.csv", "owners-stale-contacts.csv"]
    assert not (demo_site / "service-desk" / "archive").exists()
    assert "CSV" not in (demo_site / "service-desk" / "2026-10" / "index.html").read_text("utf-8")


@pytest.mark.parametrize(
    ("page", "csv_file", "header"),
    [
        ("owners/index.html", "owners-stale-contacts.csv", "房號"),
    ],
)
def test_other_long_tables_are_capped_too(
    bounded: Path, page: str, csv_file: str, header: str
) -> None:
    html = (bounded / page).read_text("utf-8")
    rows = _rows(bounded / csv_file)
    assert rows[0][0] == header and len(rows) - 1 > 50
    assert f"下載全部 {len(rows) - 1} 列（CSV）" in html
    assert f"另有 {len(rows) - 1 - 50} 列未列出。" in html


def test_the_fees_page_links_the_whole_reminder_log_and_lists_none(bounded: Path) -> None:
    """Each unit's calls are on its own page; the fees page keeps only the whole log as CSV."""
    html = (bounded / "fees" / "index.html").read_text("utf-8")
    rows = _rows(bounded / "fees" / "reminders.csv")
    assert rows[0][0] == "房號" and len(rows) - 1 > 50
    assert f'href="reminders.csv">下載全部 {len(rows) - 1} 列（CSV）</a>' in html
    assert "在檔案中" not in html  # the log's columns are not on the page
    unit = rows[1][0]
    page = (bounded / "units" / unit / "index.html").read_text("utf-8")
    calls = [r for r in rows[1:] if r[0] == unit]
    assert all(f">{r[1].replace('-', '&#45;')}<" in page for r in calls)


def test_owner_phones_stay_masked_in_the_csv(bounded: Path) -> None:
    rows = _rows(bounded / "owners-stale-contacts.csv")
    phones = [p for r in rows[1:] for p in r[2].split(" / ") if p]
    assert phones and all(re.fullmatch(r"\d{3}\*{4}\d{4}", p) for p in phones), phones[:5]


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
        ("+86 138", "'+86 138"),
        ("-1+2", "'-1+2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("1102室漏水", "1102室漏水"),
    ],
)
def test_a_csv_cell_never_runs_as_a_formula(cell: str, written: str) -> None:
    text = csv_text(Download("x.csv", ("內容",), [(cell,)]))
    assert list(csv.reader(io.StringIO(text[1:]))) == [["內容"], [written]]


def test_csv_writes_dates_and_money_as_people_read_them() -> None:
    from decimal import Decimal

    when = dt.datetime(2026, 10, 1, 13, 45, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    row = (when, dt.date(2026, 10, 2), Decimal("-12.50"), None, 3)
    text = csv_text(Download("x.csv", ("a", "b", "c", "d", "e"), [row]))
    assert text.splitlines()[1] == "2026-10-01 13:45,2026-10-02,-12.50,,3"
