"""Checks that span columns or tabs, declared as data."""

from __future__ import annotations

from deskbook.domain.tickets import CLOSED

# (tab, column, target tab, target column); target "sop" means an SOP page code in the site.
REFERENCES: tuple[tuple[str, str, str, str], ...] = (
    ("training_attendance", "session_id", "training_sessions", "session_id"),
    ("training_attendance", "staff_id", "staff", "staff_id"),
    ("tickets", "unit", "owners", "unit"),
    ("tickets", "assignee", "staff", "staff_id"),
    ("fees", "unit", "owners", "unit"),
    ("fee_reminders", "unit", "owners", "unit"),
    ("fee_reminders", "staff_id", "staff", "staff_id"),
    ("responsibilities", "sop", "sop", "code"),
    ("sop_acknowledgements", "staff_id", "staff", "staff_id"),
    ("sop_acknowledgements", "sop", "sop", "code"),
)

# Staff columns headed by a role (負責人) rather than an ID (員工編號), where clerks write the
# person's name: a name held by exactly one staff member is read as their ID, with a warning
# that asks for the ID (a namesake joining later would make it ambiguous), and the row is kept.
BY_NAME: frozenset[tuple[str, str]] = frozenset({("tickets", "assignee")})

# (tab, column, other column, its values): the column must be filled when the other holds one
# of these values. A ticket marked done without its completion time would count as late for ever.
REQUIRED_WHEN: tuple[tuple[str, str, str, frozenset[str]], ...] = (
    ("tickets", "resolved_at", "status", CLOSED),
)

# (tab, earlier column, later column): the later one may not come before the earlier one.
DATE_ORDER: tuple[tuple[str, str, str], ...] = (
    ("staff", "hire_date", "left_date"),
    ("staff", "leave_from", "leave_until"),
    ("tickets", "received_at", "resolved_at"),
    ("tickets", "received_at", "followup_at"),
    ("announcements", "issued_on", "expires_on"),
    ("training_plan", "submitted_on", "approved_on"),
    ("owners", "handover_date", "move_in_date"),
)
