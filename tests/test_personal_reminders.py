"""Personal reminders ([notify.personal]): real publishes of the demo through the CLI, each
person's to-dos posted by apprise to a loopback receiver at their own address."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote

import pytest
from bs4 import BeautifulSoup
from openpyxl import load_workbook

from deskbook.i18n import column_label, text
from tests.conftest import copy_demo, make_handbook, run_cli, write_workbook
from tests.webhook_receiver import Receiver

LANG = "zh-Hant"
SITE_URL = "https://handbook.example.invalid/"


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    running = Receiver()
    yield running
    running.close()


def personal(receiver: Receiver, enabled: bool = True) -> str:
    """Settings that send every kind of address to the receiver, under a path per kind."""
    base = receiver.url.rstrip("/")
    lines = ["[notify]", "on = []", 'digest_at = "00:00"', f'site_url = "{SITE_URL}"']
    lines += ["[notify.personal]", f"enabled = {'true' if enabled else 'false'}"]
    lines += [f'{kind} = "{base}/{kind}/{{address}}"' for kind in ("email", "wecom", "mobile")]
    return "\n".join(lines) + "\n"


def demo(folder: Path, settings: str) -> Path:
    """The demo with an address for every person: the demo's own three (one of each kind) and
    `wecom:<staff id>` for the rest, and an internal site to publish."""
    config = copy_demo(folder)
    path = folder / "examples" / "demo.xlsx"
    book = load_workbook(path)
    sheet = book["員工"]
    header = [c.value for c in sheet[1]]
    column = header.index(column_label("staff", "notify_to", LANG)) + 1
    for row in range(2, sheet.max_row + 1):
        cell = sheet.cell(row=row, column=column)
        cell.value = cell.value or f"wecom:{sheet.cell(row=row, column=1).value}"
    book.save(path)
    with config.open("a", encoding="utf-8") as f:
        f.write('\n[[publish]]\noutput = "www/handbook"\n' + settings)
    return config


def publish(config: Path, as_of: str, *extra: str) -> None:
    code, out, err = run_cli("publish", "--config", str(config), "--as-of", as_of, *extra)
    assert code == 0, out + err


def owed_on_pages(folder: Path, at_work: bool = True) -> dict[str, list[str]]:
    """Each person at work (or, with at_work false, away: left or on leave) and the lines of
    their page's 待辦 list, as the built site shows them (people with nothing to do have no
    list)."""
    site = folder / "www" / "handbook"
    book = load_workbook(folder / "examples" / "demo.xlsx", read_only=True)
    rows = list(book["員工"].iter_rows(values_only=True))
    book.close()
    working = {str(r[0]) for r in rows[1:] if r[5] == "在職"}
    found = {}
    for page in sorted((site / "training" / "staff").glob("*/index.html")):
        soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
        staff_id = re.search(r"(S\d{3})", soup.h1.get_text()).group(1)  # type: ignore[union-attr]
        heading = text("ui.todo-heading", LANG)
        todo = next(h for h in soup("h2") if h.get_text().startswith(heading))
        listed = todo.find_next_sibling()
        if (staff_id in working) == at_work and listed is not None and listed.name == "ul":
            lines = [li.get_text().strip() for li in listed("li")]
            found[staff_id] = lines
    return found


def told(receiver: Receiver, since: int = 0) -> dict[str, dict[str, str]]:
    """The messages received since the `since`-th, by the address they were posted to."""
    found: dict[str, dict[str, str]] = {}
    for path, message in list(zip(receiver.paths, receiver.received, strict=True))[since:]:
        address = unquote(path.strip("/"))
        assert address not in found, f"{address} told twice"
        found[address] = message
    return found


def owners(folder: Path) -> set[str]:
    """Every owner's name and phone number in the demo."""
    book = load_workbook(folder / "examples" / "demo.xlsx", read_only=True)
    rows = book["業主"].iter_rows(values_only=True)
    header = list(next(rows))
    keys = ("owner_name", "phone_1", "phone_2", "phone_3")
    columns = [header.index(column_label("owners", k, LANG)) for k in keys]
    found = {str(row[i]).strip() for row in rows for i in columns if row and row[i]}
    book.close()
    return {value for value in found if len(value) >= 2}


