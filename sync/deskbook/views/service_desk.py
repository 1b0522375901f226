"""The service desk: open tickets, SLA breaches, follow-ups (回訪), complaints, satisfaction."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from markupsafe import Markup

from deskbook.domain.privacy import show_text
from deskbook.domain.service_rules import ServiceRules
from deskbook.domain.tickets import closed_by, finished_at, followup_owed, received_by
from deskbook.i18n import choice_label, labels, text
from deskbook.model.choices import Satisfaction, TicketKind, TicketStatus
from deskbook.model.dataset import Dataset
from deskbook.model.pages import (
    LIST_ROWS,
    Capped,
    Download,
    PageContext,
    PageSpec,
    cap_table,
    unit_page,
)
from deskbook.model.records import TicketRow
from deskbook.render.charts import Series, bar_chart
from deskbook.views.people import People, Person, people_view

if TYPE_CHECKING:
    from deskbook.views.context import Views

# A page a person scrolls through: at most this many rows per list (the rest is counted, and
# every ticket is on its month's page or in its month's CSV). Satisfaction on the desk page:
# the latest months only.
ROW_LIMIT = LIST_ROWS
SATISFACTION_MONTHS = 3
# Open tickets by days since receipt: (label key, lower bound in days, upper bound exclusive).
AGE_BUCKETS = (("age-0-1", 0, 1), ("age-1-3", 1, 3), ("age-3-7", 3, 7), ("age-7", 7, None))
SATISFIED = {Satisfaction.VERY_SATISFIED, Satisfaction.SATISFIED}


@dataclass(frozen=True)
class Ticket:
    row: int
    closed: bool
    ticket_id: str
    received_at: dt.datetime
    unit: str
    kind: str
    urgency: str
    department: str
    status: str
    summary: str
    resolved_at: dt.datetime | None
    followup_at: dt.datetime | None
    satisfaction: str
    followup_note: str
    deadline: dt.datetime | None
    age_hours: float
    assignee: str  # a staff ID (validation made sure of it), or ""
    # As written: an ID, a name, or anyone's words (People.link shows it as privacy says).
    followup_by: str


@dataclass(frozen=True)
class Breach:
    ticket: Ticket
    hours_over: float
    still_open: bool


@dataclass(frozen=True)
class FollowupDue:
    ticket: Ticket
    resolved_on: dt.date
    due_on: dt.date
    missed: bool


@dataclass(frozen=True)
class MonthSatisfaction:
    month: str
    department: str
    counts: dict[str, int]
    rated: int

    @property
    def satisfied_rate(self) -> float | None:
        if not self.rated:
            return None
        return sum(self.counts.get(k, 0) for k in SATISFIED) / self.rated


@dataclass(frozen=True)
class ServiceDesk:
    open_tickets: list[Ticket]
    open_by_kind: dict[str, int]
    open_by_department: dict[str, int]
    open_by_age: dict[str, int]
    breaches: list[Breach]
    followups: list[FollowupDue]
    complaints: list[Ticket]
    satisfaction: list[MonthSatisfaction]
    per_month: dict[str, dict[str, int]]
    tickets: list[Ticket]  # every ticket received by the moment, oldest first

    @property
    def overdue_now(self) -> list[Breach]:
        return [b for b in self.breaches if b.still_open]

    @property
    def open_complaints(self) -> list[Ticket]:
        return [c for c in self.complaints if not c.closed and c.status != TicketStatus.CANCELLED]

    @cached_property
    def _by_month(self) -> dict[str, list[Ticket]]:
        months: dict[str, list[Ticket]] = defaultdict(list)
        for t in self.tickets:
            months[t.received_at.strftime("%Y-%m")].append(t)
        return months

    @cached_property
    def _late(self) -> dict[int, float]:
        # By identity: a month page asks for every ticket, so a scan per ticket is quadratic.
        return {id(b.ticket): b.hours_over for b in self.breaches}

    @cached_property
    def open_first(self) -> list[Ticket]:
        """The open tickets as the desk works them: past their time limit first, then the
        oldest first."""
        return sorted(self.open_tickets, key=lambda t: (id(t) not in self._late, t.received_at))

    def month(self, month: str) -> list[Ticket]:
        return self._by_month.get(month, [])

    def month_open_first(self, month: str) -> list[Ticket]:
        """A month's tickets with the open ones first, then the late ones, then the rest; each
        part in the order received."""
        return sorted(
            self.month(month),
            key=lambda t: (
                t.closed or t.status == TicketStatus.CANCELLED,
                id(t) not in self._late,
            ),
        )

    def late_hours(self, ticket: Ticket) -> float | None:
        return self._late.get(id(ticket))


def _ticket(record: TicketRow, rules: ServiceRules, moment: dt.datetime, full: bool) -> Ticket:
    received: dt.datetime = record.received_at
    hours = rules.sla(record.kind, record.urgency)
    end = finished_at(record, moment) or moment
    return Ticket(
        row=record.row,
        closed=closed_by(record, moment),
        ticket_id=record.ticket_id,
        received_at=received,
        unit=record.unit or "",
        kind=record.kind,
        urgency=record.urgency or "",
        department=record.department or "",
        status=record.status,
        summary=show_text(record.summary, full),
        resolved_at=finished_at(record, moment),
        followup_at=record.followup_at,
        satisfaction=record.satisfaction or "",
        followup_note=show_text(record.followup_note or "", full),
        deadline=None if hours is None else received + dt.timedelta(hours=hours),
        age_hours=(end - received).total_seconds() / 3600,
        assignee=record.assignee or "",
        followup_by=record.followup_by or "",
    )


def followup_due(ticket: Ticket, rules: ServiceRules, moment: dt.datetime) -> FollowupDue | None:
    """The 回訪 a finished ticket is still owed at `moment`, if any."""
    owed = followup_owed(ticket.kind, ticket.resolved_at, ticket.followup_at, rules, moment)
    if owed is None:
        return None
    return FollowupDue(ticket, owed.resolved_on, owed.due_on, owed.missed)


def followup_owner(ticket: Ticket, people: People) -> Person | None:
    """Who owes a ticket's 回訪: the staff member its 回訪人 names (an office that plans the
    call writes it before the call), else its assignee, who saw the work through; nobody in
    particular when neither names one of the staff."""
    return people.named(ticket.followup_by) or people.by_id.get(ticket.assignee)


def ticket_page(ticket: Ticket, first_month: str) -> str:
    """The page that shows a ticket: its unit's page, which lists the unit's open tickets
    first; without a unit, its month's page (from `first_month` on), else the archive."""
    if ticket.unit:
        return unit_page(ticket.unit)
    month = ticket.received_at.strftime("%Y-%m")
    return month_path(month) if month >= first_month else ARCHIVE_PATH


