"""Read a folder of CSV files, one per tab, named after the tab."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from deskbook import progress
from deskbook.errors import SourceError
from deskbook.sources import LazySheets, RawSheet, RawWorkbook, file_digest, trim_rows

# Excel and WPS save "CSV" in the Windows code page: GBK (GB18030 is its superset) on the
# mainland, Big5 (as code page 950) in Taiwan and Hong Kong. Both are double-byte and GB18030
# decodes nearly any bytes, Big5's included, into rare characters; so each that decodes is
# scored by how common its characters are. UTF-16 is what "Unicode text" exports produce.
# Hong Kong's Big5-HKSCS adds the Cantonese characters (嘅, 啲, 㗎) that code page 950 lacks:
# without it such a file decodes only as GB18030, into nonsense.
_CHINESE_ENCODINGS = ("gb18030", "cp950", "big5hkscs")
_TRIED = "UTF-8, UTF-16, GB18030/GBK, Big5, Big5-HKSCS"
# What separates cells: Excel in a region whose decimal mark is a comma saves CSV with
# semicolons; a tab is "Unicode text" and .tsv.
_DELIMITERS = (",", ";", "\t")
_SNIFFED_LINES = 30  # the header may sit below title rows
_SAMPLE = 4000  # characters scored: enough to tell, cheap for a large file


def _common(char: str) -> bool:
    """One of the 3,755 most used Simplified characters (GB2312 level 1) or the 5,401 most
    used Traditional ones (Big5 A440-C67E)."""
    try:
        gb = char.encode("gb2312")
        if len(gb) == 2 and 0xB0 <= gb[0] <= 0xD7:
            return True
    except UnicodeEncodeError:
        pass
    try:
        big5 = char.encode("cp950")
    except UnicodeEncodeError:
        return False
    return len(big5) == 2 and 0xA440 <= int.from_bytes(big5) <= 0xC67E


def _ordinary(text: str) -> float:
    """The share of the text's Han characters that are common ones; 1.0 when there are none."""
    han = [c for c in text[: _SAMPLE * 4] if c >= "\u2e80"][:_SAMPLE]
    return sum(map(_common, han)) / len(han) if han else 1.0


def decode(data: bytes, path: Path) -> tuple[str, str]:
    """Return (text, encoding) or raise a SourceError that says how to re-save the file."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8-sig"), "utf-8-sig"
    except UnicodeDecodeError:
        pass
    decoded: list[tuple[float, int, str, str]] = []
    for rank, encoding in enumerate(_CHINESE_ENCODINGS):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        # On a tie the mainland's encoding wins: it is the commoner of the two.
        decoded.append((_ordinary(text), -rank, text, encoding))
    if not decoded:
        raise SourceError("csv-encoding", path=str(path), tried=_TRIED)
    _, _, text, encoding = max(decoded)
    return text, encoding


def delimiter(text: str, suffix: str) -> str:
    """The separator the file's top lines use most: one per cell boundary, where the others
    occur only inside text."""
    if suffix == ".tsv":
        return "\t"
    top = "\n".join(text.split("\n", _SNIFFED_LINES)[:_SNIFFED_LINES])
    counts = {d: top.count(d) for d in _DELIMITERS}
    # On a tie the comma: the CSV standard's, and the commonest.
    return max(_DELIMITERS, key=lambda d: (counts[d], d == ","))


def _sheet(title: str, text: str, separator: str, path: Path) -> RawSheet:
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), "excel", delimiter=separator))
    except csv.Error as exc:
        raise SourceError("csv-malformed", path=str(path), reason=str(exc)) from exc
    sheet = RawSheet(title, trim_rows(rows))
    progress.tab("read", title, len(sheet.rows))
    return sheet


@dataclass(frozen=True)
class CsvSource:
    folder: Path

    def fingerprint(self) -> str | None:
        folder = self.folder
        files = (
            sorted(folder.glob("*.csv")) + sorted(folder.glob("*.tsv")) if folder.is_dir() else []
        )
        digests = [(f.name, file_digest(f)) for f in files]
        return hashlib.sha256(json.dumps(digests).encode()).hexdigest()

    def read(self, tabs: Sequence[str] = ()) -> RawWorkbook:
        """Every file read and decoded now (a file that cannot be stops the sync before any
        validation); each parsed into rows only when validation asks for its tab."""
        if not self.folder.is_dir():
            raise SourceError("source-missing", path=str(self.folder))
        texts: dict[str, tuple[str, str, Path]] = {}
        for path in sorted(self.folder.glob("*.csv")) + sorted(self.folder.glob("*.tsv")):
            try:
                data = path.read_bytes()
            except OSError as exc:
                raise SourceError.unreadable(path, exc) from exc
            text, _ = decode(data, path)
            # DOS's end-of-file mark, still written by some exporters: not a row of data.
            text = text.rstrip("\x1a\r\n") + "\n" if text.rstrip().endswith("\x1a") else text
            texts[path.stem] = (text, delimiter(text, path.suffix), path)
        if not texts:
            raise SourceError("csv-empty", path=str(self.folder))

        def load(title: str) -> RawSheet:
            return _sheet(title, *texts[title])

        sheets = LazySheets(dict.fromkeys(texts, False), load)
        return RawWorkbook(sheets=sheets, description=self.folder.name + "/")
