"""The region table (rules/regions.toml) and an office's conventions made from its settings."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from typing import Any

from deskbook.model.conventions import Conventions, Currency, DateOrder

REGIONS_FILE = "rules/regions.toml"


@cache
def region_table() -> dict[str, Any]:
    text = resources.files("deskbook").joinpath(REGIONS_FILE).read_text("utf-8")
    return tomllib.loads(text)


def region_codes() -> tuple[str, ...]:
    return tuple(region_table()["regions"])


def currency_codes() -> tuple[str, ...]:
    return tuple(region_table()["currencies"])


def currency(code: str) -> Currency:
    entry = region_table()["currencies"][code]
    return Currency(code, entry["symbol"], tuple(entry["signs"]))


def conventions(
    region: str,
    currency_code: str | None = None,
    date_order: DateOrder | None = None,
    choices: dict[str, dict[str, tuple[str, ...]]] | None = None,
) -> Conventions:
    """The conventions of an office in `region`, with each setting the office made over them."""
    entry = region_table()["regions"][region]
    own = currency(currency_code or entry["currency"])
    # Signs of other currencies that are not also the office's own ($ is a Hong Kong office's),
    # each with the currencies it may stand for: $ in a mainland office is HKD/TWD/USD/….
    mine = {sign.casefold() for sign in own.signs}
    meanings: dict[str, list[str]] = {}
    for code in currency_codes():
        for sign in region_table()["currencies"][code]["signs"]:
            if code != own.code and sign.casefold() not in mine:
                meanings.setdefault(sign.casefold(), []).append(code)
    others = {sign: "/".join(codes) for sign, codes in meanings.items()}
    return Conventions(
        region=region,
        currency=own,
        other_signs=others,
        date_order=date_order or entry["date_order"],
        roc_years=entry.get("roc_years", False),
        id_kinds=tuple(entry["id_kinds"]),
        choices=choices or {},
    )