def _age_bucket(ticket: Ticket) -> str:
    days = ticket.age_hours / 24
    for key, low, high in AGE_BUCKETS:
        if days >= low and (high is None or days < high):
            return key
    return AGE_BUCKETS[-1][0]


def service_desk(
    dataset: Dataset, rules: ServiceRules, moment: dt.datetime, full_phones: bool = False
) -> ServiceDesk:
    """Tickets received after `moment` do not exist yet, so an --as-of in the past is honest.
    Free text is shown with phone-like numbers masked unless the office turned that off."""
    tickets = [
        _ticket(r, rules, moment, full_phones)
        for r in dataset.records("tickets")
        if received_by(r, moment)
    ]
    tickets.sort(key=lambda t: (t.received_at, t.ticket_id))
    # Open at `moment`: not cancelled and not yet finished (a later completion does not count).
    open_tickets = [t for t in tickets if t.status != TicketStatus.CANCELLED and not t.closed]
    breaches = []
    for t in tickets:
        if (
            t.deadline is None
            or t.status == TicketStatus.CANCELLED
            or (t.closed and not t.resolved_at)
        ):
            continue  # cancelled, or done at an unknown time: nothing to measure
        finish = t.resolved_at or moment
        if finish > t.deadline:
            over = (finish - t.deadline).total_seconds() / 3600
            breaches.append(Breach(t, over, still_open=t.resolved_at is None))
    followups = [f for t in tickets if (f := followup_due(t, rules, moment)) is not None]
    return ServiceDesk(
        open_tickets=open_tickets,
        open_by_kind=dict(Counter(t.kind for t in open_tickets)),
        open_by_department=dict(Counter(t.department for t in open_tickets)),
        open_by_age=dict(Counter(_age_bucket(t) for t in open_tickets)),
        breaches=sorted(breaches, key=lambda b: (not b.still_open, -b.hours_over)),
        followups=sorted(followups, key=lambda f: (not f.missed, f.due_on)),
        complaints=[t for t in reversed(tickets) if t.kind == TicketKind.COMPLAINT],
        satisfaction=_satisfaction(tickets, moment),
        per_month=_per_month(tickets),
        tickets=tickets,
    )


