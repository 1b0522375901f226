"""`deskbook training`: every person's training status, from the same engine as the pages."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from deskbook.config import load_config
from deskbook.errors import DataErrors
from deskbook.pipeline import make_run, sync
from deskbook.site.mkdocs_config import docs_dir
from deskbook.site.publish import acquire
from deskbook.sources.sop_pages import find_sops
from deskbook.training.report import TrainingReport, compute
from deskbook.training.rules import rules_for


@dataclass(frozen=True)
class TrainingResult:
    report: TrainingReport
    lang: str


def run_training(
    config_path: Path,
    as_of: dt.date | None = None,
    lang: str | None = None,
    strict: bool = False,
) -> TrainingResult:
    """The training report; with `strict`, raises DataErrors if any row has an error."""
    run = make_run(load_config(config_path), as_of=as_of, lang=lang)
    rules = rules_for(run.config)
    sops = find_sops(docs_dir(run.config))
    with acquire(run.config):
        dataset, _ = sync(run, sops)
    if strict and dataset.errors:
        raise DataErrors(dataset.errors, run.lang)
    config = run.config
    report = compute(
        dataset,
        rules,
        run.as_of,
        sops,
        config.sop.acknowledge_days,
        config.training.onboarding_from,
    )
    return TrainingResult(report, run.lang)
