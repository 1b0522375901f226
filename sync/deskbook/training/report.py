"""The whole training picture as of one day: every person, every category, the plan, the archive."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from deskbook.model.dataset import Dataset
from deskbook.model.sops import SopPage
from deskbook.training.acknowledgements import (
    Acknowledgement,
    Retraining,
    SopStanding,
    retraining,
    sop_standings,
)
from deskbook.training.archive import ArchiveDue, archive_due
from deskbook.training.compliance import CategoryStatus, Status, category_status
from deskbook.training.exams import SessionResult, judge
from deskbook.training.history import History, Person, Rows, Session, read_history
from deskbook.training.onboarding import (
    OnboardingState,
    OnboardingStatus,
    onboarding_status,
    tracked_from,
)
from deskbook.training.periods import period_of, years_before
from deskbook.training.plan import PlanStatus, plan_status
from deskbook.training.rules import Rules

# The onboarding column of the matrix speaks in the same four words as the others.
ONBOARDING_AS_STATUS: dict[OnboardingState, Status] = {
    "passed": "done",
    "in_progress": "pending",
    "late": "overdue",
    "failed": "overdue",
    "not_passed": "overdue",
    "not_tracked": "not_required",
}

# Exam states counted as a retake to sit: colleagues read every failure as one.
RETAKE_STATES = ("retake_due", "not_passed")


@dataclass(frozen=True)
class StaffTraining:
    person: Person
    onboarding: OnboardingStatus
    categories: tuple[CategoryStatus, ...]  # in the rules file's order
    warnings: tuple[SessionResult, ...]  # sessions whose last allowed attempt failed
    acknowledgements: tuple[Acknowledgement, ...] = ()  # SOPs this person must read
    retraining: tuple[Retraining, ...] = ()
    # Passed exams of a category that requires a certificate, with none recorded.
    missing_certificates: tuple[SessionResult, ...] = ()

    @property
    def certificates(self) -> tuple[SessionResult, ...]:
        """Every session with a certificate on record, oldest first."""
        return tuple(r for c in self.categories for r in c.sessions if r.certificate)

    def category(self, code: str) -> CategoryStatus:
        return next(c for c in self.categories if c.category == code)


@dataclass(frozen=True)
class ActionCounts:
    overdue: int
    overdue_staff: int
    retakes_due: int
    warnings: int
    exams_this_week: int
    onboarding_late: int
    onboarding_failed: int
    acknowledgements_overdue: int = 0
    acknowledgements_pending: int = 0
    retraining_due: int = 0
    reviews_overdue: int = 0
    certificates_missing: int = 0


@dataclass(frozen=True)
class TrainingReport:
    as_of: dt.date
    rules: Rules
    records_from: dt.date | None
    staff: tuple[StaffTraining, ...]  # still employed (active or on leave), by staff id
    leavers: tuple[StaffTraining, ...]
    plan: PlanStatus
    archive: ArchiveDue
    sops: tuple[SopStanding, ...] = field(default=())  # by SOP code
    acknowledge_days: int = 14
    # The first hire date whose onboarding is judged ([training] onboarding_from, or derived).
    onboarding_from: dt.date | None = None
    # Scores, warnings and exams' consequences taken out, for colleagues to read
    # (deskbook.training.colleagues).
    withheld: bool = False

    @property
    def actions(self) -> ActionCounts:
        # Onboarding has lines of its own (exams this week, late, failed): not counted twice.
        onboarding_code = self.rules.onboarding.category
        overdue = [
            [c for c in s.categories if c.status == "overdue" and c.category != onboarding_code]
            for s in self.staff
        ]
        cells = [c for s in self.staff for c in s.categories]
        week = period_of("week", self.as_of)
        onboarding = [s.onboarding for s in self.staff if s.onboarding.state != "not_tracked"]
        return ActionCounts(
            overdue=sum(len(o) for o in overdue),
            overdue_staff=sum(1 for o in overdue if o),
            retakes_due=sum(c.exam_state in RETAKE_STATES for c in cells),
            warnings=sum(len(self.recent_warnings(s)) for s in self.staff),
            # Only exams still to be sat: one already passed or failed is done with, and a
            # late one is counted on a line of its own.
            exams_this_week=sum(
                o.state == "in_progress" and o.exam_due in week for o in onboarding
            ),
            onboarding_late=sum(o.state == "late" for o in onboarding),
            onboarding_failed=sum(o.state == "failed" for o in onboarding),
            acknowledgements_overdue=sum(s.count("overdue") for s in self.sops),
            acknowledgements_pending=sum(s.count("pending") for s in self.sops),
            retraining_due=sum(
                r.status in ("pending", "overdue") for s in self.staff for r in s.retraining
            ),
            reviews_overdue=sum(s.review_overdue for s in self.sops),
            certificates_missing=sum(len(s.missing_certificates) for s in self.staff),
        )

    def recent_warnings(self, staff: StaffTraining) -> tuple[SessionResult, ...]:
        """Warnings earned at sessions of the last 12 months: the ones still to be acted on."""
        since = years_before(self.as_of, 1)
        return tuple(w for w in staff.warnings if w.session.date > since)


def _staff_training(
    person: Person,
    attended: dict[str, Rows],
    sessions: dict[str, Session],
    order: dict[str, int],
    rules: Rules,
    as_of: dt.date,
    records_from: dt.date | None,
    onboarding_from: dt.date | None,
    sops: Mapping[str, SopPage],
    held: Mapping[str, list[dt.date]],
    acknowledgements: tuple[Acknowledgement, ...],
) -> StaffTraining:
    by_category: dict[str, list[tuple[Session, Rows]]] = defaultdict(list)
    for session_id in sorted(attended, key=order.__getitem__):
        session = sessions[session_id]
        by_category[session.category].append((session, attended[session_id]))
    warnings: list[SessionResult] = []
    missing: list[SessionResult] = []
    judged: dict[str, tuple[SessionResult, ...]] = {}
    for code, rule in rules.categories.items():
        pass_mark = rules.pass_mark_of(code)
        judged[code] = tuple(
            judge(session, rows, rule, pass_mark) for session, rows in by_category[code]
        )
        if rule.final_failure == "warning":
            warnings += [r for r in judged[code] if r.outcome == "failed"]
        if rule.certificate_required:
            missing += [r for r in judged[code] if r.outcome == "passed" and not r.certificate]
    retrain = retraining(person, sops.values(), judged, held, as_of)
    # A material SOP change reopens its category until the person's next session.
    reopened: dict[str, Status] = {}
    for r in retrain:
        if r.status in ("pending", "overdue") and reopened.get(r.category) != "overdue":
            reopened[r.category] = r.status
    statuses = []
    onboarding: OnboardingStatus | None = None
    for code, rule in rules.categories.items():
        results = judged[code]
        status = category_status(person, code, rule, results, as_of, records_from)
        if code == rules.onboarding.category:
            onboarding = onboarding_status(
                person, rules.onboarding.days, results, as_of, onboarding_from
            )
            if not person.has_left(as_of):
                status = replace(status, status=ONBOARDING_AS_STATUS[onboarding.state])
        elif code in reopened and status.status != "overdue":
            status = replace(status, status=reopened[code])
        statuses.append(status)
    assert onboarding is not None  # the rules guarantee the onboarding category exists
    warnings.sort(key=lambda r: (r.session.date, r.session.session_id))
    return StaffTraining(
        person,
        onboarding,
        tuple(statuses),
        tuple(warnings),
        acknowledgements,
        retrain,
        tuple(missing),
    )


def compute(
    dataset: Dataset,
    rules: Rules,
    as_of: dt.date,
    sops: Mapping[str, SopPage] | None = None,
    acknowledge_days: int = 14,
    onboarding_from: dt.date | None = None,
) -> TrainingReport:
    """`sops`: the SOP pages (read-and-sign, retraining); `onboarding_from`: the office's
    `[training] onboarding_from`, else the first onboarding session on record decides."""
    sops = sops or {}
    history: History = read_history(dataset, as_of, rules.onboarding.category)
    order = {session_id: n for n, session_id in enumerate(history.sessions)}
    held: dict[str, list[dt.date]] = defaultdict(list)
    for session in history.sessions.values():
        held[session.category].append(session.date)
    standings = sop_standings(dataset, sops, history.people, as_of, acknowledge_days)
    owed: dict[str, list[Acknowledgement]] = defaultdict(list)
    for standing in standings:
        for row in standing.rows:
            owed[row.staff_id].append(row)
    tracked = tracked_from(onboarding_from, history.onboarding_records_from, rules.onboarding.days)
    everyone = [
        _staff_training(
            p,
            history.attended.get(p.staff_id, {}),
            history.sessions,
            order,
            rules,
            as_of,
            history.records_from,
            tracked,
            sops,
            held,
            tuple(owed[p.staff_id]),
        )
        for p in sorted(history.people, key=lambda p: p.staff_id)
    ]
    return TrainingReport(
        as_of=as_of,
        rules=rules,
        records_from=history.records_from,
        staff=tuple(s for s in everyone if not s.person.has_left(as_of)),
        leavers=tuple(s for s in everyone if s.person.has_left(as_of)),
        plan=plan_status(dataset, rules, as_of),
        archive=archive_due(dataset, rules.retention_years, as_of),
        sops=standings,
        acknowledge_days=acknowledge_days,
        onboarding_from=tracked,
    )