def _satisfaction(tickets: list[Ticket], moment: dt.datetime) -> list[MonthSatisfaction]:
    cells: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for t in tickets:
        if t.satisfaction and t.followup_at is not None and t.followup_at <= moment:
            cells[(t.followup_at.strftime("%Y-%m"), t.department)][t.satisfaction] += 1
    return [
        MonthSatisfaction(month, dept, dict(counts), sum(counts.values()))
        for (month, dept), counts in sorted(cells.items())
    ]


def _per_month(tickets: list[Ticket]) -> dict[str, dict[str, int]]:
    months: dict[str, Counter[str]] = defaultdict(Counter)
    for t in tickets:
        months[t.received_at.strftime("%Y-%m")][t.kind] += 1
    return {m: dict(c) for m, c in sorted(months.items())}


def month_path(month: str) -> str:
    return f"service-desk/{month}.md"


ARCHIVE_PATH = "service-desk/archive.md"


@dataclass(frozen=True)
class ArchivedMonth:
    """A month older than the months with a page: its counts, and its tickets as CSV."""

    month: str
    counts: dict[str, int]
    late: int
    rated: int
    satisfied: int
    download: str

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def satisfied_rate(self) -> float | None:
        return self.satisfied / self.rated if self.rated else None


def first_paged_month(as_of: dt.date, count: int) -> str:
    """The oldest month with a page of its own: `count` months back, the as-of month included."""
    index = as_of.year * 12 + as_of.month - 1 - (count - 1)
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def _csv_name(month: str) -> str:
    return f"tickets-{month}.csv"


# A month's tickets as CSV: the month page's columns and the department.
TICKET_COLUMNS: tuple[str, ...] = (
    *("ticket", "summary", "kind", "unit", "department"),
    *("received", "status", "resolved", "hours-over", "followup"),
)


def _ticket_cells(desk: ServiceDesk, lang: str) -> Callable[[Ticket], tuple[object, ...]]:
    def cells(t: Ticket) -> tuple[object, ...]:
        late = desk.late_hours(t)
        return (
            t.ticket_id,
            t.summary,
            choice_label("ticket_kind", t.kind, lang) if t.kind else "",
            t.unit,
            t.department,
            t.received_at,
            choice_label("ticket_status", t.status, lang) if t.status else "",
            t.resolved_at,
            None if late is None else f"{late:.0f}",
            t.followup_note,
        )

    return cells


def _header(lang: str) -> tuple[str, ...]:
    return tuple(text(f"ui.{key}", lang) for key in TICKET_COLUMNS)


def _download(desk: ServiceDesk, month: str, lang: str) -> Download:
    cells = _ticket_cells(desk, lang)
    rows = [cells(t) for t in desk.month(month)]
    return Download(f"service-desk/{_csv_name(month)}", _header(lang), rows)


def _archived(desk: ServiceDesk, month: str) -> ArchivedMonth:
    rated = [s for s in desk.satisfaction if s.month == month]
    return ArchivedMonth(
        month=month,
        counts=desk.per_month[month],
        late=sum(1 for t in desk.month(month) if desk.late_hours(t) is not None),
        rated=sum(s.rated for s in rated),
        satisfied=sum(s.counts.get(k, 0) for s in rated for k in SATISFIED),
        download=_csv_name(month),
    )


@dataclass(frozen=True)
class DeskPage(PageContext):
    """What every service-desk page is given."""

    desk: ServiceDesk
    people: People  # the staff, for linking an assignee or a 回訪人 to their page
    followup_owner: Callable[[Ticket, People], Person | None]  # who owes a ticket's 回訪
    moment: str  # the instant ages and deadlines are measured at, as the page prints it
    satisfaction_codes: list[str]  # every satisfaction choice, in the workbook's order
    kinds: list[str]  # every ticket kind, in the workbook's order
    month_path: Callable[[str], str]  # a month (2026-11) -> its page
    limit: int  # the rows a list shows; the rest are counted


