"""The one state file, .deskbook/deskbook.sqlite: its schema version and the steps up to it.

`PRAGMA user_version` counts the migrations applied. A file from before versions has 0 and
some of the version-1 tables already (each store used to create its own with IF NOT EXISTS),
which is why version 1 creates them only if they are missing.

The file is a cache and a history, never the only copy of anything: a file that is damaged,
cut short or not ours is moved aside (`deskbook.sqlite.broken-<stamp>`) with one line saying so,
and the run starts a fresh one rather than stopping every scheduled sync for good.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import glob
import os
import sqlite3
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from deskbook.errors import Notice, StateError, StateUnwritable

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


def _v3_publish_log(db: sqlite3.Connection) -> None:
    # One compact summary per publish of each output (state/publishes.py): what the
    # what-changed page compares with, kept apart from the snapshots so pruning them loses
    # nothing it needs.
    db.execute(
        "CREATE TABLE publish ("
        " id INTEGER PRIMARY KEY,"
        " target TEXT NOT NULL,"
        " published_at TEXT NOT NULL,"
        " synced_at TEXT NOT NULL,"
        " snapshot TEXT NOT NULL,"
        " summary TEXT NOT NULL)"
    )
    db.execute("CREATE INDEX publish_by_target ON publish (target, id)")


def _v4_records_by_tab(db: sqlite3.Connection) -> None:
    # Version 4 kept a snapshot's records as one compressed row a tab. Version 5 keeps none,
    # so the JSON rows of a file this old are not converted on the way: they are dropped.
    db.execute(
        "CREATE TABLE snapshot_tab ("
        " snapshot_id INTEGER NOT NULL REFERENCES snapshot(id),"
        " tab TEXT NOT NULL,"
        " data BLOB NOT NULL,"
        " PRIMARY KEY (snapshot_id, tab))"
    )
    db.execute("DROP TABLE record")


def _v5_no_rows(db: sqlite3.Connection) -> None:
    # Snapshots keep their hash, counts and issues, not their rows (state/snapshots.py): nothing
    # read the rows, and they held owners' names, phones and ID numbers.
    db.execute("DROP TABLE IF EXISTS snapshot_tab")


def _v6_sheet_values_apart(db: sqlite3.Connection) -> None:
    # A Google Sheets sync kept every value it read here, as JSON: 170 MB for what a
    # workbook's snapshots keep in 31 MB. The rows are kept compressed beside the state file
    # now (state/sheets_cache.py); here, what was read and the spreadsheet's size in cells.
    # The old rows' versions are forgotten with them, so the next sync reads afresh.
    db.execute("DELETE FROM gsheets_values")
    db.execute("ALTER TABLE gsheets_values DROP COLUMN value_ranges")
    db.execute("ALTER TABLE gsheets_values ADD COLUMN cells INTEGER NOT NULL DEFAULT 0")


MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (
    _v1_tables,
    _v2_personal_and_retention,
    _v3_publish_log,
    _v4_records_by_tab,
    _v5_no_rows,
    _v6_sheet_values_apart,
)
VERSION = len(MIGRATIONS)


def state_file(config: Config) -> Path:
    return config.path(config.state_dir) / FILE_NAME


def version(db: sqlite3.Connection) -> int:
    return int(db.execute("PRAGMA user_version").fetchone()[0])


# SQLite's answers that mean the file itself is bad (damaged, cut short, not a database), as
# against a folder we cannot write (read-only, full, gone), which moving the file cannot mend.
_BROKEN = ("SQLITE_CORRUPT", "SQLITE_NOTADB")


class _Unusable(Exception):
    """SQLite opens the file, but its own check finds damage, or its tables are not ours."""


def _broken(exc: Exception) -> bool:
    return isinstance(exc, _Unusable) or str(getattr(exc, "sqlite_errorname", "")).startswith(
        _BROKEN
    )


@contextlib.contextmanager
def _unwritable(path: str) -> Iterator[None]:
    try:
        yield
    except sqlite3.ProgrammingError:
        raise  # our own mistake, not the machine's
    except sqlite3.Error as exc:
        raise StateUnwritable(path=path, reason=str(exc)) from exc


class _StateConnection(sqlite3.Connection):
    """A connection whose failures name the file and what went wrong, as a StateUnwritable
    (exit 2, one line) instead of a traceback: a full disk or a read-only folder is a known
    fault of the machine, not a bug."""

    path = ""

    def execute(self, *args: Any, **kwargs: Any) -> sqlite3.Cursor:
        with _unwritable(self.path):
            return super().execute(*args, **kwargs)

    def executemany(self, *args: Any, **kwargs: Any) -> sqlite3.Cursor:
        with _unwritable(self.path):
            return super().executemany(*args, **kwargs)

    def commit(self) -> None:
        with _unwritable(self.path):
            super().commit()

    def __exit__(self, *exc_info: Any) -> Any:
        with _unwritable(self.path):
            return super().__exit__(*exc_info)


def connect(path: Path) -> sqlite3.Connection:
    """A connection to the state file, checked and migrated to the current version first.

    A broken file is moved aside and a fresh one started; a folder that cannot be written
    raises StateUnwritable.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StateUnwritable(path=str(path.parent), reason=exc.strerror or str(exc)) from exc
    try:
        return _open(path)
    except (sqlite3.Error, _Unusable) as exc:
        if not _broken(exc):
            raise StateUnwritable(path=str(path), reason=str(exc)) from exc
        moved = _move_aside(path)
        warnings.warn(
            Notice("state-moved-aside", path=str(path), moved=moved.name, reason=str(exc)),
            stacklevel=2,
        )
    try:
        return _open(path)
    except sqlite3.Error as exc:
        raise StateUnwritable(path=str(path), reason=str(exc)) from exc


