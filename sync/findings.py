"""Office rules across rows and tabs, checked as of a day; each finding is a warning on a cell."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from typing import Any

from deskbook.dataset import Dataset, Record
from deskbook.i18n import LANGUAGES, choice_label, localized
from deskbook.issues import Issue, quote_sheet
from deskbook.service_rules import ServiceRules
from deskbook.sources import column_letter
from deskbook.views.fees import contact_state
from deskbook.views.owners import RENOVATING


def _issue(dataset: Dataset, code: str, record: Record, column: str, **params: Any) -> Issue:
    tab = dataset.tabs[record.tab]
    index = tab.columns.get(column)
    return Issue.registry[code](
        tab=record.tab,
        sheet=tab.sheet or "",
        row=record.row,
        column=column,
        letter=None if index is None else column_letter(index),
        params=params,
    )


def office_checks(dataset: Dataset, rules: ServiceRules, as_of: dt.date) -> list[Issue]:
    return [
        *_followups(dataset, rules, as_of),
        *_vacant_renovating(dataset),
        *_reminder_contacts(dataset, rules),
        *_emergency_expiry(dataset),
        *_notice_numbers(dataset),
    ]


def _followups(dataset: Dataset, rules: ServiceRules, as_of: dt.date) -> list[Issue]:
    days = rules.followup.days
    found = []
    for r in dataset.records("tickets"):
        if r["followup_at"] is not None:
            continue
        if r["kind"] == "repair" and r["status"] in {"resolved", "closed"} and r["resolved_at"]:
            resolved = r["resolved_at"].date()
            if resolved + dt.timedelta(days=days) < as_of:
                found.append(_issue(dataset, "followup-missing", r, "followup_at",
                                    ticket=r["ticket_id"], resolved_on=resolved.isoformat(),
                                    days=days))
        elif r["kind"] == "complaint" and not r["followup_note"]:
            received = r["received_at"].date()
            if received + dt.timedelta(days=days) < as_of:
                found.append(_issue(dataset, "complaint-no-followup", r, "followup_at",
                                    ticket=r["ticket_id"], received_on=received.isoformat(),
                                    days=days))
    return found


def _vacant_renovating(dataset: Dataset) -> list[Issue]:
    return [
        _issue(dataset, "vacant-renovating", r, "renovation", unit=r["unit"],
               renovation={lang: choice_label("renovation", r["renovation"], lang)
                           for lang in LANGUAGES})
        for r in dataset.records("owners")
        if r["occupancy"] == "vacant" and r["renovation"] in RENOVATING - {"applied"}
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
        found.append(_issue(dataset, "reminder-unverified-contact", r, "contact_used",
                            unit=r["unit"], date=r["date"].isoformat(), reason=reason))
    return found


def _emergency_expiry(dataset: Dataset) -> list[Issue]:
    return [
        _issue(dataset, "emergency-no-expiry", r, "expires_on", notice=r["notice_no"])
        for r in dataset.records("announcements")
        if r["kind"] == "emergency" and r["expires_on"] is None and r["status"] != "withdrawn"
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
            found.append(_issue(dataset, "notice-number-duplicate", r, "notice_no",
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
                missing = "、".join(f"{prefix}{n:0{width}d}" for n in range(low + 1, high))
                found.append(_issue(dataset, "notice-number-gap", numbers[high], "notice_no",
                                    notice=numbers[high]["notice_no"], missing=missing))
    return found
