"""One sync: source -> validated dataset -> snapshot -> views -> pages ready for MkDocs."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from deskbook.checks.issues import Issue
from deskbook.checks.office import office_checks
from deskbook.checks.shrink import shrink_issues
from deskbook.config import Config
from deskbook.dataset import Dataset
from deskbook.domain.service_rules import ServiceRules, load_service_rules
from deskbook.errors import ConfigError
from deskbook.i18n import text
from deskbook.schema.validate import issue_order, validate
from deskbook.site.render import PublicData, SiteData, render_pages, render_public_pages
from deskbook.site.sops import SopPage, find_sops
from deskbook.sources import Source
from deskbook.sources.csv import CsvSource
from deskbook.sources.xlsx import XlsxSource
from deskbook.state.snapshots import SnapshotRef, Store
from deskbook.training.report import compute
from deskbook.training.rules import rules_for
from deskbook.views.announcements import announcements
from deskbook.views.fees import fees
from deskbook.views.owners import owners
from deskbook.views.quality import quality
from deskbook.views.responsibilities import duties
from deskbook.views.service_desk import service_desk
from deskbook.views.today import Today, today
from deskbook.views.training import TrainingSite, training_site


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
    pages: dict[str, str]
    training: TrainingSite
    # The desk's counts for the home page; None on the owners' board, which shows none of it.
    today: Today | None = None

    @property
    def held_back(self) -> list[Issue]:
        """Issues that stop build and publish: a sync that lost its data must not replace the
        site (checks/shrink.py), unless the run says --allow-shrink."""
        return held_back(self.run, self.dataset)

    @property
    def footer(self) -> str:
        return text(
            "ui.footer",
            self.run.lang,
            synced_at=self.dataset.synced_at.strftime("%Y-%m-%d %H:%M"),
            zone=self.run.config.office.timezone,
            source=self.dataset.source,
        )

    @property
    def search_terms(self) -> list[str]:
        names = [r["name"] for r in self.dataset.records("staff")]
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
    path = config.path(config.source.path)
    if config.source.kind == "gsheets":
        from deskbook.sources.google.sheets import GSheetsSource

        return GSheetsSource.from_config(config, refresh=refresh)
    if config.source.kind == "csv":
        return CsvSource(path)
    return XlsxSource(path)


def docs_dir(config: Config) -> Path:
    """The MkDocs docs_dir, read from mkdocs.yml the way MkDocs itself reads it."""
    from mkdocs.config import load_config
    from mkdocs.exceptions import ConfigurationError

    path = config.path(config.site.mkdocs)
    if not path.is_file():
        raise ConfigError("config-missing", path=str(path))
    try:
        return Path(load_config(str(path)).docs_dir)
    except ConfigurationError as exc:
        raise ConfigError(path=str(path), detail=str(exc)) from exc


def sync(run: Run, sops: dict[str, SopPage]) -> tuple[Dataset, SnapshotRef]:
    config = run.config
    workbook = open_source(config, refresh=run.force).read()
    titles = config.source.tabs if workbook.tabs is None else workbook.tabs
    dataset = validate(workbook, config.zone, run.now, titles, sops.keys(), as_of=run.as_of)
    dataset.unchanged = workbook.unchanged
    dataset.issues.extend(office_checks(dataset, service_rules(config), run.moment))
    store = Store.for_config(config)
    if not run.allow_shrink:
        dataset.issues.extend(shrink_issues(dataset, store.baseline_rows(), config.sync.max_shrink))
    dataset.issues.sort(key=issue_order)
    snapshot = store.save(dataset)
    return dataset, snapshot


def prepare(run: Run, docs: Path) -> Prepared:
    training_rules = rules_for(run.config)  # a broken rules file stops the run before any sync
    sops = find_sops(docs)
    dataset, snapshot = sync(run, sops)
    training = training_site(compute(dataset, training_rules, run.as_of), run.lang)
    if run.audience == "public":
        office = run.config.office
        board = PublicData(
            office=office.name,
            phone=office.phone,
            hours=office.hours,
            address=office.address,
            lang=run.lang,
            announcements=announcements(dataset, run.as_of, {"owners"}),
        )
        return Prepared(run, dataset, snapshot, sops, render_public_pages(board), training)
    rules = service_rules(run.config)
    full_phones = run.config.privacy.show_full_phone
    data = SiteData(
        office=run.config.office.name,
        phone=run.config.office.phone,
        lang=run.lang,
        as_of=run.as_of,
        duties=duties(dataset, sops),
        announcements=announcements(dataset, run.as_of),
        quality=quality(dataset, run.lang),
        training=training,
        desk=service_desk(dataset, rules, run.moment, full_phones),
        fees=fees(dataset, rules, run.as_of, full_phones),
        owners=owners(dataset, rules, run.as_of, full_phones),
        rules=rules,
        moment=run.moment,
    )
    counts = today(dataset, data.desk, data.fees, data.owners, run.as_of)
    return Prepared(run, dataset, snapshot, sops, render_pages(data), training, counts)


def quiet_mkdocs() -> None:
    # Material 9 prints a banner about MkDocs 2.0 on every build; it says nothing to our users.
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
