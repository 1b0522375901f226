"""A property over the whole pipeline: workbooks and CSV folders made from the schema, any cell
replaced by a hostile value (wrong types, Excel errors, control characters, huge strings, dates
far out, WPS pictures), ranges merged, headers missing and reordered, rows above the header.

`check`, `build` and `publish` never end in a traceback; and a value that reaches the records
(what every page is made from) is what its cell holds, unless an issue is at that cell, its row,
its column or its tab. Derandomized and few examples: it runs in CI on every push."""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from deskbook.i18n import fold
from deskbook.model.cells import ERROR_VALUES
from deskbook.model.issues import Issue
from deskbook.schema.tabs import TABS
from deskbook.schema.types import normalize_text
from deskbook.schema.validate import validate
from deskbook.sources.csv import CsvSource
from deskbook.sources.xlsx import XlsxSource
from tests.conftest import load_spec, make_handbook, run_cli

ZONE = ZoneInfo("Asia/Shanghai")
NOW = dt.datetime(2026, 11, 27, 9, 0, tzinfo=ZONE)
SOPS = ["CS-SOP-01", "CS-SOP-04"]
AS_OF = ("--as-of", "2026-11-27", "--lang", "en")
SPEC = load_spec()
TITLES = sorted(SPEC)

_far_dates = st.dates(dt.date(1900, 3, 1), dt.date(9999, 12, 31))
hostile_value = st.one_of(
    st.integers(-(10**15), 10**15),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.booleans(),
    _far_dates,
    # To the second: a cell holds a day's fraction, never a microsecond.
    st.datetimes(dt.datetime(1900, 3, 1), dt.datetime(9999, 12, 31)).map(
        lambda d: d.replace(microsecond=0)
    ),
    st.times().map(lambda t: t.replace(microsecond=0)),
    st.sampled_from(sorted(ERROR_VALUES)),
    st.text(max_size=40),  # control characters, surrogates left out by Hypothesis' default
    st.text(alphabet="０１２３４５６７８９－／年月日時分　\u200b\ufeff", max_size=20),
    st.sampled_from(
        [
            "=SUM(A1:A3)",
            '=DISPIMG("ID_7F3A2C",1)',
            "<script>alert(1)</script>",
            "[x](javascript:alert(1))",
            "| a | b |",
            "--8<-- /etc/passwd",
            "85%",
            "¥1,200.00",
            "1.10101E+17",
            "2026/02/30",
            "下午2:30",
            "3棟2單元1201",
            "138 0013 8000",
        ]
    ),
    st.integers(1, 20).map(lambda n: "很長的備註" * (n * 200)),
)


@dataclass
class Sheet:
    header: list[Any]
    rows: list[list[Any]]
    above: list[str] = field(default_factory=list)  # title and instruction rows
    merges: list[tuple[int, int, int]] = field(default_factory=list)  # column, rows from 1


@dataclass
class Case:
    sheets: dict[str, Sheet]
    # (title, sheet row, column from 0) -> the hostile value put there.
    replaced: dict[tuple[str, int, int], Any]
    as_csv: bool


@st.composite
def cases(draw: st.DrawFn) -> Case:
    sheets = {t: Sheet(list(SPEC[t]["header"]), [list(r) for r in SPEC[t]["rows"]]) for t in TITLES}
    for title in draw(st.lists(st.sampled_from(TITLES), max_size=3, unique=True)):
        sheet = sheets[title]
        width = len(sheet.header)
        action = draw(st.sampled_from(["reorder", "drop-header", "above", "merge"]))
        if action == "reorder":
            order = draw(st.permutations(range(width)))
            sheet.header = [sheet.header[i] for i in order]
            sheet.rows = [[r[i] if i < len(r) else "" for i in order] for r in sheet.rows]
        elif action == "drop-header":
            sheet.header[draw(st.integers(0, width - 1))] = ""
        elif action == "above":
            sheet.above = draw(
                st.lists(
                    st.sampled_from(["收費明細", "填表說明：日期填 2026-11-27"]),
                    min_size=1,
                    max_size=4,
                )
            )
        elif sheet.rows:
            column = draw(st.integers(0, width - 1))
            first = draw(st.integers(1, len(sheet.rows)))
            sheet.merges.append((column, first, draw(st.integers(first, len(sheet.rows) + 1))))
    replaced: dict[tuple[str, int, int], Any] = {}
    for _ in range(draw(st.integers(1, 6))):
        title = draw(st.sampled_from(TITLES))
        sheet = sheets[title]
        if not sheet.rows:
            continue
        at = draw(st.integers(0, len(sheet.rows) - 1))
        column = draw(st.integers(0, len(sheet.header) - 1))
        value = draw(hostile_value)
        row = sheet.rows[at]
        row.extend([""] * (column + 1 - len(row)))
        row[column] = value
        replaced[title, len(sheet.above) + 2 + at, column] = value
    return Case(sheets, replaced, draw(st.booleans()))


