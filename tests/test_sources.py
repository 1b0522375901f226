from __future__ import annotations

import csv
import datetime as dt
import io
import weakref
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from openpyxl.styles import Font

from deskbook.cli import main
from deskbook.errors import SourceError
from deskbook.schema.validate import validate
from deskbook.sources import LazySheets, RawSheet, RawWorkbook
from deskbook.sources.csv import CsvSource
from deskbook.sources.xlsx import XlsxSource
from deskbook.state.snapshots import content_hash
from tests.conftest import ROOT, load_spec, make_handbook, write_workbook

ZONE = ZoneInfo("Asia/Shanghai")
NOW = dt.datetime(2026, 11, 27, 9, 0, tzinfo=ZONE)
SOPS = ["CS-SOP-01", "CS-SOP-04"]


def csv_text(value: object) -> str:
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%Y/%m/%d")
    return str(value)


def write_csv_folder(folder: Path, encoding: str, delimiter: str = ",") -> Path:
    folder.mkdir()
    for title, sheet in load_spec().items():
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
        writer.writerow(sheet["header"])
        writer.writerows([[csv_text(v) for v in row] for row in sheet["rows"]])
        suffix = ".tsv" if delimiter == "\t" else ".csv"
        (folder / f"{title}{suffix}").write_bytes(buffer.getvalue().encode(encoding))
    return folder


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "cp950", "utf-16"])
def test_csv_folder_reads_like_the_workbook(tmp_path: Path, encoding: str) -> None:
    xlsx = validate(
        XlsxSource(write_workbook(tmp_path / "b.xlsx")).read(), ZONE, NOW, sop_codes=SOPS
    )
    delimiter = "\t" if encoding == "utf-16" else ","
    folder = write_csv_folder(tmp_path / "csv", encoding, delimiter)
    from_csv = validate(CsvSource(folder).read(), ZONE, NOW, sop_codes=SOPS)
    assert from_csv.issues == []
    assert content_hash(from_csv) == content_hash(xlsx)


def test_csv_in_an_unknown_encoding_says_how_to_save(tmp_path: Path) -> None:
    folder = tmp_path / "csv"
    folder.mkdir()
    (folder / "員工.csv").write_bytes(b"\xff\xff\xfe\x80\x81")
    with pytest.raises(SourceError) as err:
        CsvSource(folder).read()
    assert err.value.message("en") == (
        f"{folder / '員工.csv'} is in no encoding deskbook reads "
        "(tried UTF-8, UTF-16, GB18030/GBK, Big5, Big5-HKSCS). Save it from Excel as 'CSV UTF-8'."
    )


def test_csv_source_through_the_cli(tmp_path: Path) -> None:
    folder = write_csv_folder(tmp_path / "csv", "gb18030")
    config = make_handbook(tmp_path / "hb", folder)
    text = config.read_text("utf-8").replace('kind = "xlsx"', 'kind = "csv"')
    config.write_text(text, "utf-8")
    result = CliRunner().invoke(main, ["check", "--config", str(config)])
    assert result.exit_code == 0, result.output


def test_excel_leftovers_are_ignored_and_rows_keep_their_numbers(tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "b.xlsx")
    book = load_workbook(path)
    staff = book["員工"]
    staff.insert_rows(1)
    staff["A1"] = "翠湖花園員工名冊"  # a title row above the headers
    staff.insert_rows(4)  # a blank row in the middle: data now on rows 3, 5, 6
    for row in range(7, 40):  # formatted but empty rows and columns, as Excel leaves them
        for col in range(1, 20):
            staff.cell(row=row, column=col).font = Font(bold=True)
    staff["E6"] = "2026-02-30"
    book.save(path)
    dataset = validate(XlsxSource(path).read(), ZONE, NOW, sop_codes=SOPS)
    assert dataset.counts()["staff"] == {"rows": 3, "valid": 2, "rejected": 1}
    assert [r.row for r in dataset.records("staff")] == [3, 5]
    assert [(i.code, i.cell) for i in dataset.issues] == [
        ("header-below-title", "員工!2:2"),
        ("no-such-day", "員工!E6"),
    ]


def test_xlsx_typed_cells_and_serials(tmp_path: Path) -> None:
    path = write_workbook(
        tmp_path / "b.xlsx",
        changes={
            "員工!E2": 43525,  # an Excel serial, as a date column pasted as numbers shows
            "員工!E3": "2021年7月15日",
            "收費!D2": "¥1,280.50",
            "培訓場次!E2": dt.time(14, 0),
        },
    )
    dataset = validate(XlsxSource(path).read(), ZONE, NOW, sop_codes=SOPS)
    assert dataset.issues == []
    staff = dataset.records("staff")
    assert staff[0].hire_date == dt.date(2019, 3, 1)
    assert staff[1].hire_date == dt.date(2021, 7, 15)
    assert str(dataset.records("fees")[0].amount_due) == "1280.50"
    assert dataset.records("training_sessions")[0].start_time == dt.time(14, 0)
    ticket = dataset.records("tickets")[0]
    assert ticket.received_at == dt.datetime(2026, 11, 20, 9, 15, tzinfo=ZONE)


def test_missing_source_is_a_source_error(tmp_path: Path) -> None:
    with pytest.raises(SourceError) as err:
        XlsxSource(tmp_path / "none.xlsx").read()
    assert err.value.key == "source-missing"


def test_validation_holds_one_tab_of_a_lazy_workbook_at_a_time() -> None:
    """Each sheet read is let go before the next is read, so a large company's two biggest
    grids are never in memory together; read ahead or not, the dataset is the same."""
    book = ROOT / "examples" / "demo.xlsx"
    workbook = XlsxSource(book).read()
    alive: list[weakref.ref[RawSheet]] = []
    held: list[int] = []

    def load(title: str) -> RawSheet:
        held.append(sum(ref() is not None for ref in alive))
        sheet = workbook.sheets[title]
        alive.append(weakref.ref(sheet))
        return sheet

    lazy = LazySheets({t: workbook.is_hidden(t) for t in workbook.sheets}, load)
    zone = ZoneInfo("Asia/Shanghai")
    synced = dt.datetime(2026, 11, 27, 9, tzinfo=zone)
    got = validate(RawWorkbook(lazy, "demo.xlsx"), zone, synced)
    assert len(held) > 5
    assert set(held) == {0}
    assert content_hash(got) == content_hash(validate(XlsxSource(book).read(), zone, synced))
