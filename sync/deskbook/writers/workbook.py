"""`deskbook template`: a blank .xlsx with every tab, its headers, dropdowns and formats.

Offices can start offline in Excel or WPS, or upload the file to Google Drive and open it
as a Google Sheet; the dropdowns and formats come along.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from deskbook.errors import DeskbookError
from deskbook.i18n import text
from deskbook.model.conventions import Conventions
from deskbook.schema.types import UnitCode
from deskbook.writers.blank import BlankTab, blank_tabs
from deskbook.writers.instructions import REQUIRED_COLOUR, write_instructions

# Dropdowns reach this far down.
LAST_ROW = 5000
EXCEL_FORMATS = {
    "date": "yyyy-mm-dd",
    "datetime": "yyyy-mm-dd hh:mm",
    "time": "hh:mm",
    "text": "@",
    "money": "#,##0.00",
}
# Excel refuses a list validation whose formula is longer than this.
_LIST_MAX = 255


def _dropdown(choices: tuple[str, ...], header: str, lang: str) -> DataValidation:
    formula = '"' + ",".join(choices) + '"'
    if len(formula) > _LIST_MAX or any("," in c or '"' in c for c in choices):
        raise ValueError(f"choices of {header!r} do not fit an Excel list")
    prompt = "、".join(choices) if lang != "en" else ", ".join(choices)
    return DataValidation(
        type="list",
        formula1=formula,
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=header,
        error=prompt,
    )


def _sheet(book: Workbook, tab: BlankTab, lang: str) -> None:
    ws = book.create_sheet(tab.title)
    ws.append([c.header for c in tab.columns])
    ws.freeze_panes = "A2"
    for index, column in enumerate(tab.columns, start=1):
        letter = get_column_letter(index)
        # Required columns in red, as the instructions tab explains.
        colour = REQUIRED_COLOUR if column.required else None
        ws.cell(row=1, column=index).font = Font(bold=True, color=colour)
        ws.column_dimensions[letter].width = max(10, min(40, 2 * len(column.header) + 4))
        cells = f"{letter}2:{letter}{LAST_ROW}"
        if column.choices:
            validation = _dropdown(column.choices, column.header, lang)
            validation.add(cells)
            ws.add_data_validation(validation)
        number_format = EXCEL_FORMATS.get(column.format)
        if number_format:
            # A column style: Excel and WPS apply it to whatever is typed into the column
            # later, without a single formatted-but-empty cell in the file.
            ws.column_dimensions[letter].number_format = number_format


def write_template(
    path: Path,
    lang: str,
    units: UnitCode | None = None,
    overwrite: bool = False,
    conventions: Conventions | None = None,
) -> int:
    """Write the blank workbook, its instructions tab first; refuses to overwrite unless told.
    Returns the number of data tabs."""
    if path.exists() and not overwrite:
        raise DeskbookError("file-exists", path=str(path))
    book = Workbook()
    tabs = blank_tabs(lang, conventions)
    # The instructions take the sheet every new workbook starts with; deskbook reads no tab
    # by that name, so it may stay in the office's workbook.
    guide = book.worksheets[0]
    guide.title = text("workbook.title", lang)
    write_instructions(guide, tabs, units or UnitCode(), lang)
    for tab in tabs:
        _sheet(book, tab, lang)
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return len(tabs)