def _xlsx_value(value: Any) -> Any:
    if value == "":
        return None
    if isinstance(value, str):
        # What Excel itself cannot hold, a workbook cannot carry: those go by CSV.
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def _csv_value(value: Any) -> str:
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return str(value).replace("\x00", "")


def write(case: Case, folder: Path) -> Path:
    if case.as_csv:
        csvs = folder / "csv"
        csvs.mkdir()
        for title, sheet in case.sheets.items():
            buffer = io.StringIO()
            out = csv.writer(buffer, lineterminator="\r\n")
            out.writerows([[line] for line in sheet.above])
            out.writerow(sheet.header)
            rows = [list(r) for r in sheet.rows]
            for column, first, last in sheet.merges:  # a CSV export holds the top value only
                for at in range(first, min(last, len(rows))):
                    if column < len(rows[at]):
                        rows[at][column] = ""
            out.writerows([[_csv_value(v) for v in r] for r in rows])
            (csvs / f"{title}.csv").write_text(buffer.getvalue(), "utf-8")
        return csvs
    book = Workbook()
    book.remove(book.active)
    for title, sheet in case.sheets.items():
        ws = book.create_sheet(title)
        for line in sheet.above:
            ws.append([line])
        ws.append([_xlsx_value(v) for v in sheet.header])
        for row in sheet.rows:
            ws.append([_xlsx_value(v) for v in row])
        top = len(sheet.above) + 1
        for column, first, last in sheet.merges:
            if last > first:
                ws.merge_cells(
                    start_row=top + first,
                    end_row=top + last,
                    start_column=column + 1,
                    end_column=column + 1,
                )
    path = folder / "book.xlsx"
    book.save(path)
    return path


def _numbers(text: str) -> set[Decimal]:
    found = set()
    for part in re.findall(r"-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?", text.replace(",", "")):
        with contextlib.suppress(InvalidOperation):
            found.add(Decimal(part).normalize())
    return found


def faithful(cell: Any, value: Any) -> bool:
    """The value read is what the cell holds, as a clerk reads it: the same text, number, day
    or time, however written."""
    shown = fold(normalize_text(cell))
    if value is None:
        return not shown or shown.isspace()
    if isinstance(value, bool):
        return isinstance(cell, bool) or bool(shown)
    if isinstance(value, str):
        said = fold(normalize_text(value))
        return said == shown or said in shown or re.sub(r"\D", "", said) in re.sub(r"\D", "", shown)
    if isinstance(value, (int, Decimal, float)):
        number = Decimal(str(value)).normalize()
        if isinstance(cell, (int, float)) and not isinstance(cell, bool):
            return Decimal(str(cell)).normalize() == number or abs(
                Decimal(str(cell)) - number
            ) < Decimal("0.005")
        return number in _numbers(shown) or number.is_zero()
    if isinstance(value, dt.datetime):
        return faithful(cell, value.date()) and (
            not isinstance(cell, (dt.datetime, dt.time))
            or value.time()
            == (cell if isinstance(cell, dt.time) else cell.time()).replace(tzinfo=None)
        )
    if isinstance(value, dt.date):
        if isinstance(cell, (dt.date, dt.datetime)):
            return (cell.date() if isinstance(cell, dt.datetime) else cell) == value
        if isinstance(cell, (int, float)):
            return dt.date(1899, 12, 30) + dt.timedelta(days=int(cell)) == value
        numbers = _numbers(shown.replace("-", " ").replace("/", " "))
        return {Decimal(value.day), Decimal(value.month)} <= numbers | {Decimal(value.year)}
    if isinstance(value, dt.time):
        if isinstance(cell, dt.time):
            return cell.replace(tzinfo=None) == value
        if isinstance(cell, dt.datetime):
            return cell.time() == value
        return Decimal(value.minute) in _numbers(shown.replace(":", " ")) | {Decimal(0)}
    return True


