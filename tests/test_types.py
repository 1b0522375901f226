from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

import pytest

from deskbook.schema.columns import ColumnReader
from deskbook.schema.tabs import choice
from deskbook.schema.types import (
    Boolean,
    CellProblem,
    CellType,
    Code,
    Date,
    DateTime,
    IdNumber,
    Integer,
    Money,
    NotifyTo,
    Period,
    Phone,
    Text,
    Time,
    UnitCode,
)
from deskbook.sources import cells_of

GOOD = [
    (Date(), "2026-11-27", dt.date(2026, 11, 27)),
    (Date(), "2026/11/27", dt.date(2026, 11, 27)),
    (Date(), "2026.1.5", dt.date(2026, 1, 5)),
    (Date(), "2026年11月27日", dt.date(2026, 11, 27)),
    (Date(), "２０２６－１１－２７", dt.date(2026, 11, 27)),
    (Date(), 46353, dt.date(2026, 11, 27)),
    (Date(), dt.datetime(2026, 11, 27), dt.date(2026, 11, 27)),
    (Time(), "18:00", dt.time(18, 0)),
    (Time(), "9點30分", dt.time(9, 30)),
    (Time(), 0.75, dt.time(18, 0)),
    (DateTime(), "2026-11-27 14:30", dt.datetime(2026, 11, 27, 14, 30)),
    (DateTime(), "2026年11月27日14:30", dt.datetime(2026, 11, 27, 14, 30)),
    (DateTime(), 46353.5, dt.datetime(2026, 11, 27, 12, 0)),
    (Integer(), "1,200", 1200),
    (Integer(), 60.0, 60),
    (Money(), "¥1,280.50", Decimal("1280.50")),
    (Money(), "1280.5元", Decimal("1280.50")),
    (Money(), 0.1, Decimal("0.10")),
    (Money(), "￥ 300", Decimal("300.00")),
    (Boolean(), "是", True),
    (Boolean(), "N", False),
    (Boolean(), "TRUE", True),
    (choice("staff_status"), "在職", "active"),
    (choice("staff_status"), "在职", "active"),
    (choice("staff_status"), "Left", "left"),
    (choice("staff_status"), "on leave", "leave"),
    (UnitCode(), "3-2-1201", "3-2-1201"),
    (UnitCode(), "3棟2單元1201", "3-2-1201"),
    (UnitCode(), "03-02-0101", "3-2-0101"),
    (Phone(), "138 1234 5678", "13812345678"),
    (Phone(), "+86 138-1234-5678", "13812345678"),
    (Phone(), "0755-26880001", "075526880001"),
    (Phone(), 13812345678, "13812345678"),
    (IdNumber(), "11010519491231002x", "11010519491231002X"),
    (Period(), "2026-1", "2026-01"),
    (Period(), "2026年11月", "2026-11"),
    (Period(), dt.date(2026, 11, 1), "2026-11"),
    (Period(), 46327.0, "2026-11"),  # a month Sheets turned into a date: its serial
    (Money(), 33.300000000000004, Decimal("33.30")),  # a formula's float result
    (Time(), 0.999995, dt.time(23, 59, 59)),  # rounds to 86400 s, which is no time of day
    (Phone(), "138.0013.8000", "13800138000"),
    (Integer(), "1,200", 1200),
    (NotifyTo(), "Zhang.San@example.com", "Zhang.San@example.com"),
    (NotifyTo(), "138 0013 8000", "13800138000"),
    (NotifyTo(), "zhangsan", "zhangsan"),
    (NotifyTo(), "wecom:10086", "10086"),
    (NotifyTo(), "企業微信：zhang@corp", "zhang@corp"),
    (NotifyTo(region="HK"), "9123 4567", "91234567"),
]

BAD = [
    (Date(), "2026-02-30", "no-such-day"),
    (Date(), "2026/11/31", "no-such-day"),
    (DateTime(), "2026/11/31 14:30", "no-such-day"),
    (Date(), "2026年13月2日", "invalid-date"),
    (Date(), "next week", "invalid-date"),
    (Date(), True, "invalid-date"),
    (Date(), 46353.5, "invalid-date"),
    (Time(), "25:00", "invalid-time"),
    (DateTime(), "2026-11-27 25:00", "invalid-datetime"),
    (Integer(minimum=1), "0", "out-of-range"),
    (Integer(), "1.5", "invalid-integer"),
    (Integer(), "1,5", "invalid-integer"),  # gspread's numericise would read 15
    (Integer(), "9" * 5000, "invalid-integer"),
    (Money(), "1e30", "invalid-money"),
    (Money(), float("nan"), "invalid-money"),
    (Date(), float("inf"), "invalid-date"),
    (Money(), "1,2O0.00", "invalid-money"),
    (Money(), "1.005", "invalid-money"),
    (Money(), "-5", "out-of-range"),
    (Money(), "NaN", "invalid-money"),
    (Money(), "1,5", "invalid-money"),
    (Boolean(), "maybe", "invalid-boolean"),
    (choice("staff_status"), "在", "invalid-choice"),
    (UnitCode(), "A-1", "invalid-unit"),
    (Phone(), "138-1234-567", "invalid-phone"),
    (Phone(), "12345", "invalid-phone"),
    (IdNumber(), "110105194912310021", "invalid-id-number"),
    (IdNumber(), "1101051949", "invalid-id-number"),
    (Period(), "2026-13", "invalid-period"),
    (Period(), 2026.1, "invalid-period"),  # typed 2026.10 or 2026.1? never guessed
    (Period(), 202611, "invalid-period"),
    (Money(), 1e307, "invalid-money"),
    (NotifyTo(), "0755-2688 0000", "invalid-notify-to"),  # a landline
    (NotifyTo(), "1380013800", "invalid-notify-to"),  # a digit short
    (NotifyTo(), "張三", "invalid-notify-to"),
    (NotifyTo(), "email:zhang", "invalid-notify-to"),
    (NotifyTo(), "qq:12345", "invalid-notify-to"),
]


