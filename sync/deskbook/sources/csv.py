"""Read a folder of CSV files, one per tab, named after the tab."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from deskbook.errors import SourceError
from deskbook.sources import RawSheet, RawWorkbook, trim_rows

# Excel and WPS on Chinese Windows save "CSV" in the ANSI code page, which is GBK; GB18030
# is its superset. UTF-16 is what "Unicode text" exports produce.
_ENCODINGS = ("utf-8-sig", "gb18030")


def decode(data: bytes, path: Path) -> tuple[str, str]:
    """Return (text, encoding) or raise a SourceError that says how to re-save the file."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    for encoding in _ENCODINGS:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise SourceError("csv-encoding", path=str(path))


@dataclass(frozen=True)
class CsvSource:
    folder: Path

    def read(self) -> RawWorkbook:
        if not self.folder.is_dir():
            raise SourceError("source-missing", path=str(self.folder))
        sheets: dict[str, RawSheet] = {}
        for path in sorted(self.folder.glob("*.csv")) + sorted(self.folder.glob("*.tsv")):
            try:
                data = path.read_bytes()
            except OSError as exc:
                reason = exc.strerror or type(exc).__name__
                raise SourceError("source-unreadable", path=str(path), reason=reason) from exc
            text, _ = decode(data, path)
            dialect = (
                "excel-tab" if path.suffix == ".tsv" or "\t" in text.split("\n", 1)[0] else "excel"
            )
            try:
                reader = csv.reader(io.StringIO(text, newline=""), dialect=dialect)
                rows = [tuple(r) for r in reader]
            except csv.Error as exc:
                raise SourceError("csv-malformed", path=str(path), reason=str(exc)) from exc
            sheets[path.stem] = RawSheet(path.stem, trim_rows(rows))
        if not sheets:
            raise SourceError("csv-empty", path=str(self.folder))
        return RawWorkbook(sheets=sheets, description=self.folder.name + "/")
