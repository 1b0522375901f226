"""`deskbook check --annotate`: list the issues in a `_deskbook` tab, where clerks edit.

Each spreadsheet gets the issues of its own tabs; each cell reference is a link to the cell.
Cell text is written as plain strings (never parsed as formulas); only the links are formulas,
and deskbook builds those itself. Idempotent: the tab is read first and written only if its
contents would change, so an unchanged check does not touch the spreadsheet (which would
make the next sync read it again).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from gspread.http_client import ParamsType

from deskbook.config import Config
from deskbook.i18n import text
from deskbook.model.dataset import Dataset
from deskbook.model.issues import Issue
from deskbook.sources.google.refs import a1_sheet
from deskbook.writers.sheets_client import SheetProps, Writer, new_gid

ANNOTATION_TAB = "_deskbook"


@dataclass(frozen=True)
class Annotated:
    name: str
    count: int
    written: bool


def _link(issue: Issue, gid: int | None) -> str:
    if gid is None:
        return issue.cell
    target = f"#gid={gid}"
    if issue.where.range:
        target += f"&range={issue.where.range}"
    label = issue.cell.replace('"', '""')
    return f'=HYPERLINK("{target}","{label}")'


def rows_for(
    issues: list[Issue], gids: dict[str, int], sheet_of: dict[str, str | None], lang: str
) -> list[list[str]]:
    rows = [text("ui.deskbook-tab-header", lang).split("|")]
    for issue in issues:
        title = sheet_of.get(issue.tab)
        gid = gids.get(title) if title is not None else None
        rows.append(
            [
                _link(issue, gid),
                issue.code,
                text(f"ui.severity-{issue.severity}", lang),
                issue.message(lang),
            ]
        )
    return rows


def _cell(value: str, column: int) -> dict[str, Any]:
    # Only the first column can hold a link we built; any other text stays text.
    if column == 0 and value.startswith('=HYPERLINK("#gid='):
        return {"userEnteredValue": {"formulaValue": value}}
    return {"userEnteredValue": {"stringValue": value}}


def annotate(config: Config, dataset: Dataset, lang: str) -> list[Annotated]:
    writer = Writer.open(config, "check --annotate")
    done: list[Annotated] = []
    try:
        for key, refs in writer.groups.items():
            here = {ref.tab for ref in refs}
            issues = [i for i in dataset.issues if i.tab in here]
            name, props = writer.sheets(key)
            gids = {t: p.gid for t, p in props.items()}
            sheet_of = {tab: dataset.tabs[tab].sheet for tab in here}
            rows = rows_for(issues, gids, sheet_of, lang)
            done.append(Annotated(name, len(issues), write(writer, key, props, rows)))
    finally:
        writer.close()
    return done


def write(writer: Writer, key: str, props: dict[str, SheetProps], rows: list[list[str]]) -> bool:
    sheet = props.get(ANNOTATION_TAB)
    requests: list[dict[str, Any]] = []
    if sheet is not None:
        params: ParamsType = {"valueRenderOption": "FORMULA"}
        found = writer.call(
            key, lambda: writer.client.values_get(key, a1_sheet(ANNOTATION_TAB), params)
        ).get("values", [])
        if found == rows:
            return False
        gid = sheet.gid
        if sheet.rows < len(rows) + 1:
            requests.append(
                {
                    "updateSheetProperties": {
                        "properties": {
                            "sheetId": gid,
                            "gridProperties": {"rowCount": len(rows) + 100},
                        },
                        "fields": "gridProperties.rowCount",
                    }
                }
            )
    else:
        gid = new_gid(ANNOTATION_TAB, {p.gid for p in props.values()})
        requests.append(
            {
                "addSheet": {
                    "properties": {
                        "sheetId": gid,
                        "title": ANNOTATION_TAB,
                        "gridProperties": {
                            "rowCount": max(1000, len(rows) + 100),
                            "columnCount": 4,
                            "frozenRowCount": 1,
                        },
                    }
                }
            }
        )
    # The whole tab as the range: cells the new rows do not cover are cleared.
    requests.append(
        {
            "updateCells": {
                "range": {"sheetId": gid},
                "rows": [{"values": [_cell(v, i) for i, v in enumerate(row)]} for row in rows],
                "fields": "userEnteredValue",
            }
        }
    )
    writer.update(key, requests)
    return True
