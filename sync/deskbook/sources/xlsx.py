"""Read a local .xlsx workbook with openpyxl."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from deskbook.errors import SourceError
from deskbook.sources import RawSheet, RawWorkbook, trim_rows


@dataclass(frozen=True)
class XlsxSource:
    path: Path

    def read(self) -> RawWorkbook:
        if not self.path.is_file():
            raise SourceError("source-missing", path=str(self.path))
        try:
            # data_only: a formula cell is read as the value Excel last computed for it.
            book = load_workbook(self.path, read_only=True, data_only=True)
        except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError) as exc:
            raise SourceError(
                "source-not-xlsx", path=str(self.path), reason=type(exc).__name__
            ) from exc
        try:
            sheets = {
                ws.title: RawSheet(ws.title, trim_rows(list(ws.iter_rows(values_only=True))))
                for ws in book.worksheets
            }
        finally:
            book.close()
        return RawWorkbook(sheets=sheets, description=self.path.name)
