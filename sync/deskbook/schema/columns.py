"""One column of a tab read at once: each distinct raw value read once, then looked up.

A fee, ticket or attendance tab repeats the same units, months, dates, amounts and choices row
after row, so a column of a million cells holds a few thousand distinct values. Reading each of
those once and mapping the column through the answers keeps the per-cell work in C (a dict
lookup), which is what lets a large company's workbook validate in seconds. The reading of a
cell depends only on its value, so sharing one answer between rows is exact; answers are
immutable (str, int, Decimal, dates) and safe to share.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import compress, count
from typing import Any
from zoneinfo import ZoneInfo

from deskbook.schema.types import CellProblem, clean_text

# Values that can be neither an error value nor a formula: read() would only pass them on.
_PLAIN = frozenset({int, float, bool, dt.datetime, dt.date, dt.time, dt.timedelta})
# Equal in Python (1 == 1.0 == True == Decimal(1)) but not the same cell: a column holding more
# than one of these keys its answers by type as well as value.
_NUMERIC = frozenset({int, float, bool, Decimal})
_NONE = type(None)


@dataclass(frozen=True, slots=True)
class Note:
    """What a cell's reading has to say beyond its value: invisible characters removed (a
    warning), a required cell left blank, or a value that cannot be read (errors)."""

    cell: object  # the cell as cleaned, for quoting in a message
    removed: int = 0
    blank: bool = False
    problem: CellProblem | None = None

    @property
    def fails(self) -> bool:
        return self.blank or self.problem is not None


@dataclass(frozen=True, slots=True)
class ColumnReader:
    """How one column's cells become values, worked out once per tab."""

    read: Callable[[object], Any]
    parse: Callable[[object], Any]
    plausible: Callable[[Any, dt.date], None] | None
    required: bool
    zone: ZoneInfo | None  # attached to a wall-clock moment read without one
    as_of: dt.date
    # Printable ASCII text up to this long, with no outer spaces and no '#', reads as itself
    # (CellType.verbatim): a column of distinct ids is then a comprehension, not a parse each.
    verbatim: int = 0
    # Readings of text cells shared with the other columns of the same kind (every unit column
    # of the workbook): owners, fees and tickets name the same units thousands of times.
    shared: dict[str, tuple[Any, Note | None]] | None = None

    def reading(
        self, raw: object, normal: Callable[[object], object] | None = None
    ) -> tuple[Any, Note | None]:
        """One cell's value (None when blank or unreadable) and its note, if any; `normal`
        first makes a cell as its source held it what a RawRow holds (sources.Body)."""
        if normal is not None:
            raw = normal(raw)
        cell = raw
        cleaned = ""
        removed = 0
        kind = type(raw)
        if kind is str:
            cleaned, removed = clean_text(raw)  # type: ignore[arg-type]
            cell = cleaned if cleaned.strip() else None
        if cell is None:
            if self.required:
                return None, Note(cleaned, removed, blank=True)
            return None, (Note(cleaned, removed) if removed else None)
        try:
            # Plain values skip read()'s checks for error values and formulas; text that
            # could be an error value (#N/A typed in) or a formula's text goes the whole way.
            if kind in _PLAIN or (kind is str and "#" not in cell and "=" not in cell):  # type: ignore[operator]
                value = self.parse(cell)
            else:
                value = self.read(cell)
            if self.plausible is not None:
                self.plausible(value, self.as_of)
        except CellProblem as problem:
            # Kept without its traceback or the exception it came from: their frames would
            # hold this tab's columns, and through them its sheet, in a cycle until the next
            # garbage collection, which validation holds off.
            problem.__cause__ = problem.__context__ = None
            return None, Note(cell, removed, problem=problem.with_traceback(None))
        if self.zone is not None and value.tzinfo is None:
            value = value.replace(tzinfo=self.zone)
        return value, (Note(cell, removed) if removed else None)

    def column(
        self,
        cells: list[object],
        normal: Callable[[object], object] | None = None,
        blank_tail: Callable[[list[object], set[str]], None] | None = None,
    ) -> tuple[list[Any], list[tuple[int, Note]]]:
        """Every cell's value, and the notes by position (in row order) of cells that have one;
        `normal`, when given, is applied to each distinct cell before it is read, and
        `blank_tail` (sources.Body) is given the spaces-only values, if the column has any."""
        answers: dict[object, Any] = dict.fromkeys(cells)
        kinds = set(map(type, answers))
        if blank_tail is not None and str in kinds:
            spaces = {k for k in answers if isinstance(k, str) and k.isspace()}
            if spaces:
                blank_tail(cells, spaces)
                answers = dict.fromkeys(cells)
                kinds = set(map(type, answers))
        # Equal numbers of different types share one key among the distinct values: only a
        # column with a number in it needs every cell's type.
        if kinds & _NUMERIC:
            kinds = set(map(type, cells))
        keys: Sequence[object] = cells
        if len(kinds & _NUMERIC) > 1:
            keys = list(zip(map(type, cells), cells, strict=True))
            answers = dict.fromkeys(keys)
        noted: dict[object, Note] = {}
        pending: Iterable[object] = answers
        if self.verbatim and keys is cells:
            as_is, pending = self._verbatim(answers.keys(), kinds)
            answers.update(zip(as_is, as_is, strict=True))
        shared = self.shared if self.shared is not None and keys is cells else None
        for key in pending:
            cell = key[1] if keys is not cells else key  # type: ignore[index]
            if shared is not None and isinstance(cell, str):
                known = shared.get(cell)
                if known is None:
                    known = self.reading(cell, normal)
                    # A blank's note depends on whether the column is required: not shared.
                    if known[1] is None or not known[1].blank:
                        shared[cell] = known
                value, note = known
            else:
                value, note = self.reading(cell, normal)
            answers[key] = value
            if note is not None:
                noted[key] = note
        values = list(map(answers.__getitem__, keys))
        if not noted:
            return values, []
        at = compress(count(), map(noted.__contains__, keys))
        return values, [(i, noted[keys[i]]) for i in at]

    def _verbatim(
        self, distinct: Collection[object], kinds: set[type]
    ) -> tuple[Collection[object], Iterable[object]]:
        """The distinct values that read as themselves, and the others. Most often all of them
        but the blanks: joined with '#' (which no such value holds) they are checked at once,
        in C."""
        if kinds <= {str, _NONE}:
            blanks = [b for b in ("", None) if b in distinct]
            texts = [k for k in distinct if k] if blanks else distinct
            joined = "#".join(texts)  # type: ignore[arg-type]
            if (
                texts
                and joined.isascii()
                and joined.isprintable()
                and joined.count("#") == len(texts) - 1
                and "=" not in joined
                and max(map(len, texts)) <= self.verbatim  # type: ignore[arg-type]
                and not (joined.startswith(" ") or joined.endswith(" "))
                and " #" not in joined
                and "# " not in joined
            ):
                return texts, blanks
        longest = self.verbatim
        as_is = [
            k
            for k in distinct
            if type(k) is str
            and k.isascii()
            and k.isprintable()
            and len(k) <= longest
            and k == k.strip()
            and k
            and "#" not in k
            and "=" not in k
        ]
        return as_is, (distinct - set(as_is) if as_is else distinct)  # type: ignore[operator]
