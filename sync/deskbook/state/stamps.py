"""The build stamps: what each site folder was last built from (commands/fingerprint.py says
what goes into one), so an unchanged sync can skip the build."""

from __future__ import annotations

import datetime as dt
from contextlib import closing
from pathlib import Path

from deskbook.state.db import connect


class BuildStamps:
    def __init__(self, path: Path) -> None:
        self.path = path
        connect(path).close()

    def matches(self, target: Path, print_: str) -> bool:
        if not target.exists():
            return False
        with closing(connect(self.path)) as db:
            row = db.execute(
                "SELECT fingerprint FROM build_stamp WHERE target = ?", (str(target.absolute()),)
            ).fetchone()
        return row is not None and row[0] == print_

    def record(self, target: Path, print_: str) -> None:
        with closing(connect(self.path)) as db, db:
            db.execute(
                "INSERT OR REPLACE INTO build_stamp VALUES (?, ?, ?)",
                (str(target.absolute()), print_, dt.datetime.now(dt.UTC).isoformat()),
            )
