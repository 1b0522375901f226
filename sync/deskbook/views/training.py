"""The training report shaped for pages: columns, rows grouped by role, totals, page list."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING

from markupsafe import Markup

from deskbook.i18n import column_label, text
from deskbook.model.pages import PageContext, PageSpec
from deskbook.model.records import SessionRow
from deskbook.model.sops import SopPage
from deskbook.model.values import PhoneNumber
from deskbook.render.charts import Series, bar_chart
from deskbook.render.escape import page_path, tel_link
from deskbook.render.pages import token
from deskbook.training.acknowledgements import Acknowledgement, SopStanding
from deskbook.training.colleagues import for_colleagues
from deskbook.training.compliance import STATUSES, CategoryStatus, Status
from deskbook.training.exams import SessionResult
from deskbook.training.periods import years_before
from deskbook.training.report import (
    RETAKE_STATES,
    ActionCounts,
    StaffTraining,
    TrainingReport,
    compute,
)
from deskbook.training.rules import Rules, in_language
from deskbook.views.people import STAFF_DIR, people_view, staff_slugs
from deskbook.views.service_desk import (
    Ticket,
    desk_view,
    first_paged_month,
    followup_owner,
    ticket_page,
)

if TYPE_CHECKING:
    from deskbook.views.context import Views

# The completion chart's bars: "not required" is no one's to-do, so it has none.
CHART_STATUSES: tuple[Status, ...] = ("done", "pending", "overdue")
# The plan page's columns, in the order the template prints an item's values.
PLAN_COLUMNS = (
    "planned_month",
    "scope",
    "standard",
    "budget",
    "submitted_on",
    "approved_by",
    "approved_on",
)


@dataclass(frozen=True)
class Column:
    code: str
    label: str


@dataclass(frozen=True)
class RuleRow:
    """One line of the SOP page's rule table, every cell already put into words."""

    label: str
    applies_to: str
    period: str
    minutes: str
    exam: str
    pass_mark: str
    retakes: str
    final_failure: str
    extras: tuple[str, ...]
    note: str


@dataclass(frozen=True)
class Badge:
    """A status in words; the tone only picks its colour (ok, due, bad, none)."""

    tone: str
    label: str


@dataclass(frozen=True)
class StaffRow:
    staff: StaffTraining
    slug: str
    warnings: int  # earned in the last 12 months
    cells: dict[str, list[Badge]]  # by category

    @property
    def link(self) -> str:
        """From a page in training/ to this person's page."""
        return f"staff/{self.slug}.md"


@dataclass(frozen=True)
class RoleGroup:
    role: str
    rows: list[StaffRow]


@dataclass(frozen=True)
class Total:
    column: Column
    counts: dict[Status, int]
    retakes_due: int


@dataclass(frozen=True)
class Todo:
    """One thing a person still owes, in words, with its badge; `due` orders the list, and
    `link` (a page in docs_dir) is where it is done, when it has a page."""

    line: str
    badge: Badge
    due: dt.date | None
    link: str = ""


