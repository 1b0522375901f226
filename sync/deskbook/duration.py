"""Lengths of time as an office writes them in deskbook.toml or on the command line: 90s, 30m,
24h, 7d (or a plain number of seconds)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated

from pydantic import BeforeValidator

from deskbook.i18n import text

_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}
_FORM = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$", re.IGNORECASE)


def parse_duration(value: object) -> dt.timedelta:
    """A timedelta, or ValueError naming the forms accepted."""
    if isinstance(value, dt.timedelta):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool) and value > 0:
        return dt.timedelta(seconds=value)
    match = _FORM.match(value) if isinstance(value, str) else None
    if match is None or float(match[1]) <= 0:
        raise ValueError(f"{value!r} is not a length of time like 90s, 30m, 24h or 7d")
    unit = _UNITS[(match[2] or "s").lower()]
    return dt.timedelta(**{unit: float(match[1])})


def _validated(value: object) -> dt.timedelta:
    from deskbook.strict import invalid

    try:
        return parse_duration(value)
    except ValueError:
        raise invalid("not-duration", value=str(value)) from None


Duration = Annotated[dt.timedelta, BeforeValidator(_validated)]


def describe(length: dt.timedelta) -> str:
    """The short form back: 30m, 24h, 2d."""
    seconds = int(length.total_seconds())
    for suffix, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds % size == 0:
            return f"{seconds // size}{suffix}"
    return f"{seconds}s"


# The units a length is said in, largest first: (message key, seconds).
_SPOKEN = (("ui.ago-days", 86400), ("ui.ago-hours", 3600), ("ui.ago-minutes", 60))


def ago(length: dt.timedelta, lang: str) -> str:
    """How long ago, in words of `lang` and in its largest whole unit: 3 天前, 5 小時前."""
    seconds = max(0, int(length.total_seconds()))
    for key, size in _SPOKEN:
        if seconds >= size or size == 60:
            return text(key, lang, count=seconds // size)
    raise AssertionError("unreachable")