def test_each_person_hears_their_own_to_dos_once_a_day(tmp_path: Path, receiver: Receiver) -> None:
    config = demo(tmp_path, personal(receiver))
    publish(config, "2026-11-27")
    owed = owed_on_pages(tmp_path)
    messages = told(receiver)
    # The demo's own addresses, one of each kind; everyone else's is wecom:<id>.
    own = {"S002": "email/s002@demo-garden.example", "S005": "mobile/13925160005"}
    address_of = {s: own.get(s, f"wecom/{s}") for s in owed}
    assert set(messages) == set(address_of.values())
    assert {"S002", "S005", "S008"} <= set(owed)
    # People away owe things on their pages, and hear nothing of them.
    away = owed_on_pages(tmp_path, at_work=False)
    assert away and not {f"wecom/{s}" for s in away} & set(messages)
    assert len(owed) >= 10  # most of the office owes something on the demo's day
    secrets = owners(tmp_path)
    for staff_id, address in address_of.items():
        message = messages[address]
        body = message["message"]
        assert message["title"] == "【翠湖花園物業服務中心】你的待辦 2026-11-27"
        # Every line of the person's page's 待辦, in the office's language, plain text.
        for line in owed[staff_id]:
            status, _, todo = line.partition(" ")
            assert f"- {status}：{todo}" in body, (staff_id, line, body)
        assert body.count("\n- ") == len(owed[staff_id])
        assert f"{SITE_URL}training/staff/{staff_id.lower()}/" in body
        assert "<" not in body and "&#" not in body
        leaked = [s for s in secrets if s in body]
        assert not leaked, (staff_id, leaked)
    status = json.loads((tmp_path / ".deskbook" / "status.json").read_text("utf-8"))
    remembered = status["notify"]["personal"]
    assert remembered["on"] == "2026-11-27" and sorted(remembered["told"]) == sorted(owed)
    assert remembered["last"]["sent"] == len(owed) and remembered["last"]["failed"] == []
    # No address and no URL is remembered: staff ids and counts only.
    assert "demo-garden" not in json.dumps(status) and "127.0.0.1" not in json.dumps(status)

    # The same day again, the data read and rebuilt: nobody is told twice.
    count = len(receiver.received)
    publish(config, "2026-11-27", "--force")
    assert len(receiver.received) == count

    # The next day: each person with to-dos that day is told again.
    publish(config, "2026-11-28")
    again = told(receiver, since=count)
    assert len(again) == len(owed_on_pages(tmp_path)) > 0
    assert all(m["title"].endswith("2026-11-28") for m in again.values())


def minimal(tmp_path: Path, settings: str) -> Path:
    """The minimal workbook, its two people at work given a WeCom id each."""
    changes = {"員工!K1": "通知地址", "員工!K2": "chen.meiling", "員工!K3": "lin.zhiqiang"}
    book = write_workbook(tmp_path / "book.xlsx", changes=changes)
    config = make_handbook(tmp_path / "hb", book)
    with config.open("a", encoding="utf-8") as f:
        f.write('[[publish]]\noutput = "../www/handbook"\n' + settings)
    return config


def test_nobody_is_told_anything_until_the_office_opts_in(
    tmp_path: Path, receiver: Receiver
) -> None:
    config = minimal(tmp_path, personal(receiver, enabled=False))
    publish(config, "2026-11-27")
    assert receiver.received == []
    status = json.loads((tmp_path / "hb" / ".deskbook" / "status.json").read_text("utf-8"))
    assert "personal" not in status["notify"]


def test_an_unreachable_address_is_shown_in_status_and_never_fails_the_publish(
    tmp_path: Path,
) -> None:
    closed = Receiver()
    closed.close()  # nothing listens there now
    config = minimal(tmp_path, personal(closed))
    publish(config, "2026-11-27")
    status = json.loads((tmp_path / "hb" / ".deskbook" / "status.json").read_text("utf-8"))
    remembered = status["notify"]["personal"]
    assert remembered["last"]["sent"] == 0 and remembered["last"]["failed"]
    assert set(remembered["last"]["failed"]) <= {"S001", "S002"}
    assert "chen.meiling" not in json.dumps(status) and "127.0.0.1" not in json.dumps(status)
    code, out, _ = run_cli("status", "--config", str(tmp_path / "hb" / "deskbook.toml"))
    assert code == 0  # a reminder not delivered is no failure of the publish
    assert "個人提醒" in out and remembered["last"]["failed"][0] in out
    assert "chen.meiling" not in out


def test_a_template_without_an_address_is_refused(tmp_path: Path) -> None:
    settings = '[notify.personal]\nenabled = true\nwecom = "wecombot://SECRETKEY"\n'
    config = minimal(tmp_path, settings)
    code, out, err = run_cli("check", "--config", str(config))
    assert code == 2
    assert "notify.personal.wecom" in out + err and "{address}" in out + err
    assert "SECRETKEY" not in out + err
