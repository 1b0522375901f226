"""Wrong figures are never published: date columns at their extremes, the shrink guard, and
cells that only the source's own form can tell apart (control characters in a CSV)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from openpyxl.utils import get_column_letter

from deskbook.i18n import labels
from deskbook.schema.tabs import TABS
from deskbook.schema.types import CellProblem, Date, DateTime, Period, Phone
from tests.conftest import load_spec, make_handbook, write_workbook
from tests.conftest import run_cli as run
from tests.test_sources import write_csv_folder

AS_OF = dt.date(2026, 11, 27)


def date_cells() -> dict[str, type]:
    """Row 2 of every date, datetime and period column in the minimal workbook: A1 -> type."""
    spec = load_spec()
    cells: dict[str, type] = {}
    for tab in TABS:
        title = labels()["tabs"][tab.key]["zh-Hant"]
        header = spec[title]["header"]
        for column in tab.columns:
            if not isinstance(column.type, (Date, DateTime, Period)):
                continue
            label = labels()["columns"][tab.key][column.key]["zh-Hant"]
            cells[f"{title}!{get_column_letter(header.index(label) + 1)}2"] = type(column.type)
    return cells


def extreme(kind: type, day: dt.date) -> object:
    if kind is Period:
        return f"{day.year:04d}-{day.month:02d}"
    if day.year < 1900:  # Excel has no such date: it can only be typed as text
        return day.isoformat()
    return dt.datetime.combine(day, dt.time(9)) if kind is DateTime else day


def test_the_walk_covers_every_date_column() -> None:
    assert len(date_cells()) == sum(
        isinstance(c.type, (Date, DateTime, Period)) for t in TABS for c in t.columns
    )


@pytest.mark.parametrize(
    "day", [dt.date(1, 1, 1), dt.date(1900, 1, 1), dt.date(1949, 12, 31), dt.date(9999, 12, 31)]
)
def test_every_date_column_outside_its_range_is_an_error_and_build_goes_on(
    tmp_path: Path, day: dt.date
) -> None:
    cells = date_cells()
    changes = {ref: extreme(kind, day) for ref, kind in cells.items()}
    config = make_handbook(tmp_path / "hb", write_workbook(tmp_path / "b.xlsx", changes=changes))
    code, out, err = run("check", "--config", str(config), "--json", "--as-of", "2026-11-27")
    assert code == 1, err
    flagged = {i["cell"] for i in json.loads(out)["issues"] if i["code"] == "implausible-date"}
    assert flagged == set(cells)
    site = tmp_path / "site"
    code, _, err = run(
        "build", "--config", str(config), "--as-of", "2026-11-27", "--output", str(site)
    )
    assert code == 0, err
    assert (site / "index.html").is_file()


@pytest.mark.parametrize("edge", ["earliest", "latest"])
def test_every_date_column_at_the_edge_of_its_range_computes(tmp_path: Path, edge: str) -> None:
    """The last plausible day of each column flows into every deadline, period and ageing
    computation; none may overflow or fail."""
    changes: dict[str, object] = {}
    for tab in TABS:
        for column in tab.columns:
            kind = column.type
            if not isinstance(kind, (Date, DateTime, Period)):
                continue
            day = kind.span.earliest if edge == "earliest" else kind.span.latest(AS_OF)
            changes.update({ref: extreme(type(kind), day) for ref in _ref(tab.key, column.key)})
    config = make_handbook(tmp_path / "hb", write_workbook(tmp_path / "b.xlsx", changes=changes))
    code, out, err = run("check", "--config", str(config), "--json", "--as-of", "2026-11-27")
    codes = {i["code"] for i in json.loads(out)["issues"]}
    assert "implausible-date" not in codes, out
    assert code in (0, 1), err
    site = tmp_path / "site"
    code, _, err = run(
        "build", "--config", str(config), "--as-of", "2026-11-27", "--output", str(site)
    )
    assert code == 0, err


def _ref(tab: str, column: str) -> list[str]:
    title = labels()["tabs"][tab]["zh-Hant"]
    header = load_spec()[title]["header"]
    label = labels()["columns"][tab][column]["zh-Hant"]
    return [f"{title}!{get_column_letter(header.index(label) + 1)}2"]


@pytest.mark.parametrize("as_of", ["0001-01-01", "9999-12-31"])
def test_as_of_outside_the_calendar_it_computes_in_is_refused(tmp_path: Path, as_of: str) -> None:
    config = make_handbook(tmp_path / "hb", write_workbook(tmp_path / "b.xlsx"))
    code, _, err = run("check", "--config", str(config), "--as-of", as_of)
    assert code == 2
    assert "between 1950-01-01 and 2999-12-31" in err


def test_a_cleared_sheet_does_not_wipe_the_published_site(tmp_path: Path) -> None:
    config = make_handbook(tmp_path / "hb", write_workbook(tmp_path / "b.xlsx"))
    site = tmp_path / "site"
    args = ("--config", str(config), "--as-of", "2026-11-27", "--output", str(site))
    assert run("publish", *args)[0] == 0
    before = sorted(p.name for p in site.rglob("*"))
    # A clerk clears the fees sheet (both rows) and all the notices but one (of three).
    write_workbook(
        tmp_path / "b.xlsx",
        changes={f"通知通告!{c}{r}": "" for c in "ABCDEFGHIJ" for r in (3, 4)},
        clear=("收費",),
    )
    code, out, err = run("publish", *args, "--json", "--lang", "en")
    assert code == 1
    shrunk = [i for i in json.loads(out)["issues"] if i["code"] == "data-shrunk"]
    assert [i["cell"] for i in shrunk] == ["收費", "通知通告"]
    assert "dropped from 3 at the last sync to 1 (down 67%, limit 50%)" in shrunk[1]["message"]
    assert "held back" in err
    assert sorted(p.name for p in site.rglob("*")) == before
    # Still held back on the next run: a held sync is no yardstick.
    assert run("check", "--config", str(config), "--as-of", "2026-11-27")[0] == 1
    # The office means it.
    assert run("publish", *args, "--allow-shrink")[0] == 0
    assert run("publish", *args)[0] == 0


def test_max_shrink_is_a_setting(tmp_path: Path) -> None:
    config = make_handbook(tmp_path / "hb", write_workbook(tmp_path / "b.xlsx"))
    with config.open("a", encoding="utf-8") as f:
        f.write("[sync]\nmax_shrink = 0.7\n")
    assert run("check", "--config", str(config), "--as-of", "2026-11-27")[0] == 0
    write_workbook(tmp_path / "b.xlsx", changes={f"通知通告!{c}4": "" for c in "ABCDEFGHIJ"})
    assert run("check", "--config", str(config), "--as-of", "2026-11-27")[0] == 0  # 33 % < 70 %
    config.write_text(config.read_text("utf-8").replace("0.7", "2"), "utf-8")
    code, _, err = run("check", "--config", str(config), "--lang", "en")
    assert code == 2
    assert "sync.max_shrink" in err


def test_a_ticket_from_the_future_is_an_error_a_planned_hire_is_not(tmp_path: Path) -> None:
    """Things done may be at most a day after the later of --as-of and the sync's own day
    (a look back with --as-of keeps what happened since); things planned, a year."""
    today = dt.datetime.now(ZoneInfo("Asia/Shanghai")).date()
    changes = {
        "報事報修!B2": dt.datetime.combine(today + dt.timedelta(days=3), dt.time(9)),
        "員工!E3": today + dt.timedelta(days=90),
    }
    config = make_handbook(tmp_path / "hb", write_workbook(tmp_path / "b.xlsx", changes=changes))
    code, out, _ = run("check", "--config", str(config), "--json", "--as-of", "2026-11-27")
    assert code == 1
    issues = json.loads(out)["issues"]
    assert [[i["code"], i["cell"]] for i in issues] == [["implausible-date", "報事報修!B2"]]
    latest = max(today, AS_OF) + dt.timedelta(days=1)
    assert f"1950-01-01 至 {latest}" in issues[0]["message"]


def test_control_characters_in_a_csv_id_are_removed_and_reported(tmp_path: Path) -> None:
    folder = write_csv_folder(tmp_path / "csv", "utf-8")
    staff = folder / "員工.csv"
    staff.write_text(staff.read_text("utf-8").replace("S003,", "S0\x0701,"), "utf-8")
    config = make_handbook(tmp_path / "hb", folder)
    config.write_text(config.read_text("utf-8").replace('"xlsx"', '"csv"'), "utf-8")
    code, out, _ = run("check", "--config", str(config), "--json", "--as-of", "2026-11-27")
    assert code == 1
    found = [[i["code"], i["cell"]] for i in json.loads(out)["issues"]]
    assert found == [["invisible-characters", "員工!A4"], ["duplicate-key", "員工!A4"]]


@pytest.mark.parametrize(
    ("typed", "number", "extension"),
    [
        ("0755-2688 0000 转 801", "075526880000", "801"),
        ("0755-26880000轉801", "075526880000", "801"),
        ("(020)8888-6666 分機 12", "02088886666", "12"),
        ("0755 2688 0000 ext. 801", "075526880000", "801"),
        ("400-123-4567", "4001234567", None),
        ("138 0013 8000", "13800138000", None),
    ],
)
def test_phone_extensions_are_kept_apart(typed: str, number: str, extension: str | None) -> None:
    phone = Phone().read(typed)
    assert (phone, phone.extension) == (number, extension)


def test_a_mobile_has_no_extension() -> None:
    with pytest.raises(CellProblem):
        Phone().read("138 0013 8000 转 1")
