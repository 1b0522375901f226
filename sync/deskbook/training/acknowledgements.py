"""Read-and-sign (閱讀確認): who owes an acknowledgement of an SOP's current version, and by when.

An SOP's front matter names the roles that must read it and the day its version took effect.
From that day everyone in those roles has `[sop] acknowledge_days` to record that they read
that version (a row of the acknowledgements tab). Someone hired later, or back from leave
later, gets the same number of days from their first day at work. A row for an older version
does not count: a new version is owed again.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from deskbook.i18n import fold
from deskbook.model.dataset import Dataset
from deskbook.model.records import AcknowledgementRow
from deskbook.model.sops import SopPage, version_key
from deskbook.training.compliance import Status
from deskbook.training.history import Person

if TYPE_CHECKING:
    from deskbook.training.exams import SessionResult


@dataclass(frozen=True)
class Acknowledgement:
    """One person and one SOP: where they stand with its current version."""

    sop: str
    staff_id: str
    status: Status  # done, pending, overdue or not_required (left, on leave, not yet in force)
    version: str
    due: dt.date | None  # None: the SOP gives no effective date, so no deadline runs
    acknowledged_on: dt.date | None
    previous: str | None  # the latest older version they confirmed, if any


@dataclass(frozen=True)
class SopStanding:
    """One SOP as of a day: its acknowledgements, and whether its review is past due."""

    sop: SopPage
    rows: tuple[Acknowledgement, ...]  # everyone in its audience still employed, by staff id
    in_force: bool  # its version's effective day has come (or none is given)
    review_overdue: bool
    unknown_roles: tuple[str, ...]  # audience roles no one in the staff tab holds

    def count(self, status: Status) -> int:
        return sum(r.status == status for r in self.rows)

    @property
    def owed(self) -> int:
        """Those who must confirm this version now: done, pending or overdue."""
        return sum(r.status != "not_required" for r in self.rows)

    @property
    def due(self) -> dt.date | None:
        dues = [r.due for r in self.rows if r.due is not None]
        return min(dues) if dues else None


@dataclass(frozen=True)
class Retraining:
    """A material change (front matter `retrain:`): the category's next session is owed."""

    sop: str
    category: str
    since: dt.date
    status: Status  # done: a qualifying session since; overdue: one was held and missed


def _signed(
    records: Iterable[AcknowledgementRow], as_of: dt.date
) -> dict[tuple[str, str], list[AcknowledgementRow]]:
    """(staff id, SOP code) -> their acknowledgement rows up to `as_of`, oldest first."""
    rows: dict[tuple[str, str], list[AcknowledgementRow]] = defaultdict(list)
    for r in sorted(records, key=lambda r: (r.date, r.row)):
        if r.date <= as_of:
            rows[r.staff_id, r.sop].append(r)
    return rows


def _window_start(person: Person, effective: dt.date) -> dt.date:
    """The day a person's days to read begin: the effective day, their hire date, or the day
    after a dated leave that covered the effective day."""
    start = max(effective, person.hire_date)
    back = person.leave_until
    if person.leave_from is not None and back is not None and person.leave_from <= start <= back:
        start = back + dt.timedelta(days=1)
    return start


def _one(
    sop: SopPage, person: Person, rows: list[AcknowledgementRow], as_of: dt.date, days: int
) -> Acknowledgement:
    current = version_key(sop.version)
    done = next((r for r in reversed(rows) if version_key(r.version) == current), None)
    older = next((r for r in reversed(rows) if version_key(r.version) != current), None)
    previous = str(older.version) if older is not None else None
    due = None
    if sop.effective is not None:
        due = _window_start(person, sop.effective) + dt.timedelta(days=days)
    status: Status
    if done is not None:
        status = "done"
    elif (sop.effective is not None and as_of < sop.effective) or person.on_leave(as_of):
        status = "not_required"
    elif due is not None and as_of > due:
        status = "overdue"
    else:
        status = "pending"
    return Acknowledgement(
        sop.code,
        person.staff_id,
        status,
        sop.version,
        due,
        done.date if done is not None else None,
        previous,
    )


def sop_standings(
    dataset: Dataset,
    sops: Mapping[str, SopPage],
    people: Iterable[Person],
    as_of: dt.date,
    days: int,
) -> tuple[SopStanding, ...]:
    staff = [p for p in people if not p.has_left(as_of)]
    roles = {fold(p.role) for p in staff}
    signed = _signed(dataset.records("sop_acknowledgements"), as_of)
    standings = []
    for code in sorted(sops):
        sop = sops[code]
        readers = [p for p in staff if sop.audience and sop.concerns(p.role)]
        rows = tuple(_one(sop, p, signed.get((p.staff_id, code), []), as_of, days) for p in readers)
        standings.append(
            SopStanding(
                sop=sop,
                rows=rows,
                in_force=sop.effective is None or sop.effective <= as_of,
                review_overdue=sop.next_review is not None and sop.next_review < as_of,
                unknown_roles=tuple(
                    r for r in sop.audience if not sop.for_everyone and fold(r) not in roles
                ),
            )
        )
    return tuple(standings)


def retraining(
    person: Person,
    sops: Iterable[SopPage],
    results: Mapping[str, tuple[SessionResult, ...]],
    held: Mapping[str, list[dt.date]],
    as_of: dt.date,
) -> tuple[Retraining, ...]:
    """`results`: the person's judged sessions by category; `held`: session dates by category."""
    owed = []
    for sop in sops:
        since = sop.effective
        if sop.retrain is None or since is None or since > as_of or not sop.concerns(person.role):
            continue
        if person.has_left(as_of) or person.hire_date > since:
            continue  # a later hire learns the new version in their first session anyway
        category = sop.retrain
        status: Status
        if any(r.qualifies and r.session.date >= since for r in results.get(category, ())):
            status = "done"
        elif person.on_leave(as_of):
            status = "not_required"
        elif any(day >= since for day in held.get(category, ())):
            status = "overdue"  # the next session was held and they were not qualified at it
        else:
            status = "pending"
        owed.append(Retraining(sop.code, category, since, status))
    return tuple(owed)
