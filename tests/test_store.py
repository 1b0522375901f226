from __future__ import annotations

import datetime as dt
import sqlite3
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from deskbook.model.choices import TicketKind
from deskbook.model.values import PhoneNumber
from deskbook.schema.validate import validate
from deskbook.sources import RawWorkbook
from deskbook.sources.xlsx import XlsxSource
from deskbook.state import tab_columns
from deskbook.state.snapshots import Store, content_hash
from tests.conftest import ROOT
from tests.raw_books import raw_workbook

ZONE = ZoneInfo("Asia/Shanghai")


def sync(book: RawWorkbook, hour: int):
    now = dt.datetime(2026, 11, 27, hour, tzinfo=ZONE)
    return validate(book, ZONE, now, sop_codes=["CS-SOP-01", "CS-SOP-04"])


def test_snapshots_are_keyed_by_content(tmp_path: Path) -> None:
    store = Store(tmp_path / "state" / "deskbook.sqlite")
    book = raw_workbook()
    first = store.save(sync(book, 9))
    again = store.save(sync(book, 10))
    assert first.new and not again.new
    assert again.id == first.id and again.content_hash == first.content_hash

    book = raw_workbook(changes={"收費!E3": 336.7, "業主!C2": "12"})
    changed = store.save(sync(book, 11))
    assert changed.new and changed.id != first.id
    assert [s[0] for s in store.snapshots()] == [first.id, changed.id]

    with sqlite3.connect(store.path) as db:
        syncs = db.execute("SELECT snapshot_id FROM sync ORDER BY id").fetchall()
        issues = db.execute(
            "SELECT code, cell FROM issue WHERE snapshot_id = ?", (changed.id,)
        ).fetchall()
    assert syncs == [(first.id,), (first.id,), (changed.id,)]
    assert issues == [("invalid-phone", "業主!C2")]


def test_the_store_keeps_no_row_of_the_sheet(tmp_path: Path) -> None:
    """A snapshot is its hash, counts and issues: no owner's name, phone or ID number, and no
    other cell, is anywhere in the state file."""
    now = dt.datetime(2026, 11, 27, 9, tzinfo=ZONE)
    dataset = validate(XlsxSource(ROOT / "examples" / "demo.xlsx").read(), ZONE, now)
    path = tmp_path / "deskbook.sqlite"
    Store(path, apart_rows=1).save(dataset)
    stored = path.read_bytes()
    owner = dataset.records("owners")[0]
    fee = dataset.records("fees")[0]
    assert owner.owner_name and owner.phone_1 and fee.receipt_no
    for value in (owner.owner_name, str(owner.phone_1), fee.receipt_no):
        assert value.encode() not in stored, value
    with sqlite3.connect(path) as db:
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
        counts = dict(db.execute("SELECT tab, valid FROM tab_count").fetchall())
    assert "snapshot_tab" not in tables and "record" not in tables
    assert counts == {key: tab.valid for key, tab in dataset.tabs.items()}


_VALUES = [
    ["S001", '\x00\x07\x1f\t\n\r\b\f"\\/\u2028\x7f\x80é中😀', "", None, True],
    [0, 1, -(2**63), 2**63 - 1, 2**64, -(2**70)],
    [Decimal("1.50"), Decimal("-0.00"), Decimal("1E+3"), None],
    [dt.date(2026, 11, 27), dt.datetime(2026, 11, 27, 9, 30, tzinfo=ZONE), dt.time(8, 30)],
    [{"decimal": "1.5"}, ["a", 1], [], {}],
    [PhoneNumber("13800138000", "801"), TicketKind.COMPLAINT],
]


@pytest.mark.parametrize("values", _VALUES, ids=range(len(_VALUES)))
def test_a_stored_column_is_what_json_would_write(values: list[object]) -> None:
    """Snapshots and their content hash predate orjson: its bytes must be json's, or an
    unchanged workbook would look changed once."""
    assert (
        tab_columns.encoded(["k", None, values]) == tab_columns.dumps(["k", None, values]).encode()
    )


def test_a_column_of_floats_is_written_by_json() -> None:
    values = [1e-05, 0.1, 1e16, float("inf"), None]
    assert tab_columns.encode_column("k", values) == tab_columns.dumps(["k", None, values]).encode()
    assert b"1e-05" in tab_columns.encode_column("k", values)


@pytest.mark.parametrize("held", [False, True], ids=["as-begun", "rows-held-since"])
def test_a_tab_hashed_in_a_child_hashes_as_here(tmp_path: Path, held: bool) -> None:
    """The largest tab of a large sync is hashed by a forked child while the checks after
    validation run: the content hash is that of a store that hashes every tab itself, also
    when a check held back rows of that tab in the meantime."""
    book = XlsxSource(ROOT / "examples" / "demo.xlsx").read()
    dataset = sync(book, 9)
    before = content_hash(dataset)
    apart = Store(tmp_path / "apart.sqlite", apart_rows=1)
    begun = apart.begin(dataset)
    assert begun is not None and "fees" in begun.held
    if held:
        dataset.tabs["fees"].hold_back({dataset.tabs["fees"].row_numbers()[0]})
    saved = apart.save(dataset, begun)
    here = Store(tmp_path / "here.sqlite", apart_rows=None).save(dataset)
    assert saved.content_hash == here.content_hash == content_hash(dataset)
    assert (saved.content_hash == before) is not held
