"""Build the site (staged, then built by the engine), and publish it by an atomic swap that
keeps the last good one."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from filelock import FileLock, Timeout

from deskbook import __version__, progress
from deskbook.config import Config
from deskbook.errors import BuildFailed, ConfigError, LockHeld, StateUnwritable
from deskbook.pipeline import Prepared, Run, RunContext
from deskbook.site.engines import engine_for
from deskbook.site.mkdocs_config import office_settings, quiet_mkdocs, read_mkdocs
from deskbook.site.outputs import (
    check_build_output,
    check_publish_output,
    made_by_deskbook,
    mark,
    swap_link,
)

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

    from deskbook.site.stage import StagedSite

KEEP_RELEASES = 3
_MOVED_BUILD = "previous-build"


@dataclass(frozen=True)
class Built:
    prepared: Prepared
    site_dir: Path
    pages: int


@contextlib.contextmanager
def acquire(config: Config, wait: float = 0) -> Iterator[None]:
    """One run at a time per handbook; a second one waits up to `wait` seconds, then stops."""
    path = config.path(config.state_dir) / "deskbook.lock"
    file_lock = FileLock(str(path), timeout=wait)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        file_lock.acquire()
    except Timeout:
        raise LockHeld(path=str(path)) from None
    except OSError as exc:
        # A read-only, full or misplaced state folder: the machine's fault, told in one line.
        reason = exc.strerror or type(exc).__name__
        raise StateUnwritable(path=str(path.parent), reason=reason) from exc
    try:
        yield
    finally:
        file_lock.release()


def load_mkdocs(config: Config, site_dir: Path) -> MkDocsConfig:
    """The office's mkdocs.yml, read once per run, building into `site_dir`."""
    quiet_mkdocs()
    path = config.path(config.site.mkdocs)
    plugins = office_settings(path).get("plugins")
    mk = read_mkdocs(path, site_dir=str(site_dir), plugins=plugins)
    # Said before the build: inside it MkDocs would only report "Aborted with a BuildError".
    if mk.theme.name not in ("material", "mkdocs"):
        raise ConfigError("theme-not-material", theme=mk.theme.name)
    return mk


def stage_only(mk: MkDocsConfig, context: RunContext, work: Path) -> StagedSite:
    """Stage the run's site into `work`, for anyone to build by hand (`mkdocs build -f
    <work>/mkdocs.yml` builds into `<work>/site`)."""
    from deskbook.site.stage import stage_site

    prepared = context.prepare(Path(mk.docs_dir))
    engine = engine_for(context.run.config.site.engine)
    raw = office_settings(Path(mk.config_file_path))
    try:
        staged = stage_site(prepared, mk, raw, work, engine)
    except OSError as exc:
        raise BuildFailed(detail=unwritable(exc)) from exc
    engine.check(staged.settings)
    return staged


def build_site(mk: MkDocsConfig, context: RunContext, work: Path) -> Built:
    """Prepare the run's pages (unless the command already has), stage them into `work` and
    have the office's engine build them into mk's site_dir."""
    from deskbook.site.stage import stage_site

    prepared = context.prepare(Path(mk.docs_dir))
    site_dir = Path(mk.site_dir)
    try:
        mark(site_dir)
    except OSError as exc:  # an output folder remounted read-only, a full disk
        raise BuildFailed(detail=unwritable(exc)) from exc
    progress.stage("building")
    engine = engine_for(context.run.config.site.engine)
    raw = office_settings(Path(mk.config_file_path))
    try:
        staged = stage_site(prepared, mk, raw, work, engine)
    except OSError as exc:
        raise BuildFailed(detail=unwritable(exc)) from exc
    engine.check(staged.settings)
    try:
        engine.build(staged.config, site_dir)
        engine.finish(site_dir)
    except OSError as exc:
        raise BuildFailed(detail=unwritable(exc)) from exc
    return Built(prepared, site_dir, sum(1 for _ in site_dir.rglob("*.html")))


# What the owners' board's status.json keeps: it is open to anyone, so when it was synced and
# which site it is, never which file, sheet or folder, nor how many rows each tab holds.
PUBLIC_STATUS = ("ok", "version", "synced_at", "as_of", "pages", "output", "last_attempt")


def status(built: Built) -> dict[str, object]:
    """What a monitor needs to know about the published site; no personal data, no secrets."""
    dataset = built.prepared.dataset
    return {
        "ok": not dataset.errors,
        "version": __version__,
        "synced_at": dataset.synced_at.isoformat(),
        "as_of": built.prepared.run.as_of.isoformat(),
        "source": dataset.source,
        "snapshot": built.prepared.snapshot.content_hash,
        "pages": built.pages,
        "errors": len(dataset.errors),
        "warnings": len(dataset.warnings),
        "counts": dataset.counts(),
    }


def refuse_published(target: Path) -> None:
    """`build` writes in place: never into a published site (it would rewrite the live
    release) nor into a file or a folder deskbook did not make (MkDocs would empty it)."""
    check_build_output(target)


