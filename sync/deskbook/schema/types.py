"""Cell types: turn what a clerk typed into a typed value, or say why not."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any, ClassVar

import phonenumbers
from stdnum.cn import ric

from deskbook.i18n import fold, localized
from deskbook.model.cells import ERROR_VALUES, ErrorValue, Percent, Uncomputed
from deskbook.model.conventions import CN, Conventions, Currency, DateOrder
from deskbook.model.values import NotifyAddress, PhoneNumber
from deskbook.schema.units import (
    DEFAULT_SCHEMES,
    SCHEMES,
    NoReading,
    pattern_example,
    read_unit,
)

# Excel's day zero; serial 60 is the fictitious 1900-02-29, so later serials count from here.
_EXCEL_EPOCH = dt.date(1899, 12, 30)

# The Fullwidth Forms a Chinese IME types (１２３, Ａ, －, ／, ：) and the ideographic space,
# folded to their ASCII twins. Not NFKC: that would also read ² as 2 and ½ as 1/2.
_FULLWIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
# Characters a clerk cannot see: C0/C1 controls (tab and line breaks excepted), zero-width
# spaces and joiners, direction marks, the BOM, soft hyphen, variation selectors and fillers.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5"
    "\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0"
    "\ufff9-\ufffb]"
)
# Spaces that look like a space: no-break, thin, en/em, ideographic.
_SPACES = re.compile("[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")


class CellProblem(Exception):
    """A cell value that cannot be read as its column's type."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


def fold_width(text: str) -> str:
    """Full-width letters, digits and punctuation as their ASCII twins."""
    return text.translate(_FULLWIDTH)


def clean_text(text: str) -> tuple[str, int]:
    """The text as a clerk sees it: invisible characters removed, look-alike spaces made plain.
    Returns it with the number of invisible characters removed, which the caller reports."""
    if text.isascii() and text.isprintable():
        return text, 0  # the common case: printable ASCII holds none of either
    cleaned, removed = _INVISIBLE.subn("", text)
    return _SPACES.sub(" ", cleaned), removed


def normalize_text(value: object) -> str:
    """Text as a person would read it: full-width forms folded, invisibles gone, trimmed."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value)
    if text.isascii() and text.isprintable():
        return text.strip()  # printable ASCII holds no full-width form, invisible or odd space
    return clean_text(fold_width(text))[0].strip()


# A picture WPS places in a cell: the file holds the formula, and as its value the same text.
_CELL_IMAGE = re.compile(r"\s*=\s*(?:_xlfn\.)?DISPIMG\(", re.IGNORECASE)


@dataclass(frozen=True)
class CellType:
    """Base of all cell types; `parse` receives a non-blank raw value."""

    name: ClassVar[str] = "text"
    # Whether a value of this type may be a phone or ID number, so that a message quoting it
    # masks its digits: never a date, amount, unit or code, whose digits the clerk must see.
    masks_digits: ClassVar[bool] = False

    def for_office(self, conventions: Conventions) -> CellType:
        """This type as the office writes it (its region, currency, date order, choices)."""
        return self

    def read(self, raw: object) -> Any:
        """The typed value of a non-blank cell as the source handed it over: an error value or
        an uncomputed formula is no value in any column; a percentage is for the type."""
        if isinstance(raw, ErrorValue) or (isinstance(raw, str) and raw.strip() in ERROR_VALUES):
            raise CellProblem("excel-error", error=str(raw).strip())
        if isinstance(raw, (str, Uncomputed)) and _CELL_IMAGE.match(str(raw)):
            raise CellProblem("cell-image")
        if isinstance(raw, Uncomputed):
            raise CellProblem("formula-not-computed", formula=raw.formula[:40])
        if isinstance(raw, Percent):
            return self.parse_percent(raw)
        return self.parse(raw)

    def parse(self, raw: object) -> Any:
        raise NotImplementedError

    def parse_percent(self, raw: Percent) -> Any:
        """85% is stored as 0.85: reading either number here would be a guess."""
        raise CellProblem("percent-format", shown=str(raw), stored=f"{raw.value:.10g}")

    def describe(self) -> dict[str, Any]:
        """What may be typed, as parameters the workbook's instructions and messages quote."""
        return {}

    def verbatim(self) -> int:
        """Up to how many characters printable ASCII text with no outer spaces reads as itself
        in this type (0: none does), so a column of distinct ids or notes can skip the parser."""
        return 0


@dataclass(frozen=True)
class Text(CellType):
    name: ClassVar[str] = "text"
    masks_digits: ClassVar[bool] = True  # free text may carry a phone number
    max_length: int = 500
    pattern: str | None = None
    example: str = ""

    def parse(self, raw: object) -> str:
        if isinstance(raw, (dt.date, dt.time)):
            return self.check(_as_shown(raw))
        _whole_number(raw)
        text = str(raw).strip() if not isinstance(raw, (int, float)) else normalize_text(raw)
        return self.check(text)

    def parse_percent(self, raw: Percent) -> str:
        """In a text column a percentage is the text the clerk sees: 85%."""
        return self.check(str(raw))

    def verbatim(self) -> int:
        return 0 if self.pattern else self.max_length

    def check(self, text: str) -> str:
        if len(text) > self.max_length:
            raise CellProblem("too-long", length=len(text), max_length=self.max_length)
        if self.pattern and not re.fullmatch(self.pattern, text):
            raise CellProblem("invalid-format", example=self.example)
        return text


