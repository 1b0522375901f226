"""What an empty tab should look like: its title, headers, dropdown choices and cell formats.

One description for both `deskbook template` (an .xlsx) and `deskbook setup-sheet` (Google
Sheets), so the two always agree with the schema and with labels.toml.
"""

from __future__ import annotations

from dataclasses import dataclass

from deskbook.config.regions import conventions as region_conventions
from deskbook.i18n import choice_label, column_label, tab_label
from deskbook.model.conventions import Conventions
from deskbook.schema.tabs import TABS
from deskbook.schema.types import (
    Boolean,
    CellType,
    Choice,
    Date,
    DateTime,
    IdNumber,
    Money,
    Period,
    Phone,
    Text,
    Time,
    UnitCode,
)

_YES_NO = {"zh-Hant": ("是", "否"), "zh-Hans": ("是", "否"), "en": ("yes", "no")}


@dataclass(frozen=True)
class BlankColumn:
    key: str
    header: str
    # Labels a clerk picks from; empty for free input.
    choices: tuple[str, ...]
    # How cells are formatted: date, datetime, time, text (kept as typed: phone numbers,
    # unit codes, IDs, billing months), money, or "" (left as the spreadsheet's default).
    format: str
    required: bool = False
    # What a clerk may type, in words (deskbook.writers.instructions).
    kind: CellType | None = None


@dataclass(frozen=True)
class BlankTab:
    key: str
    title: str
    columns: tuple[BlankColumn, ...]


def _format(kind: CellType) -> str:
    if isinstance(kind, DateTime):
        return "datetime"
    if isinstance(kind, Date):
        return "date"
    if isinstance(kind, Time):
        return "time"
    if isinstance(kind, Money):
        return "money"
    if isinstance(kind, (Text, Phone, UnitCode, IdNumber, Period)):
        return "text"
    return ""


def _choices(kind: CellType, lang: str, conventions: Conventions) -> tuple[str, ...]:
    if isinstance(kind, Choice):
        return tuple(
            conventions.choice_label(kind.enum, code) or choice_label(kind.enum, code, lang)
            for code in kind.choices
        )
    if isinstance(kind, Boolean):
        return _YES_NO[lang]
    return ()


def blank_tabs(lang: str, conventions: Conventions | None = None) -> list[BlankTab]:
    """Every tab as the office writes it (default: a mainland office's), its own dropdown
    values included."""
    conventions = conventions or region_conventions("CN")
    return [
        BlankTab(
            tab.key,
            tab_label(tab.key, lang),
            tuple(
                BlankColumn(
                    column.key,
                    column_label(tab.key, column.key, lang),
                    _choices(kind, lang, conventions),
                    _format(kind),
                    column.required,
                    kind,
                )
                for column in tab.columns
                for kind in (column.type.for_office(conventions),)
            ),
        )
        for tab in TABS
    ]
