"""The publish log: one compact summary per publish (or build) of each output.

The what-changed page (views/changes.py) compares a run with the previous publish of the same
output. Snapshots are pruned and hold every row; a summary is a few ids and states, so it is
kept on its own and outlives them. Summaries hold no personal column: ticket ids and states,
notice numbers, staff ids and names with their training states, issue codes and cells, rows
per tab. Only the newest KEEP of each output are kept, which is also how long the page's
history list is.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from deskbook.state.db import connect, state_file

if TYPE_CHECKING:
    from deskbook.config import Config

KEEP = 30


@dataclass(frozen=True)
class Published:
    """One earlier publish of an output, as the log remembers it."""

    published_at: dt.datetime
    synced_at: dt.datetime
    snapshot: str
    summary: dict[str, Any]


class PublishLog:
    def __init__(self, path: Path) -> None:
        self.path = path

    @classmethod
    def for_config(cls, config: Config) -> PublishLog:
        return cls(state_file(config))

    def _connect(self) -> sqlite3.Connection:
        return connect(self.path)

    def history(self, target: str, limit: int = KEEP) -> list[Published]:
        """The output's publishes, newest first."""
        with closing(self._connect()) as db:
            rows = db.execute(
                "SELECT published_at, synced_at, snapshot, summary FROM publish"
                " WHERE target = ? ORDER BY id DESC LIMIT ?",
                (target, limit),
            ).fetchall()
        return [
            Published(
                dt.datetime.fromisoformat(at),
                dt.datetime.fromisoformat(synced),
                snapshot,
                json.loads(summary),
            )
            for at, synced, snapshot, summary in rows
        ]

    def record(self, target: str, entry: Published) -> None:
        """Add this publish and forget the output's older ones beyond KEEP."""
        with closing(self._connect()) as db, db:
            db.execute(
                "INSERT INTO publish (target, published_at, synced_at, snapshot, summary)"
                " VALUES (?, ?, ?, ?, ?)",
                (
                    target,
                    entry.published_at.isoformat(),
                    entry.synced_at.isoformat(),
                    entry.snapshot,
                    json.dumps(entry.summary, ensure_ascii=False, sort_keys=True),
                ),
            )
            db.execute(
                "DELETE FROM publish WHERE target = ? AND id NOT IN"
                " (SELECT id FROM publish WHERE target = ? ORDER BY id DESC LIMIT ?)",
                (target, target, KEEP),
            )
