"""Data issues: one class per kind, each with a stable code, a severity and a location."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, ClassVar, Protocol, Self

from deskbook.i18n import text


class Severity(StrEnum):
    ERROR = "error"  # the row is left out of every view
    WARNING = "warning"  # the row is kept; someone should look


class Placed(Protocol):
    """A tab as read: its key, the title of the sheet it came from, its columns' positions."""

    @property
    def key(self) -> str: ...

    @property
    def sheet(self) -> str | None: ...

    @property
    def columns(self) -> Mapping[str, int]: ...


@dataclass(frozen=True)
class Location:
    """A cell, a whole column, a whole row or a whole sheet; the one place A1 text is made."""

    tab: str
    sheet: str
    row: int | None = None
    column: str | None = None  # the column's key, when the issue concerns a known column
    letter: str | None = None

    @classmethod
    def of(
        cls,
        place: Placed,
        row: int | None = None,
        column: str | None = None,
        index: int | None = None,
    ) -> Location:
        """`index` (0-based) names the sheet column when it is not where `column` was read."""
        if index is None and column is not None:
            index = place.columns.get(column)
        letter = None if index is None else _column_letter(index)
        return cls(place.key, place.sheet or "", row, column, letter)

    @property
    def range(self) -> str:
        """The reference within the sheet: C14, C:C, 14:14, or empty for the whole sheet."""
        if self.letter and self.row:
            return f"{self.letter}{self.row}"
        if self.letter:
            return f"{self.letter}:{self.letter}"
        if self.row:
            return f"{self.row}:{self.row}"
        return ""

    @property
    def cell(self) -> str:
        """What a clerk can type into the name box: 業主!C14, 業主!C:C, 業主!14:14, 業主."""
        sheet = _quote_sheet(self.sheet)
        return f"{sheet}!{self.range}" if self.range else sheet


def _column_letter(index: int) -> str:
    """0-based column index -> spreadsheet letters (0 -> A, 26 -> AA)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _quote_sheet(title: str) -> str:
    if re.fullmatch(r"[\w]+", title) and not re.fullmatch(r"[A-Za-z]{1,3}\d+", title):
        return title
    return "'" + title.replace("'", "''") + "'"


@dataclass(frozen=True)
class Issue:
    """Where a problem is and what it is; the message is rendered per language on demand."""

    code: ClassVar[str] = ""
    severity: ClassVar[Severity] = Severity.ERROR
    # The whole sync is held back: build and publish stop as with --strict, so that a sheet
    # cleared by mistake never wipes the handbook (unless the run says --allow-shrink).
    holds_sync: ClassVar[bool] = False
    _by_code: ClassVar[dict[str, type[Issue]]] = {}

    where: Location
    params: dict[str, Any] = field(default_factory=dict, compare=False)

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        Issue._by_code[cls.code] = cls

    @classmethod
    def at(
        cls,
        place: Placed,
        row: int | None = None,
        column: str | None = None,
        *,
        index: int | None = None,
        **params: Any,
    ) -> Self:
        """The issue at a cell of a tab (or its whole column or row); params fill the message."""
        return cls(Location.of(place, row, column, index), params)

    @staticmethod
    def holding_codes() -> tuple[str, ...]:
        """The codes of the issues that hold a sync back."""
        return tuple(sorted(c.code for c in Issue._by_code.values() if c.holds_sync))

    @staticmethod
    def by_code(code: str) -> type[Issue]:
        """For cell parsers, which name what is wrong by code and know no issue classes."""
        return Issue._by_code[code]

    @property
    def tab(self) -> str:
        return self.where.tab

    @property
    def row(self) -> int | None:
        return self.where.row

    @property
    def column(self) -> str | None:
        return self.where.column

    @property
    def cell(self) -> str:
        return self.where.cell

    def message(self, lang: str) -> str:
        params = {k: v[lang] if isinstance(v, dict) else v for k, v in self.params.items()}
        return text(f"issues.{self.code}", lang, **params)

    def line(self, lang: str) -> str:
        return f"{self.cell} {self.code}: {self.message(lang)}"

    def to_dict(self, lang: str) -> dict[str, Any]:
        return {
            "code": self.code,
            "severity": str(self.severity),
            "tab": self.tab,
            "row": self.row,
            "column": self.column,
            "cell": self.cell,
            "message": self.message(lang),
        }


class MissingTab(Issue):
    code = "missing-tab"

    @classmethod
    def named(cls, tab: str, title: str, **params: Any) -> MissingTab:
        """No sheet was found: the location is the title it should have."""
        return cls(Location(tab, title), params)


class OptionalTabMissing(MissingTab):
    """A tab the workbook may do without: what it would feed is simply not shown."""

    code = "optional-tab-missing"
    severity = Severity.WARNING


class EmptyTab(Issue):
    code = "empty-tab"
    severity = Severity.WARNING


class MissingColumn(Issue):
    code = "missing-column"


class RenamedColumn(Issue):
    """An optional column seems renamed: the data is ignored until the header is fixed."""

    code = "renamed-column"
    severity = Severity.WARNING


class UnknownColumn(Issue):
    code = "unknown-column"
    severity = Severity.WARNING


class DuplicateColumn(Issue):
    code = "duplicate-column"
    severity = Severity.WARNING


class RequiredValue(Issue):
    code = "required-value"


class TooLong(Issue):
    code = "too-long"


class InvalidFormat(Issue):
    code = "invalid-format"


class InvalidInteger(Issue):
    code = "invalid-integer"


class InvalidNumber(Issue):
    code = "invalid-number"


class InvalidMoney(Issue):
    code = "invalid-money"


class OutOfRange(Issue):
    code = "out-of-range"


class InvalidDate(Issue):
    code = "invalid-date"


class InvalidTime(Issue):
    code = "invalid-time"


class InvalidDatetime(Issue):
    code = "invalid-datetime"


class InvalidBoolean(Issue):
    code = "invalid-boolean"


class InvalidChoice(Issue):
    code = "invalid-choice"


class InvalidUnit(Issue):
    code = "invalid-unit"


class AmbiguousUnit(Issue):
    code = "ambiguous-unit"


class NoSuchDay(Issue):
    code = "no-such-day"


class InvalidPhone(Issue):
    code = "invalid-phone"


class InvalidNotifyTo(Issue):
    code = "invalid-notify-to"


class InvalidIdNumber(Issue):
    code = "invalid-id-number"


class InvalidPeriod(Issue):
    code = "invalid-period"


class DuplicateKey(Issue):
    code = "duplicate-key"


class UnknownReference(Issue):
    code = "unknown-reference"


class StaffByName(Issue):
    """A staff member's name where their ID goes, in a column that reads it as the ID: the
    row is kept, and the clerk is asked for the ID."""

    code = "staff-by-name"
    severity = Severity.WARNING


class RequiredWhen(Issue):
    """Kept as a warning: the row still counts, only what needs the missing value is skipped."""

    code = "required-when"
    severity = Severity.WARNING


class DateOrder(Issue):
    code = "date-order"


class FollowupMissing(Issue):
    code = "followup-missing"
    severity = Severity.WARNING


class ComplaintNoFollowup(Issue):
    code = "complaint-no-followup"
    severity = Severity.WARNING


class VacantRenovating(Issue):
    code = "vacant-renovating"
    severity = Severity.WARNING


class ReminderUnverifiedContact(Issue):
    code = "reminder-unverified-contact"
    severity = Severity.WARNING


class EmergencyNoExpiry(Issue):
    code = "emergency-no-expiry"
    severity = Severity.WARNING


class NoticeNumberGap(Issue):
    code = "notice-number-gap"
    severity = Severity.WARNING


class NoticeNumberDuplicate(Issue):
    code = "notice-number-duplicate"
    severity = Severity.WARNING


class ExcelError(Issue):
    code = "excel-error"


class FormulaNotComputed(Issue):
    code = "formula-not-computed"


class PercentFormat(Issue):
    code = "percent-format"


class ImplausibleDate(Issue):
    code = "implausible-date"


class InvisibleCharacters(Issue):
    """Removed before the value was read, so ids compare as the clerk sees them."""

    code = "invisible-characters"
    severity = Severity.WARNING


class AmbiguousTab(Issue):
    code = "ambiguous-tab"
    severity = Severity.WARNING

    @classmethod
    def named(cls, tab: str, title: str, **params: Any) -> AmbiguousTab:
        return cls(Location(tab, title), params)


class EmptyRequiredTab(Issue):
    code = "empty-required-tab"
    holds_sync = True


class DataShrunk(Issue):
    code = "data-shrunk"
    holds_sync = True


class NoticePageTaken(Issue):
    """A notice whose page would replace the list, the archive or another notice's page."""

    code = "notice-page-taken"


