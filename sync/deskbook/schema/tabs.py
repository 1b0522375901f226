"""The tabs: their columns, types and keys, declared once."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from deskbook.i18n import choice_lookup
from deskbook.model.choices import codes
from deskbook.model.records import RECORD_CLASSES, Record
from deskbook.schema.types import (
    DEADLINE,
    DONE,
    PLANNED,
    Boolean,
    CellType,
    Choice,
    Code,
    Date,
    DateTime,
    IdNumber,
    Integer,
    LongText,
    Money,
    NotifyTo,
    Number,
    Period,
    Phone,
    Text,
    Time,
    UnitCode,
)


@dataclass(frozen=True)
class Column:
    key: str
    type: CellType
    required: bool = False
    # Masked in every message.
    personal: bool = False


@dataclass(frozen=True)
class Tab:
    key: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...] = ()
    # An office always has rows here: a tab with none was cleared by mistake, and the sync
    # is held back rather than publish a handbook without them.
    required: bool = False
    # A workbook without an optional tab still works: its absence is a note, not an error.
    optional: bool = False

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)


def choice(enum: str) -> Choice:
    return Choice(enum=enum, lookup=choice_lookup(enum), choices=codes(enum))


STAFF_ID = Code(max_length=20, pattern=r"[A-Za-z0-9][A-Za-z0-9_-]*", example="S001")
SCORE = Number(minimum=Decimal(0), maximum=Decimal(100))

TABS: tuple[Tab, ...] = (
    Tab(
        "staff",
        (
            Column("staff_id", STAFF_ID, required=True),
            Column("name", Text(max_length=50), required=True),
            Column("role", Text(max_length=50), required=True),
            Column("department", Text(max_length=50)),
            Column("hire_date", Date(PLANNED), required=True),
            Column("status", choice("staff_status"), required=True),
            Column("left_date", Date(PLANNED)),
            Column("culture_training", Boolean()),
            # Leave with dates, so a past or future --as-of day knows who was away.
            Column("leave_from", Date(PLANNED)),
            Column("leave_until", Date(PLANNED)),
            # Shown as a tel: link on internal pages only; never on the owners' board.
            Column("phone", Phone(), personal=True),
            # Where the person's own reminders go ([notify.personal]); opt-in per person.
            Column("notify_to", NotifyTo(), personal=True),
        ),
        primary_key=("staff_id",),
        required=True,
    ),
    Tab(
        "training_sessions",
        (
            Column("session_id", STAFF_ID, required=True),
            Column("category", choice("training_category"), required=True),
            Column("topic", Text(max_length=200), required=True),
            Column("date", Date(PLANNED), required=True),
            Column("start_time", Time()),
            Column("minutes", Integer(minimum=1, maximum=24 * 60), required=True),
            Column("trainer", Text(max_length=50)),
            Column("external", Boolean()),
        ),
        primary_key=("session_id",),
    ),
    Tab(
        "training_attendance",
        (
            Column("session_id", STAFF_ID, required=True),
            Column("staff_id", STAFF_ID, required=True),
            Column("minutes", Integer(minimum=0, maximum=24 * 60), required=True),
            Column("machine_hours", Number(minimum=Decimal(0), maximum=Decimal(500))),
            Column("theory_score", SCORE),
            Column("practical_score", SCORE),
            Column("discipline_score", SCORE),
            Column("attempt", Integer(minimum=1, maximum=2)),
            Column("certificate", Text(max_length=100)),
        ),
        primary_key=("session_id", "staff_id", "attempt"),
    ),
    Tab(
        "training_plan",
        (
            Column("year", Integer(minimum=2000, maximum=2100), required=True),
            Column("category", choice("training_category"), required=True),
            Column("planned_month", Text(max_length=100)),
            Column("scope", Text(max_length=200)),
            Column("standard", Text(max_length=200)),
            Column("budget", Money()),
            Column("submitted_on", Date(DONE)),
            Column("approved_by", Text(max_length=50)),
            Column("approved_on", Date(DONE)),
        ),
        primary_key=("year", "category"),
    ),
    Tab(
        "owners",
        (
            Column("unit", UnitCode(), required=True),
            Column("owner_name", Text(max_length=50), personal=True),
            Column("phone_1", Phone(), personal=True),
            Column("phone_2", Phone(), personal=True),
            Column("phone_3", Phone(), personal=True),
            Column("contacts_verified_on", Date(DONE)),
            Column("handover_date", Date(PLANNED)),
            Column("move_in_date", Date(PLANNED)),
            Column("keys_held", Boolean()),
            Column("occupancy", choice("occupancy")),
            Column("renovation", choice("renovation")),
            Column("renovation_until", Date(DEADLINE)),
            Column("area_m2", Number(minimum=Decimal(1), maximum=Decimal(10000))),
            Column("id_number", IdNumber(), personal=True),
        ),
        primary_key=("unit",),
        required=True,
    ),
    Tab(
        "tickets",
        (
            Column("ticket_id", Code(max_length=30), required=True),
            Column("received_at", DateTime(DONE), required=True),
            Column("unit", UnitCode()),
            Column("kind", choice("ticket_kind"), required=True),
            Column("urgency", choice("urgency")),
            Column("channel", choice("ticket_channel")),
            Column("summary", Text(max_length=1000), required=True),
            Column("department", Text(max_length=50)),
            Column("status", choice("ticket_status"), required=True),
            Column("resolved_at", DateTime(DONE)),
            Column("followup_at", DateTime(DONE)),
            Column("followup_by", Text(max_length=50)),
            Column("satisfaction", choice("satisfaction")),
            Column("followup_note", Text(max_length=1000)),
            # A staff ID; a name held by exactly one person is read as their ID, with a
            # warning (schema/relations.py BY_NAME).
            Column("assignee", Text(max_length=50)),
        ),
        primary_key=("ticket_id",),
    ),
    Tab(
        "fees",
        (
            Column("unit", UnitCode(), required=True),
            Column("period", Period(PLANNED), required=True),
            Column("item", Text(max_length=30), required=True),
            Column("amount_due", Money(), required=True),
            Column("amount_paid", Money()),
            Column("paid_on", Date(DONE)),
            Column("receipt_no", Code(max_length=30)),
        ),
        primary_key=("unit", "period", "item"),
    ),
    Tab(
        "fee_reminders",
        (
            Column("unit", UnitCode(), required=True),
            Column("date", Date(DONE), required=True),
            Column("method", choice("reminder_method"), required=True),
            Column("contact_used", Phone(), personal=True),
            Column("staff_id", STAFF_ID),
            Column("outcome", Text(max_length=500)),
        ),
    ),
    Tab(
        "announcements",
        (
            Column("notice_no", Code(max_length=30), required=True),
            Column("title", Text(max_length=200), required=True),
            Column("kind", choice("notice_kind"), required=True),
            Column("audience", choice("audience"), required=True),
            Column("body", LongText(), required=True),
            Column("issued_on", Date(PLANNED), required=True),
            Column("expires_on", Date(DEADLINE)),
            Column("issuer", Text(max_length=100), required=True),
            Column("pinned", Boolean()),
            Column("status", choice("notice_status"), required=True),
        ),
        primary_key=("notice_no",),
    ),
    Tab(
        "responsibilities",
        (
            Column("no", Integer(minimum=1, maximum=999), required=True),
            Column("duty", Text(max_length=500), required=True),
            Column("role", Text(max_length=100)),
            Column("sop", Text(max_length=100)),
        ),
        primary_key=("no",),
        required=True,
    ),
    Tab(
        "sop_acknowledgements",
        (
            Column("staff_id", STAFF_ID, required=True),
            Column("sop", Text(max_length=100), required=True),
            Column("version", Text(max_length=20), required=True),
            Column("date", Date(DONE), required=True),
            Column("note", Text(max_length=200)),
        ),
        primary_key=("staff_id", "sop", "version"),
        optional=True,
    ),
)

TABS_BY_KEY: dict[str, Tab] = {tab.key: tab for tab in TABS}

# Columns whose values are personal: masked in every message, never shown unmasked by default.
PERSONAL_COLUMNS: dict[str, frozenset[str]] = {
    tab.key: frozenset(c.key for c in tab.columns if c.personal)
    for tab in TABS
    if any(c.personal for c in tab.columns)
}


def check_record_classes(tabs: Sequence[Tab], classes: Mapping[str, type[Record]]) -> None:
    """Each tab's record class (model/records.py) holds exactly its declared columns, in order."""
    if tuple(classes) != tuple(tab.key for tab in tabs):
        raise TypeError("model/records.py and schema/tabs.py list different tabs")
    for tab in tabs:
        declared = tuple(column.key for column in tab.columns)
        if classes[tab.key].columns != declared:
            raise TypeError(
                f"tab {tab.key!r}: its record class holds {classes[tab.key].columns},"
                f" its schema declares {declared}"
            )


check_record_classes(TABS, RECORD_CLASSES)
