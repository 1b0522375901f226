"""`deskbook setup-sheet`: make each spreadsheet ready for clerks, and change nothing twice.

Missing tabs are added with their headers (bold, frozen), cell formats and dropdowns. Tabs that
exist keep their headers and data; they only get the header row frozen and a dropdown on each
enumerated column that lacks the right one. Per spreadsheet: one metadata read, one read of
the top rows of the existing tabs, and one batchUpdate only if something is to be changed,
so a second run reads twice and writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from gspread.http_client import ParamsType

from deskbook.config import Config
from deskbook.i18n import column_names, fold
from deskbook.sources.google.refs import TabRef, a1_sheet, resolve
from deskbook.writers.blank import BlankColumn, BlankTab, blank_tabs
from deskbook.writers.sheets_client import SheetProps, Writer, new_gid, string_row

HEADER_ROWS = 10  # where validation looks for the header row, too
SHEETS_FORMATS = {
    "date": {"type": "DATE", "pattern": "yyyy-mm-dd"},
    "datetime": {"type": "DATE_TIME", "pattern": "yyyy-mm-dd hh:mm"},
    "time": {"type": "TIME", "pattern": "hh:mm"},
    "text": {"type": "TEXT"},
    "money": {"type": "NUMBER", "pattern": "#,##0.00"},
}


@dataclass
class SetupResult:
    name: str
    created: int = 0
    frozen: int = 0
    dropdowns: int = 0
    skipped: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.frozen or self.dropdowns)


@dataclass(frozen=True)
class _Top:
    """The first rows of an existing tab: shown text and dropdown rule of each cell."""

    text: list[list[str]]
    rules: list[list[dict[str, Any] | None]]

    def rule(self, row: int, col: int) -> dict[str, Any] | None:
        if row >= len(self.rules) or col >= len(self.rules[row]):
            return None
        return self.rules[row][col]


def dropdown_rule(choices: tuple[str, ...]) -> dict[str, Any]:
    return {
        "condition": {"type": "ONE_OF_LIST", "values": [{"userEnteredValue": c} for c in choices]},
        "strict": True,
        "showCustomUi": True,
    }


def _same_rule(found: dict[str, Any] | None, wanted: dict[str, Any]) -> bool:
    return found is not None and all(found.get(k) == v for k, v in wanted.items())


def _column_range(gid: int, col: int, first_row: int) -> dict[str, int]:
    return {
        "sheetId": gid,
        "startRowIndex": first_row,
        "startColumnIndex": col,
        "endColumnIndex": col + 1,
    }


def _header_row(
    top: _Top, tab: str, columns: tuple[BlankColumn, ...]
) -> tuple[int, dict[int, BlankColumn]] | None:
    lookup = {fold(name): c for c in columns for name in column_names(tab, c.key)}
    best: tuple[int, dict[int, BlankColumn]] | None = None
    for row, cells in enumerate(top.text):
        found = {i: lookup[fold(v)] for i, v in enumerate(cells) if v and fold(v) in lookup}
        if found and (best is None or len(found) > len(best[1])):
            best = (row, found)
    return best


def _new_tab(gid: int, title: str, blank: BlankTab) -> list[dict[str, Any]]:
    width = max(26, len(blank.columns))
    found: list[dict[str, Any]] = [
        {
            "addSheet": {
                "properties": {
                    "sheetId": gid,
                    "title": title,
                    "gridProperties": {"rowCount": 1000, "columnCount": width, "frozenRowCount": 1},
                }
            }
        },
        {
            "updateCells": {
                "start": {"sheetId": gid, "rowIndex": 0, "columnIndex": 0},
                "rows": [string_row([c.header for c in blank.columns])],
                "fields": "userEnteredValue",
            }
        },
        {
            "repeatCell": {
                "range": {"sheetId": gid, "startRowIndex": 0, "endRowIndex": 1},
                "cell": {"userEnteredFormat": {"textFormat": {"bold": True}}},
                "fields": "userEnteredFormat.textFormat.bold",
            }
        },
    ]
    for col, column in enumerate(blank.columns):
        if column.format in SHEETS_FORMATS:
            found.append(
                {
                    "repeatCell": {
                        "range": _column_range(gid, col, 1),
                        "cell": {
                            "userEnteredFormat": {"numberFormat": SHEETS_FORMATS[column.format]}
                        },
                        "fields": "userEnteredFormat.numberFormat",
                    }
                }
            )
        if column.choices:
            found.append(
                {
                    "setDataValidation": {
                        "range": _column_range(gid, col, 1),
                        "rule": dropdown_rule(column.choices),
                    }
                }
            )
    return found


class _SpreadsheetSetup:
    def __init__(
        self, writer: Writer, key: str, refs: list[TabRef], blanks: dict[str, BlankTab]
    ) -> None:
        self.writer = writer
        self.key = key
        self.refs = refs
        self.blanks = blanks

    def read_tops(self, titles: list[str]) -> dict[str, _Top]:
        if not titles:
            return {}
        fields = (
            "sheets(properties(title),"
            "data(startRow,rowData(values(formattedValue,dataValidation))))"
        )
        params: ParamsType = {
            "ranges": [f"{a1_sheet(t)}!1:{HEADER_ROWS + 1}" for t in titles],
            "fields": fields,
        }
        got = self.writer.call(
            self.key, lambda: self.writer.client.spreadsheets_get(self.key, params)
        )
        tops: dict[str, _Top] = {}
        for sheet in got.get("sheets", []):
            text: list[list[str]] = []
            rules: list[list[dict[str, Any] | None]] = []
            for grid in sheet.get("data", []):
                start = int(grid.get("startRow", 0))
                for offset, row in enumerate(grid.get("rowData", [])):
                    while len(text) <= start + offset:
                        text.append([])
                        rules.append([])
                    cells = row.get("values", [])
                    text[start + offset] = [str(c.get("formattedValue", "")) for c in cells]
                    rules[start + offset] = [c.get("dataValidation") for c in cells]
            tops[sheet["properties"]["title"]] = _Top(text, rules)
        return tops

    def run(self) -> SetupResult:
        name, props = self.writer.sheets(self.key)
        gids = {t: p.gid for t, p in props.items()}
        titles = resolve(self.refs, gids)
        tops = self.read_tops([t for t in dict.fromkeys(titles.values()) if t is not None])
        result = SetupResult(name)
        used = set(gids.values())
        requests: list[dict[str, Any]] = []
        for ref in self.refs:
            blank = self.blanks[ref.tab]
            title = titles[ref.tab]
            if title is None:
                title = ref.title or blank.title
                gid = new_gid(title, used)
                requests += _new_tab(gid, title, blank)
                gids[title] = gid
                result.created += 1
                result.dropdowns += sum(1 for c in blank.columns if c.choices)
                continue
            requests += self.existing(props[title], tops.get(title, _Top([], [])), blank, result)
        if requests:
            self.writer.update(self.key, requests)
            self.writer.remember(self.key, gids)
        return result

    def existing(
        self, sheet: SheetProps, top: _Top, blank: BlankTab, result: SetupResult
    ) -> list[dict[str, Any]]:
        requests: list[dict[str, Any]] = []
        found = _header_row(top, blank.key, blank.columns)
        if found is None:
            if any(any(cell.strip() for cell in row) for row in top.text):
                result.skipped.append(sheet.title)  # someone's own layout: leave it be
                return []
            requests.append(
                {
                    "updateCells": {
                        "start": {"sheetId": sheet.gid, "rowIndex": 0, "columnIndex": 0},
                        "rows": [string_row([c.header for c in blank.columns])],
                        "fields": "userEnteredValue",
                    }
                }
            )
            found = (0, dict(enumerate(blank.columns)))
        header, columns = found
        if sheet.frozen < header + 1:
            requests.append(
                {
                    "updateSheetProperties": {
                        "properties": {
                            "sheetId": sheet.gid,
                            "gridProperties": {"frozenRowCount": header + 1},
                        },
                        "fields": "gridProperties.frozenRowCount",
                    }
                }
            )
            result.frozen += 1
        for col, column in columns.items():
            if not column.choices:
                continue
            wanted = dropdown_rule(column.choices)
            if _same_rule(top.rule(header + 1, col), wanted):
                continue
            requests.append(
                {
                    "setDataValidation": {
                        "range": _column_range(sheet.gid, col, header + 1),
                        "rule": wanted,
                    }
                }
            )
            result.dropdowns += 1
        return requests


def setup_sheets(config: Config, lang: str) -> list[SetupResult]:
    writer = Writer.open(config, "setup-sheet")
    blanks = {tab.key: tab for tab in blank_tabs(lang, config.conventions)}
    try:
        return [
            _SpreadsheetSetup(writer, key, refs, blanks).run()
            for key, refs in writer.groups.items()
        ]
    finally:
        writer.close()
