"""Snapshot store: every sync's validated rows and issues in SQLite, keyed by a content hash.

Personal columns (schema/tabs.py) are stored masked unless [privacy] store_personal is on; the
content hash is taken over the data as read, so masking does not change it. Only the newest
snapshots are kept ([state] keep_snapshots and keep_days, whichever keeps fewer). A snapshot's
records are one compressed row a tab (state/tab_columns.py), each tab encoded once for both the
hash and the store.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import pickle
import sqlite3
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from deskbook.model.dataset import Dataset, TabData
from deskbook.model.issues import Issue
from deskbook.runtime import in_child
from deskbook.schema.tabs import PERSONAL_COLUMNS, TABS_BY_KEY
from deskbook.state import tab_columns
from deskbook.state.db import connect, state_file

if TYPE_CHECKING:
    from deskbook.config import Config

# The snapshot tables, in the order their rows are deleted (the snapshot row itself last).
_SNAPSHOT_TABLES = ("snapshot_tab", "issue", "tab_count", "sync")


def _dumps(value: Any) -> str:
    return json.dumps(value, default=tab_columns.tagged, ensure_ascii=False, sort_keys=True)


# A tab this large is encoded in a child process while this one encodes the rest...
APART_ROWS = 100_000
# ...as long as the child's tabs hold no more than this share of all cells.
_SHARE = 0.7


def _header(key: str, tab: TabData) -> bytes:
    return _dumps([key, tab.sheet, tab.rows, tab.rejected]).encode()


def _encoded(key: str, tab: TabData, mask: bool) -> tuple[bytes, bytes]:
    """The tab's text for the hash, and for the store: the stored copy differs only in a tab
    with personal columns, and only if masked."""
    kind = TABS_BY_KEY.get(key)
    keys = [c.key for c in kind.columns] if kind is not None else []
    columns = list(map(tab.column, keys))
    encoded = [tab_columns.encode_column(k, v) for k, v in zip(keys, columns, strict=True)]
    rows = tab.row_numbers()
    text = tab_columns.join(rows, encoded)
    personal = PERSONAL_COLUMNS.get(key, frozenset()) if mask else frozenset()
    if not personal:
        return text, text
    stored = [
        tab_columns.encode_column(k, tab_columns.masked_column(key, k, v)) if k in personal else e
        for k, v, e in zip(keys, columns, encoded, strict=True)
    ]
    return text, tab_columns.join(rows, stored)


def _apart(dataset: Dataset, rows: int | None) -> list[str]:
    """The tabs to encode in a child: the largest, while they make up no more than `_SHARE` of
    all cells (this process has the checks after validation to run meanwhile), each with at
    least `rows` rows and no personal columns (its stored text is then the hashed one, so the
    child's compressed copy serves both)."""
    if rows is None:
        return []
    cells = {key: tab.valid * max(len(tab.columns), 1) for key, tab in dataset.tabs.items()}
    total = sum(cells.values())
    taken: list[str] = []
    share = 0
    for key in sorted(cells, key=cells.__getitem__, reverse=True):
        if dataset.tabs[key].valid < rows or PERSONAL_COLUMNS.get(key):
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
    """Tabs' stored text being encoded in a child (Store.begin), and the rows each had then."""

    held: dict[str, tuple[int, tuple[int, ...]]]
    child: Callable[[], bytes | None]

    @functools.cached_property
    def blobs(self) -> dict[str, bytes]:
        """Each tab's compressed text, once the child is done ({} if it failed)."""
        data = self.child()
        return {} if data is None else dict(pickle.loads(data))

    def blob(self, key: str, tab: TabData) -> bytes | None:
        """The tab's text as the child encoded it, if its rows are still the ones it had."""
        if self.held.get(key) != (tab.valid, tuple(tab.rejected)):
            return None
        return self.blobs.get(key)


def content_hash(dataset: Dataset) -> str:
    """Same data and same issues give the same hash, whenever and from wherever synced."""
    digest = hashlib.sha256()
    for key, tab in sorted(dataset.tabs.items()):
        digest.update(_header(key, tab))
        digest.update(_encoded(key, tab, False)[0])
    for text in _issue_texts(dataset):
        digest.update(text)
    return digest.hexdigest()


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
        apart_rows: int | None = APART_ROWS,
    ) -> None:
        self.path = path
        self.keep_snapshots = keep_snapshots
        self.keep_days = keep_days
        self.store_personal = store_personal
        # None: every tab encoded in this process.
        self.apart_rows = apart_rows
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

    def begin(self, dataset: Dataset) -> Begun | None:
        """Start encoding the largest tabs in a child process, if they are large enough, while
        the checks that follow validation run here; `save` takes their text."""
        keys = _apart(dataset, self.apart_rows)
        if not keys:
            return None
        mask = not self.store_personal

        def encode() -> bytes:
            blobs = [
                (key, tab_columns.compress(_encoded(key, dataset.tabs[key], mask)[1]))
                for key in keys
            ]
            return pickle.dumps(blobs, protocol=pickle.HIGHEST_PROTOCOL)

        child = in_child(encode)
        if child is None:
            return None
        held = {key: (dataset.tabs[key].valid, tuple(dataset.tabs[key].rejected)) for key in keys}
        return Begun(held, child)

    def save(self, dataset: Dataset, begun: Begun | None = None) -> SnapshotRef:
        """Record this sync; the rows are written only if this content was never seen before
        (or were stored with personal columns the other way), then old snapshots go. `begun`
        (from `begin`) holds tabs' text being encoded apart; a tab a check has held back rows
        of since is encoded again here."""
        digest = hashlib.sha256()
        mask = not self.store_personal
        apart = set(begun.held) if begun is not None else set()

        def received(key: str, tab: TabData) -> bytes:
            blob = begun.blob(key, tab) if begun is not None else None
            if blob is None:  # the child failed or the rows changed: here, where errors show
                blob = tab_columns.compress(_encoded(key, tab, mask)[1])
            # The hash reads every tab's text in turn, so the child's compressed copy is
            # unpacked for it here, on the thread (a digest cannot be handed over).
            digest.update(tab_columns.decompress(blob))
            return blob

        # Each tab hashed and compressed on a thread while the next is encoded (hashlib and
        # zlib let go of the GIL), in order, so only a tab or two's text is held at a time.
        # The tab encoded apart is taken from its child there, in its turn.
        with ThreadPoolExecutor(1, thread_name_prefix="snapshot-zlib") as pool:
            compressing: list[tuple[str, Future[bytes]]] = []
            for key, tab in sorted(dataset.tabs.items()):
                pool.submit(digest.update, _header(key, tab))
                if key in apart:
                    compressing.append((key, pool.submit(received, key, tab)))
                    continue
                text, stored_text = _encoded(key, tab, mask)
                pool.submit(digest.update, text)
                compressing.append((key, pool.submit(tab_columns.compress, stored_text)))
            # Encoded while the thread may still wait for the child, and hashed after the tabs.
            issues = _issue_texts(dataset)
            stored = [(key, done.result()) for key, done in compressing]
        for text in issues:
            digest.update(text)
        content = digest.hexdigest()
        full = int(self.store_personal)
        with closing(self._connect()) as db, db:
            found = db.execute(
                "SELECT id, personal_in_full FROM snapshot WHERE content_hash = ?", (content,)
            ).fetchone()
            new = found is None
            if found is None:
                snapshot_id = db.execute(
                    "INSERT INTO snapshot (content_hash, first_synced_at, source, personal_in_full)"
                    " VALUES (?, ?, ?, ?)",
                    (content, dataset.synced_at.isoformat(), dataset.source, full),
                ).lastrowid
                assert snapshot_id is not None
                self._write_rows(db, snapshot_id, dataset, stored)
            else:
                snapshot_id = found[0]
                if found[1] != full:
                    db.execute("DELETE FROM snapshot_tab WHERE snapshot_id = ?", (snapshot_id,))
                    self._write_tabs(db, snapshot_id, stored)
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
        return SnapshotRef(snapshot_id, content, new)

    @staticmethod
    def _write_tabs(
        db: sqlite3.Connection, snapshot_id: int, stored: list[tuple[str, bytes]]
    ) -> None:
        db.executemany(
            "INSERT INTO snapshot_tab VALUES (?, ?, ?)",
            ((snapshot_id, key, blob) for key, blob in stored),
        )

    @staticmethod
    def _mask_stored(db: sqlite3.Connection) -> None:
        """Mask what older snapshots hold in full: written before masking existed, or while
        the office kept personal columns."""
        held = [row[0] for row in db.execute("SELECT id FROM snapshot WHERE personal_in_full")]
        for snapshot_id in held:
            for tab in PERSONAL_COLUMNS:
                found = db.execute(
                    "SELECT data FROM snapshot_tab WHERE snapshot_id = ? AND tab = ?",
                    (snapshot_id, tab),
                ).fetchone()
                if found is not None:
                    db.execute(
                        "UPDATE snapshot_tab SET data = ? WHERE snapshot_id = ? AND tab = ?",
                        (tab_columns.masked_blob(tab, found[0]), snapshot_id, tab),
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

    def _write_rows(
        self,
        db: sqlite3.Connection,
        snapshot_id: int,
        dataset: Dataset,
        stored: list[tuple[str, bytes]],
    ) -> None:
        self._write_tabs(db, snapshot_id, stored)
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
        """The tab's stored rows as (row, values), values as JSON holds them."""
        with closing(self._connect()) as db:
            found = db.execute(
                "SELECT data FROM snapshot_tab WHERE snapshot_id = ? AND tab = ?",
                (snapshot_id, tab),
            ).fetchone()
        return [] if found is None else tab_columns.records(found[0])
