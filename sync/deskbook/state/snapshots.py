"""Snapshot store: every sync's validated rows and issues in SQLite, keyed by a content hash.

Personal columns (schema/tabs.py) are stored masked unless [privacy] store_personal is on; the
content hash is taken over the data as read, so masking does not change it. Only the newest
snapshots are kept ([state] keep_snapshots and keep_days, whichever keeps fewer).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from deskbook.checks.issues import Issue
from deskbook.dataset import Dataset
from deskbook.domain.privacy import mask_name, mask_phone
from deskbook.schema.tabs import PERSONAL_COLUMNS, TABS_BY_KEY
from deskbook.schema.types import Text
from deskbook.state.db import connect, state_file

if TYPE_CHECKING:
    from deskbook.config import Config

# The snapshot tables, in the order their rows are deleted (the snapshot row itself last).
_SNAPSHOT_TABLES = ("record", "issue", "tab_count", "sync")


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


def _masked(tab: str, values: dict[str, Any]) -> dict[str, Any]:
    personal = PERSONAL_COLUMNS.get(tab, frozenset())
    if not personal.intersection(values):
        return values
    columns = TABS_BY_KEY[tab]
    masked = dict(values)
    for key in personal:
        value = masked.get(key)
        if isinstance(value, str) and value:
            is_name = isinstance(columns.column(key).type, Text)
            masked[key] = mask_name(value) if is_name else mask_phone(value)
    return masked


def _instant(moment: dt.datetime | str) -> dt.datetime:
    if isinstance(moment, str):
        moment = dt.datetime.fromisoformat(moment)
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


@dataclass(frozen=True)
class SnapshotRef:
    id: int
    content_hash: str
    new: bool


class Store:
    def __init__(
        self,
        path: Path,
        keep_snapshots: int = 30,
        keep_days: int = 90,
        store_personal: bool = False,
    ) -> None:
        self.path = path
        self.keep_snapshots = keep_snapshots
        self.keep_days = keep_days
        self.store_personal = store_personal
        connect(path).close()

    @classmethod
    def for_config(cls, config: Config) -> Store:
        return cls(
            state_file(config),
            config.state.keep_snapshots,
            config.state.keep_days,
            config.privacy.store_personal,
        )

    def _connect(self) -> sqlite3.Connection:
        return connect(self.path)

    def save(self, dataset: Dataset) -> SnapshotRef:
        """Record this sync; the rows are written only if this content was never seen before
        (or were stored with personal columns the other way), then old snapshots go."""
        digest = content_hash(dataset)
        full = int(self.store_personal)
        with closing(self._connect()) as db, db:
            found = db.execute(
                "SELECT id, personal_in_full FROM snapshot WHERE content_hash = ?", (digest,)
            ).fetchone()
            new = found is None
            if found is None:
                snapshot_id = db.execute(
                    "INSERT INTO snapshot (content_hash, first_synced_at, source, personal_in_full)"
                    " VALUES (?, ?, ?, ?)",
                    (digest, dataset.synced_at.isoformat(), dataset.source, full),
                ).lastrowid
                assert snapshot_id is not None
                self._write_rows(db, snapshot_id, dataset)
            else:
                snapshot_id = found[0]
                if found[1] != full:
                    db.execute("DELETE FROM record WHERE snapshot_id = ?", (snapshot_id,))
                    self._write_records(db, snapshot_id, dataset)
                    db.execute(
                        "UPDATE snapshot SET personal_in_full = ? WHERE id = ?", (full, snapshot_id)
                    )
            db.execute(
                "INSERT INTO sync (snapshot_id, synced_at) VALUES (?, ?)",
                (snapshot_id, dataset.synced_at.isoformat()),
            )
            if not self.store_personal:
                self._mask_stored(db)
            self._prune(db, snapshot_id, dataset.synced_at)
        return SnapshotRef(snapshot_id, digest, new)

    def _write_records(self, db: sqlite3.Connection, snapshot_id: int, dataset: Dataset) -> None:
        db.executemany(
            "INSERT INTO record VALUES (?, ?, ?, ?)",
            (
                (
                    snapshot_id,
                    record.tab,
                    record.row,
                    _dumps(record.values if self.store_personal else _masked(tab, record.values)),
                )
                for tab, data in dataset.tabs.items()
                for record in data.records
            ),
        )

    @staticmethod
    def _mask_stored(db: sqlite3.Connection) -> None:
        """Mask what older snapshots hold in full: written before masking existed, or while
        the office kept personal columns."""
        held = [row[0] for row in db.execute("SELECT id FROM snapshot WHERE personal_in_full")]
        for snapshot_id in held:
            rows = db.execute(
                "SELECT tab, row, data FROM record WHERE snapshot_id = ?", (snapshot_id,)
            ).fetchall()
            db.executemany(
                "UPDATE record SET data = ? WHERE snapshot_id = ? AND tab = ? AND row = ?",
                (
                    (_dumps(_masked(tab, json.loads(data))), snapshot_id, tab, row)
                    for tab, row, data in rows
                    if tab in PERSONAL_COLUMNS
                ),
            )
            db.execute("UPDATE snapshot SET personal_in_full = 0 WHERE id = ?", (snapshot_id,))

    def _prune(self, db: sqlite3.Connection, current: int, now: dt.datetime) -> None:
        """Keep the one just synced and the newest others last synced within `keep_days`,
        `keep_snapshots` in all."""
        last = {
            sid: _instant(at) for sid, at in db.execute("SELECT id, first_synced_at FROM snapshot")
        }
        for sid, at in db.execute("SELECT snapshot_id, synced_at FROM sync"):
            last[sid] = max(last[sid], _instant(at))
        cutoff = _instant(now) - dt.timedelta(days=self.keep_days)
        others = sorted(
            (sid for sid in last if sid != current and last[sid] >= cutoff),
            key=lambda sid: (last[sid], sid),
            reverse=True,
        )
        keep = {current, *others[: self.keep_snapshots - 1]}
        drop = [(sid,) for sid in last if sid not in keep]
        for table in _SNAPSHOT_TABLES:
            db.executemany(f"DELETE FROM {table} WHERE snapshot_id = ?", drop)
        db.executemany("DELETE FROM snapshot WHERE id = ?", drop)

    def _write_rows(self, db: sqlite3.Connection, snapshot_id: int, dataset: Dataset) -> None:
        self._write_records(db, snapshot_id, dataset)
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

    def baseline_rows(self) -> dict[str, int]:
        """Rows per tab at the latest sync that was not held back (the shrink guard's
        yardstick): a held-back sync must not become the measure the next one is held to."""
        held = Issue.holding_codes()
        marks = ", ".join("?" * len(held))
        with closing(self._connect()) as db:
            found = db.execute(
                "SELECT snapshot_id FROM sync WHERE NOT EXISTS (SELECT 1 FROM issue"
                f" WHERE issue.snapshot_id = sync.snapshot_id AND code IN ({marks}))"
                " ORDER BY id DESC LIMIT 1",
                held,
            ).fetchone()
            if found is None:
                return {}
            rows = db.execute("SELECT tab, rows FROM tab_count WHERE snapshot_id = ?", found)
            return {tab: count for tab, count in rows}

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
