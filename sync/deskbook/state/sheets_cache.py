"""What the last sync learnt about each spreadsheet, kept in the state folder (state/db.py).

Per spreadsheet, in the state file: the Drive `modifiedTime` its values were last read at,
the titles read and its size in cells, and the tab title -> gid map (for links and the
write-back). The rows read are kept beside it, one compressed file a spreadsheet (sheets/),
so an unchanged spreadsheet costs one Drive request and nothing else, on a new day's rebuild
as in a check. They used to be JSON in the state file: 170 MB for a company's workbook, when
the state file of the same data from xlsx is 31 MB; compressed, used columns only, they are
the size of the workbook itself, and the state file stays the size it is for xlsx.
"""

from __future__ import annotations

import gzip
import json
import os
import sqlite3
import zlib
from collections.abc import Mapping
from contextlib import closing
from pathlib import Path

from deskbook.model.sheets_cache import CachedTabs, CachedValues, Rows, SharedValues
from deskbook.state.db import connect

FOLDER = "sheets"
_LEVEL = 1  # most of gzip's saving at a fraction of its time: rows compress well anyway


def last_read(path: Path) -> dict[str, str]:
    """Spreadsheet key -> the modifiedTime it was last read at, for a glance from outside the
    run that owns the file (a company's plan of its pass): read-only, without the whole-file
    check a run makes, and {} for a file that is missing, damaged or of another version."""
    if not path.is_file():
        return {}
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
            rows = db.execute("SELECT spreadsheet, modified_time FROM gsheets_values").fetchall()
    except sqlite3.Error:
        return {}
    return {str(key): str(modified) for key, modified in rows}


class SheetCache:
    """The cache in the state folder (model.sheets_cache.SheetCache is what sources ask of it)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        connect(path).close()

    def values(self, key: str) -> CachedValues | None:
        with closing(connect(self.path)) as db:
            row = db.execute(
                "SELECT modified_time, titles, cells FROM gsheets_values WHERE spreadsheet = ?",
                (key,),
            ).fetchone()
        if row is None:
            return None
        return CachedValues(row[0], json.loads(row[1]), int(row[2]))

    def store_values(self, key: str, cached: CachedValues, rows: Mapping[str, Rows]) -> None:
        file = self._file(key)
        file.parent.mkdir(parents=True, exist_ok=True)
        temp = file.with_name(file.name + ".tmp")
        # One line naming the read, then per tab a line with its title and row count and a
        # line a row: written and read back a row at a time, never as one large text.
        with gzip.open(temp, "wt", encoding="utf-8", compresslevel=_LEVEL) as out:
            out.write(json.dumps([cached.modified_time, cached.titles], ensure_ascii=False))
            out.write("\n")
            for title, tab_rows in rows.items():
                out.write(json.dumps([title, len(tab_rows)], ensure_ascii=False) + "\n")
                for row in tab_rows:
                    out.write(json.dumps(row, ensure_ascii=False) + "\n")
        os.replace(temp, file)
        with closing(connect(self.path)) as db, db:
            db.execute(
                "INSERT OR REPLACE INTO gsheets_values VALUES (?, ?, ?, ?)",
                (
                    key,
                    cached.modified_time,
                    json.dumps(cached.titles, ensure_ascii=False),
                    cached.cells,
                ),
            )

    def rows(self, key: str, cached: CachedValues) -> dict[str, Rows] | None:
        found: dict[str, Rows] = {}
        try:
            with gzip.open(self._file(key), "rt", encoding="utf-8") as lines:
                if json.loads(next(lines)) != [cached.modified_time, cached.titles]:
                    return None  # the copy of another read than the one the state file names
                for head in lines:
                    title, count = json.loads(head)
                    shared = SharedValues()
                    found[title] = [shared.row(json.loads(next(lines))) for _ in range(count)]
        except (OSError, EOFError, StopIteration, ValueError, TypeError, zlib.error):
            return None  # gone or damaged: the spreadsheet is read again
        return found

    def _file(self, key: str) -> Path:
        return self.path.parent / FOLDER / f"{key}.jsonl.gz"

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