# Excel keeps 15 significant digits of a number: a longer one typed into a number cell (a
# certificate or account number) has lost its last digits, whatever the file now holds.
_EXCEL_DIGITS = 10**15


def _whole_number(raw: object) -> None:
    """Text that arrived as a number too long for Excel to have kept: never a guessed id."""
    if isinstance(raw, (int, float)) and not isinstance(raw, bool) and abs(raw) >= _EXCEL_DIGITS:
        raise CellProblem("lost-digits")


def _as_shown(value: dt.date | dt.time) -> str:
    """A date or time cell in a text column as the clerk sees it: a date is no midnight, and
    seconds nobody typed are not shown."""
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        value = value.date()
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S" if value.second else "%Y-%m-%d %H:%M")
    if isinstance(value, dt.time):
        return value.strftime("%H:%M:%S" if value.second else "%H:%M")
    return value.isoformat()


@dataclass(frozen=True)
class Code(Text):
    """An identifier (staff, session, ticket, notice number): full-width forms typed with a
    Chinese IME are folded, so Ｓ００１ and S001 are one id."""

    name: ClassVar[str] = "code"
    masks_digits: ClassVar[bool] = False

    def parse(self, raw: object) -> str:
        if isinstance(raw, (dt.date, dt.time)):
            return self.check(_as_shown(raw))
        _whole_number(raw)
        return self.check(normalize_text(raw))


@dataclass(frozen=True)
class LongText(Text):
    name: ClassVar[str] = "long_text"
    max_length: int = 20000


@dataclass(frozen=True)
class Integer(CellType):
    name: ClassVar[str] = "integer"
    minimum: int | None = None
    maximum: int | None = None

    def parse(self, raw: object) -> int:
        if isinstance(raw, bool):
            raise CellProblem("invalid-integer")
        if isinstance(raw, float):
            if not raw.is_integer():
                raise CellProblem("invalid-integer")
            value = int(raw)
        elif isinstance(raw, int):
            value = raw
        else:
            text = normalize_text(raw)
            # Commas only as thousands grouping: "1,200" is 1200, but "1,5" is a mistake.
            if re.fullmatch(r"[+-]?\d{1,3}(,\d{3})+", text):
                text = text.replace(",", "")
            if not re.fullmatch(r"[+-]?\d{1,18}", text):
                raise CellProblem("invalid-integer")
            value = int(text)
        _check_range(value, self.minimum, self.maximum)
        return value


@dataclass(frozen=True)
class Number(CellType):
    """A non-money quantity (hours, scores, area) kept exact as Decimal."""

    name: ClassVar[str] = "number"
    minimum: Decimal | None = None
    maximum: Decimal | None = None

    def parse(self, raw: object) -> Decimal:
        value = _to_decimal(raw, "invalid-number")
        _check_range(value, self.minimum, self.maximum)
        return value