@dataclass(frozen=True)
class TrainingSite:
    lang: str
    report: TrainingReport
    columns: list[Column]
    rules_table: list[RuleRow]
    roles: list[RoleGroup]
    leavers: list[StaffRow]
    totals: list[Total]
    new_hires: list[StaffRow]  # everyone whose onboarding the records can show, newest first
    by_id: dict[str, StaffRow] = field(default_factory=dict)  # every row, leavers too
    # Each category's next session after the day of the run, for a to-do to name.
    upcoming: dict[str, SessionRow] = field(default_factory=dict)
    # Staff phones by staff id, for colleagues to call from the internal pages.
    phones: dict[str, PhoneNumber] = field(default_factory=dict)
    # The tickets each person owes (open ones assigned, 回訪 due), by staff ID.
    tickets: dict[str, tuple[Todo, ...]] = field(default_factory=dict)

    @property
    def actions(self) -> ActionCounts:
        return self.report.actions

    @property
    def results(self) -> bool:
        """Whether the report carries scores and warnings: the managers' site only."""
        return not self.report.withheld

    @property
    def sops(self) -> tuple[SopStanding, ...]:
        return self.report.sops

    @property
    def reviews_overdue(self) -> list[SopStanding]:
        return [s for s in self.sops if s.review_overdue]

    @property
    def missing_certificates(self) -> list[tuple[StaffRow, SessionResult]]:
        return [
            (self.by_id[s.person.staff_id], r)
            for s in self.report.staff
            for r in s.missing_certificates
        ]

    def todos(self, staff: StaffTraining) -> list[Todo]:
        """What this person owes today, overdue first, then by deadline: SOP versions to
        confirm, training pending or overdue (with the next session), retakes, retraining
        after a material change, the onboarding exam, certificates to record, the open
        tickets assigned to them and the 回訪 they owe."""
        ui = lambda key, **kw: text(f"ui.{key}", self.lang, **kw)  # noqa: E731
        found: list[Todo] = []
        for a in staff.acknowledgements:
            if a.status in ("pending", "overdue"):
                line = ui("todo-sop", sop=self.sop_title(a.sop), version=a.version)
                if a.due is not None:
                    line += ui("todo-by", date=a.due.isoformat())
                found.append(Todo(line, self.ack_badge(a), a.due, self.sop_link(a.sop)))
        for c in staff.categories:
            if c.status in ("pending", "overdue"):
                line = ui("todo-training", category=self.label(c.category))
                found.append(Todo(line + self._next(c.category), self.badge(c.status), None))
            if c.exam_state == "retake_due":
                line = ui("todo-retake", category=self.label(c.category))
                found.append(Todo(line + self._next(c.category), self.badge("overdue"), None))
        for r in staff.retraining:
            if r.status in ("pending", "overdue"):
                line = ui(
                    "todo-retrain", sop=self.sop_title(r.sop), category=self.label(r.category)
                )
                line += self._next(r.category)
                found.append(Todo(line, self.badge(r.status), None, self.sop_link(r.sop)))
        onboarding = staff.onboarding
        if onboarding.state in ("in_progress", "late"):
            line = ui("todo-onboarding", date=onboarding.exam_due.isoformat())
            status: Status = "overdue" if onboarding.state == "late" else "pending"
            found.append(Todo(line, self.badge(status), onboarding.exam_due))
        for result in staff.missing_certificates:
            line = ui(
                "todo-certificate",
                date=result.session.date.isoformat(),
                topic=result.session.topic,
            )
            found.append(Todo(line, self.badge("pending"), None))
        found.extend(self.tickets.get(staff.person.staff_id, ()))
        return sorted(found, key=lambda d: (d.badge.tone != TONES["overdue"], d.due or dt.date.max))

    def phone(self, staff_id: str) -> Markup | None:
        """The person's phone as a tel: link, or None when the staff tab gives none."""
        number = self.phones.get(staff_id)
        if number is None:
            return None
        shown: str = number
        if number.extension:
            shown = text(
                "ui.training-phone-extension", self.lang, number=number, extension=number.extension
            )
        return tel_link(number, shown)

    def _next(self, category: str) -> str:
        session = self.upcoming.get(category)
        if session is None:
            return text("ui.todo-no-session", self.lang)
        return text(
            "ui.todo-next-session",
            self.lang,
            date=session.date.isoformat(),
            topic=session.topic,
        )

    def not_applicable(self, staff: StaffTraining) -> list[str]:
        """The categories not required of this person, folded into one line on their page."""
        return [self.label(c.category) for c in staff.categories if c.status == "not_required"]

    def applicable(self, staff: StaffTraining) -> list[CategoryStatus]:
        return [c for c in staff.categories if c.status != "not_required"]

    def standing(self, src_uri: str) -> SopStanding | None:
        """The SOP whose page this is, if any."""
        return next((s for s in self.sops if s.sop.path == src_uri), None)

    def badge(self, status: Status) -> Badge:
        return Badge(TONES[status], text(f"ui.training-status-{status}", self.lang))

    @staticmethod
    def badges(badges: Iterable[Badge]) -> Markup:
        """The badges of one cell, on one line: it may sit inside a table row."""
        return _badges_html(tuple(badges))

    def ack_badge(self, ack: Acknowledgement) -> Badge:
        return Badge(TONES[ack.status], text(f"ui.sop-ack-{ack.status}", self.lang))

    def audience(self, sop: SopPage) -> str:
        if sop.for_everyone:
            return text("ui.sop-ack-audience-all", self.lang)
        return self.names(sop.audience)

    def sop_title(self, code: str) -> str:
        return next((f"{code} {s.sop.title}" for s in self.sops if s.sop.code == code), code)

    def sop_link(self, code: str) -> str:
        """The page of the SOP of this code, for a to-do to link to; "" if it has none."""
        sop = next((s.sop for s in self.sops if s.sop.code == code), None)
        return (self.sop_path(sop) or "") if sop is not None else ""

    @staticmethod
    def sop_path(sop: SopPage) -> str | None:
        """The SOP page's path for a link, or None when its file name cannot be linked safely."""
        try:
            return str(page_path(sop.path))
        except ValueError:
            return None

    @property
    def onboarding(self) -> str:
        return self.report.rules.onboarding.category

    @property
    def plan_columns(self) -> dict[str, str]:
        return {key: column_label("training_plan", key, self.lang) for key in PLAN_COLUMNS}

    @property
    def plan_state(self) -> str:
        return text(f"ui.training-plan-{self.report.plan.state}", self.lang)

    def label(self, category: str) -> str:
        return in_language(self.report.rules.categories[category].labels, self.lang)

    def _join(self, names: Iterable[str]) -> str:
        return text("ui.training-list-separator", self.lang).join(names)

    def names(self, names: Iterable[str]) -> str:
        return self._join(names)

    def category_names(self, codes: Iterable[str]) -> str:
        return self._join(self.label(c) for c in codes)

    def plan_field_names(self, keys: Iterable[str]) -> str:
        return self._join(column_label("training_plan", k, self.lang) for k in keys)

    @staticmethod
    def _attended(staff: StaffTraining) -> list[SessionResult]:
        """Every session the person attended, newest first."""
        results = [r for c in staff.categories for r in c.sessions]
        return sorted(results, key=lambda r: (r.session.date, r.session.session_id), reverse=True)

    @cached_property  # asked for every session of every person's page
    def history_from(self) -> dt.date:
        # A year of sessions per person: three years of rows would make each of 2,000 staff
        # pages about three times as long, and the build with them. Older rows are counted.
        return years_before(self.report.as_of, 1)

    def history(self, staff: StaffTraining) -> list[SessionResult]:
        since = self.history_from
        return [r for r in self._attended(staff) if r.session.date > since]

    def older(self, staff: StaffTraining) -> int:
        since = self.history_from
        return sum(1 for c in staff.categories for r in c.sessions if r.session.date <= since)

    def exams(self, staff: StaffTraining) -> list[SessionResult]:
        return [r for r in self._attended(staff) if r.outcome is not None]

    @staticmethod
    def scores(result: SessionResult) -> str:
        return " / ".join(number(a.total) for a in result.attempts)

    @property
    def chart(self) -> Markup:
        """Completion per category: staff done, pending and overdue this period."""
        return bar_chart(
            text("ui.training-totals", self.lang),
            [t.column.label for t in self.totals],
            [
                Series(
                    text(f"ui.training-status-{s}", self.lang), [t.counts[s] for t in self.totals]
                )
                for s in CHART_STATUSES
            ],
            self.lang,
        )

    @property
    def pages(self) -> list[PageSpec]:
        """The matrix, onboarding and plan in the nav; a page per person linked from the matrix."""
        ui = lambda key, **kw: text(f"ui.{key}", self.lang, **kw)  # noqa: E731

        def spec(
            path: str,
            template: str,
            title: str,
            context: TrainingPage | None = None,
            in_nav: bool = True,
            in_search: bool = True,
        ) -> PageSpec:
            context = context or TrainingPage(self)
            return PageSpec(
                path,
                title,
                template,
                context,
                in_nav=in_nav,
                section="training",
                in_search=in_search,
            )

        specs = [
            spec(
                "training/index.md",
                "training_matrix.md.j2",
                ui("training-matrix"),
                context=TrainingMatrixPage(self, self.chart),
                in_search=True,  # staff names are found here; the per-person pages stay out
            ),
            spec("training/onboarding.md", "training_onboarding.md.j2", ui("training-onboarding")),
            spec("training/plan.md", "training_plan.md.j2", ui("training-plan")),
            spec(
                "training/acknowledgements.md",
                "training_acknowledgements.md.j2",
                ui("training-acknowledgements"),
            ),
        ]
        for row in [r for g in self.roles for r in g.rows] + self.leavers:
            person = row.staff.person
            specs.append(
                spec(
                    f"{STAFF_DIR}/{row.slug}.md",
                    "training_staff.md.j2",
                    ui("training-staff-title", name=person.name, staff_id=person.staff_id),
                    context=TrainingStaffPage(self, row),
                    in_nav=False,
                    in_search=False,
                )
            )
        return specs


