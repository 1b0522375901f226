"""Read a local .xlsx workbook with openpyxl."""

from __future__ import annotations

import contextlib
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

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
        except PermissionError as exc:
            reason = exc.strerror or type(exc).__name__
            raise SourceError("source-unreadable", path=str(self.path), reason=reason) from exc
        except (InvalidFileException, *_DAMAGE) as exc:
            raise SourceError("source-not-xlsx", path=str(self.path), reason=_why(exc)) from exc
        try:
            sheets = {}
            for ws in book.worksheets:
                # read_only: a sheet's XML is unzipped and parsed only here, so a damaged
                # member shows up now, and we can say which tab it holds.
                with _damaged(self.path, ws.title):
                    rows = list(ws.iter_rows(values_only=True))
                sheets[ws.title] = RawSheet(ws.title, trim_rows(rows))
        finally:
            book.close()
        return RawWorkbook(sheets=sheets, description=self.path.name)


# What a damaged workbook raises while openpyxl reads it: a member that does not inflate, XML
# cut short or garbled, a part the workbook names but does not hold.
_DAMAGE = (zipfile.BadZipFile, zlib.error, EOFError, ElementTree.ParseError, KeyError, OSError)


@contextlib.contextmanager
def _damaged(path: Path, tab: str) -> Iterator[None]:
    try:
        yield
    except _DAMAGE as exc:
        raise SourceError("source-damaged", path=str(path), tab=tab, reason=_why(exc)) from exc


def _why(exc: Exception) -> str:
    said = str(exc)
    return f"{type(exc).__name__}: {said}" if said else type(exc).__name__
