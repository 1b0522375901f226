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

    fees = store.records(changed.id, "fees")
    assert fees[1] == (
        3,
        {
            "amount_due": {"decimal": "336.70"},
            "amount_paid": {"decimal": "336.70"},
            "item": "物業費",
            "paid_on": None,
            "period": "2026-10",
            "receipt_no": None,
            "unit": "1-1-0102",
        },
    )
    with sqlite3.connect(store.path) as db:
        syncs = db.execute("SELECT snapshot_id FROM sync ORDER BY id").fetchall()
        issues = db.execute(
            "SELECT code, cell FROM issue WHERE snapshot_id = ?", (changed.id,)
        ).fetchall()
    assert syncs == [(first.id,), (first.id,), (changed.id,)]
    assert issues == [("invalid-phone", "業主!C2")]


def _as_json(value: object) -> object:
    """A typed value as the store hands it back: JSON's own types as themselves, the rest as
    a one-key object naming the type."""
    if isinstance(value, Decimal):
        return {"decimal": str(value)}
    for kind in (dt.datetime, dt.date, dt.time):
        if isinstance(value, kind):
            return {kind.__name__: value.isoformat()}
    return value


def test_every_demo_record_reads_back_as_it_was_saved(tmp_path: Path) -> None:
    now = dt.datetime(2026, 11, 27, 9, tzinfo=ZONE)
    dataset = validate(XlsxSource(ROOT / "examples" / "demo.xlsx").read(), ZONE, now)
    store = Store(tmp_path / "deskbook.sqlite", store_personal=True)
    ref = store.save(dataset)
    for key, tab in dataset.tabs.items():
        expected = [(r.row, {k: _as_json(v) for k, v in r.values.items()}) for r in tab.records]
        assert store.records(ref.id, key) == sorted(expected, key=lambda pair: pair[0]), key
    # Stored masked, the same content keeps its hash and its snapshot.
    masked = Store(tmp_path / "deskbook.sqlite").save(dataset)
    assert (masked.id, masked.content_hash) == (ref.id, ref.content_hash)


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


def _stored(path: Path) -> list[tuple[str, bytes]]:
    with sqlite3.connect(path) as db:
        return db.execute("SELECT tab, data FROM snapshot_tab ORDER BY tab").fetchall()


@pytest.mark.parametrize("held", [False, True], ids=["as-begun", "rows-held-since"])
def test_a_tab_encoded_in_a_child_is_stored_and_hashed_as_here(tmp_path: Path, held: bool) -> None:
    """The largest tab of a large sync is encoded by a forked child while the checks after
    validation run: the stored blobs and the content hash are those of a store that encodes
    every tab itself, also when a check held back rows of that tab in the meantime."""
    book = XlsxSource(ROOT / "examples" / "demo.xlsx").read()
    dataset = sync(book, 9)
    apart = Store(tmp_path / "apart.sqlite", apart_rows=1)
    begun = apart.begin(dataset)
    assert begun is not None and "fees" in begun.held
    if held:
        dataset.tabs["fees"].hold_back({dataset.tabs["fees"].row_numbers()[0]})
    saved = apart.save(dataset, begun)
    here = Store(tmp_path / "here.sqlite", apart_rows=None).save(dataset)
    assert saved.content_hash == here.content_hash == content_hash(dataset)
    stored = _stored(tmp_path / "apart.sqlite")
    assert stored == _stored(tmp_path / "here.sqlite") and len(stored) == len(dataset.tabs)
