"""The state file: one schema version, migrations from the layout before versions, snapshot
retention, and personal columns stored masked unless the office keeps them."""

from __future__ import annotations

import dataclasses
import datetime as dt
import sqlite3
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from deskbook.errors import StateError
from deskbook.model.dataset import Dataset
from deskbook.schema.validate import validate
from deskbook.sources.xlsx import XlsxSource
from deskbook.state import db as state_db
from deskbook.state.sheets_cache import SheetCache
from deskbook.state.snapshots import Store
from deskbook.state.stamps import BuildStamps
from tests.conftest import make_handbook, write_workbook
from tests.conftest import run_cli as run

ZONE = ZoneInfo("Asia/Shanghai")
PHONE = "13812345678"  # 張國華's, in the minimal workbook
ID_NUMBER = "11010519491231002X"
NAME = "張國華"

# The file as deskbook wrote it before the schema had a version: each store created its own
# tables, and no user_version was set.
OLD_LAYOUT = """
CREATE TABLE IF NOT EXISTS snapshot (
    id INTEGER PRIMARY KEY, content_hash TEXT NOT NULL UNIQUE,
    first_synced_at TEXT NOT NULL, source TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sync (
    id INTEGER PRIMARY KEY, snapshot_id INTEGER NOT NULL REFERENCES snapshot(id),
    synced_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS record (
    snapshot_id INTEGER NOT NULL REFERENCES snapshot(id), tab TEXT NOT NULL,
    row INTEGER NOT NULL, data TEXT NOT NULL, PRIMARY KEY (snapshot_id, tab, row));
CREATE TABLE IF NOT EXISTS issue (
    snapshot_id INTEGER NOT NULL REFERENCES snapshot(id), seq INTEGER NOT NULL,
    code TEXT NOT NULL, severity TEXT NOT NULL, tab TEXT NOT NULL, row INTEGER,
    column_key TEXT, cell TEXT NOT NULL, params TEXT NOT NULL, PRIMARY KEY (snapshot_id, seq));
CREATE TABLE IF NOT EXISTS tab_count (
    snapshot_id INTEGER NOT NULL REFERENCES snapshot(id), tab TEXT NOT NULL,
    rows INTEGER NOT NULL, valid INTEGER NOT NULL, rejected INTEGER NOT NULL,
    PRIMARY KEY (snapshot_id, tab));
CREATE TABLE IF NOT EXISTS build_stamp (
    target TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, built_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS gsheets_values (
    spreadsheet TEXT PRIMARY KEY, modified_time TEXT NOT NULL, titles TEXT NOT NULL,
    value_ranges TEXT NOT NULL);
"""


def read(book: Path, at: dt.datetime) -> Dataset:
    # The workbook's dates are of late 2026; syncs are dated earlier to test retention.
    return validate(
        XlsxSource(book).read(),
        ZONE,
        at,
        sop_codes=["CS-SOP-01", "CS-SOP-04"],
        as_of=dt.date(2026, 11, 27),
    )


def day(n: int) -> dt.datetime:
    return dt.datetime(2026, 1, 1, 9, tzinfo=ZONE) + dt.timedelta(days=n)


def variant(tmp_path: Path, n: int, at: dt.datetime) -> Dataset:
    """The minimal workbook with one amount changed: a snapshot of its own."""
    book = write_workbook(tmp_path / f"b{n}.xlsx", changes={"收費!E3": 300 + n})
    return dataclasses.replace(read(book, at), synced_at=at)


def file_text(path: Path) -> str:
    """The file's bytes as text: a secret kept anywhere in it, freed pages included, shows up
    here."""
    return path.read_bytes().decode("utf-8", "replace")


def snapshot_ids(path: Path) -> list[int]:
    with sqlite3.connect(path) as db:
        return [row[0] for row in db.execute("SELECT id FROM snapshot ORDER BY id")]


def test_a_file_from_before_versions_is_migrated_and_keeps_its_data(tmp_path: Path) -> None:
    path = tmp_path / "deskbook.sqlite"
    book = write_workbook(tmp_path / "b.xlsx")
    old = read(book, day(0))
    with sqlite3.connect(path) as db:
        db.executescript(OLD_LAYOUT)
        db.execute("INSERT INTO snapshot VALUES (1, 'old', ?, 'b.xlsx')", (day(0).isoformat(),))
        db.execute("INSERT INTO sync VALUES (1, 1, ?)", (day(0).isoformat(),))
        db.execute(
            "INSERT INTO record VALUES (1, 'owners', 2, ?)",
            (f'{{"owner_name": "{NAME}", "phone_1": "{PHONE}", "unit": "1-1-0101"}}',),
        )
        db.execute("INSERT INTO build_stamp VALUES ('/srv/site', 'abc', '2026-01-01')")
        db.execute("INSERT INTO gsheets_values VALUES ('key', 't1', '[]', '[]')")
    assert PHONE in file_text(path)

    store = Store(path)
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == state_db.VERSION
    # What the older stores wrote reads back through the new ones.
    target = tmp_path / "site"
    target.mkdir()
    with sqlite3.connect(path) as db:
        db.execute("UPDATE build_stamp SET target = ?", (str(target.absolute()),))
    assert BuildStamps(path).matches(target, "abc")
    # The old layout's values were JSON in this file: forgotten, so the next sync reads afresh.
    assert SheetCache(path).values("key") is None
    assert SheetCache(path).tabs("key") is None  # a table the old file never had

    # The old snapshot's rows are gone, deleted bytes included; the snapshot itself is kept.
    assert PHONE not in file_text(path) and NAME not in file_text(path)
    ref = store.save(dataclasses.replace(old, synced_at=day(1)))
    assert snapshot_ids(path) == [1, ref.id]