def number(value: Decimal | int | None) -> str:
    """A score or an amount of hours as a person writes it: 86, 21.5."""
    if value is None:
        return ""
    return f"{Decimal(value).normalize():f}"


def money(value: Decimal | None) -> str:
    return "" if value is None else f"{value:,.2f}"


# Training templates get no filters of their own: numbers are put into words by these.
_number, _money = number, money


@dataclass(frozen=True)
class TrainingPage(PageContext):
    """training_onboarding.md.j2, training_plan.md.j2, training_acknowledgements.md.j2: a
    training page: onboarding, next year's plan, SOP read-and-sign."""

    site: TrainingSite  # the training report shaped for pages
    # A score or hours as a person writes them: 86, 21.5.
    number: Callable[[Decimal | int | None], str] = field(default=_number, kw_only=True)
    # An amount as 12,000.00.
    money: Callable[[Decimal | None], str] = field(default=_money, kw_only=True)


@dataclass(frozen=True)
class TrainingMatrixPage(TrainingPage):
    """training_matrix.md.j2: everyone's status per category, by role."""

    chart: Markup  # completion per category, an SVG


@dataclass(frozen=True)
class TrainingStaffPage(TrainingPage):
    """training_staff.md.j2: one person's training, exams and sign-offs."""

    row: StaffRow