@dataclass(frozen=True)
class Money(CellType):
    """An amount in the office's currency with two decimals; its sign (¥, HK$, NT$, 港元, RMB)
    may stand before or after it. A sign of another currency is an error, never converted."""

    name: ClassVar[str] = "money"
    allow_negative: bool = False
    currency: Currency = CN.currency
    other_signs: Mapping[str, str] = field(default_factory=dict, compare=False, hash=False)

    def for_office(self, conventions: Conventions) -> Money:
        return replace(self, currency=conventions.currency, other_signs=conventions.other_signs)

    def parse(self, raw: object) -> Decimal:
        if isinstance(raw, str):
            raw = self.unsigned(normalize_text(raw))
        if isinstance(raw, float) and math.isfinite(raw) and abs(raw) < 1e13:
            # A formula's result read as a number (1.1 * 3 = 3.3000000000000003) is meant
            # to be the cent it is within a rounding error of.
            cents = round(raw * 100)
            if abs(raw * 100 - cents) < 1e-6:
                raw = Decimal(cents) / 100
        value = _to_decimal(raw, "invalid-money")
        if value.adjusted() > 12 or value != value.quantize(Decimal("0.01")):
            raise CellProblem("invalid-money")
        if value < 0 and not self.allow_negative:
            raise CellProblem("out-of-range", minimum=0, maximum="")
        return value.quantize(Decimal("0.01"))

    def unsigned(self, text: str) -> str:
        """The number without its currency sign and thousands separators."""
        own = {sign.casefold() for sign in self.currency.signs}
        match = _sign_pattern(tuple(sorted({*own, *self.other_signs}, key=len, reverse=True)))
        found = match.fullmatch(text)
        if found:
            sign = (found["before"] or found["after"] or "").casefold()
            if sign and sign not in own:
                raise CellProblem(
                    "wrong-currency",
                    currency=self.other_signs[sign],
                    own=self.currency.code,
                )
            text = (found["minus"] or "") + found["number"]
        if re.fullmatch(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?", text):
            text = text.replace(",", "")
        return text

    def describe(self) -> dict[str, Any]:
        # Its symbol, its code and the word Chinese clerks write (元, 港幣, 新台幣), if any.
        words = [s for s in self.currency.signs if re.search("[\u4e00-\u9fff]", s)][:1]
        signs = dict.fromkeys([self.currency.symbol, self.currency.code, *words])
        return {"currency": self.currency.code, "signs": "/".join(signs)}


@lru_cache(maxsize=64)
def _sign_pattern(signs: tuple[str, ...]) -> re.Pattern[str]:
    """A number with one currency sign before it or after it (longest sign first: HK$ not $)."""
    alternatives = "|".join(re.escape(sign) for sign in signs)
    return re.compile(
        rf"(?P<minus>-)?\s*(?:(?P<before>{alternatives})\s*)?"
        rf"(?P<number>[+-]?[\d,]*\.?\d+)"
        rf"(?:\s*(?P<after>{alternatives}))?",
        re.IGNORECASE,
    )


_DATE_PATTERNS = (
    re.compile(r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"),
    re.compile(r"(?P<y>\d{4})/(?P<m>\d{1,2})/(?P<d>\d{1,2})"),
    re.compile(r"(?P<y>\d{4})\.(?P<m>\d{1,2})\.(?P<d>\d{1,2})"),
    re.compile(r"(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})[日號号]?"),
    re.compile(r"(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})"),
)
# Month names as English offices write them: 5 Mar 2026, 5-Mar-2026, March 5, 2026.
_MONTHS = {
    name: number
    for number, month in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
        start=1,
    )
    for name in (month, dt.date(2000, number, 1).strftime("%B").lower())
} | {"sept": 9}
_MONTH = r"(?P<mon>[A-Za-z]{3,9})\.?"
_NAMED_DATES = (
    re.compile(rf"(?P<d>\d{{1,2}})(?:st|nd|rd|th)?[\s\-/]*{_MONTH}[\s\-/,]*(?P<y>\d{{4}}|\d{{2}})"),
    re.compile(rf"{_MONTH}\s*(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s*(?P<y>\d{{4}}|'?\d{{2}})"),
)
# Day and month in numbers before the year: 15/03/2023 or 15/03/23 (dmy), 03/15/2023 (mdy).
_NUMERIC_YEAR_LAST = re.compile(r"(?P<a>\d{1,2})[/.\-](?P<b>\d{1,2})[/.\-](?P<y>\d{4}|\d{2})")
# A billing month as English offices write it (Oct 2026, October 2026, 10/2026) and in 民國
# years (115/10, 115年10月).
_MONTH_YEAR = re.compile(rf"{_MONTH}[\s\-/,]*(?P<y>\d{{4}})")
_NUMERIC_MONTH_YEAR = re.compile(r"(?P<m>\d{1,2})\s*[/.\-]\s*(?P<y>\d{4})")
_ROC_MONTH = re.compile(r"(?:民國|民国)?\s*(?P<y>\d{2,3})\s*[/.\-年]\s*(?P<m>\d{1,2})\s*月?")
# Taiwan's 民國 years: 115/03/05, 115.3.5, 115年3月5日, 民國115年3月5日 (year + 1911).
_ROC_DATE = re.compile(
    r"(?:民國|民国)?\s*(?P<y>\d{2,3})\s*(?:[/.\-](?P<m>\d{1,2})[/.\-](?P<d>\d{1,2})"
    r"|年\s*(?P<m2>\d{1,2})\s*月\s*(?P<d2>\d{1,2})\s*[日號号]?)"
)
_ROC_OFFSET = 1911
_TIME_PATTERN = re.compile(
    r"(?P<half>上午|下午|早上|晚上|中午)?\s*(?P<h>\d{1,2})[:：時时點点](?P<mi>\d{2})"
    r"(?:[:：](?P<s>\d{2}))?分?\s*(?P<ampm>[AaPp]\.?[Mm]\.?)?"
)


_SERIAL_1990 = 32874
_SERIAL_2100 = 73051


def _excel_serial_date(serial: float) -> dt.date:
    if not math.isfinite(serial) or not 1 <= serial < 2958466:
        raise CellProblem("invalid-date")
    return _EXCEL_EPOCH + dt.timedelta(days=int(serial))


def _full_year(written: str) -> int:
    """A year as typed: 26 and '26 are 2026, 98 is 1998 (the pivot Excel and Python use)."""
    year = int(written.lstrip("'"))
    if len(written.lstrip("'")) == 2:
        year += 2000 if year < 70 else 1900
    return year


def _made_date(year: int, month: int, day: int) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        # A real month and the format right: the day itself does not exist (11-31).
        code = "no-such-day" if 1 <= month <= 12 and year >= 1 else "invalid-date"
        raise CellProblem(code) from None


# A weekday written beside a date says nothing the date does not: Thu 5 Mar 2026,
# 2026年3月5日（星期四）, 115/03/05(四).
_WEEKDAY = re.compile(
    r"^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s*"
    r"|\s*[(（]\s*(?:星期|週|周|礼拜|禮拜)?[一二三四五六日天]\s*[)）]$",
    re.IGNORECASE,
)


def _parse_date_text(text: str, order: DateOrder = "ymd", roc: bool = False) -> dt.date:
    """A date as typed, read by the office's order of day and month; a date whose order the
    office has not declared and whose numbers could be either (05/03/2026) is never guessed."""
    text = _WEEKDAY.sub("", text)
    for pattern in _DATE_PATTERNS:
        match = pattern.fullmatch(text)
        if match:
            return _made_date(int(match["y"]), int(match["m"]), int(match["d"]))
    for pattern in _NAMED_DATES:
        match = pattern.fullmatch(text)
        if match and match["mon"].lower() in _MONTHS:
            month = _MONTHS[match["mon"].lower()]
            return _made_date(_full_year(match["y"]), month, int(match["d"]))
    match = _NUMERIC_YEAR_LAST.fullmatch(text)
    # A two-digit year last is read only where the office declared day and month before it:
    # elsewhere 05/03/26 could as well be 2005-03-26.
    if match and (len(match["y"]) == 4 or order != "ymd"):
        first, second, year = int(match["a"]), int(match["b"]), _full_year(match["y"])
        if order == "dmy":
            return _made_date(year, second, first)
        if order == "mdy":
            return _made_date(year, first, second)
        if first > 12 >= second:  # only one reading has a month: 15/03/2023
            return _made_date(year, second, first)
        if second > 12 >= first:
            return _made_date(year, first, second)
        raise CellProblem("ambiguous-date", first=first, second=second)
    if roc:
        match = _ROC_DATE.fullmatch(text)
        if match:
            roc_month, roc_day = match["m"] or match["m2"], match["d"] or match["d2"]
            return _made_date(int(match["y"]) + _ROC_OFFSET, int(roc_month), int(roc_day))
    if re.fullmatch(r"\d{5}(\.0+)?", text):
        return _excel_serial_date(float(text))
    raise CellProblem("invalid-date")


def _date_forms(order: DateOrder, roc: bool) -> dict[str, str]:
    """The forms a message suggests: the office's own order first."""
    return localized(f"hints.date-forms-{'roc' if roc else order}")


@dataclass(frozen=True)
class Span:
    """The dates a column may plausibly hold: none before `earliest`, none more than `ahead`
    days after the as-of day (None: only the calendar's end). Outside it, a typo is likelier
    than a fact (9999, 1900, 0001), and a wrong year would publish a wrong figure."""

    earliest: dt.date = dt.date(1950, 1, 1)
    ahead: int | None = None

    def latest(self, as_of: dt.date) -> dt.date:
        if self.ahead is None:
            return dt.date.max
        try:
            return as_of + dt.timedelta(days=self.ahead)
        except OverflowError:
            return dt.date.max

    def check(self, day: dt.date, as_of: dt.date, shown: str) -> None:
        latest = self.latest(as_of)
        if not self.earliest <= day <= latest:
            raise CellProblem(
                "implausible-date",
                shown=shown,
                earliest=self.earliest.isoformat(),
                latest=latest.isoformat(),
            )


# A thing already done (a payment, a call, a ticket): at most a day ahead, for clocks and
# timezones. A thing planned (a hire, a session, a notice): within a year. A deadline or a
# permit: within ten years. Nothing before 1950 in any of them.
DONE = Span(ahead=1)
PLANNED = Span(ahead=366)
DEADLINE = Span(ahead=3653)


@dataclass(frozen=True)
class Date(CellType):
    name: ClassVar[str] = "date"
    span: Span = DONE
    order: DateOrder = "ymd"
    roc: bool = False

    def for_office(self, conventions: Conventions) -> Date:
        return replace(self, order=conventions.date_order, roc=conventions.roc_years)

    def plausible(self, value: dt.date, as_of: dt.date) -> None:
        self.span.check(value, as_of, value.isoformat())

    def describe(self) -> dict[str, Any]:
        return {"forms": _date_forms(self.order, self.roc)}

    def parse(self, raw: object) -> dt.date:
        try:
            return self.parse_date(raw)
        except CellProblem as problem:
            if problem.code == "invalid-date":
                problem.params["forms"] = _date_forms(self.order, self.roc)
            raise

    def parse_date(self, raw: object) -> dt.date:
        if isinstance(raw, dt.datetime):
            if raw.time() != dt.time(0):
                raise CellProblem("invalid-date")
            return raw.date()
        if isinstance(raw, dt.date):
            return raw
        if isinstance(raw, bool):
            raise CellProblem("invalid-date")
        if isinstance(raw, (int, float)):
            if not math.isfinite(raw) or float(raw) != int(raw):
                raise CellProblem("invalid-date")
            return _excel_serial_date(float(raw))
        return _parse_date_text(normalize_text(raw), self.order, self.roc)


# The days a time-only cell may carry as its date: serial 0 (1900 system, as read), 1 and the
# 1904 system's day 0.
_EPOCH_DAYS = frozenset({dt.date(1899, 12, 30), dt.date(1899, 12, 31), dt.date(1904, 1, 1)})


@dataclass(frozen=True)
class Time(CellType):
    name: ClassVar[str] = "time"

    def parse(self, raw: object) -> dt.time:
        if isinstance(raw, dt.time):
            return raw.replace(tzinfo=None)
        if isinstance(raw, dt.datetime):
            # A date typed where a time belongs reads as a datetime at midnight: its 00:00 is
            # no time anyone typed. A time alone is held as a day of Excel's epoch.
            if raw.time() == dt.time(0) and raw.date() not in _EPOCH_DAYS:
                raise CellProblem("invalid-time")
            return raw.time()
        if isinstance(raw, float) and 0 <= raw < 1:
            # A fraction a hair under 1 rounds to 86400 s, which is no time of day.
            seconds = min(round(raw * 86400), 86399)
            return dt.time(seconds // 3600, seconds % 3600 // 60, seconds % 60)
        match = _TIME_PATTERN.fullmatch(normalize_text(raw))
        if not match:
            raise CellProblem("invalid-time")
        hour = int(match["h"])
        afternoon = match["half"] in ("下午", "晚上") or (match["ampm"] or "a")[0] in "pP"
        if (match["half"] or match["ampm"]) and not 1 <= hour <= 12:
            raise CellProblem("invalid-time")  # 下午14:30, 0:30 PM: which was meant?
        if match["half"] or match["ampm"]:
            hour = hour % 12 + (12 if afternoon and match["half"] != "中午" else 0)
            if match["half"] == "中午" and hour < 11:
                hour += 12
        try:
            return dt.time(hour, int(match["mi"]), int(match["s"] or 0))
        except ValueError:
            raise CellProblem("invalid-time") from None


@dataclass(frozen=True)
class DateTime(CellType):
    """A local wall-clock moment; the schema layer attaches the office's timezone."""

    name: ClassVar[str] = "datetime"
    span: Span = DONE
    order: DateOrder = "ymd"
    roc: bool = False

    def for_office(self, conventions: Conventions) -> DateTime:
        return replace(self, order=conventions.date_order, roc=conventions.roc_years)

    def plausible(self, value: dt.datetime, as_of: dt.date) -> None:
        self.span.check(value.date(), as_of, value.strftime("%Y-%m-%d %H:%M"))

    def parse(self, raw: object) -> dt.datetime:
        if isinstance(raw, dt.datetime):
            return raw.replace(tzinfo=None) if raw.tzinfo is None else raw
        if isinstance(raw, dt.date):
            return dt.datetime.combine(raw, dt.time(0))
        if isinstance(raw, bool):
            raise CellProblem("invalid-datetime")
        if isinstance(raw, (int, float)):
            if not math.isfinite(raw):
                raise CellProblem("invalid-datetime")
            try:
                day = _excel_serial_date(float(int(raw)))
            except CellProblem:
                raise CellProblem("invalid-datetime") from None
            seconds = round((float(raw) - int(raw)) * 86400)
            try:
                return dt.datetime.combine(day, dt.time(0)) + dt.timedelta(seconds=seconds)
            except OverflowError:  # the last second of 9999-12-31, rounded up
                raise CellProblem("invalid-datetime") from None
        text = normalize_text(raw)
        match = re.fullmatch(
            r"(?P<date>.+?),?(?:[ T]+|(?<=[日號号]))"
            r"(?P<time>(?:上午|下午|早上|晚上|中午)?\s*\d{1,2}[:：時时點点].*)",
            text,
        )
        try:
            if match:
                day = _parse_date_text(match["date"].strip(), self.order, self.roc)
                clock = Time().parse(match["time"].strip())
                return dt.datetime.combine(day, clock)
            return dt.datetime.combine(_parse_date_text(text, self.order, self.roc), dt.time(0))
        except CellProblem as problem:
            if problem.code in ("no-such-day", "ambiguous-date"):
                raise
            raise CellProblem("invalid-datetime") from None


_TRUE = {"是", "y", "yes", "true", "t", "1", "√", "✓", "✔", "有"}
_FALSE = {"否", "n", "no", "false", "f", "0", "×", "✗", "✘", "無", "无", "沒有", "没有"}


@dataclass(frozen=True)
class Boolean(CellType):
    name: ClassVar[str] = "boolean"

    def parse(self, raw: object) -> bool:
        if isinstance(raw, bool):
            return raw
        text = normalize_text(raw).lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        raise CellProblem("invalid-boolean")


@dataclass(frozen=True)
class Choice(CellType):
    """One of an enumeration, typed as its code or any of its labels."""

    name: ClassVar[str] = "choice"
    enum: str = ""
    lookup: Mapping[str, str] = field(default_factory=dict, compare=False, hash=False)
    choices: tuple[str, ...] = ()

    def for_office(self, conventions: Conventions) -> Choice:
        added = conventions.choices.get(self.enum)
        if not added:
            return self
        lookup = dict(self.lookup)
        for code, spellings in added.items():
            for name in (code, *spellings):
                lookup[fold(name)] = code
        choices = self.choices + tuple(code for code in added if code not in self.choices)
        return replace(self, lookup=lookup, choices=choices)

    def parse(self, raw: object) -> str:
        text = normalize_text(raw)
        code = self.lookup.get("".join(text.split()).casefold())
        if code is None:
            raise CellProblem("invalid-choice", choices="、".join(self.choices))
        return code

    def describe(self) -> dict[str, Any]:
        return {"choices": "、".join(self.choices)}


@dataclass(frozen=True)
class UnitCode(CellType):
    """A unit under the estate's declared numbering schemes (deskbook.schema.units)."""

    name: ClassVar[str] = "unit"
    schemes: tuple[str, ...] = DEFAULT_SCHEMES
    # The office's own writings ([units] patterns), read besides the schemes.
    templates: tuple[str, ...] = ()

    def parse(self, raw: object) -> str:
        try:
            return read_unit(normalize_text(raw), self.schemes, self.templates)
        except NoReading as no:
            if no.readings:
                raise CellProblem("ambiguous-unit", readings=_listed(no.readings)) from None
            raise CellProblem("invalid-unit", patterns=self.patterns()) from None

    def patterns(self) -> str:
        """The declared schemes as examples: 3-2-1201 (3棟2單元1201), S-101 (商鋪 S-101)."""
        return "; ".join(
            [f"{SCHEMES[s].example} ({', '.join(SCHEMES[s].also)})" for s in self.schemes]
            + [pattern_example(t) for t in self.templates]
        )


def _listed(readings: dict[str, str]) -> str:
    return "; ".join(f"{code} ({scheme})" for scheme, code in readings.items())


_EXTENSION = re.compile(
    r"(?P<number>.+?)\s*[,;，；]?\s*(?:转|轉|分機|分机|內線|内线|ext\.?|x)\s*(?P<ext>\d{1,6})",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Phone(CellType):
    """A phone number as the office's region writes it (phonenumbers decides what is one), or
    any other country's written with +, 00 or the country code; an extension is kept apart
    (0755-2688 0000 转 801). Stored as the national digits for the office's own country
    (13800138000, 075526880000, 91234567) and in E.164 for any other (+447946001800)."""

    name: ClassVar[str] = "phone"
    masks_digits: ClassVar[bool] = True
    region: str = "CN"

    def for_office(self, conventions: Conventions) -> Phone:
        return replace(self, region=conventions.region)

    def parse(self, raw: object) -> PhoneNumber:
        text = normalize_text(raw)
        extension = None
        match = _EXTENSION.fullmatch(text)
        if match:
            text, extension = match["number"], match["ext"]
        digits = re.sub(r"\D", "", text)
        if not digits or re.search(r"[^\d\s\-()+.·/—–]", text):
            raise CellProblem("invalid-phone", reason=localized("hints.phone-not-number"))
        # 00 is how most of the world dials out (Hong Kong's 001 and 0086 written alike).
        written = re.sub(r"^\(?00(?=[1-9])", "+", text.strip())
        try:
            number = phonenumbers.parse(written, self.region)
        except phonenumbers.NumberParseException as error:
            raise CellProblem("invalid-phone", reason=_unparsed(error, len(digits))) from None
        own = phonenumbers.country_code_for_region(self.region)
        valid = phonenumbers.is_valid_number(number)
        if not valid and digits.startswith(str(own)):
            # The country code written without + (852 9123 4567, (852) 2688 1234).
            with_code = phonenumbers.parse("+" + digits, self.region)
            if phonenumbers.is_valid_number(with_code):
                number, valid = with_code, True
        if not valid:
            raise CellProblem("invalid-phone", reason=self.reason(number, len(digits)))
        extension = extension or number.extension or None
        number.extension = None
        if extension and phonenumbers.number_type(number) == phonenumbers.PhoneNumberType.MOBILE:
            # 转 1 after a mobile is a typo or a note, never a line to dial.
            raise CellProblem("invalid-phone", reason=localized("hints.phone-mobile-extension"))
        if number.country_code == own:
            significant = phonenumbers.national_significant_number(number)
            prefix = _trunk_prefix(number, self.region, significant)
            return PhoneNumber(prefix + significant, extension)
        return PhoneNumber(
            phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164), extension
        )

    def describe(self) -> dict[str, Any]:
        kinds = phonenumbers.PhoneNumberType
        shown = {}
        for key, kind in (("mobile", kinds.MOBILE), ("landline", kinds.FIXED_LINE)):
            example = phonenumbers.example_number_for_type(self.region, kind)
            national = phonenumbers.PhoneNumberFormat.NATIONAL
            shown[key] = "" if example is None else phonenumbers.format_number(example, national)
        return shown

    def reason(self, number: phonenumbers.PhoneNumber, digits: int) -> dict[str, str]:
        """What is wrong with the number, told in each language."""
        region = phonenumbers.region_code_for_number(number) or self.region
        country = f"{region} (+{number.country_code})"
        why = phonenumbers.is_possible_number_with_reason(number)
        result = phonenumbers.ValidationResult
        if why == result.INVALID_COUNTRY_CODE:
            return localized("hints.phone-country", code=number.country_code)
        # Begun as the country's mobiles begin (13.. on the mainland, 9.. in Hong Kong) but
        # of another length: a digit dropped or doubled, which is what the clerk must hear.
        mobile = phonenumbers.example_number_for_type(region, phonenumbers.PhoneNumberType.MOBILE)
        national = str(number.national_number)
        if mobile is not None:
            expected = str(mobile.national_number)
            if national[:1] == expected[:1] and len(national) != len(expected):
                return localized(
                    "hints.phone-mobile-length",
                    country=country,
                    expected=len(expected),
                    digits=len(national),
                )
        if why == result.TOO_SHORT:
            return localized("hints.phone-too-short", digits=digits, country=country)
        if why in (result.TOO_LONG, result.INVALID_LENGTH):
            return localized("hints.phone-wrong-length", digits=digits, country=country)
        if why == result.IS_POSSIBLE_LOCAL_ONLY:
            return localized("hints.phone-area-code", country=country)
        return localized("hints.phone-no-such", country=country)


# A WeCom (企業微信) user id: letters, digits and _ - . @, a letter or digit first, 64 at most.
_WECOM_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}")
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})+")
# Only what a phone number is written with: such a cell is read as a mobile number.
_DIALLED = re.compile(r"[\d\s\-()+.]+")
# A kind written before the address says what it is, where the address alone cannot: a WeCom
# id that is all digits (an employee number) or holds an @.
_KIND_PREFIXES = {
    "wecom": "wecom",
    "企業微信": "wecom",
    "企业微信": "wecom",
    "企微": "wecom",
    "email": "email",
    "mail": "email",
    "mailto": "email",
    "郵件": "email",
    "邮件": "email",
    "郵箱": "email",
    "邮箱": "email",
    "mobile": "mobile",
    "dingtalk": "mobile",
    "釘釘": "mobile",
    "钉钉": "mobile",
    "手機": "mobile",
    "手机": "mobile",
}
_PREFIXED = re.compile(r"(?P<kind>[^:]{1,8}?)\s*:\s*(?P<address>.*)")
_MOBILES = (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE)