def test_a_file_from_a_newer_deskbook_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "deskbook.sqlite"
    with sqlite3.connect(path) as db:
        db.execute(f"PRAGMA user_version = {state_db.VERSION + 1}")
    with pytest.raises(StateError) as caught:
        Store(path)
    assert caught.value.message("en") == (
        f"State file {path} was written by a newer deskbook (schema version "
        f"{state_db.VERSION + 1}; this one knows up to {state_db.VERSION}). Update deskbook."
    )


def test_retention_by_count_drops_the_oldest_and_their_rows(tmp_path: Path) -> None:
    path = tmp_path / "deskbook.sqlite"
    store = Store(path, keep_snapshots=3, keep_days=365)
    refs = [store.save(variant(tmp_path, n, day(n))) for n in range(5)]
    assert snapshot_ids(path) == [r.id for r in refs[2:]]
    with sqlite3.connect(path) as db:
        for table in ("issue", "tab_count", "sync"):
            left = db.execute(f"SELECT DISTINCT snapshot_id FROM {table} ORDER BY 1").fetchall()
            assert {row[0] for row in left} <= {r.id for r in refs[2:]}, table


def test_a_snapshot_synced_again_counts_as_recent(tmp_path: Path) -> None:
    path = tmp_path / "deskbook.sqlite"
    store = Store(path, keep_snapshots=2, keep_days=365)
    first = store.save(variant(tmp_path, 0, day(0)))
    second = store.save(variant(tmp_path, 1, day(1)))
    again = store.save(variant(tmp_path, 0, day(2)))  # the sheet went back to how it was
    assert again.id == first.id and not again.new
    third = store.save(variant(tmp_path, 2, day(3)))
    assert snapshot_ids(path) == [first.id, third.id]
    assert second.id not in snapshot_ids(path)


def test_retention_by_age(tmp_path: Path) -> None:
    path = tmp_path / "deskbook.sqlite"
    store = Store(path, keep_snapshots=30, keep_days=90)
    old = store.save(variant(tmp_path, 0, day(0)))
    edge = store.save(variant(tmp_path, 1, day(10)))
    assert snapshot_ids(path) == [old.id, edge.id]
    latest = store.save(variant(tmp_path, 2, day(100)))
    assert snapshot_ids(path) == [edge.id, latest.id]  # day 0 is 100 days old, day 10 is 90


def test_the_snapshot_just_saved_is_always_kept(tmp_path: Path) -> None:
    path = tmp_path / "deskbook.sqlite"
    store = Store(path, keep_snapshots=1, keep_days=1)
    store.save(variant(tmp_path, 0, day(50)))
    # A clock set back: this sync looks older than the last, and is kept all the same.
    behind = store.save(variant(tmp_path, 1, day(0)))
    assert snapshot_ids(path) == [behind.id]


def test_no_personal_data_is_stored(tmp_path: Path) -> None:
    path = tmp_path / "deskbook.sqlite"
    Store(path).save(read(write_workbook(tmp_path / "b.xlsx"), day(0)))
    for secret in (PHONE, "13987654321", ID_NUMBER, NAME):
        assert secret not in file_text(path)


def test_rows_a_version_4_file_kept_are_deleted(tmp_path: Path) -> None:
    """Version 4 kept each snapshot's rows as a compressed row a tab; version 5 keeps none,
    and the bytes do not linger in the file's free pages."""
    path = tmp_path / "deskbook.sqlite"
    with sqlite3.connect(path) as db:
        for step in state_db.MIGRATIONS[:4]:
            step(db)
        db.execute("INSERT INTO snapshot VALUES (1, 'old', ?, 'b.xlsx', 0)", (day(0).isoformat(),))
        db.execute("INSERT INTO snapshot_tab VALUES (1, 'owners', ?)", (PHONE.encode() * 500,))
        db.execute("PRAGMA user_version = 4")
    assert PHONE in file_text(path)
    Store(path)
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == state_db.VERSION
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
    assert "snapshot_tab" not in tables
    assert not list(tmp_path.glob("*.broken-*"))  # migrated, not moved aside
    assert PHONE not in file_text(path)


def test_settings_reach_the_store_through_a_real_run(tmp_path: Path) -> None:
    config = make_handbook(tmp_path / "hb", write_workbook(tmp_path / "b.xlsx"))
    with config.open("a", encoding="utf-8") as f:
        f.write("[state]\nkeep_snapshots = 1\n")
    state = config.parent / ".deskbook" / "deskbook.sqlite"
    assert run("check", "--config", str(config))[0] == 0
    write_workbook(tmp_path / "b.xlsx", changes={"收費!E3": 301})
    assert run("check", "--config", str(config))[0] == 0
    assert len(snapshot_ids(state)) == 1
    assert PHONE not in file_text(state)
