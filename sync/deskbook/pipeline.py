"""One sync: source -> validated dataset -> snapshot -> views -> pages ready for MkDocs."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from deskbook import progress, sources
from deskbook.checks.office import office_checks
from deskbook.checks.pages import notice_pages
from deskbook.checks.sheets_size import size_issues
from deskbook.checks.shrink import empty_required, shrink_issues
from deskbook.checks.sops import sop_checks
from deskbook.config import Config
from deskbook.domain.service_rules import ServiceRules, load_service_rules
from deskbook.i18n import text
from deskbook.model.dataset import Dataset
from deskbook.model.issues import Issue
from deskbook.model.records import TAB_KEYS
from deskbook.model.sops import SopPage
from deskbook.runtime import bulk
from deskbook.schema.types import UnitCode
from deskbook.schema.validate import issue_order, validate
from deskbook.sources import Source
from deskbook.sources.sop_pages import find_sops
from deskbook.state.db import state_file
from deskbook.state.publishes import PublishLog
from deskbook.state.sheets_cache import SheetCache
from deskbook.state.snapshots import SnapshotRef, Store
from deskbook.training.rules import rules_for
from deskbook.training.score_checks import score_checks

if TYPE_CHECKING:
    # Imported where used: a build skipped for an unchanged source (state/stamps.py) starts,
    # hashes and exits in well under a second, and needs neither readers nor views.
    from deskbook.model.pages import PageSpec
    from deskbook.views.context import Views


@dataclass(frozen=True)
class Run:
    """What a command asked for: the day the pages speak of and their language."""

    config: Config
    as_of: dt.date
    lang: str
    now: dt.datetime
    audience: str = "internal"
    # Read the source afresh even if it says nothing changed (Google Sheets), and rebuild.
    force: bool = False
    # Build even if tabs lost most of their rows or a required tab is empty.
    allow_shrink: bool = False
    # The output folder being built or published, whose earlier publishes the what-changed
    # page compares with; empty under a plain `mkdocs build` or `serve`.
    target: str = ""
    # The source, opened once (`opened`): what it learns answering the unchanged-build check
    # (Google Sheets: each spreadsheet's Drive version) its read then reuses.
    opened: Source | None = None

    def source(self) -> Source:
        return self.opened if self.opened is not None else open_source(self.config, self.force)

    @property
    def moment(self) -> dt.datetime:
        """The instant ages and deadlines are measured at: now, or the end of the --as-of day."""
        if self.as_of == self.now.date():
            return self.now
        return dt.datetime.combine(self.as_of, dt.time.max, tzinfo=self.now.tzinfo)


@dataclass(frozen=True)
class Prepared:
    run: Run
    dataset: Dataset
    snapshot: SnapshotRef
    sops: dict[str, SopPage]
    views: Views
    pages: list[PageSpec]  # the run's audience's, in registry order

    @property
    def held_back(self) -> list[Issue]:
        """Issues that stop build and publish: a sync that lost its data must not replace the
        site (checks/shrink.py), unless the run says --allow-shrink."""
        return held_back(self.run, self.dataset)

    @property
    def footer(self) -> str:
        if self.run.audience == "public":  # owners see when, never which file or sheet
            return text(
                "ui.footer-public",
                self.run.lang,
                synced_at=self.dataset.synced_at.strftime("%Y-%m-%d %H:%M"),
            )
        return text(
            "ui.footer",
            self.run.lang,
            synced_at=self.dataset.synced_at.strftime("%Y-%m-%d %H:%M"),
            zone=self.run.config.office.timezone,
            source=self.dataset.source,
        )

    @property
    def search_terms(self) -> list[str]:
        names = [r.name for r in self.dataset.records("staff")]
        return [*names, *(s.title for s in self.sops.values())]


def make_run(
    config: Config,
    as_of: dt.date | None = None,
    lang: str | None = None,
    now: dt.datetime | None = None,
    audience: str = "internal",
    force: bool = False,
    allow_shrink: bool = False,
) -> Run:
    now = (now or dt.datetime.now(dt.UTC)).astimezone(config.zone)
    return Run(
        config,
        as_of or now.date(),
        lang or config.office.language,
        now,
        audience,
        force,
        allow_shrink,
    )


def held_back(run: Run, dataset: Dataset) -> list[Issue]:
    return [] if run.allow_shrink else [i for i in dataset.issues if i.holds_sync]


def service_rules(config: Config) -> ServiceRules:
    return load_service_rules(config.service, str(config.file), config.office.language)


def open_source(config: Config, refresh: bool = False) -> Source:
    """The office's source, handed the Sheets cache of its state file (sources know no state)."""
    return sources.open_source(config, lambda: SheetCache(state_file(config)), refresh)


