"""deskbook.toml as a typed object; every path in it is relative to the file's folder."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from deskbook.errors import ConfigError
from deskbook.sources.google.settings import (
    GoogleSettings,
    SheetTab,
    check_gsheets,
    spreadsheet_key,
)

Language = Literal["zh-Hant", "zh-Hans", "en"]


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Office(_Section):
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
            raise ValueError(f"unknown timezone {value!r}") from None
        return value


class SourceConfig(_Section):
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

    @model_validator(mode="after")
    def _gsheets_placed(self) -> SourceConfig:
        if self.kind == "gsheets":
            from deskbook.schema.tabs import TABS

            check_gsheets(self.spreadsheet, self.sheets, [t.key for t in TABS])
        return self


class SiteConfig(_Section):
    mkdocs: Path = Path("mkdocs.yml")
    output: Path = Path("public")
    # The office's own page templates: a file here replaces the shipped one of the same name.
    templates: Path = Path("templates")


class Privacy(_Section):
    # Owners' phone numbers appear masked (138****5678) unless the office turns this on.
    show_full_phone: bool = False


class Training(_Section):
    # The office's own training rules, merged over the shipped sync/rules/training.toml.
    rules: Path | None = None


class Config(_Section):
    office: Office = Field(default_factory=Office)
    source: SourceConfig = Field(default_factory=SourceConfig)
    site: SiteConfig = Field(default_factory=SiteConfig)
    privacy: Privacy = Field(default_factory=Privacy)
    training: Training = Field(default_factory=Training)
    # Overrides of sync/rules/service.toml; checked by deskbook.service_rules.
    service: dict[str, Any] = Field(default_factory=dict)
    state_dir: Path = Path(".deskbook")
    root: Path = Field(default=Path("."), exclude=True)

    @field_validator("source")
    @classmethod
    def _known_tabs(cls, value: SourceConfig) -> SourceConfig:
        from deskbook.schema.tabs import TABS_BY_KEY

        unknown = sorted(set(value.tabs) - set(TABS_BY_KEY))
        if unknown:
            raise ValueError(f"unknown tab keys in [source.tabs]: {', '.join(unknown)}")
        unknown = sorted(set(value.sheets) - set(TABS_BY_KEY))
        if unknown:
            raise ValueError(f"unknown tab keys in [source.sheets]: {', '.join(unknown)}")
        return value

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.office.timezone)

    def path(self, value: Path) -> Path:
        return value if value.is_absolute() else self.root / value


def load_config(path: Path) -> Config:
    if not path.is_file():
        raise ConfigError("config-missing", path=str(path))
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(path=str(path), detail=str(exc)) from exc
    try:
        config = Config.model_validate(data)
    except ValidationError as exc:
        details = "; ".join(
            f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors()
        )
        raise ConfigError(path=str(path), detail=details) from exc
    return config.model_copy(update={"root": path.resolve().parent})
