"""Office rules across rows and tabs, checked as of a day; each finding is a warning on a cell."""

from __future__ import annotations

import datetime as dt
import itertools
import re

from deskbook.domain.contacts import contact_state
from deskbook.domain.renovation import WORKS_UNDER_WAY
from deskbook.domain.service_rules import ServiceRules
from deskbook.domain.tickets import finished_at, followup_owed, received_by
from deskbook.i18n import LANGUAGES, choice_label, localized
from deskbook.model.choices import NoticeKind, NoticeStatus, Occupancy, TicketKind
from deskbook.model.dataset import Dataset
from deskbook.model.issues import (
    ComplaintNoFollowup,
    EmergencyNoExpiry,
    FollowupMissing,
    Issue,
    Location,
    NoticeNumberDuplicate,
    NoticeNumberGap,
    PaidWithoutDate,
    ReminderUnverifiedContact,
    VacantRenovating,
)
from deskbook.model.records import NoticeRow


def office_checks(dataset: Dataset, rules: ServiceRules, moment: dt.datetime) -> list[Issue]:
    return [
        *_followups_missed(dataset, rules, moment),
        *_complaints_unanswered(dataset, rules, moment),
        *_vacant_renovating(dataset),
        *_reminder_contacts(dataset, rules),
        *_emergency_expiry(dataset),
        *_notice_numbers(dataset),
        *_paid_without_date(dataset),
    ]


def _followups_missed(dataset: Dataset, rules: ServiceRules, moment: dt.datetime) -> list[Issue]:
    """The service desk's reading of who is owed a 回訪 (domain.tickets), so both agree."""
    data = dataset.tabs["tickets"]
    found: list[Issue] = []
    kinds = rules.followup.kinds
    tickets = zip(
        dataset.records("tickets"), data.column("kind"), data.column("followup_at"), strict=True
    )
    for t, kind, followup_at in tickets:
        # Read by columns first: most tickets are owed nothing (followup_owed says None).
        if kind not in kinds or (followup_at is not None and followup_at <= moment):
            continue
        if not received_by(t, moment) or kind == TicketKind.COMPLAINT:
            continue
        owed = followup_owed(t.kind, finished_at(t, moment), t.followup_at, rules, moment)
        if owed is None or not owed.missed:
            continue
        kind = {lang: choice_label("ticket_kind", t.kind, lang) for lang in LANGUAGES}
        found.append(
            FollowupMissing.at(
                data,
                t.row,
                "followup_at",
                ticket=t.ticket_id,
                days=rules.followup.days,
                resolved_on=owed.resolved_on.isoformat(),
                kind=kind,
            )
        )
    return found


def _complaints_unanswered(
    dataset: Dataset, rules: ServiceRules, moment: dt.datetime
) -> list[Issue]:
    """A complaint is owed a follow-up whether or not it is closed yet."""
    data = dataset.tabs["tickets"]
    days = rules.followup.days
    return [
        ComplaintNoFollowup.at(
            data,
            t.row,
            "followup_at",
            ticket=t.ticket_id,
            received_on=t.received_at.date().isoformat(),
            days=days,
        )
        for t in dataset.records("tickets")
        if received_by(t, moment)
        and t.kind == TicketKind.COMPLAINT
        and t.followup_at is None
        and not t.followup_note
        and t.received_at.date() + dt.timedelta(days=days) < moment.date()
    ]


def _vacant_renovating(dataset: Dataset) -> list[Issue]:
    data = dataset.tabs["owners"]
    return [
        VacantRenovating.at(
            data,
            r.row,
            "renovation",
            unit=r.unit,
            renovation={lang: choice_label("renovation", r.renovation, lang) for lang in LANGUAGES},
        )
        for r in dataset.records("owners")
        if r.occupancy == Occupancy.VACANT and r.renovation in WORKS_UNDER_WAY
    ]


