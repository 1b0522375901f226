"""deskbook.toml as a typed object; every path in it is relative to the file's folder."""

from __future__ import annotations

import difflib
import tomllib
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, field_validator, model_validator

from deskbook.errors import ConfigError, Problem
from deskbook.sources.google.settings import (
    GoogleSettings,
    SheetTab,
    check_gsheets,
    spreadsheet_key,
)
from deskbook.strict import Strict, invalid, office_language, parse

Language = Literal["zh-Hant", "zh-Hans", "en"]


class Office(Strict):
    name: str = "物業服務中心"
    language: Language = "zh-Hant"
    timezone: str = "Asia/Shanghai"
    phone: str = ""
    # Shown on the owners' notice board (public audience) and on every notice.
    hours: str = ""
    address: str = ""

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise invalid("unknown-timezone", value=value) from None
        return value


class SourceConfig(Strict):
    kind: Literal["xlsx", "csv", "gsheets"] = "xlsx"
    path: Path = Path("examples/demo.xlsx")
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
        from deskbook.schema.tabs import TABS_BY_KEY

        unknown = sorted(set(value) - set(TABS_BY_KEY))
        if unknown:
            nearest = difflib.get_close_matches(unknown[0], TABS_BY_KEY, n=1)
            raise invalid(
                "unknown-tabs",
                names=", ".join(unknown),
                known=", ".join(TABS_BY_KEY),
                nearest=nearest[0] if nearest and len(unknown) == 1 else "",
            )
        return value

    @model_validator(mode="after")
    def _gsheets_placed(self) -> SourceConfig:
        if self.kind == "gsheets":
            from deskbook.schema.tabs import TABS

            check_gsheets(self.spreadsheet, self.sheets, [t.key for t in TABS])
        return self


class SiteConfig(Strict):
    mkdocs: Path = Path("mkdocs.yml")
    output: Path = Path("public")
    # The office's own page templates: a file here replaces the shipped one of the same name.
    templates: Path = Path("templates")
    # The owners' notice board's own title (default: the office's name), never the handbook's.
    public_title: str = ""


class Privacy(Strict):
    # Owners' phone numbers appear masked (138****5678) unless the office turns this on.
    show_full_phone: bool = False
    # The snapshot store keeps personal columns (schema/tabs.py) masked unless this is on.
    store_personal: bool = False


class State(Strict):
    # Snapshots kept: at most this many, and none older than this (whichever keeps fewer).
    keep_snapshots: int = Field(default=30, ge=1)
    keep_days: int = Field(default=90, ge=1)


class Training(Strict):
    # The office's own training rules, merged over the shipped sync/rules/training.toml.
    rules: Path | None = None


class Config(Strict):
    office: Office = Field(default_factory=Office)
    source: SourceConfig = Field(default_factory=SourceConfig)
    site: SiteConfig = Field(default_factory=SiteConfig)
    privacy: Privacy = Field(default_factory=Privacy)
    training: Training = Field(default_factory=Training)
    state: State = Field(default_factory=State)
    # Overrides of sync/rules/service.toml; checked by deskbook.service_rules.
    service: dict[str, Any] = Field(default_factory=dict)
    state_dir: Path = Path(".deskbook")
    root: Path = Field(default=Path("."), exclude=True)
    # The settings file this was read from, for messages about it.
    file: Path = Field(default=Path("deskbook.toml"), exclude=True)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.office.timezone)

    def path(self, value: Path) -> Path:
        return value if value.is_absolute() else self.root / value


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
