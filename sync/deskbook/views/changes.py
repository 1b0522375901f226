"""本次更新 / What changed: this publish against the previous publish of the same output.

Staff read it on a phone at the start of a shift, so it is short and grouped: each group says
how many, shows at most SHOWN of them and counts the rest. It is made from the compact summary
the publish log keeps (state/publishes.py), never from snapshots, so it still works after they
are pruned; the summary holds no owner's name, phone or ID number, so neither can the page.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from deskbook.domain.tickets import closed_by, received_by
from deskbook.i18n import tab_label, text
from deskbook.model.choices import TicketStatus
from deskbook.model.issues import Severity
from deskbook.model.pages import PageContext, PageSpec
from deskbook.schema.tabs import TABS_BY_KEY
from deskbook.state.publishes import KEEP
from deskbook.views.announcements import announcements_view
from deskbook.views.service_desk import desk_view
from deskbook.views.training import training_view

if TYPE_CHECKING:
    from deskbook.state.publishes import Published
    from deskbook.views.context import Views

SHOWN = 10  # items a group lists; the rest are counted

OPEN, OVERDUE, CLOSED = "open", "overdue", "closed"


def summary(views: Views) -> dict[str, Any]:
    """What the next publish compares with: ids and states, nothing personal."""
    desk = views.view(desk_view)
    overdue = {b.ticket.ticket_id for b in desk.breaches if b.still_open}
    tickets: dict[str, str] = {}
    for record in views.dataset.records("tickets"):
        if not received_by(record, views.moment):
            continue
        ticket_id = record.ticket_id
        if ticket_id in overdue:
            tickets[ticket_id] = OVERDUE
        elif closed_by(record, views.moment) or record.status == TicketStatus.CANCELLED:
            tickets[ticket_id] = CLOSED
        else:
            tickets[ticket_id] = OPEN
    training = {
        staff.person.staff_id: {
            "name": staff.person.name,
            "status": {c.category: c.status for c in staff.categories},
        }
        for staff in views.view(training_view).report.staff
    }
    return {
        "tickets": tickets,
        "notices": {n.notice_no: n.title for n in views.view(announcements_view).current},
        "training": training,
        "errors": sorted(
            [i.code, i.cell] for i in views.dataset.issues if i.severity is Severity.ERROR
        ),
        "rows": {key: tab.rows for key, tab in views.dataset.tabs.items()},
    }


@dataclass(frozen=True)
class Group:
    """One heading's worth of changes: the first SHOWN items and how many more there are."""

    key: str  # ui label key of its heading
    items: list[str]
    total: int

    @property
    def more(self) -> int:
        return self.total - len(self.items)


@dataclass(frozen=True)
class RowCount:
    label: str
    before: int
    now: int

    @property
    def delta(self) -> str:
        return f"{self.now - self.before:+d}"


@dataclass(frozen=True)
class HistoryRow:
    published_at: dt.datetime | None  # None: this publish
    synced_at: dt.datetime
    open: int
    overdue: int
    errors: int


@dataclass(frozen=True)
class Changes:
    summary: dict[str, Any]
    since: Published | None  # the baseline; None on an output's first publish
    groups: list[Group]
    rows: list[RowCount]
    history: list[HistoryRow]

    @property
    def quiet(self) -> bool:
        return self.since is not None and not any(g.total for g in self.groups) and not self.rows


def _group(key: str, items: list[str]) -> Group:
    return Group(key, items[:SHOWN], len(items))


def _ticket_groups(now: dict[str, str], before: dict[str, str], lang: str) -> list[Group]:
    def line(ticket_id: str) -> str:
        return f"{ticket_id} · {text(f'ui.changes-ticket-{now[ticket_id]}', lang)}"

    new = [line(t) for t in sorted(now) if t not in before]
    closed = [t for t in sorted(before) if before[t] != CLOSED and now.get(t, CLOSED) == CLOSED]
    overdue = [t for t in sorted(now) if now[t] == OVERDUE and before.get(t) != OVERDUE]
    return [
        _group("changes-new-tickets", new),
        _group("changes-closed-tickets", closed),
        _group("changes-overdue-tickets", overdue),
    ]


def _training_group(now: dict[str, Any], before: dict[str, Any], views: Views) -> Group:
    site, lang = views.view(training_view), views.lang

    def category(code: str) -> str:
        return site.label(code) if code in site.report.rules.categories else code

    def status(code: str | None) -> str:
        return "—" if code is None else text(f"ui.training-status-{code}", lang)

    items = []
    for staff_id in sorted(now):
        old = before.get(staff_id, {}).get("status", {})
        moved = [
            f"{category(c)} {status(old.get(c))} → {status(s)}"
            for c, s in now[staff_id]["status"].items()
            # A new hire's long list of "not required" says nothing to the next shift.
            if old.get(c) != s and not (c not in old and s == "not_required")
        ]
        if moved:
            items.append(f"{now[staff_id]['name']} ({staff_id}): {'; '.join(moved)}")
    return _group("changes-training", items)


def _error_groups(now: list[list[str]], before: list[list[str]]) -> list[Group]:
    current = {tuple(e) for e in now}
    earlier = {tuple(e) for e in before}
    return [
        _group(
            "changes-new-errors", [f"{cell} · {code}" for code, cell in sorted(current - earlier)]
        ),
        _group(
            "changes-fixed-errors", [f"{cell} · {code}" for code, cell in sorted(earlier - current)]
        ),
    ]


def _rows(now: dict[str, int], before: dict[str, int] | None, lang: str) -> list[RowCount]:
    """Rows per tab: on a first publish every tab; after that, only those that changed."""
    counts = []
    for key in TABS_BY_KEY:
        if key not in now:
            continue
        old = now[key] if before is None else before.get(key, 0)
        if before is None or old != now[key]:
            counts.append(RowCount(tab_label(key, lang), old, now[key]))
    return counts


def _history_row(at: dt.datetime | None, synced: dt.datetime, s: dict[str, Any]) -> HistoryRow:
    states = list(s.get("tickets", {}).values())
    return HistoryRow(
        at,
        synced,
        sum(state != CLOSED for state in states),
        states.count(OVERDUE),
        len(s.get("errors", [])),
    )


def changes(views: Views) -> Changes:
    current = summary(views)
    since = views.publishes[0] if views.publishes else None
    before = since.summary if since else {}
    groups = [
        *_ticket_groups(current["tickets"], before.get("tickets", {}), views.lang),
        _group(
            "changes-new-notices",
            [
                f"{no} · {title}"
                for no, title in sorted(current["notices"].items())
                if no not in before.get("notices", {})
            ],
        ),
        _training_group(current["training"], before.get("training", {}), views),
        *_error_groups(current["errors"], before.get("errors", [])),
    ]
    history = [
        _history_row(None, views.dataset.synced_at, current),
        *(_history_row(p.published_at, p.synced_at, p.summary) for p in views.publishes),
    ]
    return Changes(
        current,
        since,
        groups if since else [],
        _rows(current["rows"], before.get("rows") if since else None, views.lang),
        history[:KEEP],
    )


@dataclass(frozen=True)
class ChangesPage(PageContext):
    """changes.md.j2: this publish against the previous one."""

    changes: Changes


def pages(views: Views) -> list[PageSpec]:
    return [
        PageSpec(
            "changes.md",
            text("ui.changes", views.lang),
            "changes.md.j2",
            ChangesPage(views.view(changes_view)),
            in_search=False,
        )
    ]


def changes_view(views: Views) -> Changes:
    return changes(views)