def _reminder_contacts(dataset: Dataset, rules: ServiceRules) -> list[Issue]:
    owners = {o.unit: o for o in dataset.records("owners")}
    months = rules.owners.contact_stale_months
    data = dataset.tabs["fee_reminders"]
    found: list[Issue] = []
    for r in dataset.records("fee_reminders"):
        owner = owners.get(r.unit)
        if owner is None:
            continue
        on_file, verified, stale = contact_state(owner, r, rules)
        if not on_file:
            reason = localized("hints.contact-not-on-file")
        elif stale:
            reason = localized(
                "hints.contact-stale",
                months=months,
                verified=verified.isoformat() if verified else "-",
            )
        else:
            continue
        found.append(
            ReminderUnverifiedContact.at(
                data,
                r.row,
                "contact_used",
                unit=r.unit,
                date=r.date.isoformat(),
                reason=reason,
            )
        )
    return found


def _emergency_expiry(dataset: Dataset) -> list[Issue]:
    data = dataset.tabs["announcements"]
    return [
        EmergencyNoExpiry.at(data, r.row, "expires_on", notice=r.notice_no)
        for r in dataset.records("announcements")
        if r.kind == NoticeKind.EMERGENCY
        and r.expires_on is None
        and r.status != NoticeStatus.WITHDRAWN
    ]


_NUMBERED = re.compile(r"(?P<prefix>.*?)(?P<number>\d+)")


def _notice_numbers(dataset: Dataset) -> list[Issue]:
    """Numbers run on per prefix (KF-2026-001, KF-2026-002...): report skips and reuses."""
    tab = dataset.tabs["announcements"]
    series: dict[str, dict[int, NoticeRow]] = {}
    widths: dict[str, int] = {}  # digits of each series' first number: 001 pads to three
    found: list[Issue] = []
    for r in sorted(dataset.records("announcements"), key=lambda r: r.row):
        match = _NUMBERED.fullmatch(r.notice_no)
        if not match:
            continue
        numbers = series.setdefault(match["prefix"], {})
        widths.setdefault(match["prefix"], len(match["number"]))
        number = int(match["number"])
        if number in numbers:
            first = numbers[number]
            found.append(
                NoticeNumberDuplicate.at(
                    tab,
                    r.row,
                    "notice_no",
                    notice=r.notice_no,
                    other=first.notice_no,
                    first=Location.of(tab, first.row, "notice_no").cell,
                )
            )
        else:
            numbers[number] = r
    rejected = tab.rejected_keys.get("notice_no", set())
    for prefix, numbers in series.items():
        width = widths[prefix]
        taken = set(numbers)
        for value in rejected:
            match = _NUMBERED.fullmatch(value)
            if match and match["prefix"] == prefix:
                taken.add(int(match["number"]))
        ordered = sorted(taken)
        for low, high in itertools.pairwise(ordered):
            if high - low > 1 and high in numbers:
                if high - low <= 6:
                    missing = "、".join(f"{prefix}{n:0{width}d}" for n in range(low + 1, high))
                else:
                    # A typo such as KF-2026-900000 must not make us spell out a million numbers.
                    missing = f"{prefix}{low + 1:0{width}d}…{prefix}{high - 1:0{width}d}"
                found.append(
                    NoticeNumberGap.at(
                        tab,
                        numbers[high].row,
                        "notice_no",
                        notice=numbers[high].notice_no,
                        missing=missing,
                    )
                )
    return found


def _paid_without_date(dataset: Dataset) -> list[Issue]:
    """An amount paid with no date it was paid: the payment counts, and someone should date
    it (arrears and receipts are looked up by that day)."""
    data = dataset.tabs["fees"]
    paid = zip(data.row_numbers(), data.column("amount_paid"), data.column("paid_on"), strict=True)
    return [
        PaidWithoutDate.at(data, row, "paid_on", paid=f"{amount:,.2f}")
        for row, amount, paid_on in paid
        if amount and paid_on is None
    ]
