"""Remember what each site folder was last built from, so an unchanged sync can skip the build.

A build is skipped only when the data *and* everything else that goes into the pages is the
same as at the last successful build of that folder: the --as-of day, the hour the service desk
is measured at, language, audience, settings, the training and service rules files,
mkdocs.yml, the hand-written pages and the office's own page templates. So a new day or hour,
an edited SOP page, rules file, template or setting still rebuilds.

The data counts by what tells it changed, known before anything is read, so that an unchanged
source skips without reading or validating (`early_fingerprint`): a file source (an xlsx
workbook, a CSV folder) by the bytes of its files; Google Sheets by each
spreadsheet's Drive modifiedTime (`Source.fingerprint`), which any edit moves. Where
neither is known, the stamp holds the snapshot hash, known once the values are validated
(`fingerprint`).
"""

from __future__ import annotations

import hashlib
import json
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from deskbook import __version__
from deskbook.pipeline import Prepared, Run


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


def early_fingerprint(
    run: Run, command: str, target: Path, docs: Path | None, strict: bool = False
) -> str | None:
    """The stamp of a file source, known before reading it; None for Google Sheets, or when
    the docs folder is not known yet (`declared_docs_dir`).

    --strict and --allow-shrink count too: a site built without --strict from data with errors
    must not stand in for a --strict run, which reads, finds them and exits 1."""
    digest = None if docs is None else run.source().fingerprint()
    if docs is None or digest is None:
        return None
    extra = {"source": digest, "strict": strict, "allow_shrink": run.allow_shrink}
    return _print(run, command, target, docs, extra)


def fingerprint(prepared: Prepared, command: str, target: Path, docs: Path) -> str:
    """The stamp of a sync already read, by the hash of its snapshot (data and issues)."""
    return _print(prepared.run, command, target, docs, {"snapshot": prepared.snapshot.content_hash})


def _print(run: Run, command: str, target: Path, docs: Path, data: dict[str, object]) -> str:
    parts = {
        "version": __version__,
        "command": command,
        "target": str(target.absolute()),
        **data,
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
