"""Which spreadsheet and which tab feed each of our tabs, and how to name them to the API."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from deskbook.config.google import SheetTab
from deskbook.i18n import fold, tab_names
from deskbook.model.records import TAB_KEYS

SHEETS_HOME = "https://docs.google.com/spreadsheets/d/"


def a1_sheet(title: str) -> str:
    """The A1 range of a whole tab. Always quoted: unquoted, a tab named `D3` is cell D3."""
    return "'" + title.replace("'", "''") + "'"


def sheet_link(key: str, gid: int) -> str:
    return f"{SHEETS_HOME}{key}/edit#gid={gid}"


@dataclass(frozen=True)
class TabRef:
    """Our tab `tab` lives in spreadsheet `key`, under `title` if the settings name one."""

    tab: str
    key: str
    title: str | None = None


def plan(
    default: str | None, sheets: Mapping[str, SheetTab], titles: Mapping[str, str]
) -> dict[str, list[TabRef]]:
    """Spreadsheet key -> its tabs, spreadsheets and tabs in a fixed order."""
    groups: dict[str, list[TabRef]] = {}
    for tab in TAB_KEYS:
        entry = sheets.get(tab)
        key = entry.spreadsheet if entry is not None and entry.spreadsheet else default
        if key is None:
            continue
        title = entry.title if entry is not None and entry.title else titles.get(tab)
        groups.setdefault(key, []).append(TabRef(tab, key, title))
    return groups


def resolve(refs: list[TabRef], existing: Mapping[str, int]) -> dict[str, str | None]:
    """Tab key -> the title it has in the spreadsheet, or None where there is no such tab.

    A named title must exist as written; otherwise a tab is found by its key or any of its
    labels, exactly as in a workbook.
    """
    found: dict[str, str | None] = {}
    for ref in refs:
        if ref.title is not None:
            found[ref.tab] = ref.title if ref.title in existing else None
            continue
        wanted = {fold(name) for name in tab_names(ref.tab)}
        found[ref.tab] = next((t for t in existing if fold(t) in wanted), None)
    return found