def _rule_row(code: str, rules: Rules, lang: str) -> RuleRow:
    rule = rules.categories[code]
    ui = lambda key, **kw: text(f"ui.{key}", lang, **kw)  # noqa: E731
    dash = ui("training-none")
    onboarding = code == rules.onboarding.category
    if onboarding:
        period = ui("training-period-onboarding", days=rules.onboarding.days)
    else:
        period = ui(f"training-period-{rule.period}")
    extras = []
    if rule.min_machine_hours is not None:
        extras.append(ui("training-extra-machine-hours", hours=number(rule.min_machine_hours)))
    if rule.certificate_replaces_exam:
        extras.append(ui("training-extra-certificate"))
    exam = " + ".join(
        f"{ui(f'training-component-{part}')} {weight}" for part, weight in (rule.exam or {}).items()
    )
    return RuleRow(
        label=in_language(rule.labels, lang),
        applies_to=ui(
            "training-applies-new-hires" if onboarding else f"training-applies-{rule.applies_to}"
        ),
        period=period,
        minutes=ui("training-minutes", minutes=rule.min_minutes) if rule.min_minutes else dash,
        exam=exam or ui("training-no-exam"),
        pass_mark=number(rules.pass_mark_of(code)) if rule.exam else dash,
        retakes=ui("training-retakes", count=rule.retakes) if rule.exam else dash,
        final_failure=ui(f"training-final-{rule.final_failure}") if rule.exam else dash,
        extras=tuple(extras),
        note=in_language(rule.note, lang) if rule.note else "",
    )


TONES = {
    "done": "ok",
    "passed": "ok",
    "pending": "due",
    "in_progress": "due",
    "retake_due": "due",
    "overdue": "bad",
    "late": "bad",
    "failed": "bad",
    "warning": "bad",
    "dismissal": "bad",
    "not_passed": "due",
    "not_required": "none",
    "not_tracked": "none",
}
# Exam states worth a second badge next to the status: someone has to do something.
_EXAM_BADGES = ("retake_due", "warning", "dismissal", "not_passed")


# A few dozen distinct badge lists fill every cell of thousands of pages: each is written once.
@lru_cache(maxsize=4096)
def _badges_html(badges: tuple[Badge, ...]) -> Markup:
    return Markup(" ").join(
        Markup('<span class="deskbook-badge deskbook-{}">{}</span>').format(b.tone, token(b.label))
        for b in badges
    )


def _cells(staff: StaffTraining, rules: Rules, lang: str) -> dict[str, list[Badge]]:
    cells = {}
    for c in staff.categories:
        if c.category == rules.onboarding.category:
            o = staff.onboarding
            label = text(f"ui.training-onboarding-{o.state}", lang, day=o.day, days=o.days)
            cells[c.category] = [Badge(TONES[o.state], label)]
            continue
        badges = [Badge(TONES[c.status], text(f"ui.training-status-{c.status}", lang))]
        if c.exam_state in _EXAM_BADGES:
            badges.append(
                Badge(TONES[c.exam_state], text(f"ui.training-exam-{c.exam_state}", lang))
            )
        cells[c.category] = badges
    return cells


def _total(column: Column, cells: list[CategoryStatus]) -> Total:
    mine = [c for c in cells if c.category == column.code]
    return Total(
        column,
        {s: sum(c.status == s for c in mine) for s in STATUSES},
        sum(c.exam_state in RETAKE_STATES for c in mine),
    )


