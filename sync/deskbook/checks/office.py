"""Office rules across rows and tabs, checked as of a day; each finding is a warning on a cell."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from typing import Any

from deskbook.checks.issues import Issue, quote_sheet
from deskbook.dataset import Dataset, Record
from deskbook.domain.service_rules import ServiceRules
from deskbook.i18n import LANGUAGES, choice_label, localized
from deskbook.schema.choices import (
    NoticeKind,
    NoticeStatus,
    Occupancy,
    RenovationStatus,
    TicketKind,
)
from deskbook.sources import column_letter
from deskbook.views.fees import contact_state
from deskbook.views.owners import RENOVATING
from deskbook.views.service_desk import service_desk


def _issue(dataset: Dataset, code: str, tab: str, row: int, column: str, **params: Any) -> Issue:
    data = dataset.tabs[tab]
    index = data.columns.get(column)
    return Issue.registry[code](
        tab=tab,
        sheet=data.sheet or "",
        row=row,
        column=column,
        letter=None if index is None else column_letter(index),
        params=params,
    )


def office_checks(dataset: Dataset, rules: ServiceRules, moment: dt.datetime) -> list[Issue]:
    return [
        *_followups(dataset, rules, moment),
        *_vacant_renovating(dataset),
        *_reminder_contacts(dataset, rules),
        *_emergency_expiry(dataset),
        *_notice_numbers(dataset),
    ]


def _followups(dataset: Dataset, rules: ServiceRules, moment: dt.datetime) -> list[Issue]:
    """The service desk's own reading of who is owed a 回訪, so page and warnings agree."""
    desk = service_desk(dataset, rules, moment)
    days = rules.followup.days
    found = [
        _issue(dataset, "followup-missing", "tickets", f.ticket.row, "followup_at",
               ticket=f.ticket.ticket_id, days=days,
               resolved_on=f.resolved_on.isoformat(),
               kind={lang: choice_label("ticket_kind", f.ticket.kind, lang)
                     for lang in LANGUAGES})
        for f in desk.followups
        if f.missed and f.ticket.kind != TicketKind.COMPLAINT
    ]
    # A complaint is owed a follow-up whether or not it is closed yet.
    found += [
        _issue(dataset, "complaint-no-followup", "tickets", t.row, "followup_at",
               ticket=t.ticket_id, received_on=t.received_at.date().isoformat(), days=days)
        for t in desk.complaints
        if t.followup_at is None and not t.followup_note
        and t.received_at.date() + dt.timedelta(days=days) < moment.date()
    ]
    return found


def _vacant_renovating(dataset: Dataset) -> list[Issue]:
    return [
        _issue(dataset, "vacant-renovating", r.tab, r.row, "renovation", unit=r["unit"],
               renovation={lang: choice_label("renovation", r["renovation"], lang)
                           for lang in LANGUAGES})
        for r in dataset.records("owners")
        if r["occupancy"] == Occupancy.VACANT
        and r["renovation"] in RENOVATING - {RenovationStatus.APPLIED}
    ]


def _reminder_contacts(dataset: Dataset, rules: ServiceRules) -> list[Issue]:
    owners = {o["unit"]: o for o in dataset.records("owners")}
    months = rules.owners.contact_stale_months
    found = []
    for r in dataset.records("fee_reminders"):
        owner = owners.get(r["unit"])
        if owner is None:
            continue
        on_file, verified, stale = contact_state(owner, r, rules)
        if not on_file:
            reason = localized("hints.contact-not-on-file")
        elif stale:
            reason = localized("hints.contact-stale", months=months,
                               verified=verified.isoformat() if verified else "-")
        else:
            continue
        found.append(_issue(dataset, "reminder-unverified-contact", r.tab, r.row, "contact_used",
                            unit=r["unit"], date=r["date"].isoformat(), reason=reason))
    return found


def _emergency_expiry(dataset: Dataset) -> list[Issue]:
    return [
        _issue(dataset, "emergency-no-expiry", r.tab, r.row, "expires_on",
               notice=r["notice_no"])
        for r in dataset.records("announcements")
        if r["kind"] == NoticeKind.EMERGENCY and r["expires_on"] is None
        and r["status"] != NoticeStatus.WITHDRAWN
    ]


_NUMBERED = re.compile(r"(?P<prefix>.*?)(?P<number>\d+)")


def _notice_numbers(dataset: Dataset) -> list[Issue]:
    """Numbers run on per prefix (KF-2026-001, KF-2026-002...): report skips and reuses."""
    tab = dataset.tabs["announcements"]
    series: dict[str, dict[int, Record]] = {}
    found = []
    for r in sorted(dataset.records("announcements"), key=lambda r: r.row):
        match = _NUMBERED.fullmatch(r["notice_no"])
        if not match:
            continue
        numbers = series.setdefault(match["prefix"], {})
        number = int(match["number"])
        if number in numbers:
            first = numbers[number]
            letter = column_letter(tab.columns.get("notice_no", 0))
            found.append(_issue(dataset, "notice-number-duplicate", r.tab, r.row, "notice_no",
                                notice=r["notice_no"], other=first["notice_no"],
                                first=f"{quote_sheet(tab.sheet or '')}!{letter}{first.row}"))
        else:
            numbers[number] = r
    rejected = tab.rejected_keys.get("notice_no", set())
    for prefix, numbers in series.items():
        width = len(_NUMBERED.fullmatch(next(iter(numbers.values()))["notice_no"])["number"])
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
                found.append(_issue(dataset, "notice-number-gap", "announcements",
                                    numbers[high].row, "notice_no",
                                    notice=numbers[high]["notice_no"], missing=missing))
    return found
