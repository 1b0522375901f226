"""`deskbook build`, `publish` and `serve`: prepare the run's pages and build them with MkDocs."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from deskbook.pipeline import Prepared, Run, RunContext
from deskbook.site.publish import (
    acquire,
    build_site,
    load_mkdocs,
    publish,
    refuse_published,
    release_dir,
)
from deskbook.state.stamps import BuildStamps, fingerprint

Outcome = Literal["built", "published", "unchanged", "strict-failed", "held-back"]


@dataclass(frozen=True)
class BuildResult:
    outcome: Outcome
    prepared: Prepared
    site: Path  # the folder asked for (for publish: the link to the release)
    pages: int = 0
    previous: Path | None = None  # publish: the release the site showed before


def run_build(
    run: Run, output: Path | None, publishing: bool = False, strict: bool = False
) -> BuildResult:
    """Build the site into `output` (default: [site] output), or publish it there.

    Nothing is built when --strict meets data errors, when the sync lost data it had
    (checks/shrink.py; --allow-shrink lets it through), or when nothing that goes into the pages
    changed since this folder's last build (see deskbook.state.stamps).
    """
    command = "publish" if publishing else "build"
    target = output or run.config.path(run.config.site.output)
    if not publishing:
        refuse_published(target)
    with acquire(run.config):
        mk = load_mkdocs(run.config, release_dir(run, target) if publishing else target)
        docs = Path(mk.docs_dir)
        context = RunContext(run)
        prepared = context.prepare(docs)
        if strict and prepared.dataset.errors:
            return BuildResult("strict-failed", prepared, target)
        if prepared.held_back:
            return BuildResult("held-back", prepared, target)
        stamps = BuildStamps(run.config.path(run.config.state_dir) / "deskbook.sqlite")
        stamp = fingerprint(prepared, command, target, docs)
        if prepared.dataset.unchanged and not run.force and stamps.matches(target, stamp):
            return BuildResult("unchanged", prepared, target)
        if publishing:
            built, previous = publish(mk, context, target)
        else:
            built, previous = build_site(mk, context), None
        stamps.record(target, stamp)
    outcome: Outcome = "published" if publishing else "built"
    return BuildResult(outcome, prepared, target, built.pages, previous)


def run_serve(run: Run, site_dir: Path) -> BuildResult:
    """Build into `site_dir` for `deskbook serve` to show."""
    with acquire(run.config):
        built = build_site(load_mkdocs(run.config, site_dir), RunContext(run))
    return BuildResult("built", built.prepared, site_dir, built.pages)
