"""The training rules file as typed objects: the shipped defaults, merged with an office's own."""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_core import ErrorDetails

from deskbook.config import Config, Language
from deskbook.errors import ConfigError
from deskbook.i18n import LANGUAGES
from deskbook.schema.choices import TrainingCategory, codes

PeriodKind = Literal["week", "month", "quarter", "half_year", "year", "none"]
Component = Literal["theory", "practical", "discipline"]


def _every_language(value: dict[Language, str]) -> dict[Language, str]:
    missing = [lang for lang in LANGUAGES if not value.get(lang, "").strip()]  # type: ignore[call-overload]
    if missing:
        raise ValueError(f"no text for {', '.join(missing)}")
    return value


Labels = Annotated[dict[Language, str], AfterValidator(_every_language)]

DEFAULT_RULES = "rules/training.toml"
_MONTH_DAY = re.compile(r"(?P<month>\d{1,2})-(?P<day>\d{1,2})")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Category(_Strict):
    labels: Labels
    period: PeriodKind
    applies_to: Literal["all", "culture_training"] = "all"
    min_minutes: int | None = Field(default=None, ge=1, le=24 * 60)
    exam: dict[Component, int] | None = None
    pass_mark: Decimal | None = Field(default=None, ge=0, le=100)
    # The attendance tab records attempt 1 or 2, so one retake is the most it can show.
    retakes: int = Field(default=0, ge=0, le=1)
    final_failure: Literal["warning", "dismissal"] = "warning"
    min_machine_hours: Decimal | None = Field(default=None, gt=0)
    certificate_replaces_exam: bool = False
    in_plan: bool = True
    note: Labels | None = None

    @field_validator("exam")
    @classmethod
    def _weights(cls, value: dict[str, int] | None) -> dict[str, int] | None:
        if not value:
            return None
        if any(weight <= 0 for weight in value.values()):
            raise ValueError("every weight must be a positive number of points")
        total = sum(value.values())
        if total != 100:
            raise ValueError(f"the weights add up to {total}, not 100")
        return value


class Onboarding(_Strict):
    category: str = TrainingCategory.ONBOARDING
    days: int = Field(default=7, ge=1, le=60)


def _month_day(value: str) -> str:
    match = _MONTH_DAY.fullmatch(value)
    try:
        if match is None:
            raise ValueError
        # A common year: a deadline must fall on a day that every year has.
        dt.date(2001, int(match["month"]), int(match["day"]))
    except ValueError:
        raise ValueError(f"{value!r} is not a month-day like 12-15") from None
    return value


class Plan(_Strict):
    deadline: str = "12-15"
    reminder_from: str = "12-01"
    fields: tuple[Literal["planned_month", "standard", "scope", "budget"], ...] = (
        "planned_month",
        "standard",
        "scope",
        "budget",
    )

    _check_deadline = field_validator("deadline", "reminder_from")(_month_day)

    def day(self, which: Literal["deadline", "reminder_from"], year: int) -> dt.date:
        month, day = (int(p) for p in getattr(self, which).split("-"))
        return dt.date(year, month, day)


class Rules(_Strict):
    pass_mark: Decimal = Field(default=Decimal(60), ge=0, le=100)
    retention_years: int = Field(default=3, ge=1, le=50)
    onboarding: Onboarding = Field(default_factory=Onboarding)
    plan: Plan = Field(default_factory=Plan)
    categories: dict[str, Category]

    @field_validator("categories")
    @classmethod
    def _every_category(cls, value: dict[str, Category]) -> dict[str, Category]:
        known = list(codes("training_category"))
        unknown = sorted(set(value) - set(known))
        if unknown:
            raise ValueError(f"unknown categories {', '.join(unknown)}; known: {', '.join(known)}")
        missing = [c for c in known if c not in value]
        if missing:
            raise ValueError(f"no rule for {', '.join(missing)}")
        return {code: value[code] for code in known}

    @model_validator(mode="after")
    def _onboarding_category(self) -> Rules:
        if self.onboarding.category not in self.categories:
            raise ValueError(f"onboarding.category {self.onboarding.category!r} is not a category")
        return self

    def pass_mark_of(self, category: str) -> Decimal:
        own = self.categories[category].pass_mark
        return self.pass_mark if own is None else own


def _merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in override.items():
        # An exam is one set of weights: merging two would add up to more than 100.
        if isinstance(value, dict) and isinstance(base.get(key), dict) and key != "exam":
            merged[key] = _merge(base[key], value)
        else:
            merged[key] = value
    return merged


def _read(text: str, path: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(path=path, detail=str(exc)) from exc


def parse_rules(data: dict[str, Any], path: str) -> Rules:
    try:
        return Rules.model_validate(data)
    except ValidationError as exc:
        details = "; ".join(_detail(err) for err in exc.errors())
        raise ConfigError(path=path, detail=details) from exc


def _detail(err: ErrorDetails) -> str:
    where = ".".join(str(p) for p in err["loc"])
    value = err.get("input")
    # Quote what was typed when it is one value; a whole table would drown the message.
    if isinstance(value, str | int | float) and err["type"] not in ("missing", "value_error"):
        return f"{where}: {err['msg']} (got {value!r})"
    return f"{where}: {err['msg']}"


def default_rules_data() -> dict[str, Any]:
    text = resources.files("deskbook").joinpath(DEFAULT_RULES).read_text("utf-8")
    return _read(text, DEFAULT_RULES)


def load_rules(override: Path | None = None) -> Rules:
    """The shipped rules, with the office's file (if any) merged over them."""
    data = default_rules_data()
    if override is None:
        return parse_rules(data, DEFAULT_RULES)
    try:
        text = override.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(path=str(override), detail=f"training.rules: {exc}") from exc
    return parse_rules(_merge(data, _read(text, str(override))), str(override))


def rules_for(config: Config) -> Rules:
    path = config.training.rules
    return load_rules(None if path is None else config.path(path))
