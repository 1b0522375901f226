"""The one state file, .deskbook/deskbook.sqlite: its schema version and the steps up to it.

`PRAGMA user_version` counts the migrations applied. A file from before versions has 0 and
some of the version-1 tables already (each store used to create its own with IF NOT EXISTS),
which is why version 1 creates them only if they are missing.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from deskbook.errors import StateError

if TYPE_CHECKING:
    from deskbook.config import Config

FILE_NAME = "deskbook.sqlite"

_TABLES = """
CREATE TABLE IF NOT EXISTS snapshot (
    id INTEGER PRIMARY KEY,
    content_hash TEXT NOT NULL UNIQUE,
    first_synced_at TEXT NOT NULL,
    source TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS sync (
    id INTEGER PRIMARY KEY,
    snapshot_id INTEGER NOT NULL REFERENCES snapshot(id),
    synced_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS record (
    snapshot_id INTEGER NOT NULL REFERENCES snapshot(id),
    tab TEXT NOT NULL,
    row INTEGER NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (snapshot_id, tab, row)
);
CREATE TABLE IF NOT EXISTS issue (
    snapshot_id INTEGER NOT NULL REFERENCES snapshot(id),
    seq INTEGER NOT NULL,
    code TEXT NOT NULL,
    severity TEXT NOT NULL,
    tab TEXT NOT NULL,
    row INTEGER,
    column_key TEXT,
    cell TEXT NOT NULL,
    params TEXT NOT NULL,
    PRIMARY KEY (snapshot_id, seq)
);
CREATE TABLE IF NOT EXISTS tab_count (
    snapshot_id INTEGER NOT NULL REFERENCES snapshot(id),
    tab TEXT NOT NULL,
    rows INTEGER NOT NULL,
    valid INTEGER NOT NULL,
    rejected INTEGER NOT NULL,
    PRIMARY KEY (snapshot_id, tab)
);
CREATE TABLE IF NOT EXISTS build_stamp (
    target TEXT PRIMARY KEY,
    fingerprint TEXT NOT NULL,
    built_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS gsheets_values (
    spreadsheet TEXT PRIMARY KEY,
    modified_time TEXT NOT NULL,
    titles TEXT NOT NULL,
    value_ranges TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS gsheets_tabs (
    spreadsheet TEXT PRIMARY KEY,
    -- the modifiedTime the map was read at, or NULL when we wrote the tabs ourselves
    modified_time TEXT,
    gids TEXT NOT NULL
);
"""


def _statements(script: str) -> list[str]:
    # executescript() would commit the migration's transaction half-way; one at a time instead.
    return [s.strip() for s in script.split(";") if s.strip()]


def _v1_tables(db: sqlite3.Connection) -> None:
    for statement in _statements(_TABLES):
        db.execute(statement)


def _v2_personal_and_retention(db: sqlite3.Connection) -> None:
    # Rows written before this version hold personal columns in full; the store masks them at
    # its next save unless the office keeps them (see Store).
    db.execute("ALTER TABLE snapshot ADD COLUMN personal_in_full INTEGER NOT NULL DEFAULT 1")
    db.execute("CREATE INDEX IF NOT EXISTS sync_by_snapshot ON sync (snapshot_id)")


MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (
    _v1_tables,
    _v2_personal_and_retention,
)
VERSION = len(MIGRATIONS)


def state_file(config: Config) -> Path:
    return config.path(config.state_dir) / FILE_NAME


def version(db: sqlite3.Connection) -> int:
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def connect(path: Path) -> sqlite3.Connection:
    """A connection to the state file, migrated to the current version first."""
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path)
    # Deleted and masked rows are overwritten in the file, not left in its free pages.
    db.execute("PRAGMA secure_delete = ON")
    try:
        _migrate(db, path)
    except BaseException:
        db.close()
        raise
    return db


def _migrate(db: sqlite3.Connection, path: Path) -> None:
    if version(db) == VERSION:
        return
    # Another run may be migrating the same file: take the write lock, then look again.
    db.execute("BEGIN IMMEDIATE")
    try:
        found = version(db)
        if found > VERSION:
            raise StateError(path=str(path), found=found, known=VERSION)
        for step in MIGRATIONS[found:]:
            step(db)
        db.execute(f"PRAGMA user_version = {VERSION}")
    except BaseException:
        db.rollback()
        raise
    db.commit()
