from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from deskbook.schema.tabs import choice
from deskbook.schema.types import (
    Boolean,
    CellProblem,
    CellType,
    Date,
    DateTime,
    IdNumber,
    Integer,
    Money,
    Period,
    Phone,
    Time,
    UnitCode,
    remembering,
)

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
]


@pytest.mark.parametrize(("cell_type", "raw", "value"), GOOD, ids=[repr(g[1]) for g in GOOD])
def test_reads(cell_type: CellType, raw: object, value: object) -> None:
    assert cell_type.parse(raw) == value


@pytest.mark.parametrize(("cell_type", "raw", "code"), BAD, ids=[repr(b[1]) for b in BAD])
def test_rejects(cell_type: CellType, raw: object, code: str) -> None:
    with pytest.raises(CellProblem) as problem:
        cell_type.parse(raw)
    assert problem.value.code == code


def test_money_is_never_float() -> None:
    assert isinstance(Money().parse(250.6), Decimal)
    assert Money().parse(250.6) + Money().parse(0.1) == Decimal("250.70")


def test_a_remembered_reading_is_the_reading() -> None:
    calls: list[object] = []

    def parse(raw: object) -> object:
        calls.append(raw)
        return Money().parse(raw)

    read = remembering(parse, size=3)
    assert [read(12.5), read(12.5), read("12.50")] == [Decimal("12.50")] * 3
    assert calls == [12.5, "12.50"]  # the second 12.5 was not parsed again
    # 1, 1.0 and True are equal in Python, not the same cell.
    integer = remembering(Integer().parse)
    assert integer(1) == 1
    with pytest.raises(CellProblem):
        integer(True)


def test_a_remembered_problem_is_raised_afresh_each_time() -> None:
    read = remembering(Money().parse)
    problems = []
    for _ in range(2):
        with pytest.raises(CellProblem) as err:
            read("-5")
        problems.append(err.value)
    assert problems[0] is not problems[1]
    assert [(p.code, p.params) for p in problems] == [
        ("out-of-range", {"minimum": 0, "maximum": ""})
    ] * 2


def test_the_memory_is_bounded() -> None:
    calls: list[object] = []

    def parse(raw: object) -> object:
        calls.append(raw)
        return raw

    read = remembering(parse, size=2)
    for raw in ("a", "b", "c", "a", "b", "c"):
        read(raw)
    assert calls == ["a", "b", "c", "c"]  # full after two: "c" is parsed each time
