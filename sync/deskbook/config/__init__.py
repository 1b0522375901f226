"""deskbook.toml as a typed object; every path in it is relative to the file's folder."""

from __future__ import annotations

import datetime as dt
import difflib
import re
import tomllib
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, field_validator, model_validator

from deskbook.config.google import (
    GoogleSettings,
    SheetTab,
    check_gsheets,
    spreadsheet_key,
)
from deskbook.config.regions import conventions, currency_codes, region_codes, region_table
from deskbook.duration import Duration
from deskbook.errors import ConfigError, Problem
from deskbook.model.choices import CHOICES
from deskbook.model.conventions import Conventions, DateOrder
from deskbook.model.pages import Audience
from deskbook.model.records import TAB_KEYS
from deskbook.model.units import DEFAULT_SCHEMES, PATTERN_PARTS, SCHEME_NAMES, pattern_parts
from deskbook.strict import Strict, invalid, office_language, parse

Language = Literal["zh-Hant", "zh-Hans", "en"]


class Office(Strict):
    name: str = "物業服務中心"
    language: Language = "zh-Hant"
    # Default: the region's (rules/regions.toml), Asia/Shanghai for CN.
    timezone: str = ""
    phone: str = ""
    # Shown on the owners' notice board (public audience) and on every notice.
    hours: str = ""
    address: str = ""
    # ISO 3166 code: the defaults for phone numbers, currency, date order and ID kinds
    # (rules/regions.toml); currency and date_order below override the region's.
    region: str = "CN"
    currency: str | None = None
    date_order: DateOrder | None = None

    @field_validator("region", "currency", mode="before")
    @classmethod
    def _upper(cls, value: object) -> object:
        return value.strip().upper() if isinstance(value, str) else value

    @field_validator("date_order", mode="before")
    @classmethod
    def _lower(cls, value: object) -> object:
        return value.strip().lower() if isinstance(value, str) else value

    @model_validator(mode="after")
    def _region_zone(self) -> Office:
        if not self.timezone:
            self.timezone = region_table()["regions"][self.region]["timezone"]
        return self

    @field_validator("region")
    @classmethod
    def _known_region(cls, value: str) -> str:
        if value not in region_codes():
            raise invalid("unknown-region", value=value, known=", ".join(region_codes()))
        return value

    @field_validator("currency")
    @classmethod
    def _known_currency(cls, value: str | None) -> str | None:
        if value is not None and value not in currency_codes():
            raise invalid("unknown-currency", value=value, known=", ".join(currency_codes()))
        return value

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        if not value:
            return value  # the region's, filled in below
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise invalid("unknown-timezone", value=value) from None
        return value


class SourceConfig(Strict):
    kind: Literal["xlsx", "csv", "gsheets"] = "xlsx"
    # No default: a settings file that names no data must not quietly read someone else's.
    path: Path | None = None
    tabs: dict[str, str] = Field(default_factory=dict)
    # kind = "gsheets": the spreadsheet most tabs live in, tabs kept elsewhere, how to sign in.
    spreadsheet: str | None = None
    sheets: dict[str, SheetTab] = Field(default_factory=dict)
    google: GoogleSettings = Field(default_factory=GoogleSettings)

    @field_validator("spreadsheet")
    @classmethod
    def _spreadsheet_key(cls, value: str | None) -> str | None:
        return None if value is None else spreadsheet_key(value)

    @field_validator("tabs", "sheets")
    @classmethod
    def _known_tabs(cls, value: dict[str, object]) -> dict[str, object]:
        unknown = sorted(set(value) - set(TAB_KEYS))
        if unknown:
            nearest = difflib.get_close_matches(unknown[0], TAB_KEYS, n=1)
            raise invalid(
                "unknown-tabs",
                names=", ".join(unknown),
                known=", ".join(TAB_KEYS),
                nearest=nearest[0] if nearest and len(unknown) == 1 else "",
            )
        return value

    @model_validator(mode="after")
    def _gsheets_placed(self) -> SourceConfig:
        if self.kind == "gsheets":
            check_gsheets(self.spreadsheet, self.sheets, list(TAB_KEYS))
        return self


# What builds a staged site (deskbook.site.engines): MkDocs with the Material theme, or
# Zensical (the `deskbook[zensical]` extra), which reads the same staged folder.
EngineName = Literal["mkdocs", "zensical"]
ENGINES: tuple[EngineName, ...] = ("mkdocs", "zensical")