def staging_dir(config: Config, output: Path | None) -> Path:
    """Where the site for `output` is staged (deskbook.site.stage), kept after the build to
    read or build again; None: the one `deskbook serve` previews."""
    name = hashlib.sha256(str(output.absolute()).encode()).hexdigest()[:12] if output else "serve"
    return config.path(config.state_dir) / "staged" / name


def release_dir(run: Run, output: Path) -> Path:
    """A fresh folder beside `output` for `publish` to build into."""
    releases = output.parent / f"{output.name}.releases"
    return releases / run.now.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")


def unwritable(exc: OSError) -> str:
    """The path the system refused to write, and why, in one line."""
    reason = exc.strerror or type(exc).__name__
    return f"{exc.filename}: {reason}" if exc.filename else reason


@dataclass(frozen=True)
class Staged:
    """A release built and complete beside its output, not yet shown to anyone."""

    built: Built
    output: Path
    target: Path


def stage(
    mk: MkDocsConfig,
    context: RunContext,
    output: Path,
    work: Path,
    extra_status: dict[str, object] | None = None,
) -> Staged:
    """Build into the release folder `mk` names (see release_dir); nothing a reader sees
    changes. A build that fails leaves no release behind."""
    check_publish_output(output)
    target = Path(mk.site_dir)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BuildFailed(detail=unwritable(exc)) from exc
    try:
        built = build_site(mk, context, work)
        said = {**status(built), **(extra_status or {})}
        if context.run.audience == "public":
            said = {key: said[key] for key in PUBLIC_STATUS if key in said}
            which = said.get("output")
            if isinstance(which, dict):  # its audience and language, not its path
                said["output"] = {k: v for k, v in which.items() if k != "output"}
        # Written last: a release with its status.json is complete (see _prune).
        (target / "status.json").write_text(json.dumps(said, ensure_ascii=False, indent=2), "utf-8")
    except BaseException as exc:
        shutil.rmtree(target, ignore_errors=True)
        if isinstance(exc, OSError):
            raise BuildFailed(detail=unwritable(exc)) from exc
        raise
    return Staged(built, output, target)


def swap(staged: Staged) -> Path | None:
    """Point the output at its staged release in one rename; returns the release it showed
    before (None for a first publish)."""
    return swap_release(staged.output, staged.target)


def swap_in(release: Path, output: Path) -> Path | None:
    """Swap one built release in and remove the old ones (a site published on its own, such
    as the company roll-up); returns the release it showed before."""
    previous = swap_release(output, release)
    with contextlib.suppress(OSError):
        _prune(release.parent, keep={release, previous})
    return previous


def swap_release(output: Path, target: Path) -> Path | None:
    """`output` becomes a symlink to `target` (`<output>.releases/<stamp>`) in one rename; a
    swap that cannot be made leaves the output as it was."""
    try:
        previous = _current_release(output, target.parent)
    except OSError as exc:
        raise BuildFailed(detail=unwritable(exc)) from exc
    try:
        _point(output, target)
    except OSError as exc:
        if previous is not None and previous.name == _MOVED_BUILD and not output.exists():
            with contextlib.suppress(OSError):
                previous.rename(output)  # the site `deskbook build` left, back in its place
        raise BuildFailed(detail=unwritable(exc)) from exc
    return previous


def restore(output: Path, previous: Path | None) -> None:
    """Point the output back at the release it showed (or remove it if it showed none)."""
    if previous is None:
        output.unlink()
    else:
        _point(output, previous)


def discard(staged: Staged) -> None:
    shutil.rmtree(staged.target, ignore_errors=True)


def tidy(staged: Staged, previous: Path | None) -> None:
    """Old releases removed, once the swap is made: never a reason to fail the publish."""
    with contextlib.suppress(OSError):
        _prune(staged.target.parent, keep={staged.target, previous})


def _point(output: Path, target: Path) -> None:
    temp_link = swap_link(output)
    if temp_link.is_symlink():
        temp_link.unlink()
    temp_link.symlink_to(os.path.relpath(target, output.parent))
    os.replace(temp_link, output)


def _current_release(output: Path, releases: Path) -> Path | None:
    """The release `output` shows now; a plain folder from `deskbook build` is moved in first."""
    if output.is_symlink():
        return output.resolve()
    if output.is_dir():
        moved = releases / _MOVED_BUILD
        if moved.exists():
            shutil.rmtree(moved)
        output.rename(moved)
        return moved
    return None


def _prune(releases: Path, keep: set[Path | None]) -> None:
    # Only releases deskbook made: whatever else someone put in the folder stays.
    ours = [p for p in releases.iterdir() if p.is_dir() and made_by_deskbook(p)]
    keeping = {k.resolve() for k in keep if k is not None}
    # A release is complete once its status.json is written, after its build: one without it
    # was cut short (a kill -9, a power cut) and is never one of the kept, nor kept at all.
    # The site `deskbook build` left in place, moved in here, is what readers saw: complete.
    finished = [p for p in ours if (p / "status.json").is_file() or p.name == _MOVED_BUILD]
    complete = sorted(finished, reverse=True)
    debris = [p for p in ours if p not in finished]
    for old in complete[KEEP_RELEASES:] + debris:
        if old.resolve() not in keeping:
            shutil.rmtree(old, ignore_errors=True)
