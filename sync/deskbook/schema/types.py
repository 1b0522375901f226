"""Cell types: turn what a clerk typed into a typed value, or say why not."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, ClassVar

from deskbook.model.cells import ERROR_VALUES, ErrorValue, Percent, Uncomputed
from deskbook.model.values import PhoneNumber
from deskbook.schema.units import DEFAULT_SCHEMES, SCHEMES, NoReading, read_unit

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
        """Parameters the issue messages may quote (expected format and so on)."""
        return {}

    def verbatim(self) -> int:
        """Up to how many characters printable ASCII text with no outer spaces reads as itself
        in this type (0: none does), so a column of distinct ids or notes can skip the parser."""
        return 0


@dataclass(frozen=True)
class Text(CellType):
    name: ClassVar[str] = "text"
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
    """Yuan with two decimals; accepts ¥, 元 and thousands separators."""

    name: ClassVar[str] = "money"
    allow_negative: bool = False

    def parse(self, raw: object) -> Decimal:
        if isinstance(raw, str):
            text = normalize_text(raw)
            text = re.sub(r"^(RMB|CNY|¥|￥)\s*", "", text, flags=re.IGNORECASE)
            text = re.sub(r"\s*元$", "", text)
            if re.fullmatch(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?", text):
                text = text.replace(",", "")
            raw = text
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


_DATE_PATTERNS = (
    re.compile(r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"),
    re.compile(r"(?P<y>\d{4})/(?P<m>\d{1,2})/(?P<d>\d{1,2})"),
    re.compile(r"(?P<y>\d{4})\.(?P<m>\d{1,2})\.(?P<d>\d{1,2})"),
    re.compile(r"(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})[日號号]?"),
    re.compile(r"(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})"),
)
_TIME_PATTERN = re.compile(r"(?P<h>\d{1,2})[:：時时點点](?P<mi>\d{2})(?:[:：](?P<s>\d{2}))?分?")


_SERIAL_1990 = 32874
_SERIAL_2100 = 73051


def _excel_serial_date(serial: float) -> dt.date:
    if not math.isfinite(serial) or not 1 <= serial < 2958466:
        raise CellProblem("invalid-date")
    return _EXCEL_EPOCH + dt.timedelta(days=int(serial))


def _parse_date_text(text: str) -> dt.date:
    for pattern in _DATE_PATTERNS:
        match = pattern.fullmatch(text)
        if match:
            year, month, day = int(match["y"]), int(match["m"]), int(match["d"])
            try:
                return dt.date(year, month, day)
            except ValueError:
                # A real month and the format right: the day itself does not exist (11-31).
                code = "no-such-day" if 1 <= month <= 12 and year >= 1 else "invalid-date"
                raise CellProblem(code) from None
    if re.fullmatch(r"\d{5}(\.0+)?", text):
        return _excel_serial_date(float(text))
    raise CellProblem("invalid-date")


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

    def plausible(self, value: dt.date, as_of: dt.date) -> None:
        self.span.check(value, as_of, value.isoformat())

    def parse(self, raw: object) -> dt.date:
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
        return _parse_date_text(normalize_text(raw))


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
        try:
            return dt.time(int(match["h"]), int(match["mi"]), int(match["s"] or 0))
        except ValueError:
            raise CellProblem("invalid-time") from None


@dataclass(frozen=True)
class DateTime(CellType):
    """A local wall-clock moment; the schema layer attaches the office's timezone."""

    name: ClassVar[str] = "datetime"
    span: Span = DONE

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
            day = _excel_serial_date(float(int(raw)))
            seconds = round((float(raw) - int(raw)) * 86400)
            try:
                return dt.datetime.combine(day, dt.time(0)) + dt.timedelta(seconds=seconds)
            except OverflowError:  # the last second of 9999-12-31, rounded up
                raise CellProblem("invalid-datetime") from None
        text = normalize_text(raw)
        match = re.fullmatch(
            r"(?P<date>.+?)(?:[ T]+|(?<=[日號号]))(?P<time>\d{1,2}[:：時时點点].*)", text
        )
        try:
            if match:
                day = _parse_date_text(match["date"].strip())
                clock = Time().parse(match["time"].strip())
                return dt.datetime.combine(day, clock)
            return dt.datetime.combine(_parse_date_text(text), dt.time(0))
        except CellProblem as problem:
            if problem.code == "no-such-day":
                raise
            raise CellProblem("invalid-datetime") from None


_TRUE = {"是", "y", "yes", "true", "t", "1", "√", "✓", "有"}
_FALSE = {"否", "n", "no", "false", "f", "0", "×", "✗", "無", "无", "沒有", "没有"}


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

    def parse(self, raw: object) -> str:
        try:
            return read_unit(normalize_text(raw), self.schemes)
        except NoReading as no:
            if no.readings:
                raise CellProblem("ambiguous-unit", readings=_listed(no.readings)) from None
            raise CellProblem("invalid-unit", patterns=self.patterns()) from None

    def patterns(self) -> str:
        """The declared schemes as examples: 3-2-1201 (3棟2單元1201), S-101 (商鋪 S-101)."""
        return "; ".join(
            f"{SCHEMES[s].example} ({', '.join(SCHEMES[s].also)})" for s in self.schemes
        )


def _listed(readings: dict[str, str]) -> str:
    return "; ".join(f"{code} ({scheme})" for scheme, code in readings.items())


_EXTENSION = re.compile(
    r"(?P<number>.+?)\s*[,;，；]?\s*(?:转|轉|分機|分机|內線|内线|ext\.?|x)\s*(?P<ext>\d{1,6})",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Phone(CellType):
    """A mainland mobile (11 digits from 1), a landline with area code or a 400/800 service
    line, each perhaps with an extension (0755-2688 0000 转 801)."""

    name: ClassVar[str] = "phone"

    def parse(self, raw: object) -> PhoneNumber:
        text = normalize_text(raw)
        extension = None
        match = _EXTENSION.fullmatch(text)
        if match:
            text, extension = match["number"], match["ext"]
        digits = re.sub(r"[\s\-()+.·/—–]", "", text)
        if digits.startswith("86") and len(digits) == 13:
            digits = digits[2:]
        if extension is None and re.fullmatch(r"1[3-9]\d{9}", digits):
            return PhoneNumber(digits)
        if re.fullmatch(r"0\d{2,3}\d{7,8}|[48]00\d{7}", digits):
            return PhoneNumber(digits, extension)
        raise CellProblem("invalid-phone", digits=len(re.sub(r"\D", "", digits)))


_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


@dataclass(frozen=True)
class IdNumber(CellType):
    """An 18-character resident ID with a valid check character."""

    name: ClassVar[str] = "id_number"

    def parse(self, raw: object) -> str:
        text = normalize_text(raw).upper()
        if not re.fullmatch(r"\d{17}[\dX]", text):
            raise CellProblem("invalid-id-number", length=len(text))
        total = sum(int(d) * w for d, w in zip(text[:17], _ID_WEIGHTS, strict=True))
        if _ID_CHECK[total % 11] != text[17]:
            raise CellProblem("invalid-id-number", length=len(text))
        return text


@dataclass(frozen=True)
class Period(CellType):
    """A billing month, YYYY-MM."""

    name: ClassVar[str] = "period"
    span: Span = PLANNED

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
        match = re.fullmatch(r"(\d{4})\s*[-/.年]\s*(\d{1,2})月?", text)
        if not match or not 1 <= int(match[2]) <= 12:
            raise CellProblem("invalid-period", example="2026-11")
        return f"{int(match[1]):04d}-{int(match[2]):02d}"


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
