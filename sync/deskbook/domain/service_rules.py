"""Service-desk, fee and owner-file rules: shipped defaults merged with the office's overrides."""

from __future__ import annotations

import tomllib
from importlib import resources
from typing import Any

from pydantic import Field, field_validator

from deskbook.model.choices import TicketKind, Urgency
from deskbook.strict import Frozen, invalid, parse


class Followup(Frozen):
    kinds: tuple[str, ...]
    days: int = Field(ge=0, le=365)
    to_do_days: int = Field(default=14, ge=0, le=3650)


class OwnerRules(Frozen):
    contact_stale_months: int = Field(ge=1, le=120)
    renovation_warning_days: int = Field(ge=0, le=365)


class FeeRules(Frozen):
    ageing_from: tuple[int, ...]

    @field_validator("ageing_from")
    @classmethod
    def _increasing(cls, value: tuple[int, ...]) -> tuple[int, ...]:
        if not value or value[0] != 1 or list(value) != sorted(set(value)):
            raise invalid("ageing-order")
        return value

    @property
    def buckets(self) -> list[tuple[int, int | None]]:
        """(first month, last month or None for the open-ended last bucket)."""
        ends: list[int | None] = [start - 1 for start in self.ageing_from[1:]]
        return list(zip(self.ageing_from, [*ends, None], strict=True))

    def bucket(self, months: int) -> int:
        return max(i for i, start in enumerate(self.ageing_from) if months >= start)


class ServiceRules(Frozen):
    sla_hours: dict[str, int]
    followup: Followup
    owners: OwnerRules
    fees: FeeRules

    @field_validator("sla_hours")
    @classmethod
    def _known_kinds(cls, value: dict[str, int]) -> dict[str, int]:
        kinds = set(TicketKind)
        urgencies = set(Urgency)
        for key, hours in value.items():
            kind, _, urgency = key.partition(".")
            if kind not in kinds or (urgency and urgency not in urgencies):
                raise invalid("unknown-sla-kind", value=key)
            if hours <= 0:
                raise invalid("sla-not-positive", value=key)
        return value

    def sla(self, kind: str, urgency: str | None) -> int | None:
        if urgency and f"{kind}.{urgency}" in self.sla_hours:
            return self.sla_hours[f"{kind}.{urgency}"]
        return self.sla_hours.get(kind)


def _defaults() -> dict[str, Any]:
    text = resources.files("deskbook.rules").joinpath("service.toml").read_text("utf-8")
    return tomllib.loads(text)


def load_service_rules(
    overrides: dict[str, Any], origin: str, lang: str | None = None
) -> ServiceRules:
    """The shipped rules with [service] of the settings file at `origin` merged over them."""
    data = _defaults()
    for key, value in overrides.items():
        if isinstance(value, dict) and isinstance(data.get(key), dict):
            data[key] = {**data[key], **value}
        else:
            data[key] = value
    return parse(ServiceRules, data, origin, prefix=("service",), lang=lang)
