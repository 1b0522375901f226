"""Snapshot store: every sync's validated rows and issues in SQLite, keyed by a content hash."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from deskbook.dataset import Dataset

SCHEMA = """
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
"""


def _encode(value: Any) -> Any:
    if isinstance(value, Decimal):
        return {"decimal": str(value)}
    if isinstance(value, dt.datetime):
        return {"datetime": value.isoformat()}
    if isinstance(value, dt.date):
        return {"date": value.isoformat()}
    if isinstance(value, dt.time):
        return {"time": value.isoformat()}
    raise TypeError(f"cannot store {type(value).__name__}")


def _dumps(value: Any) -> str:
    return json.dumps(value, default=_encode, ensure_ascii=False, sort_keys=True)


def content_hash(dataset: Dataset) -> str:
    """Same data and same issues give the same hash, whenever and from wherever synced."""
    digest = hashlib.sha256()
    for key, tab in sorted(dataset.tabs.items()):
        digest.update(_dumps([key, tab.sheet, tab.rows, tab.rejected]).encode())
        for record in tab.records:
            digest.update(_dumps([record.row, record.values]).encode())
    for issue in dataset.issues:
        digest.update(_dumps([issue.code, issue.cell, issue.params]).encode())
    return digest.hexdigest()


@dataclass(frozen=True)
class SnapshotRef:
    id: int
    content_hash: str
    new: bool


class Store:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        with closing(self._connect()) as db:
            db.executescript(SCHEMA)

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self.path)

    def save(self, dataset: Dataset) -> SnapshotRef:
        """Record this sync; the rows are written only if this content was never seen before."""
        digest = content_hash(dataset)
        with closing(self._connect()) as db, db:
            found = db.execute(
                "SELECT id FROM snapshot WHERE content_hash = ?", (digest,)
            ).fetchone()
            new = found is None
            if new:
                snapshot_id = db.execute(
                    "INSERT INTO snapshot (content_hash, first_synced_at, source) VALUES (?, ?, ?)",
                    (digest, dataset.synced_at.isoformat(), dataset.source),
                ).lastrowid
                assert snapshot_id is not None  # set by every INSERT
                self._write_rows(db, snapshot_id, dataset)
            else:
                snapshot_id = found[0]
            db.execute(
                "INSERT INTO sync (snapshot_id, synced_at) VALUES (?, ?)",
                (snapshot_id, dataset.synced_at.isoformat()),
            )
        return SnapshotRef(snapshot_id, digest, new)

    @staticmethod
    def _write_rows(db: sqlite3.Connection, snapshot_id: int, dataset: Dataset) -> None:
        db.executemany(
            "INSERT INTO record VALUES (?, ?, ?, ?)",
            (
                (snapshot_id, record.tab, record.row, _dumps(record.values))
                for tab in dataset.tabs.values()
                for record in tab.records
            ),
        )
        db.executemany(
            "INSERT INTO issue VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                (
                    snapshot_id,
                    seq,
                    i.code,
                    str(i.severity),
                    i.tab,
                    i.row,
                    i.column,
                    i.cell,
                    _dumps(i.params),
                )
                for seq, i in enumerate(dataset.issues)
            ),
        )
        db.executemany(
            "INSERT INTO tab_count VALUES (?, ?, ?, ?, ?)",
            (
                (snapshot_id, key, c["rows"], c["valid"], c["rejected"])
                for key, c in dataset.counts().items()
            ),
        )

    def snapshots(self) -> list[tuple[int, str, str]]:
        with closing(self._connect()) as db:
            return db.execute(
                "SELECT id, content_hash, first_synced_at FROM snapshot ORDER BY id"
            ).fetchall()

    def records(self, snapshot_id: int, tab: str) -> list[tuple[int, dict[str, Any]]]:
        with closing(self._connect()) as db:
            rows = db.execute(
                "SELECT row, data FROM record WHERE snapshot_id = ? AND tab = ? ORDER BY row",
                (snapshot_id, tab),
            ).fetchall()
        return [(row, json.loads(data)) for row, data in rows]
