"""One sync: source -> validated dataset -> snapshot -> views -> pages ready for MkDocs."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from deskbook.config import Config
from deskbook.dataset import Dataset
from deskbook.errors import ConfigError
from deskbook.i18n import text
from deskbook.render import SiteData, render_pages
from deskbook.schema.validate import validate
from deskbook.sops import SopPage, find_sops
from deskbook.sources import Source
from deskbook.sources.csv import CsvSource
from deskbook.sources.xlsx import XlsxSource
from deskbook.store import SnapshotRef, Store
from deskbook.views.announcements import announcements
from deskbook.views.quality import quality
from deskbook.views.responsibilities import duties


@dataclass(frozen=True)
class Run:
    """What a command asked for: the day the pages speak of and their language."""

    config: Config
    as_of: dt.date
    lang: str
    now: dt.datetime


@dataclass(frozen=True)
class Prepared:
    run: Run
    dataset: Dataset
    snapshot: SnapshotRef
    sops: dict[str, SopPage]
    pages: dict[str, str]

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
) -> Run:
    now = (now or dt.datetime.now(dt.UTC)).astimezone(config.zone)
    return Run(config, as_of or now.date(), lang or config.office.language, now)


def open_source(config: Config) -> Source:
    path = config.path(config.source.path)
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
    workbook = open_source(config).read()
    dataset = validate(workbook, config.zone, run.now, config.source.tabs, sops.keys())
    snapshot = Store(config.path(config.state_dir) / "deskbook.sqlite").save(dataset)
    return dataset, snapshot


def prepare(run: Run, docs: Path) -> Prepared:
    sops = find_sops(docs)
    dataset, snapshot = sync(run, sops)
    data = SiteData(
        office=run.config.office.name,
        phone=run.config.office.phone,
        lang=run.lang,
        as_of=run.as_of,
        duties=duties(dataset, sops),
        announcements=announcements(dataset, run.as_of),
        quality=quality(dataset, run.lang),
    )
    return Prepared(run, dataset, snapshot, sops, render_pages(data))


def quiet_mkdocs() -> None:
    # Material 9 prints a banner about MkDocs 2.0 on every build; it says nothing to our users.
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