@dataclass(frozen=True)
class NotifyTo(CellType):
    """Where a person's own reminders go: an e-mail address, a mobile number (read as the
    office's phone numbers are: DingTalk reaches a person by it) or a WeCom user id. A value
    the address alone does not tell apart is written with its kind: `wecom:10086`."""

    name: ClassVar[str] = "notify_to"
    masks_digits: ClassVar[bool] = True
    region: str = "CN"

    def for_office(self, conventions: Conventions) -> NotifyTo:
        return replace(self, region=conventions.region)

    def parse(self, raw: object) -> NotifyAddress:
        text = normalize_text(raw)
        kind = None
        prefixed = _PREFIXED.fullmatch(text)
        if prefixed:
            kind = _KIND_PREFIXES.get(prefixed["kind"].strip().casefold())
            if kind is None:
                raise CellProblem("invalid-notify-to", reason=localized("hints.notify-to-kind"))
            text = prefixed["address"].strip()
        if kind is None:
            if _EMAIL.fullmatch(text):
                kind = "email"
            elif _DIALLED.fullmatch(text):
                kind = "mobile"
            else:
                kind = "wecom"
        if kind == "email" and not _EMAIL.fullmatch(text):
            raise CellProblem("invalid-notify-to", reason=localized("hints.notify-to-email"))
        if kind == "wecom" and not _WECOM_ID.fullmatch(text):
            raise CellProblem("invalid-notify-to", reason=localized("hints.notify-to-wecom"))
        if kind == "mobile":
            text = self.mobile(text)
        return NotifyAddress(text, kind)

    def mobile(self, text: str) -> str:
        """The mobile number's digits as the phone columns keep them; a landline reaches no
        one's phone app, so it is refused."""
        try:
            number = Phone(self.region).parse(text)
        except CellProblem as problem:
            raise CellProblem("invalid-notify-to", reason=problem.params["reason"]) from None
        parsed = phonenumbers.parse(number, self.region)
        if number.extension or phonenumbers.number_type(parsed) not in _MOBILES:
            raise CellProblem("invalid-notify-to", reason=localized("hints.notify-to-landline"))
        return str(number)

    def describe(self) -> dict[str, Any]:
        example = phonenumbers.example_number_for_type(
            self.region, phonenumbers.PhoneNumberType.MOBILE
        )
        national = phonenumbers.PhoneNumberFormat.NATIONAL
        return {"mobile": "" if example is None else phonenumbers.format_number(example, national)}