def _open(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path, factory=_StateConnection)
    db.path = str(path)
    try:
        # Deleted and masked rows are overwritten in the file, not left in its free pages.
        sqlite3.Connection.execute(db, "PRAGMA secure_delete = ON")
        _check(db, path)
        _migrate(db, path)
    except BaseException:
        db.close()
        raise
    _checked.add(_identity(path))
    return db


# Files already checked in this process, by what would change if anyone else wrote them:
# each run opens the file several times, and the whole-file check is needed only once.
_checked: set[tuple[str, int, int, int]] = set()


def _identity(path: Path) -> tuple[str, int, int, int]:
    try:
        stat = path.stat()
    except OSError:
        return (str(path), 0, 0, 0)
    return (str(path.absolute()), stat.st_ino, stat.st_size, stat.st_mtime_ns)


def _check(db: sqlite3.Connection, path: Path) -> None:
    """Raise if the file is damaged or is not ours; a newer deskbook's file is left alone."""
    found = sqlite3.Connection.execute(db, "PRAGMA user_version").fetchone()[0]
    if found > VERSION:
        raise StateError(path=str(path), found=found, known=VERSION)
    if _identity(path) not in _checked:
        result = sqlite3.Connection.execute(db, "PRAGMA quick_check").fetchall()
        if result != [("ok",)]:
            # The check lists every damaged page; the first says enough for one line.
            raise _Unusable(str(result[0][0]).splitlines()[0])
    tables = _tables(db)
    # A file from before versions (0) holds some of the version-1 tables; any later version
    # holds exactly what its migrations made.
    expected = _schema_at(max(found, 1))
    wrong = sorted(t for t in tables if expected.get(t) != tables[t])
    if found > 0:
        wrong += sorted(set(expected) - set(tables))
    if wrong:
        raise _Unusable(f"unexpected tables: {', '.join(wrong)}")


def _tables(db: sqlite3.Connection) -> dict[str, tuple[str, ...]]:
    names = sqlite3.Connection.execute(
        db, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    ).fetchall()
    return {
        name: tuple(
            column[1] for column in sqlite3.Connection.execute(db, f"PRAGMA table_info({name!r})")
        )
        for (name,) in names
    }


@functools.cache
def _schema_at(level: int) -> dict[str, tuple[str, ...]]:
    """The tables and columns the first `level` migrations make, from an empty database."""
    db = sqlite3.connect(":memory:")
    try:
        for step in MIGRATIONS[:level]:
            step(db)
        return _tables(db)
    finally:
        db.close()


def _move_aside(path: Path) -> Path:
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
    moved = path.with_name(f"{path.name}.broken-{stamp}")
    try:
        os.replace(path, moved)
        # A journal left beside a file that is not ours would be played back into the new one.
        for suffix in ("-journal", "-wal", "-shm"):
            companion = path.with_name(path.name + suffix)
            if companion.exists():
                os.replace(companion, moved.with_name(moved.name + suffix))
    except OSError as exc:
        raise StateUnwritable(path=str(path), reason=exc.strerror or str(exc)) from exc
    _prune_broken(path)
    return moved


# Damaged copies kept for whoever looks into why: a state file damaged again and again (a
# failing disk) would otherwise fill the folder with them.
KEEP_BROKEN = 3


def _prune_broken(path: Path) -> None:
    """Keep the newest KEEP_BROKEN copies moved aside (their names sort by time)."""
    copies = sorted(path.parent.glob(f"{glob.escape(path.name)}.broken-*[0-9]Z"), reverse=True)
    for old in copies[KEEP_BROKEN:]:
        for member in (old, *(old.with_name(old.name + s) for s in ("-journal", "-wal", "-shm"))):
            member.unlink(missing_ok=True)


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
