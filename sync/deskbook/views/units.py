"""A page per unit: its owner and contacts, occupancy, keys, arrears by month, fee history,
tickets (open first) and 催費 calls; and an index of every unit by building.

A clerk on the phone with an owner needs that one unit, not the estate: every page that shows a
unit code links here (the `unit` filter), and the page's title is the code, so searching the
code finds it first.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from deskbook.domain.contacts import is_stale
from deskbook.domain.privacy import show_phone
from deskbook.domain.renovation import RENOVATING
from deskbook.i18n import choice_label, text
from deskbook.model.choices import TicketStatus
from deskbook.model.pages import Capped, PageContext, PageSpec, cap_table, unit_page
from deskbook.model.records import OwnerRow
from deskbook.schema.units import unit_group, unit_sort_key
from deskbook.views.fees import ZERO, Reminder, fees_view, months_between, paid_as_of, period_of
from deskbook.views.service_desk import ServiceDesk, Ticket, desk_view, first_paged_month

if TYPE_CHECKING:
    from deskbook.views.context import Views

INDEX_PATH = "units/index.md"


@dataclass(frozen=True)
class FeeMonth:
    """One month of the unit's fees, every item together, as of the day of the run."""

    period: str
    due: Decimal
    collected: Decimal
    age: int  # whole months since the period; 0 is the month in progress

    @property
    def owed(self) -> Decimal:
        return self.due - self.collected


@dataclass(frozen=True)
class Phone:
    shown: str  # masked unless [privacy] show_full_phone
    callable: bool  # a tel: link only when the whole number may be shown


@dataclass(frozen=True)
class Unit:
    code: str
    owner: OwnerRow | None
    phones: tuple[Phone, ...]
    stale: bool  # contacts never verified, or too long ago
    owed: list[FeeMonth]  # every month with something owed, oldest first
    history: list[FeeMonth]  # the months with a page ([site] page_months), newest first
    tickets: list[Ticket]  # open first (past their time limit first, then oldest), then newest
    reminders: list[Reminder]  # newest first
    renovating: bool
    renovation_days_left: int | None

    @property
    def owed_total(self) -> Decimal:
        return sum((m.owed for m in self.owed), ZERO)

    @property
    def open_tickets(self) -> int:
        return sum(1 for t in self.tickets if _open(t))


@dataclass(frozen=True)
class Units:
    units: dict[str, Unit]  # by code, in unit order
    first_period: str  # the oldest month of the fee history

    def by_building(self) -> list[tuple[str, list[str]]]:
        groups: dict[str, list[str]] = defaultdict(list)
        for code in self.units:
            groups[unit_group(code)].append(code)
        return list(groups.items())


def _open(ticket: Ticket) -> bool:
    return not ticket.closed and ticket.status != TicketStatus.CANCELLED


def _ticket_order(desk: ServiceDesk, tickets: list[Ticket]) -> list[Ticket]:
    """Open first, those past their time limit before the others and the oldest first; then
    the finished ones, newest first."""
    open_ = sorted(
        (t for t in tickets if _open(t)),
        key=lambda t: (desk.late_hours(t) is None, t.received_at),
    )
    done = sorted((t for t in tickets if not _open(t)), key=lambda t: t.received_at, reverse=True)
    return open_ + done


