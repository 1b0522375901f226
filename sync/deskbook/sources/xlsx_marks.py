"""The cells of a sheet's XML that a value reader reads wrong, found without parsing every cell.

An error value (t="e"), a formula with no cached value and a number whose style shows a
percentage are rare; a byte search finds each candidate, and only its own <c> element is
looked at. A sheet with none costs three searches of its bytes (two if the workbook has no
percentage style).
"""

from __future__ import annotations

import functools
import html
import posixpath
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from xml.etree import ElementTree

from deskbook.model.cells import ErrorValue, Percent, Uncomputed


class Unplaceable(ValueError):
    """A marked cell without its address (r="B7" is optional in the format): only the complete
    reader, which counts cells, can place it."""


_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_DOC_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"

# Each search starts with literal bytes, which the regex engine skips to at memchr speed; a
# pattern starting with a class (\s, <\w) is tried at every byte, ten times slower. What the
# literal cannot say (a space before t="e", the prefix before :f) is checked at each hit.
_ERROR = re.compile(rb't="e"')
_FORMULA = re.compile(rb"<f[\s/>]")
_PREFIXED_FORMULA = re.compile(rb":f[\s/>]")
_TAG_PREFIX = re.compile(rb"<\w+")
_SPACE = frozenset(b" \t\r\n")
_ATTRIBUTE = re.compile(rb'([\w:]+)="([^"]*)"')
_ADDRESS = re.compile(rb"([A-Z]{1,3})(\d+)")
_VALUE = re.compile(rb"<(?:\w+:)?v(?:\s[^>]*)?>([^<]*)</(?:\w+:)?v>")
# The built-in number formats (ECMA-376 18.8.30) that show a percentage; no other built-in
# does. Spelled out rather than read from openpyxl, whose import would cost a small check more
# than reading its workbook.
BUILTIN_PERCENT = {9: "0%", 10: "0.00%"}
_FORMULA_TEXT = re.compile(rb"<(?:\w+:)?f(?:\s[^>]*)?>([^<]*)</(?:\w+:)?f>")
# A range merged over cells (after the sheet's data, one element per range).
_MERGE = re.compile(rb'mergeCell\s[^>]*?ref="([A-Z]{1,3})(\d+):([A-Z]{1,3})(\d+)"')


def _target(base: str, target: str) -> str:
    if target.startswith("/"):
        return target[1:]
    return posixpath.normpath(posixpath.join(posixpath.dirname(base), target))


