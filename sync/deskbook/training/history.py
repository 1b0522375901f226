"""The staff and training tabs read into people and what each of them attended, as of a day."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from deskbook.model.choices import StaffStatus, TrainingCategory
from deskbook.model.dataset import Dataset
from deskbook.model.records import AttendanceRow, SessionRow, StaffRow

# One person's rows for one session: records of the attendance tab. A retake is its own row
# (attempt 2, usually 0 minutes) under the same session.
Rows = list[AttendanceRow]


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
    # The day the workbook was read: its status column says how things stand then, and
    # nothing about earlier days.
    status_seen: dt.date
    # Leave with dates (both days on leave); without leave_until the leave is open-ended.
    leave_from: dt.date | None = None
    leave_until: dt.date | None = None

    def has_left(self, as_of: dt.date) -> bool:
        """Gone by `as_of`. The left date is the last day worked, so on it they still count
        as employed, as a period ending that day counts for them; only with no date recorded
        does the status column decide."""
        if self.left_date is not None:
            return self.left_date < as_of
        return self.status == StaffStatus.LEFT

    def on_leave(self, as_of: dt.date) -> bool:
        """On leave on `as_of`. With leave dates they decide, for any day past or future.
        Without them only the status column speaks, and a leave marked today says nothing
        about a day before the sync: for an earlier `as_of` the person was at work."""
        if self.leave_from is not None:
            return self.leave_from <= as_of and (
                self.leave_until is None or as_of <= self.leave_until
            )
        return self.status == StaffStatus.LEAVE and as_of >= self.status_seen

    def leave_days(self, first: dt.date, last: dt.date) -> int:
        """Days of dated leave between `first` and `last`, both included."""
        if self.leave_from is None:
            return 0
        start = max(first, self.leave_from)
        end = min(last, self.leave_until or last)
        return max((end - start).days + 1, 0)

    def employment(self, as_of: dt.date) -> str:
        """The staff status on `as_of` (a staff_status code), not on the day of the sync."""
        if self.has_left(as_of):
            return StaffStatus.LEFT
        if self.on_leave(as_of):
            return StaffStatus.LEAVE
        return StaffStatus.ACTIVE

    def employed_through(self, first: dt.date, last: dt.date) -> bool:
        """Hired on or before `first`, not gone before `last`, and at work for at least half
        of it: a month with three weeks of leave is not one a monthly session was owed in."""
        if self.hire_date > first or (self.left_date is not None and self.left_date < last):
            return False
        return self.leave_days(first, last) * 2 <= (last - first).days + 1


@dataclass(frozen=True)
class Session:
    session_id: str
    category: str
    topic: str
    date: dt.date
    external: bool


@dataclass(frozen=True)
class History:
    people: list[Person]
    sessions: dict[str, Session]  # oldest first
    attended: dict[str, dict[str, Rows]]  # staff_id -> session_id -> that person's rows
    # The earliest session on record: periods that began before it cannot be judged.
    records_from: dt.date | None
    # The earliest onboarding session on record: people hired before it cannot show theirs.
    onboarding_records_from: dt.date | None = None


def _person(r: StaffRow, status_seen: dt.date) -> Person:
    return Person(
        staff_id=r.staff_id,
        name=r.name,
        role=r.role,
        department=r.department,
        hire_date=r.hire_date,
        status=r.status,
        left_date=r.left_date,
        culture_training=bool(r.culture_training),
        status_seen=status_seen,
        leave_from=r.leave_from,
        leave_until=r.leave_until,
    )


def _session(r: SessionRow) -> Session:
    return Session(
        session_id=r.session_id,
        category=r.category,
        topic=r.topic,
        date=r.date,
        external=bool(r.external),
    )


def on_record(staff: StaffRow, as_of: dt.date) -> bool:
    """Hired by `as_of`: a later hire does not exist yet, and has no page."""
    return staff.hire_date <= as_of


def read_history(
    dataset: Dataset, as_of: dt.date, onboarding: str = TrainingCategory.ONBOARDING
) -> History:
    """Everything on record up to `as_of`; later sessions and later hires do not exist yet."""
    held = sorted(
        (_session(r) for r in dataset.records("training_sessions") if r.date <= as_of),
        key=lambda s: (s.date, s.session_id),
    )
    sessions = {s.session_id: s for s in held}
    synced_on = dataset.synced_at.date()
    people = [_person(r, synced_on) for r in dataset.records("staff") if on_record(r, as_of)]
    attended: dict[str, dict[str, Rows]] = defaultdict(lambda: defaultdict(list))
    # This loop sees every attendance row, hundreds of thousands of them: attributes only.
    for record in dataset.records("training_attendance"):
        if record.session_id in sessions:
            attended[record.staff_id][record.session_id].append(record)
    return History(
        people=people,
        sessions=sessions,
        attended=attended,
        records_from=held[0].date if held else None,
        onboarding_records_from=next((s.date for s in held if s.category == onboarding), None),
    )