def units_view(views: Views) -> Units:
    dataset, as_of = views.dataset, views.as_of
    current = period_of(as_of)
    first = first_paged_month(as_of, views.page_months)
    # One pass over the fee rows (a large estate has a million): per unit and month, what was
    # due and what of it was paid by the day of the run.
    months: dict[str, dict[str, list[Decimal]]] = defaultdict(dict)
    for r in dataset.records("fees"):
        if r.period > current:
            continue
        due: Decimal = r.amount_due
        paid = paid_as_of(r, as_of)
        collected = due if due < paid else paid
        if r.period < first and collected >= due:
            continue  # an old month settled in full is neither owed nor in the history
        sums = months[r.unit].get(r.period)
        if sums is None:
            months[r.unit][r.period] = [due, collected]
        else:
            sums[0] += due
            sums[1] += collected
    desk = views.view(desk_view)
    tickets: dict[str, list[Ticket]] = defaultdict(list)
    for t in desk.tickets:
        if t.unit:
            tickets[t.unit].append(t)
    reminders = views.view(fees_view).reminders
    owners = {o.unit: o for o in dataset.records("owners")}
    codes = set(owners) | set(months) | set(tickets) | set(reminders)
    stale_months = views.rules.owners.contact_stale_months
    result: dict[str, Unit] = {}
    for code in sorted(codes, key=unit_sort_key):
        owner = owners.get(code)
        fee_months = [
            FeeMonth(period, due, collected, months_between(period, current))
            for period, (due, collected) in sorted(months.get(code, {}).items())
        ]
        phones = () if owner is None else (owner.phone_1, owner.phone_2, owner.phone_3)
        until = None if owner is None else owner.renovation_until
        result[code] = Unit(
            code=code,
            owner=owner,
            phones=tuple(
                Phone(show_phone(p, views.full_phones), views.full_phones) for p in phones if p
            ),
            stale=owner is not None and is_stale(owner.contacts_verified_on, as_of, stale_months),
            owed=[m for m in fee_months if m.age >= 1 and m.owed > 0],
            history=[m for m in reversed(fee_months) if m.period >= first],
            tickets=_ticket_order(desk, tickets.get(code, [])),
            reminders=list(reversed(reminders.get(code, []))),
            renovating=owner is not None and owner.renovation in RENOVATING,
            renovation_days_left=None if until is None else (until - as_of).days,
        )
    return Units(result, first)


@dataclass(frozen=True)
class UnitsIndexPage(PageContext):
    """units_index.md.j2: every unit by building, each linked to its page."""

    units: Units


@dataclass(frozen=True)
class UnitPage(PageContext):
    """unit.md.j2: one unit's owner, contacts, arrears, fee history, tickets and 催費 calls."""

    unit: Unit
    tickets: Capped[Ticket]  # Unit.tickets, at most [site] table_rows of them shown
    reminders: Capped[Reminder]  # Unit.reminders, likewise
    desk: ServiceDesk
    is_open: Callable[[Ticket], bool]  # whether a ticket is still being worked on
    first_period: str  # the oldest month of the fee history
    page_months: int  # [site] page_months
    stale_months: int  # [owners] contact_stale_months
    as_of: dt.date
    index_path: str  # the index of the units' pages


def pages(views: Views) -> list[PageSpec]:
    if views.public:
        return []  # owners, arrears and tickets are never on the board
    units, lang = views.view(units_view), views.lang
    ui = lambda key: text(f"ui.{key}", lang)  # noqa: E731
    desk = views.view(desk_view)
    specs = [
        PageSpec(
            INDEX_PATH,
            ui("units-index"),
            "units_index.md.j2",
            UnitsIndexPage(units),
            # Every unit's own page is searched by its code; the index would only repeat them.
            in_search=False,
        )
    ]
    for unit in units.units.values():
        path = unit_page(unit.code)
        tickets, downloads = cap_table(
            unit.tickets,
            views.table_rows,
            path,
            f"{unit.code}-tickets.csv",
            (ui("ticket"), ui("summary"), ui("status"), ui("received"), ui("resolved")),
            lambda t: (
                t.ticket_id,
                t.summary,
                choice_label("ticket_status", t.status, lang) if t.status else "",
                t.received_at,
                t.resolved_at,
            ),
        )
        reminders, reminder_csv = cap_table(
            unit.reminders,
            views.table_rows,
            path,
            f"{unit.code}-reminders.csv",
            (ui("date"), ui("method"), ui("contact-used"), ui("staff"), ui("outcome")),
            lambda r: (
                r.date,
                choice_label("reminder_method", r.method, lang) if r.method else "",
                r.contact,
                r.staff_id,
                r.outcome,
            ),
        )
        context = UnitPage(
            unit=unit,
            tickets=tickets,
            reminders=reminders,
            desk=desk,
            is_open=_open,
            first_period=units.first_period,
            page_months=views.page_months,
            stale_months=views.rules.owners.contact_stale_months,
            as_of=views.as_of,
            index_path=INDEX_PATH,
        )
        specs.append(
            PageSpec(
                path,
                unit.code,
                "unit.md.j2",
                context,
                in_nav=False,
                downloads=downloads + reminder_csv,
            )
        )
    return specs