@dataclass(frozen=True)
class ServiceDeskPage(DeskPage):
    """service_desk.md.j2: open tickets, SLA breaches, follow-ups, complaints, satisfaction."""

    age_keys: list[str]  # the open tickets' age buckets' label keys, youngest first
    followup_days: int  # [followup] days
    satisfaction: list[MonthSatisfaction]  # the latest months'
    chart: Markup  # tickets per month by kind, an SVG
    per_month: dict[str, dict[str, int]]  # the months with a page: tickets by kind
    archived: int  # months older than those, on the archive page
    archive_path: str


@dataclass(frozen=True)
class ServiceDeskMonthPage(DeskPage):
    """service_desk_month.md.j2: one month's tickets, open first, and its satisfaction."""

    month: str
    tickets: Capped[Ticket]
    satisfaction: list[MonthSatisfaction]


@dataclass(frozen=True)
class ServiceDeskArchivePage(DeskPage):
    """service_desk_archive.md.j2: the months older than [site] page_months, as counts."""

    months: list[ArchivedMonth]  # newest first
    page_months: int  # [site] page_months


def pages(views: Views) -> list[PageSpec]:
    desk, lang = views.view(desk_view), views.lang
    kinds = list(labels()["enums"]["ticket_kind"])
    # Months with a page of their own are bounded by [site] page_months whatever the data's
    # size; older ones fold into one archive page.
    first = first_paged_month(views.as_of, views.page_months)
    months = [m for m in desk.per_month if m >= first]
    archived = [m for m in desk.per_month if m < first]
    per_kind = [
        Series(choice_label("ticket_kind", k, lang), [desk.per_month[m].get(k, 0) for m in months])
        for k in kinds
    ]
    recent = sorted({s.month for s in desk.satisfaction})[-SATISFACTION_MONTHS:]
    # Each page's own context adds to these: the same fields, typed once in DeskPage.
    common = DeskPage(
        desk=desk,
        people=views.view(people_view),
        followup_owner=followup_owner,
        moment=views.moment.strftime("%Y-%m-%d %H:%M"),
        satisfaction_codes=list(labels()["enums"]["satisfaction"]),
        kinds=kinds,
        month_path=month_path,
        limit=ROW_LIMIT,
    ).names()
    context = ServiceDeskPage(
        **common,
        age_keys=[k for k, _, _ in AGE_BUCKETS],
        followup_days=views.rules.followup.days,
        satisfaction=[s for s in desk.satisfaction if s.month in recent],
        chart=bar_chart(text("ui.sd-per-month", lang), [m[2:] for m in months], per_kind, lang),
        per_month={m: desk.per_month[m] for m in months},
        archived=len(archived),
        archive_path=ARCHIVE_PATH,
    )
    title = text("ui.service-desk", lang)
    specs = [PageSpec("service-desk.md", title, "service_desk.md.j2", context)]
    for month in months:
        path = month_path(month)
        # A month of a large estate is thousands of tickets; a phone scrolls through a list
        # of cards no longer than the desk page's lists, the rest in the month's CSV.
        tickets, downloads = cap_table(
            desk.month_open_first(month),
            min(views.table_rows, ROW_LIMIT),
            path,
            _csv_name(month),
            _header(lang),
            _ticket_cells(desk, lang),
        )
        month_context = ServiceDeskMonthPage(
            **common,
            month=month,
            tickets=tickets,
            satisfaction=[s for s in desk.satisfaction if s.month == month],
        )
        specs.append(
            PageSpec(
                path,
                text("ui.sd-month-title", lang, month=month),
                "service_desk_month.md.j2",
                month_context,
                in_nav=False,
                # A month's tickets are a table to scan, not text to search: the index would
                # grow with every ticket.
                in_search=False,
                downloads=downloads,
            )
        )
    if archived:
        specs.append(
            PageSpec(
                ARCHIVE_PATH,
                text("ui.sd-archive", lang),
                "service_desk_archive.md.j2",
                ServiceDeskArchivePage(
                    **common,
                    months=[_archived(desk, m) for m in reversed(archived)],
                    page_months=views.page_months,
                ),
                in_nav=False,
                in_search=False,
                downloads=tuple(_download(desk, m, lang) for m in archived),
            )
        )
    return specs


def desk_view(views: Views) -> ServiceDesk:
    return service_desk(views.dataset, views.rules, views.moment, views.full_phones)
