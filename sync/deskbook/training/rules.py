"""The training rules file as typed objects: the shipped defaults, merged with an office's own."""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal, cast

from pydantic import AfterValidator, Field, field_validator, model_validator

from deskbook.config import Config, Language, read_toml
from deskbook.errors import ConfigError, Problem
from deskbook.i18n import LANGUAGES
from deskbook.model.choices import TrainingCategory, codes
from deskbook.strict import Frozen, invalid, parse

PeriodKind = Literal["week", "month", "quarter", "half_year", "year", "none"]
Component = Literal["theory", "practical", "discipline"]


def _every_language(value: dict[Language, str]) -> dict[Language, str]:
    missing = [lang for lang in LANGUAGES if not value.get(lang, "").strip()]  # type: ignore[call-overload]
    if missing:
        raise invalid("labels-missing", languages=", ".join(missing))
    return value


Labels = Annotated[dict[Language, str], AfterValidator(_every_language)]


def in_language(labels: Labels, lang: str) -> str:
    """A rule file's text in `lang`, which the command line or the config already checked."""
    return labels[cast(Language, lang)]


DEFAULT_RULES = "rules/training.toml"
_MONTH_DAY = re.compile(r"(?P<month>\d{1,2})-(?P<day>\d{1,2})")


class Category(Frozen):
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
    # A passed exam should come with a certificate (合格證) on the attendance row.
    certificate_required: bool = False
    in_plan: bool = True
    note: Labels | None = None

    @field_validator("exam")
    @classmethod
    def _weights(cls, value: dict[str, int] | None) -> dict[str, int] | None:
        if not value:
            return None
        if any(weight <= 0 for weight in value.values()):
            raise invalid("exam-weight-not-positive")
        total = sum(value.values())
        if total != 100:
            raise invalid("exam-total", total=total)
        return value


class Onboarding(Frozen):
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
        raise invalid("not-month-day", value=value) from None
    return value


class Plan(Frozen):
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


class Rules(Frozen):
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
            raise invalid("unknown-categories", names=", ".join(unknown), known=", ".join(known))
        missing = [c for c in known if c not in value]
        if missing:
            raise invalid("categories-missing", names=", ".join(missing))
        return {code: value[code] for code in known}

    @model_validator(mode="after")
    def _onboarding_category(self) -> Rules:
        if self.onboarding.category not in self.categories:
            raise invalid("onboarding-not-category", value=self.onboarding.category)
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


def parse_rules(data: dict[str, Any], path: str, lang: str | None = None) -> Rules:
    return parse(Rules, data, path, key="rules-invalid", lang=lang)


def default_rules_data() -> dict[str, Any]:
    text = resources.files("deskbook").joinpath(DEFAULT_RULES).read_text("utf-8")
    return tomllib.loads(text)


def load_rules(override: Path | None = None, lang: str | None = None) -> Rules:
    """The shipped rules, with the office's file (if any) merged over them."""
    data = default_rules_data()
    if override is None:
        return parse_rules(data, DEFAULT_RULES, lang)
    office = read_toml(override, "rules-invalid", lang=lang)
    return parse_rules(_merge(data, office), str(override), lang)


def rules_for(config: Config) -> Rules:
    lang = config.office.language
    path = config.training.rules
    if path is None:
        return load_rules(lang=lang)
    if not config.path(path).is_file():
        missing = Problem("training.rules", "file-missing", {"value": str(path)})
        raise ConfigError(problems=[missing], lang=lang, path=str(config.file))
    return load_rules(config.path(path), lang)
