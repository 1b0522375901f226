"""Calendar periods a requirement repeats over: ISO week, month, quarter, half year, year."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from typing import Literal

Recurring = Literal["week", "month", "quarter", "half_year", "year"]

_MONTHS = {"month": 1, "quarter": 3, "half_year": 6, "year": 12}


@dataclass(frozen=True, order=True)
class Period:
    first: dt.date
    last: dt.date
    kind: Recurring

    @property
    def label(self) -> str:
        """Language-neutral and sortable: 2026-W53, 2026-11, 2026-Q4, 2026-H2, 2026."""
        if self.kind == "week":
            year, week, _ = self.first.isocalendar()
            return f"{year}-W{week:02d}"
        if self.kind == "month":
            return f"{self.first:%Y-%m}"
        if self.kind == "quarter":
            return f"{self.first.year}-Q{(self.first.month - 1) // 3 + 1}"
        if self.kind == "half_year":
            return f"{self.first.year}-H{(self.first.month - 1) // 6 + 1}"
        return str(self.first.year)

    def previous(self) -> Period:
        return period_of(self.kind, self.first - dt.timedelta(days=1))

    def __contains__(self, day: dt.date) -> bool:
        return self.first <= day <= self.last


# Sessions fall on a few hundred distinct days, and every attendance asks for its period.
@functools.cache
def period_of(kind: Recurring, day: dt.date) -> Period:
    """The period of this kind that contains the day."""
    if kind == "week":
        first = day - dt.timedelta(days=day.weekday())
        return Period(first, first + dt.timedelta(days=6), kind)
    span = _MONTHS[kind]
    start_month = (day.month - 1) // span * span + 1
    first = dt.date(day.year, start_month, 1)
    end_month = start_month + span  # the month after the period, possibly 13
    after = dt.date(day.year + (end_month - 1) // 12, (end_month - 1) % 12 + 1, 1)
    return Period(first, after - dt.timedelta(days=1), kind)


def years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a common year: the 28th is "that day" to an office
        return day.replace(year=day.year - years, day=28)