class SopCodeDuplicate(Issue):
    """Two SOP pages with one code: the first by path keeps it; the other is in no SOP list."""

    code = "sop-code-duplicate"


class SopOrphan(Issue):
    """An SOP page no duty names, no page links to and nobody is asked to read."""

    code = "sop-orphan"
    severity = Severity.WARNING


class ScoreAboveWeight(Issue):
    """A component score above its exam weight (theory 95 of 90): a typo, never a figure."""

    code = "score-above-weight"


class ScoreTotalTooHigh(Issue):
    code = "score-total-too-high"


class NoHeaderRow(Issue):
    """No top row holds a single known header: the tab cannot be read column by column."""

    code = "no-header-row"


class HeaderBelowTitle(Issue):
    """The header is found below title or instruction rows, which are not read as data."""

    code = "header-below-title"
    severity = Severity.WARNING


class ValueWithoutHeader(Issue):
    code = "value-without-header"
    severity = Severity.WARNING


class CellImage(Issue):
    """A picture placed in a cell (WPS `=DISPIMG(...)`): the file holds no text to read."""

    code = "cell-image"


class PaidWithoutDate(Issue):
    code = "paid-without-date"
    severity = Severity.WARNING


class WrongCurrency(Issue):
    """An amount marked as another currency than the office's: never converted or relabelled."""

    code = "wrong-currency"


class AmbiguousDate(Issue):
    """A date whose day and month could be either, in an office that declared no order."""

    code = "ambiguous-date"


class SpreadsheetNearLimit(Issue):
    """A Google spreadsheet past 80 % of the 10M cells Google allows: beyond, no row can be
    added, so the office must split it before it is full."""

    code = "spreadsheet-near-limit"
    severity = Severity.WARNING


class LostDigits(Issue):
    """A number longer than the 15 digits Excel keeps, in a column of text or ids."""

    code = "lost-digits"