# The digits dialled at home before a significant number (0755…, 0912…; none for 138…,
# 9123…), by region, leading digits and length: what a number's national form shows. Formatting
# each number costs twice the rest of reading it, and numbers alike in these share the prefix.
_TRUNK: dict[tuple[str, str, int], str] = {}


def _trunk_prefix(number: phonenumbers.PhoneNumber, region: str, significant: str) -> str:
    key = (region, significant[:4], len(significant))
    if key not in _TRUNK:
        shown = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
        digits = re.sub(r"\D", "", shown)
        _TRUNK[key] = digits[: -len(significant)] if digits.endswith(significant) else ""
    return _TRUNK[key]


def _unparsed(error: phonenumbers.NumberParseException, digits: int) -> dict[str, str]:
    """What phonenumbers could not even parse: an unknown country code, too few digits."""
    kind = phonenumbers.NumberParseException
    if error.error_type == kind.INVALID_COUNTRY_CODE:
        return localized("hints.phone-no-country")
    if error.error_type in (kind.TOO_SHORT_NSN, kind.TOO_SHORT_AFTER_IDD):
        return localized("hints.phone-few-digits", digits=digits)
    return localized("hints.phone-not-number")


def _hkid_valid(text: str) -> bool:
    """Hong Kong identity card: one or two letters, six digits, a check character (0-9, A)."""
    letters, digits, check = text[:-7], text[-7:-1], text[-1]
    values = [36] * (2 - len(letters)) + [ord(c) - 55 for c in letters] + [int(d) for d in digits]
    total = sum(v * w for v, w in zip(values, range(9, 1, -1), strict=True))
    return "0123456789A"[(11 - total % 11) % 11] == check