def training_site(report: TrainingReport, lang: str) -> TrainingSite:
    rules = report.rules
    # A category never required of anyone (no period) would be a column of "not required".
    columns = [
        Column(code, in_language(rule.labels, lang))
        for code, rule in rules.categories.items()
        if rule.period != "none" or code == rules.onboarding.category
    ]
    everyone = (*report.staff, *report.leavers)
    slugs = staff_slugs(s.person.staff_id for s in everyone)
    rows = {
        s.person.staff_id: StaffRow(
            s,
            slugs[s.person.staff_id],
            len(report.recent_warnings(s)),
            _cells(s, rules, lang),
        )
        for s in everyone
    }
    current = [rows[s.person.staff_id] for s in report.staff]
    roles: dict[str, list[StaffRow]] = {}
    for row in current:
        roles.setdefault(row.staff.person.role, []).append(row)
    cells = [c for s in report.staff for c in s.categories]
    return TrainingSite(
        lang=lang,
        report=report,
        columns=columns,
        rules_table=[_rule_row(code, rules, lang) for code in rules.categories],
        roles=[RoleGroup(role, members) for role, members in roles.items()],
        leavers=[rows[s.person.staff_id] for s in report.leavers],
        totals=[_total(column, cells) for column in columns],
        new_hires=sorted(
            (r for r in current if r.staff.onboarding.state != "not_tracked"),
            key=lambda r: (r.staff.person.hire_date, r.staff.person.staff_id),
            reverse=True,
        ),
        by_id=rows,
    )


def pages(views: Views) -> list[PageSpec]:
    return views.view(training_view).pages


def training_view(views: Views) -> TrainingSite:
    report = compute(
        views.dataset,
        views.training_rules,
        views.as_of,
        views.sops,
        views.acknowledge_days,
        views.onboarding_from,
    )
    # Colleagues read the internal site: scores and warnings are left out of its data.
    site = training_site(report if views.manager else for_colleagues(report), views.lang)
    upcoming: dict[str, SessionRow] = {}
    for session in sorted(views.dataset.records("training_sessions"), key=lambda r: r.date):
        if session.date > views.as_of:
            upcoming.setdefault(session.category, session)
    # A leaver's number is no longer a colleague's to call.
    current = {s.person.staff_id for s in site.report.staff}
    phones = {
        r.staff_id: r.phone
        for r in views.dataset.records("staff")
        if r.phone and r.staff_id in current
    }
    return dataclasses.replace(
        site, upcoming=upcoming, phones=phones, tickets=_tickets_owed(views, site)
    )


def _tickets_owed(views: Views, site: TrainingSite) -> dict[str, tuple[Todo, ...]]:
    """Each person's open tickets, past their time limit first and then the oldest (the
    desk's order), and the 回訪 they owe (service_desk.followup_owner says whose it is);
    each links to the ticket's unit page, else its month's page."""
    desk, people = views.view(desk_view), views.view(people_view)
    first = first_paged_month(views.as_of, views.page_months)
    ui = lambda key, **kw: text(f"ui.{key}", views.lang, **kw)  # noqa: E731
    owed: dict[str, list[Todo]] = defaultdict(list)

    def about(ticket: Ticket, key: str) -> str:
        kind = views.choice_label("ticket_kind", ticket.kind)
        line = ui(key, ticket=ticket.ticket_id, kind=kind)
        return line + ui("todo-ticket-unit", unit=ticket.unit) if ticket.unit else line

    for t in desk.open_first:
        if not t.assignee:
            continue
        late = desk.late_hours(t)
        line = about(t, "todo-ticket")
        if late is not None:
            line += ui("todo-ticket-late", hours=f"{late:.0f}")
        elif t.deadline is not None:
            line += ui("todo-by", date=t.deadline.strftime("%Y-%m-%d %H:%M"))
        badge = site.badge("overdue" if late is not None else "pending")
        due = None if t.deadline is None else t.deadline.date()
        owed[t.assignee].append(Todo(line, badge, due, ticket_page(t, first)))
    stale = views.as_of - dt.timedelta(days=views.rules.followup.to_do_days)
    for f in desk.followups:
        person = followup_owner(f.ticket, people)
        if person is None or f.due_on < stale:  # long missed: the desk's record, not a to-do
            continue
        line = about(f.ticket, "todo-followup") + ui("todo-by", date=f.due_on.isoformat())
        badge = site.badge("overdue" if f.missed else "pending")
        owed[person.staff_id].append(Todo(line, badge, f.due_on, ticket_page(f.ticket, first)))
    return {staff_id: tuple(todos) for staff_id, todos in owed.items()}
