"""Each person told what they owe, at their own address: opt-in with [notify.personal].

A person's message is the 待辦 list of their page (TrainingSite.todos), so what they are told
and what their page shows never differ; it holds nothing about owners. The round for a day
(the run's --as-of day) goes with the first successful publish at or after `digest_at`, each
person at most once that day, remembered in status.json (`notify.personal`). People who left
or are on leave, and people who owe nothing, hear nothing. An address is personal and a
template may hold a secret: neither is logged nor recorded, only staff ids and outcomes.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from deskbook.config import Config
from deskbook.i18n import text
from deskbook.model.values import NotifyAddress
from deskbook.notify.messages import Message, page_url
from deskbook.notify.send import send_one
from deskbook.views.context import Views
from deskbook.views.people import STAFF_DIR
from deskbook.views.training import training_view

log = logging.getLogger(__name__)

# URL templates kept out of deskbook.toml (a CI secret, a systemd credential), by address kind.
ENV_TEMPLATES: Mapping[str, str] = {
    "email": "DESKBOOK_NOTIFY_PERSONAL_EMAIL",
    "wecom": "DESKBOOK_NOTIFY_PERSONAL_WECOM",
    "mobile": "DESKBOOK_NOTIFY_PERSONAL_MOBILE",
}


@dataclass(frozen=True)
class Reminder:
    staff_id: str
    address: NotifyAddress
    message: Message


def templates(config: Config) -> dict[str, str]:
    """The apprise URL template of each address kind the office set up, from the settings
    file or else the environment; a template without one {address} is never used."""
    personal = config.notify.personal
    found = {}
    for kind, variable in ENV_TEMPLATES.items():
        template = getattr(personal, kind) or os.environ.get(variable, "").strip()
        if template.count("{address}") == 1:
            found[kind] = template
        elif template:
            log.warning("notify personal: the %s template has no single {address}", kind)
    return found


def target_url(template: str, address: str) -> str:
    """The template with the person's address in it, quoted so that a + or an @ in it stays
    the address's own rather than becoming part of the URL's syntax."""
    return template.replace("{address}", quote(address, safe=""))


def day_of(config: Config, now: dt.datetime, as_of: dt.date | None) -> dt.date:
    return as_of or now.astimezone(config.zone).date()


def due(config: Config, now: dt.datetime, day: dt.date) -> bool:
    """Today's round waits for `digest_at`; another day's (--as-of) goes at once."""
    local = now.astimezone(config.zone)
    return day != local.date() or local.time() >= config.notify.digest_at


def owed(
    config: Config, memory: Mapping[str, Any], now: dt.datetime, as_of: dt.date | None
) -> bool:
    """Whether the day's round has not run yet, so a publish must read the data for it."""
    if not config.notify.personal.enabled or not templates(config):
        return False
    day = day_of(config, now, as_of)
    told = memory.get("personal") or {}
    return due(config, now, day) and told.get("on") != day.isoformat()


def reminders(office: str, views: Views, site_url: str) -> list[Reminder]:
    """One message for each person at work on the run's day who has an address and owes
    something, in the run's language (the office's)."""
    site = views.view(training_view)
    addresses = {r.staff_id: r.notify_to for r in views.dataset.records("staff") if r.notify_to}
    lang, as_of = views.lang, views.as_of
    found = []
    for staff in site.report.staff:
        person = staff.person
        address = addresses.get(person.staff_id)
        if address is None or person.has_left(as_of) or person.on_leave(as_of):
            continue
        todos = site.todos(staff)
        if not todos:
            continue
        title = text("notify.personal-title", lang, office=office, date=as_of.isoformat())
        lines = [text("notify.personal-intro", lang, name=person.name, count=len(todos))]
        lines += [
            text("notify.personal-line", lang, status=d.badge.label, todo=d.line) for d in todos
        ]
        url = page_url(site_url, f"{STAFF_DIR}/{site.by_id[person.staff_id].slug}.md")
        if url:
            lines.append(text("notify.personal-page", lang, url=url))
        message = Message("personal", title, "\n".join(lines))
        found.append(Reminder(person.staff_id, address, message))
    return found


def deliver(
    config: Config, views: Views, site_url: str, now: dt.datetime, memory: Mapping[str, Any]
) -> dict[str, Any] | None:
    """Send the day's reminders not yet sent; what status.json should remember of it, or None
    when nothing was due."""
    kinds = templates(config)
    day = views.as_of.isoformat()
    before = memory.get("personal") or {}
    if not kinds or not due(config, now, views.as_of):
        return None
    told: list[str] = list(before.get("told") or []) if before.get("on") == day else []
    failed: list[str] = []
    sent = 0
    for reminder in reminders(config.office.name, views, site_url):
        if reminder.staff_id in told:
            continue
        template = kinds.get(reminder.address.kind)
        if template is None:
            log.info("notify personal %s: no %s template", reminder.staff_id, reminder.address.kind)
            continue
        url = target_url(template, reminder.address)
        message = reminder.message
        # Told at most once a day, delivered or not: a failure is shown, never repeated.
        told.append(reminder.staff_id)
        if send_one(reminder.staff_id, url, message.title, message.body).ok:
            sent += 1
        else:
            failed.append(reminder.staff_id)
    last = {"at": now.isoformat(), "sent": sent, "failed": failed}
    return {"on": day, "told": told, "last": last if sent or failed else before.get("last")}
