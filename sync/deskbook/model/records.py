"""Typed records: one class per tab, a slot per column, read as attributes and checked by mypy.

The tab schema (schema/tabs.py) declares how each column is read from a cell; the classes here
declare what a usable row holds. schema/tabs.py checks on import that the two name the same
columns in the same order, so neither can drift from the other.

A required column is never None in a record: a row without it is held back by validation. A
choice column holds its code as text (a StrEnum member of model/choices.py equals its code; an
office may add codes of its own in deskbook.toml).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from decimal import Decimal
from typing import ClassVar

from deskbook.model.values import NotifyAddress, PhoneNumber


@dataclass(frozen=True, slots=True)
class Record:
    """One usable row: its sheet row number, then a value per declared column."""

    row: int
    tab: ClassVar[str] = ""
    columns: ClassVar[tuple[str, ...]] = ()

    @property
    def values(self) -> dict[str, object]:
        """Every column's value by key, in declared order."""
        return {key: getattr(self, key) for key in self.columns}


@dataclass(frozen=True, slots=True)
class StaffRow(Record):
    tab: ClassVar[str] = "staff"
    staff_id: str
    name: str
    role: str
    department: str | None
    hire_date: dt.date
    status: str
    left_date: dt.date | None
    culture_training: bool | None
    leave_from: dt.date | None
    leave_until: dt.date | None
    phone: PhoneNumber | None
    notify_to: NotifyAddress | None


@dataclass(frozen=True, slots=True)
class SessionRow(Record):
    tab: ClassVar[str] = "training_sessions"
    session_id: str
    category: str
    topic: str
    date: dt.date
    start_time: dt.time | None
    minutes: int
    trainer: str | None
    external: bool | None


@dataclass(frozen=True, slots=True)
class AttendanceRow(Record):
    tab: ClassVar[str] = "training_attendance"
    session_id: str
    staff_id: str
    minutes: int
    machine_hours: Decimal | None
    theory_score: Decimal | None
    practical_score: Decimal | None
    discipline_score: Decimal | None
    attempt: int | None
    certificate: str | None


@dataclass(frozen=True, slots=True)
class PlanRow(Record):
    tab: ClassVar[str] = "training_plan"
    year: int
    category: str
    planned_month: str | None
    scope: str | None
    standard: str | None
    budget: Decimal | None
    submitted_on: dt.date | None
    approved_by: str | None
    approved_on: dt.date | None


@dataclass(frozen=True, slots=True)
class OwnerRow(Record):
    tab: ClassVar[str] = "owners"
    unit: str
    owner_name: str | None
    phone_1: PhoneNumber | None
    phone_2: PhoneNumber | None
    phone_3: PhoneNumber | None
    contacts_verified_on: dt.date | None
    handover_date: dt.date | None
    move_in_date: dt.date | None
    keys_held: bool | None
    occupancy: str | None
    renovation: str | None
    renovation_until: dt.date | None
    area_m2: Decimal | None
    id_number: str | None


@dataclass(frozen=True, slots=True)
class TicketRow(Record):
    tab: ClassVar[str] = "tickets"
    ticket_id: str
    received_at: dt.datetime
    unit: str | None
    kind: str
    urgency: str | None
    channel: str | None
    summary: str
    department: str | None
    status: str
    resolved_at: dt.datetime | None
    followup_at: dt.datetime | None
    followup_by: str | None
    satisfaction: str | None
    followup_note: str | None
    assignee: str | None  # a staff ID


@dataclass(frozen=True, slots=True)
class FeeRow(Record):
    tab: ClassVar[str] = "fees"
    unit: str
    period: str
    item: str
    amount_due: Decimal
    amount_paid: Decimal | None
    paid_on: dt.date | None
    receipt_no: str | None


@dataclass(frozen=True, slots=True)
class ReminderRow(Record):
    tab: ClassVar[str] = "fee_reminders"
    unit: str
    date: dt.date
    method: str
    contact_used: PhoneNumber | None
    staff_id: str | None
    outcome: str | None


@dataclass(frozen=True, slots=True)
class NoticeRow(Record):
    tab: ClassVar[str] = "announcements"
    notice_no: str
    title: str
    kind: str
    audience: str
    body: str
    issued_on: dt.date
    expires_on: dt.date | None
    issuer: str
    pinned: bool | None
    status: str


@dataclass(frozen=True, slots=True)
class DutyRow(Record):
    tab: ClassVar[str] = "responsibilities"
    no: int
    duty: str
    role: str | None
    sop: str | None


@dataclass(frozen=True, slots=True)
class AcknowledgementRow(Record):
    tab: ClassVar[str] = "sop_acknowledgements"
    staff_id: str
    sop: str
    version: str
    date: dt.date
    note: str | None


RECORD_CLASSES: dict[str, type[Record]] = {
    kind.tab: kind
    for kind in (
        StaffRow,
        SessionRow,
        AttendanceRow,
        PlanRow,
        OwnerRow,
        TicketRow,
        FeeRow,
        ReminderRow,
        NoticeRow,
        DutyRow,
        AcknowledgementRow,
    )
}
# The tabs in the order a workbook lists them.
TAB_KEYS: tuple[str, ...] = tuple(RECORD_CLASSES)

for _kind in RECORD_CLASSES.values():
    _kind.columns = tuple(f.name for f in fields(_kind) if f.name != "row")
