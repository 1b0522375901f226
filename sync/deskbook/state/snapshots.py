"""Snapshot store: what each sync was, by its content hash, its row counts and its issues.

The rows themselves are not kept: nothing reads them, and they would hold owners' names, phones
and ID numbers. The hash tells an unchanged sync (build stamps, the publish log); the counts are
the shrink guard's yardstick; the issues tell a held-back sync. Only the newest snapshots are kept
([state] keep_snapshots and keep_days, whichever keeps fewer).

The content hash reads every tab's records encoded column-wise (state/tab_columns.py). The
largest tabs are hashed in a forked child while this process runs the checks that follow
validation: each tab's digest is taken on its own, so the child hands back 32 bytes a tab.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import sqlite3
from collections.abc import Callable, Mapping
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from deskbook.model.dataset import Dataset, TabData
from deskbook.model.issues import Issue
from deskbook.runtime import in_child
from deskbook.schema.tabs import TABS_BY_KEY
from deskbook.state import tab_columns
from deskbook.state.db import connect, state_file

if TYPE_CHECKING:
    from deskbook.config import Config

# The snapshot tables, in the order their rows are deleted (the snapshot row itself last).
_SNAPSHOT_TABLES = ("issue", "tab_count", "sync")


def _dumps(value: Any) -> str:
    return json.dumps(value, default=tab_columns.tagged, ensure_ascii=False, sort_keys=True)


# A tab this large is hashed in a child process while this one runs the checks...
APART_ROWS = 100_000
# ...as long as the child's tabs hold no more than this share of all cells.
_SHARE = 0.7


def _header(key: str, tab: TabData) -> bytes:
    return _dumps([key, tab.sheet, tab.rows, tab.rejected]).encode()


def _digest(key: str, tab: TabData) -> bytes:
    """One tab's digest: its sheet, counts and held-back rows, then its records column-wise."""
    kind = TABS_BY_KEY.get(key)
    keys = [c.key for c in kind.columns] if kind is not None else []
    encoded = (tab_columns.encode_column(k, tab.column(k)) for k in keys)
    digest = hashlib.sha256(_header(key, tab))
    digest.update(tab_columns.join(tab.row_numbers(), encoded))
    return digest.digest()


def _apart(dataset: Dataset, rows: int | None) -> list[str]:
    """The tabs to encode in a child: the largest, while they make up no more than `_SHARE` of
    all cells (this process has the checks after validation to run meanwhile), each with at
    least `rows` rows."""
    if rows is None:
        return []
    cells = {key: tab.valid * max(len(tab.columns), 1) for key, tab in dataset.tabs.items()}
    total = sum(cells.values())
    taken: list[str] = []
    share = 0
    for key in sorted(cells, key=cells.__getitem__, reverse=True):
        if dataset.tabs[key].valid < rows:
            continue
        if share + cells[key] > _SHARE * total:
            break
        taken.append(key)
        share += cells[key]
    return taken


def _issue_texts(dataset: Dataset) -> list[bytes]:
    return [_dumps([issue.code, issue.cell, issue.params]).encode() for issue in dataset.issues]


@dataclass(frozen=True)
class Begun:
    """Tabs being hashed in a child (Store.begin), and the rows each had then."""

    held: dict[str, tuple[int, tuple[int, ...]]]
    child: Callable[[], bytes | None]

    @functools.cached_property
    def digests(self) -> dict[str, bytes]:
        """Each tab's digest, once the child is done ({} if it failed)."""
        data = self.child()
        if data is None:
            return {}
        return {key: data[32 * at : 32 * at + 32] for at, key in enumerate(self.held)}

    def digest(self, key: str, tab: TabData) -> bytes | None:
        """The tab's digest as the child took it, if its rows are still the ones it had."""
        if self.held.get(key) != (tab.valid, tuple(tab.rejected)):
            return None
        return self.digests.get(key)


def content_hash(dataset: Dataset, digests: Mapping[str, bytes | None] | None = None) -> str:
    """Same data and same issues give the same hash, whenever and from wherever synced;
    `digests` are tabs' digests already taken."""
    found = digests or {}
    outer = hashlib.sha256()
    for key, tab in sorted(dataset.tabs.items()):
        outer.update(found.get(key) or _digest(key, tab))
    for text in _issue_texts(dataset):
        outer.update(text)
    return outer.hexdigest()


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
        apart_rows: int | None = APART_ROWS,
    ) -> None:
        self.path = path
        self.keep_snapshots = keep_snapshots
        self.keep_days = keep_days
        # None: every tab hashed in this process.
        self.apart_rows = apart_rows
        connect(path).close()

    @classmethod
    def for_config(cls, config: Config) -> Store:
        return cls(
            state_file(config),
            config.state.keep_snapshots,
            config.state.keep_days,
        )

    def _connect(self) -> sqlite3.Connection:
        return connect(self.path)

    def begin(self, dataset: Dataset) -> Begun | None:
        """Start hashing the largest tabs in a child process, if they are large enough, while
        the checks that follow validation run here; `save` takes their digests."""
        keys = _apart(dataset, self.apart_rows)
        if not keys:
            return None

        def hashed() -> bytes:
            return b"".join(_digest(key, dataset.tabs[key]) for key in keys)

        child = in_child(hashed)
        if child is None:
            return None
        held = {key: (dataset.tabs[key].valid, tuple(dataset.tabs[key].rejected)) for key in keys}
        return Begun(held, child)

    def save(self, dataset: Dataset, begun: Begun | None = None) -> SnapshotRef:
        """Record this sync: a snapshot's counts and issues are written the first time its
        content is seen, then old snapshots go. `begun` (from `begin`) holds tabs being hashed
        apart; a tab a check has held back rows of since is hashed again here."""
        taken = (
            {key: begun.digest(key, dataset.tabs[key]) for key in begun.held}
            if begun is not None
            else {}
        )
        content = content_hash(dataset, taken)
        with closing(self._connect()) as db, db:
            found = db.execute(
                "SELECT id FROM snapshot WHERE content_hash = ?", (content,)
            ).fetchone()
            new = found is None
            if found is None:
                snapshot_id = db.execute(
                    "INSERT INTO snapshot (content_hash, first_synced_at, source, personal_in_full)"
                    " VALUES (?, ?, ?, 0)",
                    (content, dataset.synced_at.isoformat(), dataset.source),
                ).lastrowid
                assert snapshot_id is not None
                self._write_counts(db, snapshot_id, dataset)
            else:
                snapshot_id = found[0]
            db.execute(
                "INSERT INTO sync (snapshot_id, synced_at) VALUES (?, ?)",
                (snapshot_id, dataset.synced_at.isoformat()),
            )
            self._prune(db, snapshot_id, dataset.synced_at)
        return SnapshotRef(snapshot_id, content, new)

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

    @staticmethod
    def _write_counts(db: sqlite3.Connection, snapshot_id: int, dataset: Dataset) -> None:
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