class SiteConfig(Strict):
    mkdocs: Path = Path("mkdocs.yml")
    engine: EngineName = "mkdocs"
    output: Path = Path("public")
    # The office's own page templates: a file here replaces the shipped one of the same name.
    templates: Path = Path("templates")
    # Files of the docs folder (glob patterns, relative to it) the owners' board carries even
    # though none of its pages links to them.
    public_files: list[str] = Field(default_factory=list)
    # Every page shows a banner once its data is older than this when it is read.
    stale_after: Duration = dt.timedelta(hours=24)
    # The owners' notice board's own title (default: the office's name), never the handbook's.
    public_title: str = ""
    # Ticket months with a page of their own, counting back from the as-of month; older months
    # fold into the service desk's archive page, their tickets a CSV download each.
    page_months: int = Field(default=13, ge=1)
    # Rows a table on a generated page shows at most: the page states the total and links the
    # full list as CSV, so no page grows with the data.
    table_rows: int = Field(default=500, ge=10)


class Privacy(Strict):
    # Owners' phone numbers appear masked (138****5678) unless the office turns this on.
    show_full_phone: bool = False


class State(Strict):
    # Snapshots kept: at most this many, and none older than this (whichever keeps fewer).
    keep_snapshots: int = Field(default=30, ge=1)
    keep_days: int = Field(default=90, ge=1)


class SyncSettings(Strict):
    # A sync that loses more than this share of a tab's rows against the last sync that was
    # not held back is held back itself (unless --allow-shrink): a sheet cleared by mistake.
    max_shrink: float = Field(default=0.5, ge=0, le=1)
    # A new office's workbook is still empty: `deskbook init` sets this so the first builds go
    # through. The shrink guard still holds back a sync that empties what was published.
    allow_empty: bool = False


