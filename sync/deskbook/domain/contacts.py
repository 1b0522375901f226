"""Whether an owner's contacts can be trusted: the number on file, and verified recently."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from deskbook.domain.service_rules import ServiceRules
from deskbook.model.records import OwnerRow, ReminderRow


class ContactState(NamedTuple):
    on_file: bool  # the number used is one of the unit's contacts
    verified_on: dt.date | None
    stale: bool  # never verified, or too long ago to trust


def contact_state(
    owner: OwnerRow | None, reminder: ReminderRow, rules: ServiceRules
) -> ContactState:
    """The state of the contact a fee reminder used, as of the reminder's date."""
    if owner is None:
        return ContactState(False, None, True)
    phones = {owner.phone_1, owner.phone_2, owner.phone_3} - {None}
    contact = reminder.contact_used
    on_file = contact is None or contact in phones
    verified: dt.date | None = owner.contacts_verified_on
    months = rules.owners.contact_stale_months
    return ContactState(on_file, verified, is_stale(verified, reminder.date, months))


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day n months later, or the month's last day when it has no such day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month + 1, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)


def is_stale(verified: dt.date | None, on: dt.date, months: int) -> bool:
    return verified is None or add_months(verified, months) < on
