"""`deskbook publish`: every site the office declares, from one sync, in one lock.

Each output ([[publish]] in deskbook.toml, or the one --output/--audience names) is built into
a fresh release folder and swapped in atomically (deskbook.site.publish); one that fails
leaves its published site exactly as it was. Every attempt is recorded in
`<state_dir>/status.json` (deskbook.state.status) and, as configured, told to the office
(deskbook.notify).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from deskbook.commands.fingerprint import early_fingerprint, fingerprint
from deskbook.config import Config
from deskbook.errors import DeskbookError, LockHeld, PublishPartial
from deskbook.i18n import text
from deskbook.model.dataset import Dataset
from deskbook.pipeline import Prepared, RunContext, Synced, make_run, opened
from deskbook.site.mkdocs_config import declared_docs_dir
from deskbook.site.publish import (
    Staged,
    acquire,
    discard,
    load_mkdocs,
    release_dir,
    restore,
    stage,
    staging_dir,
    swap,
    tidy,
)
from deskbook.state.publishes import Published, PublishLog
from deskbook.state.stamps import BuildStamps
from deskbook.state.status import attempt, record, status_file
from deskbook.views.changes import changes_view

log = logging.getLogger(__name__)

Outcome = Literal["published", "unchanged", "strict-failed", "held-back"]


@dataclass(frozen=True)
class Output:
    """One site to publish: the symlink the web server points at, its audience, its language."""

    path: Path
    audience: str
    lang: str

    def to_dict(self) -> dict[str, str]:
        return {"output": str(self.path), "audience": self.audience, "lang": self.lang}


@dataclass(frozen=True)
class OutputResult:
    output: Output
    outcome: Literal["published", "unchanged"]
    prepared: Prepared | None  # None when an unchanged file source was not even read
    pages: int = 0
    previous: Path | None = None
    site_url: str = ""  # mkdocs.yml site_url, for links in messages


@dataclass
class PublishResult:
    outcome: Outcome
    lang: str
    dataset: Dataset | None  # None when an unchanged file source was not even read
    outputs: list[OutputResult] = field(default_factory=list)
    status: dict[str, Any] = field(default_factory=dict)

    @property
    def exit_code(self) -> int:
        return 1 if self.outcome in ("strict-failed", "held-back") else 0


def outputs_for(
    config: Config, lang: str | None, output: Path | None, audience: str | None
) -> list[Output]:
    """--output or --audience name one site; otherwise [[publish]], or [site] output."""
    default_lang = lang or config.office.language
    if output is None and audience is None and config.publish:
        return [
            Output(config.path(p.output), p.audience, lang or p.lang or config.office.language)
            for p in config.publish
        ]
    path = output or config.path(config.site.output)
    return [Output(path, audience or "internal", default_lang)]


def run_publish(
    config: Config,
    outputs: list[Output],
    as_of: dt.date | None = None,
    now: dt.datetime | None = None,
    strict: bool = False,
    force: bool = False,
    wait: float = 0,
    allow_shrink: bool = False,
) -> PublishResult:
    """Publish every output; record the attempt, whatever its end, and tell the office."""
    from deskbook.notify.alerts import after_failure, after_publish

    now = (now or dt.datetime.now(dt.UTC)).astimezone(config.zone)
    path = status_file(config)
    try:
        with acquire(config, wait):
            try:
                result = _publish_all(config, outputs, as_of, now, strict, force, allow_shrink)
            except DeskbookError as exc:
                _failed(config, path, now, exc, exc.message(config.office.language))
                _tell(
                    after_failure, config, path, now, exc.key, exc.message(config.office.language)
                )
                raise
            except Exception as exc:
                bug = DeskbookError("internal", detail=f"{type(exc).__name__}: {exc}")
                _failed(config, path, now, bug, bug.message(config.office.language))
                _tell(
                    after_failure, config, path, now, bug.key, bug.message(config.office.language)
                )
                raise
            result.status = _succeeded(config, path, now, result)
            if result.dataset is not None:
                _tell(after_publish, config, path, now, result)
    except LockHeld:
        # Not an attempt: the run holding the lock is one, and records its own end. A run
        # stuck for ever shows as a last success growing old (deskbook status --max-age).
        raise
    return result


def target_key(path: Path) -> str:
    """How the publish log names an output folder."""
    return str(path.absolute())


def remember(prepared: Prepared) -> None:
    """Log what this internal or managers' site showed, for its next what-changed page."""
    run = prepared.run
    if not run.target or run.audience == "public":
        return
    summary = prepared.views.view(changes_view).summary
    entry = Published(run.now, prepared.dataset.synced_at, prepared.snapshot.content_hash, summary)
    PublishLog.for_config(run.config).record(run.target, entry)


def _tell(alert: Callable[..., None], *args: Any) -> None:
    """Alerts are best effort: whatever goes wrong in them is logged, never the run's end."""
    try:
        alert(*args)
    except Exception:
        log.warning("notify: could not tell the office", exc_info=True)


