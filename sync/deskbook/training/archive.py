"""SOP 4.13: training plans and records are kept 3 years. Older ones are flagged, never deleted."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from deskbook.model.dataset import Dataset
from deskbook.training.periods import years_before


@dataclass(frozen=True)
class ArchivedSession:
    session_id: str
    date: dt.date
    topic: str
    attendance_rows: int


@dataclass(frozen=True)
class ArchivedPlan:
    year: int
    category: str


@dataclass(frozen=True)
class ArchiveDue:
    cutoff: dt.date  # records dated before this day have been kept long enough
    sessions: tuple[ArchivedSession, ...]
    plans: tuple[ArchivedPlan, ...]

    @property
    def attendance_rows(self) -> int:
        return sum(s.attendance_rows for s in self.sessions)


def archive_due(dataset: Dataset, retention_years: int, as_of: dt.date) -> ArchiveDue:
    cutoff = years_before(as_of, retention_years)
    old = {r.session_id: r for r in dataset.records("training_sessions") if r.date < cutoff}
    rows = dict.fromkeys(old, 0)
    for r in dataset.records("training_attendance"):
        if r.session_id in rows:
            rows[r.session_id] += 1
    sessions = tuple(
        ArchivedSession(sid, r.date, r.topic, rows[sid])
        for sid, r in sorted(old.items(), key=lambda kv: (kv[1].date, kv[0]))
    )
    # A year's plan is a record of that whole year: its keeping starts on 31 December.
    plans = tuple(
        ArchivedPlan(r.year, r.category)
        for r in sorted(dataset.records("training_plan"), key=lambda r: (r.year, r.row))
        if dt.date(r.year, 12, 31) < cutoff
    )
    return ArchiveDue(cutoff, sessions, plans)
