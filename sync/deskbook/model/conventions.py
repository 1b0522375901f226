"""How one office writes its cells: phone numbering, currency, date order, ID kinds, choices.

The values come from the region table (rules/regions.toml) and the office's own settings
([office] region, currency, date_order; [choices.*]); the cell parsers are handed one of these,
so no parser holds a single region's habits. Unit writings travel apart, as the UnitCode type.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

DateOrder = Literal["ymd", "dmy", "mdy"]
DATE_ORDERS: tuple[DateOrder, ...] = ("ymd", "dmy", "mdy")

# The kinds of identity document an ID-number column may hold (rules/regions.toml id_kinds).
ID_KINDS: tuple[str, ...] = ("cn", "hk", "mo", "tw", "passport")


@dataclass(frozen=True)
class Currency:
    code: str
    # What pages print before an amount: ¥, HK$, NT$, MOP$, S$, £.
    symbol: str
    # Every way a clerk marks an amount as this currency, before or after it.
    signs: tuple[str, ...]


@dataclass(frozen=True)
class Conventions:
    # ISO 3166 alpha-2: the default country of a phone number written without one.
    region: str = "CN"
    currency: Currency = Currency("CNY", "¥", ("¥", "￥", "RMB", "CNY", "元", "人民幣", "人民币"))
    # Signs of every currency known, the office's own included: a sign that belongs only to
    # other currencies marks an amount in a currency the office does not keep.
    other_signs: Mapping[str, str] = field(default_factory=dict, compare=False, hash=False)
    date_order: DateOrder = "ymd"
    # Taiwan's 民國 years (year + 1911) in dates such as 115/03/05 and 民國115年3月5日.
    roc_years: bool = False
    id_kinds: tuple[str, ...] = ("cn",)
    # Codes an office adds to a choice list: list name -> code -> spellings (label first).
    choices: Mapping[str, Mapping[str, tuple[str, ...]]] = field(
        default_factory=dict, compare=False, hash=False
    )

    def choice_label(self, enum: str, code: str) -> str | None:
        """The label of an office-added code, None for a shipped one."""
        spellings = self.choices.get(enum, {}).get(code)
        return spellings[0] if spellings else None


# The parsers' own default, before an office's settings are read: a mainland office as deskbook
# read one before regions (its ID column holding resident IDs only). An office's conventions,
# CN's included, come from the region table (config.regions).
CN = Conventions()
