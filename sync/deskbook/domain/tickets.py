"""When a ticket exists, when it was done, and the follow-up call (回訪) it is owed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from deskbook.domain.service_rules import ServiceRules
from deskbook.model.choices import TicketStatus
from deskbook.model.records import TicketRow

CLOSED = frozenset({TicketStatus.RESOLVED, TicketStatus.CLOSED})


def received_by(record: TicketRow, moment: dt.datetime) -> bool:
    """A ticket received after `moment` does not exist yet, so an --as-of in the past is honest."""
    received: dt.datetime = record.received_at
    return received <= moment


def finished_at(record: TicketRow, moment: dt.datetime) -> dt.datetime | None:
    """When the ticket was done, if it was done by `moment` and its time is known. The status
    decides: an open ticket's completion time is not yet true."""
    resolved: dt.datetime | None = record.resolved_at
    if record.status in CLOSED and resolved is not None and resolved <= moment:
        return resolved
    return None


def closed_by(record: TicketRow, moment: dt.datetime) -> bool:
    """Done by `moment`. A closed ticket with no completion time (warned about as
    required-when, or the column is missing) is done, at a time nobody recorded."""
    resolved: dt.datetime | None = record.resolved_at
    return record.status in CLOSED and (resolved is None or resolved <= moment)


@dataclass(frozen=True)
class FollowupOwed:
    resolved_on: dt.date
    due_on: dt.date
    missed: bool


def followup_owed(
    kind: str,
    finished: dt.datetime | None,
    followup_at: dt.datetime | None,
    rules: ServiceRules,
    moment: dt.datetime,
) -> FollowupOwed | None:
    """The 回訪 a ticket finished at `finished` is still owed at `moment`, if any."""
    if kind not in rules.followup.kinds or finished is None:
        return None
    if followup_at is not None and followup_at <= moment:
        return None
    resolved = finished.date()
    due = resolved + dt.timedelta(days=rules.followup.days)
    return FollowupOwed(resolved, due, missed=moment.date() > due)