# Taiwan's letters stand for the county of first registration, numbered out of alphabet order.
_TW_LETTERS = "ABCDEFGHJKLMNPQRSTUVXYWZIO"


def _twid_valid(text: str) -> bool:
    """Taiwan national ID (and the new resident certificate): a letter, nine digits."""
    code = _TW_LETTERS.index(text[0]) + 10
    weights = (1, 9, 8, 7, 6, 5, 4, 3, 2, 1, 1)
    values = [code // 10, code % 10, *(int(d) for d in text[1:])]
    return sum(v * w for v, w in zip(values, weights, strict=True)) % 10 == 0


def _cnid_valid(text: str) -> bool:
    """Mainland resident ID: 17 digits and an ISO 7064 MOD 11-2 check character."""
    return bool(ric.calc_check_digit(text) == text[17])


# Each kind an ID-number column may hold: its shape once brackets and spaces are gone, how it
# is checked, and how it is kept. A value of a kind's shape that fails its check is an error.
_ID_KINDS: dict[str, tuple[re.Pattern[str], Any, Any]] = {
    "cn": (re.compile(r"\d{17}[\dX]"), _cnid_valid, lambda t: t),
    "hk": (re.compile(r"[A-Z]{1,2}\d{6}[\dA]"), _hkid_valid, lambda t: f"{t[:-1]}({t[-1]})"),
    "mo": (re.compile(r"[1578]\d{7}"), lambda t: True, lambda t: f"{t[:-1]}({t[-1]})"),
    "tw": (re.compile(r"[A-Z][1289]\d{8}"), _twid_valid, lambda t: t),
    "passport": (re.compile(r"[A-Z]{1,2}\d{6,9}|\d{8,9}"), lambda t: True, lambda t: t),
}


@dataclass(frozen=True)
class IdNumber(CellType):
    """An identity number of a kind the office's region holds (rules/regions.toml id_kinds):
    a mainland resident ID, an HKID (brackets optional), a Macau or Taiwan ID, or a passport.
    A value shaped like a kind with a check character must pass that check."""

    name: ClassVar[str] = "id_number"
    masks_digits: ClassVar[bool] = True
    kinds: tuple[str, ...] = ("cn",)

    def for_office(self, conventions: Conventions) -> IdNumber:
        return replace(self, kinds=conventions.id_kinds)

    def describe(self) -> dict[str, Any]:
        return {"kinds": _kinds_named(self.kinds)}

    def parse(self, raw: object) -> str:
        text = re.sub(r"[\s()（）\-]", "", normalize_text(raw).upper())
        for kind in self.kinds:
            shape, valid, kept = _ID_KINDS[kind]
            if shape.fullmatch(text):
                if not valid(text):
                    raise CellProblem(
                        "invalid-id-number", length=len(text), kinds=_kinds_named((kind,))
                    )
                return str(kept(text))
        raise CellProblem("invalid-id-number", length=len(text), kinds=_kinds_named(self.kinds))


def _kinds_named(kinds: tuple[str, ...]) -> dict[str, str]:
    named = [localized(f"hints.id-{kind}") for kind in kinds]
    return {lang: "、".join(n[lang] for n in named) for lang in named[0]}


@dataclass(frozen=True)
class Period(CellType):
    """A billing month, YYYY-MM."""

    name: ClassVar[str] = "period"
    span: Span = PLANNED
    roc: bool = False

    def for_office(self, conventions: Conventions) -> Period:
        return replace(self, roc=conventions.roc_years)

    def plausible(self, value: str, as_of: dt.date) -> None:
        year, month = value.split("-")
        self.span.check(dt.date(int(year), int(month), 1), as_of, value)

    def parse(self, raw: object) -> str:
        if isinstance(raw, (int, float)) and not isinstance(raw, bool):
            # A month that Excel or Sheets turned into a date arrives as a whole serial number
            # (1990-2099). Any other number is ambiguous: 2026.1 may have been typed 2026.10.
            if not (float(raw).is_integer() and _SERIAL_1990 <= raw < _SERIAL_2100):
                raise CellProblem("invalid-period", example="2026-11")
            raw = _excel_serial_date(float(raw))
        if isinstance(raw, (dt.date, dt.datetime)):
            return f"{raw.year:04d}-{raw.month:02d}"
        text = normalize_text(raw)
        year, month = self.year_month(text)
        if not 1 <= month <= 12:
            raise CellProblem("invalid-period", example="2026-11")
        return f"{year:04d}-{month:02d}"

    def year_month(self, text: str) -> tuple[int, int]:
        match = re.fullmatch(r"(\d{4})\s*[-/.年]\s*(\d{1,2})月?", text)
        if match:
            return int(match[1]), int(match[2])
        match = _MONTH_YEAR.fullmatch(text)
        if match and match["mon"].lower() in _MONTHS:
            return int(match["y"]), _MONTHS[match["mon"].lower()]
        match = _NUMERIC_MONTH_YEAR.fullmatch(text)
        if match:
            return int(match["y"]), int(match["m"])
        match = _ROC_MONTH.fullmatch(text) if self.roc else None
        if match:
            return int(match["y"]) + _ROC_OFFSET, int(match["m"])
        raise CellProblem("invalid-period", example="2026-11")


def _to_decimal(raw: object, code: str) -> Decimal:
    if isinstance(raw, bool):
        raise CellProblem(code)
    if isinstance(raw, float):
        # repr gives the shortest text that round-trips, so 0.1 stays 0.1.
        raw = repr(raw)
    text = raw if isinstance(raw, Decimal) else normalize_text(raw)
    if isinstance(text, str) and len(text) > 40:
        raise CellProblem(code)
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise CellProblem(code) from None
    # Finite and of a size an office deals in: 1e30 would make quantize() raise.
    if not value.is_finite() or value.adjusted() > 15:
        raise CellProblem(code)
    return value


def _check_range(value: Any, minimum: Any, maximum: Any) -> None:
    if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
        raise CellProblem(
            "out-of-range",
            minimum="" if minimum is None else minimum,
            maximum="" if maximum is None else maximum,
        )
