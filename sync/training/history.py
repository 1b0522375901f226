"""The staff and training tabs read into people and what each of them attended, as of a day."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from deskbook.dataset import Dataset, Record

SCORE_COLUMNS = {
    "theory": "theory_score",
    "practical": "practical_score",
    "discipline": "discipline_score",
}


@dataclass(frozen=True)
class Person:
    staff_id: str
    name: str
    role: str
    department: str | None
    hire_date: dt.date
    status: str
    left_date: dt.date | None
    culture_training: bool

    def has_left(self, as_of: dt.date) -> bool:
        return self.status == "left" or (self.left_date is not None and self.left_date < as_of)

    def employed_through(self, first: dt.date, last: dt.date) -> bool:
        """Hired on or before `first` and not gone before `last`."""
        return self.hire_date <= first and (self.left_date is None or self.left_date >= last)


@dataclass(frozen=True)
class Session:
    session_id: str
    category: str
    topic: str
    date: dt.date
    minutes: int
    external: bool
    row: int


@dataclass(frozen=True)
class Sitting:
    """One exam attempt as the clerk recorded it; a component left blank is None."""

    attempt: int
    scores: dict[str, Decimal | None]


@dataclass(frozen=True)
class Attendance:
    """One person at one session: every row they have for it, folded into one."""

    session: Session
    minutes: int
    machine_hours: Decimal
    certificate: str | None
    sittings: tuple[Sitting, ...]


@dataclass(frozen=True)
class History:
    people: list[Person]
    sessions: dict[str, Session]
    attended: dict[str, list[Attendance]]  # by staff_id, oldest first
    # The earliest session on record: periods that began before it cannot be judged.
    records_from: dt.date | None


def _person(r: Record) -> Person:
    return Person(
        staff_id=r["staff_id"],
        name=r["name"],
        role=r["role"],
        department=r["department"],
        hire_date=r["hire_date"],
        status=r["status"],
        left_date=r["left_date"],
        culture_training=bool(r["culture_training"]),
    )


def _session(r: Record) -> Session:
    return Session(
        session_id=r["session_id"],
        category=r["category"],
        topic=r["topic"],
        date=r["date"],
        minutes=r["minutes"],
        external=bool(r["external"]),
        row=r.row,
    )


def _attendance(session: Session, rows: list[Record]) -> Attendance:
    sittings = []
    for r in rows:
        scores = {part: r[column] for part, column in SCORE_COLUMNS.items()}
        if any(v is not None for v in scores.values()):
            sittings.append(Sitting(r["attempt"] or 1, scores))
    certificates = [r["certificate"] for r in rows if r["certificate"]]
    return Attendance(
        session=session,
        # A retake is logged as its own row with 0 minutes: the first row carries the time.
        minutes=max(r["minutes"] for r in rows),
        machine_hours=sum((r["machine_hours"] or Decimal(0) for r in rows), Decimal(0)),
        certificate=certificates[0] if certificates else None,
        sittings=tuple(sorted(sittings, key=lambda s: s.attempt)),
    )


def read_history(dataset: Dataset, as_of: dt.date) -> History:
    """Everything on record up to `as_of`; later sessions and later hires do not exist yet."""
    sessions = {
        r["session_id"]: _session(r)
        for r in dataset.records("training_sessions")
        if r["date"] <= as_of
    }
    people = [_person(r) for r in dataset.records("staff") if r["hire_date"] <= as_of]
    rows: dict[tuple[str, str], list[Record]] = defaultdict(list)
    for r in dataset.records("training_attendance"):
        if r["session_id"] in sessions:
            rows[(r["staff_id"], r["session_id"])].append(r)
    attended: dict[str, list[Attendance]] = defaultdict(list)
    for (staff_id, session_id), group in rows.items():
        attended[staff_id].append(_attendance(sessions[session_id], group))
    for items in attended.values():
        items.sort(key=lambda a: (a.session.date, a.session.session_id))
    return History(
        people=people,
        sessions=sessions,
        attended=dict(attended),
        records_from=min((s.date for s in sessions.values()), default=None),
    )