def _covered(issues: list[Issue], title: str, row: int, letter: str, header_rows: set[int]) -> bool:
    """An issue at the cell, its row, its column (or the header cell above it) or its tab."""
    for issue in issues:
        where = issue.where
        if where.sheet != title:
            continue
        if where.row is None and where.letter in (None, letter):
            return True
        if where.row == row or where.row in header_rows:
            return True
    return False


def _letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def assert_faithful(case: Case, source: Path) -> None:
    reader = CsvSource(source) if case.as_csv else XlsxSource(source)
    dataset = validate(reader.read(), ZONE, NOW, sop_codes=SOPS)
    header_rows = {len(s.above) + 1 for s in case.sheets.values()} | set(range(1, 6))
    for (title, row, column), cell in case.replaced.items():
        data = next(d for d in dataset.tabs.values() if d.sheet == title)
        key = next((k for k, i in data.columns.items() if i == column), None)
        if _covered(dataset.issues, title, row, _letter(column), header_rows):
            continue
        records = {r.row: r for r in dataset.records(data.key)}
        if key is None or row not in records:
            continue
        sheet = case.sheets[title]
        merged_from = next(
            (
                f
                for c, f, last in sheet.merges
                if c == column and f < row - len(sheet.above) - 1 <= last and not case.as_csv
            ),
            None,
        )
        if merged_from is not None:
            continue  # the cell shows its range's top value, as Excel shows it
        value = getattr(records[row], key)
        written = _csv_value(cell) if case.as_csv else _xlsx_value(cell)
        assert faithful(written, value), (title, row, key, written, value)
    # A required column is declared non-None in the record classes: so it is, in every record.
    for tab in TABS:
        required = [c.key for c in tab.columns if c.required]
        for record in dataset.records(tab.key):
            assert all(getattr(record, key) is not None for key in required), record


def no_traceback(err: str) -> None:
    assert "Traceback" not in err and "Internal error" not in err, err


_FAST = settings(
    max_examples=15,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@_FAST
@given(case=cases())
def test_check_never_fails_and_never_misreads(case: Case, tmp_path_factory: Any) -> None:
    folder = tmp_path_factory.mktemp("hostile")
    source = write(case, folder)
    config = make_handbook(folder / "hb", source)
    if case.as_csv:
        config.write_text(config.read_text("utf-8").replace('kind = "xlsx"', 'kind = "csv"'))
    code, _, err = run_cli("check", "--config", str(config), "--json", *AS_OF)
    no_traceback(err)
    assert code in (0, 1, 2)
    if code != 2:
        assert_faithful(case, source)


@settings(_FAST, max_examples=4)
@given(case=cases())
def test_build_and_publish_never_fail(case: Case, tmp_path_factory: Any) -> None:
    folder = tmp_path_factory.mktemp("hostile-site")
    source = write(case, folder)
    config = make_handbook(folder / "hb", source)
    if case.as_csv:
        config.write_text(config.read_text("utf-8").replace('kind = "xlsx"', 'kind = "csv"'))
    for command in ("build", "publish"):
        out = folder / command
        code, _, err = run_cli(command, "--config", str(config), "--output", str(out), *AS_OF)
        no_traceback(err)
        assert code in (0, 1, 2), err