class Units(Strict):
    # How the estate numbers its units (deskbook.schema.units); every tab reads units by these.
    schemes: tuple[str, ...] = DEFAULT_SCHEMES

    @field_validator("schemes")
    @classmethod
    def _known_schemes(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if not value:
            raise invalid("no-unit-schemes", known=", ".join(SCHEME_NAMES))
        for name in value:
            if name not in SCHEME_NAMES:
                raise invalid("unknown-unit-scheme", value=name, known=", ".join(SCHEME_NAMES))
        return tuple(dict.fromkeys(value))

    # The office's own writings, read besides the schemes: "{block}座{floor}樓{flat}室".
    patterns: tuple[str, ...] = ()

    @field_validator("patterns")
    @classmethod
    def _known_parts(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for template in value:
            parts = pattern_parts(template)
            unknown = [p for p in parts if p not in PATTERN_PARTS]
            if not parts or unknown or len(set(parts)) != len(parts):
                raise invalid("bad-unit-pattern", value=template, known=", ".join(PATTERN_PARTS))
        return value


class Training(Strict):
    # The office's own training rules, merged over the shipped sync/rules/training.toml.
    rules: Path | None = None
    # Onboarding is judged only for people hired on or after this day; by default, the first
    # onboarding session on record (records imported from before it cannot show onboarding).
    onboarding_from: dt.date | None = None


class Sop(Strict):
    # Days each person in an SOP's audience has to confirm they read a new version.
    acknowledge_days: int = Field(default=14, ge=1, le=365)


class PublishTarget(Strict):
    """One site `deskbook publish` builds: the owners' board, the internal handbook, a language."""

    output: Path
    audience: Audience = "internal"
    lang: Language | None = None  # default: [office] language


NotifyEvent = Literal["failure", "data-errors", "daily-digest"]
NOTIFY_EVENTS: tuple[NotifyEvent, ...] = ("failure", "data-errors", "daily-digest")


AddressKind = Literal["email", "wecom", "mobile"]


class PersonalNotify(Strict):
    """Each person told what they owe, at their own address (the staff tab's notify_to)."""

    # Opt-in: nobody hears anything personally until the office turns this on.
    enabled: bool = False
    # apprise URL templates by address kind, {address} standing for the person's address:
    # email = "mailtos://user:pass@smtp.example.com/?to={address}",
    # wecom = "wechat://CORPID:SECRET@AGENTID/@{address}",
    # mobile = "dingtalk://SECRET@TOKEN/{address}". A template holding a secret may instead
    # come from DESKBOOK_NOTIFY_PERSONAL_EMAIL, _WECOM or _MOBILE (deskbook.notify.personal).
    email: str = ""
    wecom: str = ""
    mobile: str = ""

    @field_validator("email", "wecom", "mobile")
    @classmethod
    def _one_person(cls, value: str) -> str:
        # Without {address} every person's list would go to one place: a group chat.
        if value and value.count("{address}") != 1:
            raise invalid("personal-no-address")
        return value


class Notify(Strict):
    # apprise URLs (wecombot://, dingtalk://, feishu://, mailto://, json://); more may come from
    # the DESKBOOK_NOTIFY_URLS environment variable, so a CI secret never sits in this file.
    urls: list[str] = Field(default_factory=list)
    on: list[NotifyEvent] = Field(default_factory=lambda: list(NOTIFY_EVENTS))
    # The digest goes with the first successful publish at or after this time of day.
    digest_at: dt.time = dt.time(8, 0)
    # Where the internal handbook is read, for links in the digest (default: mkdocs site_url).
    site_url: str = ""
    personal: PersonalNotify = Field(default_factory=PersonalNotify)


class Schedule(Strict):
    # How often the office's timer or cron runs publish; `deskbook status` calls a site stale
    # at twice this unless --max-age says otherwise.
    every: Duration = dt.timedelta(minutes=30)


class Config(Strict):
    office: Office = Field(default_factory=Office)
    source: SourceConfig = Field(default_factory=SourceConfig)
    site: SiteConfig = Field(default_factory=SiteConfig)
    privacy: Privacy = Field(default_factory=Privacy)
    training: Training = Field(default_factory=Training)
    sop: Sop = Field(default_factory=Sop)
    units: Units = Field(default_factory=Units)
    state: State = Field(default_factory=State)
    sync: SyncSettings = Field(default_factory=SyncSettings)
    publish: list[PublishTarget] = Field(default_factory=list)
    notify: Notify = Field(default_factory=Notify)
    schedule: Schedule = Field(default_factory=Schedule)
    # Codes an office adds to a choice list: [choices.ticket_channel] whatsapp = ["WhatsApp"].
    choices: dict[str, dict[str, tuple[str, ...]]] = Field(default_factory=dict)
    # Overrides of sync/rules/service.toml; checked by deskbook.service_rules.
    service: dict[str, Any] = Field(default_factory=dict)
    state_dir: Path = Path(".deskbook")
    root: Path = Field(default=Path("."), exclude=True)
    # The settings file this was read from, for messages about it.
    file: Path = Field(default=Path("deskbook.toml"), exclude=True)

    @model_validator(mode="after")
    def _source_named(self) -> Config:
        if self.source.kind != "gsheets" and self.source.path is None:
            raise invalid("source-not-named", kind=self.source.kind)
        return self

    @field_validator("choices")
    @classmethod
    def _known_choices(
        cls, value: dict[str, dict[str, tuple[str, ...]]]
    ) -> dict[str, dict[str, tuple[str, ...]]]:
        for name, added in value.items():
            if name not in CHOICES:
                raise invalid("unknown-choice-list", value=name, known=", ".join(CHOICES))
            for code, spellings in added.items():
                if (
                    not re.fullmatch(r"[a-z0-9][a-z0-9_]{0,39}", code)
                    or not spellings
                    or not all(s.strip() for s in spellings)
                ):
                    raise invalid("bad-choice-code", value=code, name=name)
        return value

    @property
    def conventions(self) -> Conventions:
        """How the office's clerks write phones, money, dates, IDs, units and choices."""
        return conventions(
            self.office.region,
            self.office.currency,
            self.office.date_order,
            self.choices,
        )

    @property
    def source_path(self) -> Path:
        """The workbook or CSV folder [source] names (kind xlsx or csv)."""
        assert self.source.path is not None, "checked when the settings were read"
        return self.path(self.source.path)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.office.timezone)

    def path(self, value: Path) -> Path:
        return value if value.is_absolute() else self.root / value


def with_engine(config: Config, engine: str | None) -> Config:
    """`config` with its site built by `engine` (a command's --engine), else as it says."""
    if engine is None:
        return config
    site = config.site.model_copy(update={"engine": engine})
    return config.model_copy(update={"site": site})


def load_config(path: Path) -> Config:
    if not path.is_file():
        raise ConfigError("config-missing", path=str(path))
    data = read_toml(path)
    config = parse(Config, data, str(path), lang=office_language(data))
    return config.model_copy(update={"root": path.resolve().parent, "file": path})


def read_toml(
    path: Path, key: str = "config-invalid", where: str = "", lang: str | None = None
) -> dict[str, Any]:
    """A settings or rules file's tables; `where` is the setting that named the file."""
    try:
        return tomllib.loads(path.read_text("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        problem = Problem(where, "syntax", {"reason": str(exc)})
    except OSError as exc:
        problem = Problem(where, "unreadable", {"value": str(path), "reason": exc.strerror})
    raise ConfigError(key, problems=[problem], lang=lang, path=str(path))
