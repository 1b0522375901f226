"""What the last sync learnt about each spreadsheet, kept in the state file (state/db.py).

Per spreadsheet: the Drive `modifiedTime` its values were last read at and the titles read
(what tells a sync that nothing changed), and the tab title -> gid map (for the write-back).
The values are not kept: a large spreadsheet's would make the state file several times the
size it is for the same data from a workbook.
"""

from __future__ import annotations

import json
from contextlib import closing
from pathlib import Path

from deskbook.model.sheets_cache import CachedTabs, CachedValues
from deskbook.state.db import connect


class SheetCache:
    """The cache in the state file (model.sheets_cache.SheetCache is what sources ask of it)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        connect(path).close()

    def values(self, key: str) -> CachedValues | None:
        with closing(connect(self.path)) as db:
            row = db.execute(
                "SELECT modified_time, titles FROM gsheets_values WHERE spreadsheet = ?",
                (key,),
            ).fetchone()
        if row is None:
            return None
        return CachedValues(row[0], json.loads(row[1]))

    def store_values(self, key: str, cached: CachedValues) -> None:
        with closing(connect(self.path)) as db, db:
            db.execute(
                "INSERT OR REPLACE INTO gsheets_values VALUES (?, ?, ?)",
                (key, cached.modified_time, json.dumps(cached.titles, ensure_ascii=False)),
            )

    def tabs(self, key: str) -> CachedTabs | None:
        with closing(connect(self.path)) as db:
            row = db.execute(
                "SELECT modified_time, gids FROM gsheets_tabs WHERE spreadsheet = ?", (key,)
            ).fetchone()
        if row is None:
            return None
        return CachedTabs(row[0], {title: int(gid) for title, gid in json.loads(row[1]).items()})

    def store_tabs(self, key: str, cached: CachedTabs) -> None:
        with closing(connect(self.path)) as db, db:
            db.execute(
                "INSERT OR REPLACE INTO gsheets_tabs VALUES (?, ?, ?)",
                (key, cached.modified_time, json.dumps(cached.gids, ensure_ascii=False)),
            )