def _publish_all(
    config: Config,
    outputs: list[Output],
    as_of: dt.date | None,
    now: dt.datetime,
    strict: bool,
    force: bool,
    allow_shrink: bool = False,
) -> PublishResult:
    from deskbook.notify.alerts import owed

    synced: Synced | None = None
    stamps = BuildStamps(config.path(config.state_dir) / "deskbook.sqlite")
    done: list[OutputResult] = []
    dataset: Dataset | None = None
    # One source for every output: a Google Sheets source asks Drive once.
    source = opened(make_run(config, as_of, now=now, force=force)).opened
    runs = [
        replace(
            make_run(config, as_of, o.lang, now, o.audience, force, allow_shrink),
            target=target_key(o.path),
            opened=source,
        )
        for o in outputs
    ]
    declared = declared_docs_dir(config.path(config.site.mkdocs))
    early = [
        early_fingerprint(run, "publish", o.path, declared, strict)
        for o, run in zip(outputs, runs, strict=True)
    ]
    # An unchanged file source is not read at all, unless the office is owed a message that
    # needs the data (a recovery after a failure, today's digest: deskbook.notify.alerts).
    if (
        not force
        and all(e and stamps.matches(o.path, e) for o, e in zip(outputs, early, strict=True))
        and not owed(config, status_file(config), now, as_of)
    ):
        skipped = [OutputResult(o, "unchanged", None) for o in outputs]
        return PublishResult("unchanged", outputs[0].lang, None, skipped)
    # Every output is built first and swapped in only when all are built, together: a fault
    # on one never leaves another already showing the new data (see _swap_together).
    staged: list[tuple[Staged, str, Prepared, str]] = []
    try:
        for output, run, stamp_early in zip(outputs, runs, early, strict=True):
            mk = load_mkdocs(config, release_dir(run, output.path))
            docs = Path(mk.docs_dir)
            context = RunContext(run, synced)
            prepared = context.prepare(docs)
            dataset = prepared.dataset
            synced = (prepared.dataset, prepared.snapshot)
            if strict and dataset.errors:
                return PublishResult("strict-failed", outputs[0].lang, dataset, done)
            if prepared.held_back:
                # The sync lost data it had (checks/shrink.py): no output is replaced.
                return PublishResult("held-back", outputs[0].lang, dataset, done)
            stamp = stamp_early or fingerprint(prepared, "publish", output.path, docs)
            if (
                (stamp_early or dataset.unchanged)
                and not force
                and stamps.matches(output.path, stamp)
            ):
                done.append(OutputResult(output, "unchanged", prepared, site_url=mk.site_url or ""))
                continue
            site_status: dict[str, object] = {
                "output": output.to_dict(),
                "last_attempt": attempt(now, "ok", 0),
                "last_success": _success(now, prepared, [output.to_dict()]),
            }
            staged.append(
                (
                    stage(mk, context, output.path, staging_dir(config, output.path), site_status),
                    stamp,
                    prepared,
                    mk.site_url or "",
                )
            )
        previous = _swap_together([s for s, *_ in staged])
    except BaseException:
        for release, *_ in staged:
            if not release.output.is_symlink() or release.output.resolve() != release.target:
                discard(release)
        raise
    by_path = {o.path: o for o in outputs}
    for (release, stamp, prepared, site_url), shown in zip(staged, previous, strict=True):
        tidy(release, shown)
        stamps.record(release.output, stamp)
        remember(prepared)
        output = by_path[release.output]
        pages = release.built.pages
        done.append(OutputResult(output, "published", prepared, pages, shown, site_url))
    assert dataset is not None
    changed = any(r.outcome == "published" for r in done)
    return PublishResult("published" if changed else "unchanged", outputs[0].lang, dataset, done)


def _swap_together(staged: list[Staged]) -> list[Path | None]:
    """Swap every staged release in, or none: one that cannot be swapped puts those already
    swapped back. Returns the release each output showed before. If one cannot be put back,
    the error names exactly the outputs that now show the new data."""
    swapped: list[tuple[Staged, Path | None]] = []
    try:
        for release in staged:
            swapped.append((release, swap(release)))
    except DeskbookError as exc:
        stuck = []
        for release, shown in reversed(swapped):
            try:
                restore(release.output, shown)
            except OSError:
                stuck.append(str(release.output))
        if stuck:
            raise PublishPartial(moved=", ".join(reversed(stuck)), reason=exc) from exc
        raise
    return [shown for _, shown in swapped]


def _success(now: dt.datetime, prepared: Prepared, outputs: list[dict[str, Any]]) -> dict[str, Any]:
    dataset = prepared.dataset
    return {
        "at": now.isoformat(),
        "synced_at": dataset.synced_at.isoformat(),
        "as_of": prepared.run.as_of.isoformat(),
        "source": dataset.source,
        "snapshot": prepared.snapshot.content_hash,
        "errors": len(dataset.errors),
        "warnings": len(dataset.warnings),
        "outputs": outputs,
    }


def _succeeded(
    config: Config, path: Path, now: dt.datetime, result: PublishResult
) -> dict[str, Any]:
    if result.dataset is None:  # not read: the last success stands as it was
        return record(path, attempt(now, "unchanged", 0))
    if result.outcome == "strict-failed":
        count = len(result.dataset.errors)
        line = text("status.strict-failed", result.lang, count=count)
        return record(path, attempt(now, "data-errors", 1, "data-errors", line))
    if result.outcome == "held-back":
        codes = sorted({i.code for i in result.dataset.issues if i.holds_sync})
        line = text("status.held-back", result.lang, codes=", ".join(codes))
        return record(path, attempt(now, "data-errors", 1, "held-back", line))
    prepared = result.outputs[0].prepared
    assert prepared is not None
    outputs = [
        {**r.output.to_dict(), "outcome": r.outcome, "pages": r.pages} for r in result.outputs
    ]
    success = _success(now, prepared, outputs)
    return record(
        path, attempt(now, "ok" if result.outcome == "published" else "unchanged", 0), success
    )


def _failed(config: Config, path: Path, now: dt.datetime, exc: DeskbookError, message: str) -> None:
    log.debug("publish failed: %s", exc.key)
    line = message.splitlines()[0] if message else ""
    try:
        record(path, attempt(now, "failed", exc.exit_code, exc.key, line))
    except OSError:
        # The state folder itself is the fault: the run's own error says so, and the alert
        # still goes out; nothing more can be written.
        log.warning("publish: could not record the failure in %s", path, exc_info=True)