def opened(run: Run) -> Run:
    """The run with its source opened, for a command that asks it more than once."""
    return run if run.opened is not None else replace(run, opened=run.source())


def sync(run: Run, sops: dict[str, SopPage]) -> tuple[Dataset, SnapshotRef]:
    # No cyclic garbage collection for the whole sync, not only while tabs are validated: the
    # checks and the snapshot that follow would set off collections that walk every record.
    with bulk():
        return _sync(run, sops)


def _sync(run: Run, sops: dict[str, SopPage]) -> tuple[Dataset, SnapshotRef]:
    config = run.config
    workbook = run.source().read(TAB_KEYS)
    titles = config.source.tabs if workbook.tabs is None else workbook.tabs
    units = UnitCode(config.units.schemes, config.units.patterns)
    dataset = validate(
        workbook,
        config.zone,
        run.now,
        titles,
        sops.keys(),
        units,
        as_of=run.as_of,
        conventions=config.conventions,
    )
    dataset.unchanged = workbook.unchanged
    dataset.spreadsheets = list(workbook.sizes)
    store = Store.for_config(config)
    # The largest tabs are final once validated (the checks below may hold back rows of a few:
    # those are encoded again).
    begun = store.begin(dataset)
    try:
        dataset.issues.extend(notice_pages(dataset))
        dataset.issues.extend(office_checks(dataset, service_rules(config), run.moment))
        dataset.issues.extend(sop_checks(dataset, sops))
        dataset.issues.extend(size_issues(dataset))
        dataset.issues.extend(score_checks(dataset, rules_for(config)))
        if not run.allow_shrink:
            baseline = store.baseline_rows()
            dataset.issues.extend(shrink_issues(dataset, baseline, config.sync.max_shrink))
            if not config.sync.allow_empty:
                dataset.issues.extend(empty_required(dataset))
        dataset.issues.sort(key=issue_order)
        snapshot = store.save(dataset, begun)
    finally:
        if begun is not None:
            begun.child()  # stopped by an error, the run still lets the child go
    return dataset, snapshot


Synced = tuple[Dataset, SnapshotRef]


def prepare(run: Run, docs: Path, synced: Synced | None = None) -> Prepared:
    """The run's pages; `synced` is another output's sync of the same publish, reused."""
    from deskbook.views.context import Views
    from deskbook.views.registry import pages_for

    training_rules = rules_for(run.config)  # a broken rules file stops the run before any sync
    every_sop = find_sops(docs)
    dataset, snapshot = synced or sync(run, every_sop)
    # The managers' own SOPs are in no other site's lists (deskbook.site.stage leaves out
    # their pages); the sync knows them all, so every output reads the same rows.
    sops = {
        code: sop
        for code, sop in every_sop.items()
        if run.audience == "manager" or not sop.managers_only
    }
    progress.stage("rendering")
    views = Views(
        dataset=dataset,
        sops=sops,
        rules=service_rules(run.config),
        training_rules=training_rules,
        office=run.config.office,
        lang=run.lang,
        as_of=run.as_of,
        moment=run.moment,
        audience=run.audience,
        # Full numbers are for managers: every colleague reads the internal handbook.
        full_phones=run.config.privacy.show_full_phone and run.audience == "manager",
        acknowledge_days=run.config.sop.acknowledge_days,
        onboarding_from=run.config.training.onboarding_from,
        page_months=run.config.site.page_months,
        table_rows=run.config.site.table_rows,
        conventions=run.config.conventions,
        publishes=tuple(PublishLog.for_config(run.config).history(run.target))
        if run.target and run.audience != "public"
        else (),
    )
    return Prepared(run, dataset, snapshot, sops, views, pages_for(views))


class RunContext:
    """One run: what was asked, and its pages once prepared. A command asks first, to stop on
    --strict or skip an unchanged build, and the stager (deskbook.site.stage) then finds them
    ready: the pages are prepared once."""

    def __init__(self, run: Run, synced: Synced | None = None) -> None:
        self.run = run
        self._synced = synced
        self._prepared: Prepared | None = None

    def prepare(self, docs: Path) -> Prepared:
        if self._prepared is None:
            self._prepared = prepare(self.run, docs, self._synced)
        return self._prepared
