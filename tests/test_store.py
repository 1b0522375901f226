from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path
from zoneinfo import ZoneInfo

from deskbook.schema.validate import validate
from deskbook.sources import RawWorkbook
from deskbook.state.snapshots import Store
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
