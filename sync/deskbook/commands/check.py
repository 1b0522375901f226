"""`deskbook check`: read and validate every tab, and build nothing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from deskbook.config import load_config
from deskbook.errors import DataErrors, DeskbookError
from deskbook.model.dataset import Dataset
from deskbook.pipeline import Run, make_run, sync
from deskbook.render.pages import make_env
from deskbook.site.contexts import check_overrides
from deskbook.site.mkdocs_config import docs_dir
from deskbook.site.publish import acquire
from deskbook.sources.sop_pages import find_sops
from deskbook.training.rules import rules_for

if TYPE_CHECKING:
    from deskbook.writers.annotate import Annotated


@dataclass(frozen=True)
class CheckResult:
    dataset: Dataset
    lang: str
    # One entry per spreadsheet given a `_deskbook` tab (`--annotate`), else none.
    annotated: list[Annotated] = field(default_factory=list)
    # Why the issues could not be written to the sheets (`--annotate` without edit access):
    # the check itself ran, and its issues are still said.
    annotate_failed: DeskbookError | None = None

    @property
    def exit_code(self) -> int:
        if self.annotate_failed is not None:
            return self.annotate_failed.exit_code
        return DataErrors.exit_code if self.dataset.errors else 0


def _check_templates(run: Run) -> None:
    """An office's own templates use only the names deskbook gives them: a misspelt one
    would stop the build, so `check` says which, in which file, and what there is instead."""
    folder = run.config.path(run.config.site.templates)
    if folder.is_dir():
        own = sorted(p.name for p in folder.glob("*.j2"))
        check_overrides(make_env(run.lang, folder), own)


def run_check(
    config_path: Path,
    as_of: dt.date | None = None,
    lang: str | None = None,
    force: bool = False,
    annotate: bool = False,
    allow_shrink: bool = False,
) -> CheckResult:
    run = make_run(
        load_config(config_path), as_of=as_of, lang=lang, force=force, allow_shrink=allow_shrink
    )
    annotated: list[Annotated] = []
    failed: DeskbookError | None = None
    with acquire(run.config):
        # The rules are part of what `check` vouches for: a broken file fails here, not at build.
        rules_for(run.config)
        _check_templates(run)
        dataset, _ = sync(run, find_sops(docs_dir(run.config)))
        if annotate:
            # Only an annotating check needs the Google client.
            from deskbook.writers.annotate import annotate as write_issues

            try:
                annotated = write_issues(run.config, dataset, run.lang)
            except DeskbookError as exc:
                failed = exc
    return CheckResult(dataset, run.lang, annotated, failed)
