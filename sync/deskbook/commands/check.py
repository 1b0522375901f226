"""`deskbook check`: read and validate every tab, and build nothing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from deskbook.config import load_config
from deskbook.errors import DataErrors
from deskbook.model.dataset import Dataset
from deskbook.pipeline import make_run, sync
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

    @property
    def exit_code(self) -> int:
        return DataErrors.exit_code if self.dataset.errors else 0


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
    with acquire(run.config):
        # The rules are part of what `check` vouches for: a broken file fails here, not at build.
        rules_for(run.config)
        dataset, _ = sync(run, find_sops(docs_dir(run.config)))
        if annotate:
            # Only an annotating check needs the Google client.
            from deskbook.writers.annotate import annotate as write_issues

            annotated = write_issues(run.config, dataset, run.lang)
    return CheckResult(dataset, run.lang, annotated)
