"""Data issues: one class per kind, each with a stable code, a severity and a location."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, ClassVar

from deskbook.i18n import text


class Severity(StrEnum):
    ERROR = "error"  # the row is left out of every view
    WARNING = "warning"  # the row is kept; someone should look


@dataclass(frozen=True)
class Issue:
    """Where a problem is and what it is; the message is rendered per language on demand."""

    code: ClassVar[str] = ""
    severity: ClassVar[Severity] = Severity.ERROR
    registry: ClassVar[dict[str, type[Issue]]] = {}

    tab: str
    sheet: str
    row: int | None = None
    column: str | None = None
    letter: str | None = None
    params: dict[str, Any] = field(default_factory=dict, compare=False)

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        Issue.registry[cls.code] = cls

    @property
    def cell(self) -> str:
        """A1 reference a clerk can type into the name box: 業主!C14, 業主!C:C, 業主!14:14."""
        sheet = quote_sheet(self.sheet)
        if self.letter and self.row:
            return f"{sheet}!{self.letter}{self.row}"
        if self.letter:
            return f"{sheet}!{self.letter}:{self.letter}"
        if self.row:
            return f"{sheet}!{self.row}:{self.row}"
        return sheet

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


def quote_sheet(title: str) -> str:
    if re.fullmatch(r"[\w]+", title) and not re.fullmatch(r"[A-Za-z]{1,3}\d+", title):
        return title
    return "'" + title.replace("'", "''") + "'"


class MissingTab(Issue):
    code = "missing-tab"


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


class InvalidPhone(Issue):
    code = "invalid-phone"


class InvalidIdNumber(Issue):
    code = "invalid-id-number"


class InvalidPeriod(Issue):
    code = "invalid-period"


class DuplicateKey(Issue):
    code = "duplicate-key"


class UnknownReference(Issue):
    code = "unknown-reference"


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
