"""`deskbook build` and `serve`: prepare the run's pages and build them with MkDocs.

`publish` lives in deskbook.commands.publish."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

from deskbook.commands.fingerprint import early_fingerprint, fingerprint
from deskbook.commands.publish import remember, target_key
from deskbook.pipeline import Prepared, Run, RunContext, opened
from deskbook.site.mkdocs_config import declared_docs_dir
from deskbook.site.publish import acquire, build_site, load_mkdocs, refuse_published
from deskbook.state.stamps import BuildStamps

Outcome = Literal["built", "unchanged", "strict-failed", "held-back"]


@dataclass(frozen=True)
class BuildResult:
    outcome: Outcome
    prepared: Prepared | None  # None when an unchanged file source was not even read
    site: Path  # the folder asked for
    pages: int = 0


def run_build(run: Run, output: Path | None, strict: bool = False) -> BuildResult:
    """Build the site into `output` (default: [site] output).

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
        built = build_site(mk, context)
        stamps.record(target, stamp)
        remember(prepared)
    return BuildResult("built", prepared, target, built.pages)


def run_serve(run: Run, site_dir: Path) -> BuildResult:
    """Build into `site_dir` for `deskbook serve` to show."""
    with acquire(run.config):
        built = build_site(load_mkdocs(run.config, site_dir), RunContext(run))
    return BuildResult("built", built.prepared, site_dir, built.pages)
