"""`deskbook build` and `serve`: prepare the run's pages, stage them and have the engine build
them (deskbook.site.stage, deskbook.site.engines).

`publish` lives in deskbook.commands.publish."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

from deskbook.commands.fingerprint import early_fingerprint, fingerprint
from deskbook.commands.publish import remember, target_key
from deskbook.pipeline import Prepared, Run, RunContext, opened
from deskbook.site.mkdocs_config import declared_docs_dir
from deskbook.site.publish import (
    acquire,
    build_site,
    load_mkdocs,
    refuse_published,
    stage_only,
    staging_dir,
)
from deskbook.state.stamps import BuildStamps

Outcome = Literal["built", "staged", "unchanged", "strict-failed", "held-back"]


@dataclass(frozen=True)
class BuildResult:
    outcome: Outcome
    prepared: Prepared | None  # None when an unchanged file source was not even read
    site: Path  # the folder asked for
    pages: int = 0


def run_build(
    run: Run, output: Path | None, strict: bool = False, staged: Path | None = None
) -> BuildResult:
    """Build the site into `output` (default: [site] output); with `staged`, only write the
    staged folder there (its own mkdocs.yml, building into its `site`) and build nothing.

    Nothing is built when --strict meets data errors, when the sync lost data it had
    (checks/shrink.py; --allow-shrink lets it through), or when nothing that goes into the pages
    changed since this folder's last build (see deskbook.state.stamps): an unchanged xlsx or CSV
    source is then not even read.
    """
    target = output or run.config.path(run.config.site.output)
    # The what-changed page compares with this folder's previous build.
    run = replace(run, target=target_key(target))
    with acquire(run.config):
        stamps = BuildStamps(run.config.path(run.config.state_dir) / "deskbook.sqlite")
        declared = declared_docs_dir(run.config.path(run.config.site.mkdocs))
        run = opened(run)
        if staged is not None:
            return _stage_only(run, staged, strict)
        early = early_fingerprint(run, "build", target, declared, strict)
        if early and not run.force and stamps.matches(target, early):
            return BuildResult("unchanged", None, target)
        # mkdocs.yml first: a docs folder that is the output folder is the mistake to name.
        mk = load_mkdocs(run.config, target)
        refuse_published(target)
        docs = Path(mk.docs_dir)
        context = RunContext(run)
        prepared = context.prepare(docs)
        if strict and prepared.dataset.errors:
            return BuildResult("strict-failed", prepared, target)
        if prepared.held_back:
            return BuildResult("held-back", prepared, target)
        stamp = early or fingerprint(prepared, "build", target, docs)
        if (
            early is None
            and prepared.dataset.unchanged
            and not run.force
            and stamps.matches(target, stamp)
        ):
            return BuildResult("unchanged", prepared, target)
        built = build_site(mk, context, staging_dir(run.config, target))
        stamps.record(target, stamp)
        remember(prepared)
    return BuildResult("built", prepared, target, built.pages)


def _stage_only(run: Run, folder: Path, strict: bool) -> BuildResult:
    mk = load_mkdocs(run.config, folder / "site")
    refuse_published(folder)
    context = RunContext(run)
    prepared = context.prepare(Path(mk.docs_dir))
    if strict and prepared.dataset.errors:
        return BuildResult("strict-failed", prepared, folder)
    if prepared.held_back:
        return BuildResult("held-back", prepared, folder)
    staged = stage_only(mk, context, folder)
    return BuildResult("staged", prepared, folder, staged.pages)


def run_serve(run: Run, site_dir: Path) -> BuildResult:
    """Stage and build into `site_dir` for `deskbook serve` to show."""
    with acquire(run.config):
        mk = load_mkdocs(run.config, site_dir)
        built = build_site(mk, RunContext(run), staging_dir(run.config, None))
    return BuildResult("built", built.prepared, site_dir, built.pages)