@pytest.mark.parametrize(("cell_type", "raw", "value"), GOOD, ids=[repr(g[1]) for g in GOOD])
def test_reads(cell_type: CellType, raw: object, value: object) -> None:
    assert cell_type.parse(raw) == value


@pytest.mark.parametrize(("cell_type", "raw", "code"), BAD, ids=[repr(b[1]) for b in BAD])
def test_rejects(cell_type: CellType, raw: object, code: str) -> None:
    with pytest.raises(CellProblem) as problem:
        cell_type.parse(raw)
    assert problem.value.code == code


@pytest.mark.parametrize(
    ("raw", "kind"),
    [
        ("a@b.cn", "email"),
        ("+852 9123 4567", "mobile"),
        ("S008", "wecom"),
        ("wecom:a@b.cn", "wecom"),
    ],
)
def test_a_reminder_address_knows_its_kind(raw: str, kind: str) -> None:
    assert NotifyTo().parse(raw).kind == kind


def test_money_is_never_float() -> None:
    assert isinstance(Money().parse(250.6), Decimal)
    assert Money().parse(250.6) + Money().parse(0.1) == Decimal("250.70")


def _reader(kind: CellType, required: bool = False) -> ColumnReader:
    return ColumnReader(kind.read, kind.parse, None, required, None, dt.date(2026, 11, 27))


def test_a_column_reads_each_distinct_value_once() -> None:
    calls: list[object] = []

    def parse(raw: object) -> object:
        calls.append(raw)
        return Money().parse(raw)

    reader = ColumnReader(Money().read, parse, None, False, None, dt.date(2026, 11, 27))
    values, notes = reader.column([12.5, 12.5, "12.50", None, 12.5])
    assert values == [Decimal("12.50")] * 3 + [None, Decimal("12.50")]
    assert calls == [12.5, "12.50"] and notes == []


def test_equal_values_of_different_types_are_different_cells() -> None:
    # 1, 1.0 and True are equal in Python, not the same cell.
    values, notes = _reader(Integer()).column([1, True, 1.0, True])
    assert values == [1, None, 1, None]
    assert [(at, n.problem.code if n.problem else None) for at, n in notes] == [
        (1, "invalid-integer"),
        (3, "invalid-integer"),
    ]


def test_every_failing_cell_has_its_own_note_in_row_order() -> None:
    values, notes = _reader(Money(), required=True).column(["-5", "3", "-5", " ", "\u200b-5"])
    assert values == [None, Decimal("3.00"), None, None, None]
    assert [(at, n.blank, n.removed, n.problem and n.problem.code) for at, n in notes] == [
        (0, False, 0, "out-of-range"),
        (2, False, 0, "out-of-range"),
        (3, True, 0, None),
        (4, False, 1, "out-of-range"),
    ]
    assert notes[3][1].cell == "-5"  # quoted as the clerk sees it


def test_cells_of_fills_short_rows() -> None:
    assert cells_of([("a", "b", "c"), ("d",), ()], [0, 2]) == [["a", "d", None], ["c", None, None]]


@pytest.mark.parametrize("kind", [Text(), Text(max_length=4), Code(), Text(pattern=r"\d+")])
def test_text_read_as_itself_is_what_the_parser_would_make_of_it(kind: CellType) -> None:
    cells: list[object] = ["S001", " S001", "S001 ", "#N/A", "abcde", "\x07a", "Ｓ001", "12"]
    cells += [" ", "", "a\u200bb", 12, 12.0, None, "S001"]
    fast = ColumnReader(
        kind.read, kind.parse, None, True, None, dt.date(2026, 11, 27), kind.verbatim()
    )
    plain = dataclasses.replace(fast, verbatim=0)
    assert kind.verbatim() == (0 if isinstance(kind, Text) and kind.pattern else kind.max_length)
    assert _readings(fast, cells) == _readings(plain, cells)


# Columns of text alone, each with one cell the joined check must catch (or none).
_ALL_TEXT = [
    ["S001", "S002"],
    ["S001", " S002"],
    ["S001", "S002 "],
    ["S001", "S 002"],
    ["S001", "S#02"],
    ["S001", "#N/A"],
    ["S001", ""],
    ["S001", "", None],
    ["", None],
    [" S001", "", None],
    ["S001", "abcdefghijklmnopqrstuvwxyz" * 3],
    ["S001", "Ｓ002"],
    ["S001", "S\t02"],
    ["S001", "S\x0702"],
]


@pytest.mark.parametrize("cells", _ALL_TEXT, ids=range(len(_ALL_TEXT)))
@pytest.mark.parametrize("kind", [Text(), Text(max_length=4), Code()])
def test_a_text_column_read_as_itself_at_once_is_read_as_the_parser_would(
    kind: CellType, cells: list[object]
) -> None:
    fast = ColumnReader(
        kind.read, kind.parse, None, True, None, dt.date(2026, 11, 27), kind.verbatim()
    )
    plain = dataclasses.replace(fast, verbatim=0)
    for column in (cells * 3, cells[::-1] * 3):  # the odd cell first, last and between
        assert _readings(fast, column) == _readings(plain, column)


def _readings(reader: ColumnReader, cells: list[object]) -> tuple[list[object], list[object]]:
    values, notes = reader.column(cells)
    problems = [(at, n.cell, n.removed, n.blank, n.problem and n.problem.code) for at, n in notes]
    return values, problems