def _relations(archive: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """Relationship id -> (type, part path) of one part."""
    rels = posixpath.join(posixpath.dirname(part), "_rels", posixpath.basename(part) + ".rels")
    root = ElementTree.fromstring(archive.read(rels))
    return {
        r.get("Id", ""): (r.get("Type", ""), _target(part, r.get("Target", "")))
        for r in root.iter(f"{_REL}Relationship")
    }


def book_parts(archive: zipfile.ZipFile) -> tuple[dict[str, str], frozenset[int]]:
    """Sheet title -> its XML part, and the style ids that show a number as a percentage."""
    package = _relations(archive, "")
    workbook = next(p for t, p in package.values() if t.endswith("/officeDocument"))
    relations = _relations(archive, workbook)
    root = ElementTree.fromstring(archive.read(workbook))
    parts = {
        s.get("name", ""): relations[s.get(_DOC_REL, "")][1] for s in root.iter(f"{_MAIN}sheet")
    }
    styles = [p for t, p in relations.values() if t.endswith("/styles")]
    return parts, _percent_styles(archive.read(styles[0])) if styles else frozenset()


def _percent_styles(xml: bytes) -> frozenset[int]:
    """Style ids whose number format shows a percentage (a % outside quoted text)."""
    root = ElementTree.fromstring(xml)
    custom = {
        int(f.get("numFmtId", "-1")): f.get("formatCode", "") for f in root.iter(f"{_MAIN}numFmt")
    }
    cell_styles = root.find(f"{_MAIN}cellXfs")
    percent = set()
    for index, xf in enumerate([] if cell_styles is None else cell_styles.iter(f"{_MAIN}xf")):
        number_format = int(xf.get("numFmtId", "0"))
        shown = str(custom.get(number_format) or BUILTIN_PERCENT.get(number_format, "General"))
        if any("%" in part for part in shown.split('"')[::2]):
            percent.add(index)
    return frozenset(percent)


@functools.cache
def _styled(percent: frozenset[int]) -> re.Pattern[bytes]:
    """The style attribute of a percentage style, and no other: most cells carry a style
    (a date, a border), and looking at each of them costs more than the rest of the scan."""
    ids = b"|".join(str(i).encode() for i in sorted(percent))
    return re.compile(rb'\ss="(?:' + ids + rb')"')


def _element(xml: bytes, at: int) -> tuple[dict[bytes, bytes], bytes] | None:
    """The <c> element around position `at`: its attributes and its body (b"" if empty)."""
    start = xml.rfind(b"<", 0, at)
    end_of_tag = xml.find(b">", at)
    name_end = start + 1
    while xml[name_end : name_end + 1] not in (b" ", b"\t", b"\n", b"\r", b"/", b">"):
        name_end += 1
    name = xml[start + 1 : name_end]
    if name != b"c" and not name.endswith(b":c"):
        return None
    attributes = dict(_ATTRIBUTE.findall(xml, start, end_of_tag))
    if xml[end_of_tag - 1 : end_of_tag] == b"/":
        return attributes, b""
    close = xml.find(b"</" + name + b">", end_of_tag)
    return attributes, xml[end_of_tag + 1 : close]


def _enclosing(xml: bytes, at: int) -> tuple[dict[bytes, bytes], bytes]:
    """The <c> element whose body holds position `at` (a formula's <f>)."""
    start = at
    while True:
        start = xml.rfind(b"<", 0, start)
        found = _element(xml, start + 1)
        if found is not None:
            return found
        if start <= 0:
            raise Unplaceable("a formula outside any cell")


def _place(attributes: dict[bytes, bytes]) -> tuple[int, int]:
    match = _ADDRESS.fullmatch(attributes.get(b"r", b""))
    if match is None:
        raise Unplaceable("a cell without its address")
    column = 0
    for letter in match[1]:
        column = column * 26 + letter - 64  # A is 1, Z 26, AA 27
    return int(match[2]) - 1, column - 1


def _value(body: bytes) -> bytes | None:
    match = _VALUE.search(body)
    return None if match is None else match[1]


def _errors(xml: bytes) -> list[int]:
    """Where each error-value attribute (` t="e"`) starts."""
    return [m.start() for m in _ERROR.finditer(xml) if m.start() and xml[m.start() - 1] in _SPACE]


def _formulas(xml: bytes) -> list[int]:
    """Where each formula element (<f …>, or <x:f …> with a namespace prefix) starts."""
    found = [m.start() for m in _FORMULA.finditer(xml)]
    for match in _PREFIXED_FORMULA.finditer(xml):
        start = xml.rfind(b"<", 0, match.start())
        if start >= 0 and _TAG_PREFIX.fullmatch(xml, start, match.start()):
            found.append(start)
    return sorted(found)


@dataclass(frozen=True)
class Scanned:
    """What a sheet's XML says of its cells, found before its values are read: the error
    values and uncomputed formulas, and where the numbers shown as percentages are."""

    found: dict[tuple[int, int], Any]
    percent: list[tuple[int, int]]
    # Ranges merged down one column: (column, first row, last row), from 0.
    merged: list[tuple[int, int, int]] = field(default_factory=list)

    def on(self, grid: list[list[Any]]) -> dict[tuple[int, int], Any]:
        """(row, column) from 0 -> the ErrorValue, Uncomputed or Percent that cell is; `grid`
        is what the value reader read, for a percentage's number."""
        found = dict(self.found)
        for row, column in self.percent:
            if (row, column) in found or row >= len(grid) or column >= len(grid[row]):
                continue
            value = grid[row][column]
            if isinstance(value, float):
                found[row, column] = Percent(int(value) if value.is_integer() else value)
        for column, first, last in self.merged:
            top = found.get((first, column))
            if top is None and first < len(grid) and column < len(grid[first]):
                top = grid[first][column]
            if top is None or top == "":
                continue
            # Only onto rows that hold something else: a merge reaching below the data
            # makes no rows of its own.
            for row in range(first + 1, min(last, len(grid) - 1) + 1):
                if any(v is not None and v != "" for v in grid[row]):
                    found[row, column] = top
        return found


def merged_down(ranges: Iterable[tuple[str, int, str, int]]) -> list[tuple[int, int, int]]:
    """(column, first row, last row) from 0 of the ranges merged down a single column, given
    as (first letters, first row, last letters, last row) from A1 references. Excel shows the
    top cell's value over the whole range and saves it in the top cell alone: a 部門 merged
    down D2:D4 means the same department on the three rows. A range across columns is left
    as saved, as which column its value belongs to is a guess."""
    return [
        (_letters(left) - 1, top - 1, bottom - 1)
        for left, top, right, bottom in ranges
        if left == right and bottom > top
    ]


def _letters(letters: str) -> int:
    column = 0
    for letter in letters:
        column = column * 26 + ord(letter) - 64  # A is 1, Z 26, AA 27
    return column


def scan(xml: bytes, percent: frozenset[int]) -> Scanned:
    """The marks of a sheet's XML, given the style ids that show a percentage."""
    found: dict[tuple[int, int], Any] = {}
    for at in _errors(xml):
        element = _element(xml, at)
        if element is not None:
            text = _value(element[1])
            found[_place(element[0])] = ErrorValue(html.unescape((text or b"").decode()))
    for at in _formulas(xml):
        attributes, body = _enclosing(xml, at)
        if _value(body) is None:
            formula = _FORMULA_TEXT.search(body)
            written = "" if formula is None else html.unescape(formula[1].decode())
            found[_place(attributes)] = Uncomputed("=" + written)
    shown: list[tuple[int, int]] = []
    if percent:
        for match in _styled(percent).finditer(xml):
            element = _element(xml, match.start())
            if element is None or element[0].get(b"t", b"n") != b"n" or _value(element[1]) is None:
                continue
            shown.append(_place(element[0]))
    # Searched only after the cells, whose text could hold anything.
    after = max(xml.rfind(b"sheetData>"), 0)
    merges = [
        (m[1].decode(), int(m[2]), m[3].decode(), int(m[4])) for m in _MERGE.finditer(xml, after)
    ]
    return Scanned(found, shown, merged_down(merges))


def marks(xml: bytes, grid: list[list[Any]], percent: frozenset[int]) -> dict[tuple[int, int], Any]:
    """(row, column) from 0 -> the ErrorValue, Uncomputed or Percent that cell is; `grid` is
    what the value reader read, for a percentage's number."""
    return scan(xml, percent).on(grid)
