"""The workbook's instructions tab: what each tab and column holds, which are required, and
what may be typed, in the office's language; written from the schema, so it cannot drift."""

from __future__ import annotations

from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from deskbook.i18n import text
from deskbook.schema.types import CellType, Choice, UnitCode
from deskbook.writers.blank import BlankTab

REQUIRED_COLOUR = "C00000"
_WIDTHS = (18, 22, 10, 90)


def describe(kind: CellType | None, choices: tuple[str, ...], units: UnitCode, lang: str) -> str:
    """What may be typed in a column of this type, in words."""
    if kind is None:
        return ""
    if isinstance(kind, Choice):
        separator = ", " if lang == "en" else "、"
        return text("workbook.format-choice", lang, choices=separator.join(choices))
    if isinstance(kind, UnitCode):
        return text("workbook.format-unit", lang, patterns=units.patterns())
    # The office's own forms: its currency, its date order, its phone numbers and ID kinds.
    params = {k: v[lang] if isinstance(v, dict) else v for k, v in kind.describe().items()}
    return text(f"workbook.format-{kind.name}", lang, **params)


def write_instructions(sheet: Worksheet, tabs: list[BlankTab], units: UnitCode, lang: str) -> None:
    sheet.append([text("workbook.intro", lang)])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(_WIDTHS))
    sheet.row_dimensions[1].height = 60
    sheet.cell(row=1, column=1).alignment = Alignment(wrap_text=True, vertical="top")
    sheet.append([])
    sheet.append(text("workbook.header", lang).split("|"))
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    required = text("workbook.yes", lang)
    for tab in tabs:
        for column in tab.columns:
            sheet.append(
                [
                    tab.title,
                    column.header,
                    required if column.required else "",
                    describe(column.kind, column.choices, units, lang),
                ]
            )
            if column.required:
                sheet.cell(row=sheet.max_row, column=2).font = Font(color=REQUIRED_COLOUR)
    for index, width in enumerate(_WIDTHS):
        sheet.column_dimensions["ABCD"[index]].width = width
    sheet.freeze_panes = "A4"
