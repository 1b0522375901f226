"""Remember what each site folder was last built from, so an unchanged sync can skip the build.

A build is skipped only when the source said nothing changed *and* everything else that goes
into the pages is the same as at the last successful build of that folder: the data and its
issues (snapshot hash), the --as-of day, the hour the service desk is measured at, language,
audience, settings, the training and service rules files, mkdocs.yml, the hand-written
pages and the office's own page templates. So a new day or hour, an edited SOP page, rules
file, template or setting still rebuilds.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from contextlib import closing
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from deskbook import __version__
from deskbook.pipeline import Prepared, Run
from deskbook.state.db import connect


def _tree(folder: Path) -> list[tuple[str, int, int]]:
    if not folder.is_dir():
        return []
    return sorted(
        (str(p.relative_to(folder)), p.stat().st_size, p.stat().st_mtime_ns)
        for p in folder.rglob("*")
        if p.is_file()
    )


def _digest(file: Path | Traversable) -> str | None:
    return hashlib.sha256(file.read_bytes()).hexdigest() if file.is_file() else None


def _rules(run: Run) -> dict[str, str | None]:
    """The rules files by content: the settings name the office's training rules file only by
    its path, which stays the same when the file is edited."""
    shipped = resources.files("deskbook.rules")
    digests = {
        f"deskbook.rules/{f.name}": _digest(f)
        for f in sorted(shipped.iterdir(), key=lambda f: f.name)
        if f.name.endswith(".toml")
    }
    office = run.config.training.rules
    if office is not None:
        digests["training.rules"] = _digest(run.config.path(office))
    return digests


def fingerprint(prepared: Prepared, command: str, target: Path, docs: Path) -> str:
    run = prepared.run
    parts = {
        "version": __version__,
        "command": command,
        "target": str(target.absolute()),
        "snapshot": prepared.snapshot.content_hash,
        "as_of": run.as_of.isoformat(),
        # The service desk's ages and SLA breaches are measured at this moment: on today's
        # pages it is now, so a cron sync with no edits still rebuilds once an hour.
        "moment": run.moment.strftime("%Y-%m-%dT%H"),
        "lang": run.lang,
        "audience": run.audience,
        "config": run.config.model_dump(mode="json"),
        "rules": _rules(run),
        "mkdocs": _digest(run.config.path(run.config.site.mkdocs)),
        "docs": _tree(docs),
        "templates": _tree(run.config.path(run.config.site.templates)),
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()


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
