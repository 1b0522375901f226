"""The training rule engine on hand-worked cases at period boundaries.

Every workbook here goes through the validator, as the office's own would, built in memory as
the xlsx reader hands it over (tests/raw_books.py): a file would add nothing. Each case works
its expected status out from the default rules (rules/training.toml) in its comments. Two
facts recur:

- A period counts for a person only if they were employed for all of it, and only if it began
  on or after the earliest session in the workbook ("records_from"): before that day nothing
  is on record, so nothing is judged.
- done: current period satisfied; overdue: the last complete counted period was not, and the
  current one is not yet; pending: current period counted and open; otherwise not required.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from deskbook.model.dataset import Dataset, TabData, make_record
from deskbook.schema.validate import validate
from deskbook.training.compliance import CategoryStatus
from deskbook.training.periods import period_of, years_before
from deskbook.training.plan import plan_status
from deskbook.training.report import StaffTraining, TrainingReport, compute
from deskbook.training.rules import load_rules
from tests.conftest import load_spec
from tests.raw_books import raw_workbook

RULES = load_rules()
ZONE = ZoneInfo("Asia/Shanghai")
NOW = dt.datetime(2026, 11, 27, 17, 0, tzinfo=ZONE)
D = dt.date
VETERAN = D(2020, 1, 6)


def person(
    sid: str,
    hired: dt.date = VETERAN,
    *,
    left: dt.date | None = None,
    status: str = "在職",
    culture: bool = False,
) -> list[Any]:
    return [
        sid,
        f"員工{sid}",
        "客服專員",
        "客服部",
        hired,
        status,
        left or "",
        "是" if culture else "否",
    ]


def session(
    sid: str, category: str, day: dt.date, minutes: int, external: bool = False
) -> list[Any]:
    return [
        sid,
        category,
        f"{category} {sid}",
        day,
        "14:00",
        minutes,
        "講師",
        "是" if external else "否",
    ]


def attended(
    session_id: str,
    staff_id: str,
    minutes: int,
    *,
    theory: Any = "",
    practical: Any = "",
    discipline: Any = "",
    attempt: Any = "",
    hours: Any = "",
    certificate: str = "",
) -> list[Any]:
    return [
        session_id,
        staff_id,
        minutes,
        hours,
        theory,
        practical,
        discipline,
        attempt,
        certificate,
    ]


def workbook(
    staff: list[list[Any]],
    sessions: list[list[Any]],
    attendance: list[list[Any]],
    plan: list[list[Any]] | None = None,
) -> Dataset:
    spec = load_spec()
    spec["員工"]["rows"] = staff
    spec["培訓場次"]["rows"] = sessions
    spec["培訓簽到"]["rows"] = attendance
    spec["年度培訓計劃"]["rows"] = plan or []
    dataset = validate(raw_workbook(spec), ZONE, NOW)
    training_tabs = {"staff", "training_sessions", "training_attendance", "training_plan"}
    assert not [i.line("en") for i in dataset.errors if i.tab in training_tabs]
    return dataset


def find(report: TrainingReport, staff_id: str) -> StaffTraining:
    return next(s for s in (*report.staff, *report.leavers) if s.person.staff_id == staff_id)


def status(report: TrainingReport, staff_id: str, category: str) -> CategoryStatus:
    return find(report, staff_id).category(category)


def missed(report: TrainingReport, staff_id: str, category: str) -> list[str]:
    return [p.label for p in status(report, staff_id, category).missed]


# ---------------------------------------------------------------- periods


def test_period_boundaries() -> None:
    # 2026 has 53 ISO weeks: week 53 runs Monday 28 December 2026 to Sunday 3 January 2027.
    w53 = period_of("week", D(2027, 1, 3))
    assert (w53.label, w53.first, w53.last) == ("2026-W53", D(2026, 12, 28), D(2027, 1, 3))
    assert period_of("week", D(2027, 1, 4)).previous() == w53
    assert period_of("quarter", D(2026, 3, 31)).label == "2026-Q1"
    assert period_of("quarter", D(2026, 4, 1)).previous().last == D(2026, 3, 31)
    h2 = period_of("half_year", D(2026, 12, 31))
    assert (h2.label, h2.first) == ("2026-H2", D(2026, 7, 1))
    assert period_of("month", D(2026, 1, 1)).previous().label == "2025-12"
    assert period_of("year", D(2026, 6, 1)).last == D(2026, 12, 31)
    assert years_before(D(2028, 2, 29), 1) == D(2027, 2, 28)


# ---------------------------------------------------------------- the cases


def test_iso_week_53() -> None:
    # Job skills: weekly (ISO week), each session >= 60 minutes, no exam.
    # T52 on Mon 2026-12-21 (week 52) and T53 on Sat 2027-01-02, which is still 2026-W53.
    # records_from = 2026-12-21, so weeks 52 and 53 are judged and nothing earlier is.
    data = workbook(
        [person("S1"), person("S2")],
        [
            session("T52", "工作技能", D(2026, 12, 21), 60),
            session("T53", "工作技能", D(2027, 1, 2), 60),
        ],
        [attended("T52", "S1", 60), attended("T53", "S1", 60), attended("T52", "S2", 60)],
    )
    # Fri 2027-01-01: the current week is 2026-W53 and T53 has not happened yet. Week 52 was
    # satisfied by both, so neither is overdue: both pending.
    report = compute(data, RULES, D(2027, 1, 1))
    current = status(report, "S1", "skills").current
    assert current is not None and current.label == "2026-W53"
    assert status(report, "S1", "skills").status == "pending"
    assert status(report, "S2", "skills").status == "pending"
    # Sun 2027-01-03: T53 (a January date) satisfies 2026-W53 for S1: done. S2 still pending.
    report = compute(data, RULES, D(2027, 1, 3))
    assert status(report, "S1", "skills").status == "done"
    assert status(report, "S2", "skills").status == "pending"
    # Mon 2027-01-04 is 2027-W01, empty so far. S1 satisfied W53: pending. S2 missed W53,
    # the last complete week, and has nothing in W01: overdue, with W53 as the one miss.
    report = compute(data, RULES, D(2027, 1, 4))
    assert status(report, "S1", "skills").status == "pending"
    assert status(report, "S2", "skills").status == "overdue"
    assert missed(report, "S2", "skills") == ["2026-W53"]
    assert missed(report, "S1", "skills") == []


def test_hire_on_the_last_day_of_a_quarter() -> None:
    # Service: quarterly, >= 90 minutes, exam theory 90 + discipline 10, pass at 60.
    # An anchor session on 2025-12-01 makes records_from 2025-12-01, so 2026-Q1 is judged.
    # N1 is hired on 2026-03-31, the last day of Q1: not employed for all of Q1, so Q1 never
    # counts for N1; Q2 (from April 1) is the first quarter that does.
    data = workbook(
        [person("V1"), person("N1", D(2026, 3, 31))],
        [
            session("A0", "部門例會", D(2025, 12, 1), 60),
            session("SV1", "服務培訓", D(2026, 1, 21), 90),
            session("SV2", "服務培訓", D(2026, 4, 22), 90),
        ],
        [
            attended("SV1", "V1", 90, theory=80, discipline=9, attempt=1),
            attended("SV2", "V1", 90, theory=75, discipline=8, attempt=1),
        ],
    )
    # 2026-04-10: N1 is in scope for Q2, which is open and unsatisfied. The quarter before
    # (Q1) does not count for N1, and 2025-Q4 began before records_from: pending, nothing missed.
    report = compute(data, RULES, D(2026, 4, 10))
    assert status(report, "N1", "service").status == "pending"
    assert missed(report, "N1", "service") == []
    # 2026-07-10: Q2 is complete, counted, and N1 skipped SV2; Q3 is unsatisfied: overdue.
    # V1 passed SV2 in Q2, so V1 is merely pending in Q3.
    report = compute(data, RULES, D(2026, 7, 10))
    assert status(report, "N1", "service").status == "overdue"
    assert missed(report, "N1", "service") == ["2026-Q2"]
    assert status(report, "V1", "service").status == "pending"


def test_leaver_mid_month() -> None:
    # Department meeting: monthly, no minimum minutes, no exam. records_from = 2026-02-02, so
    # February (from Feb 1) is not judged; March to June are.
    # L1 left on 2026-06-15 (status 離職); L2 has handed in notice: still 在職, leaving 06-15.
    # Both attended March and May, skipped April and June.
    meetings = [
        ("M2", D(2026, 2, 2)),
        ("M3", D(2026, 3, 2)),
        ("M4", D(2026, 4, 6)),
        ("M5", D(2026, 5, 4)),
        ("M6", D(2026, 6, 1)),
    ]
    data = workbook(
        [person("L1", left=D(2026, 6, 15), status="離職"), person("L2", left=D(2026, 6, 15))],
        [session(sid, "部門例會", day, 60) for sid, day in meetings],
        [attended(m, s, 60) for s in ("L1", "L2") for m in ("M3", "M5")],
    )
    # 2026-06-10: L2 still works here but will not be employed for all of June, so June is
    # not required; May, the last counted month, was satisfied: not required, not overdue.
    report = compute(data, RULES, D(2026, 6, 10))
    assert status(report, "L2", "meeting").status == "not_required"
    # 2026-07-20: L1 has left: listed apart, owing nothing. Of the months that counted
    # (March, April, May; June was cut short by leaving) only April was missed.
    report = compute(data, RULES, D(2026, 7, 20))
    assert "L1" in {s.person.staff_id for s in report.leavers}
    assert "L1" not in {s.person.staff_id for s in report.staff}
    assert status(report, "L1", "meeting").status == "not_required"
    assert missed(report, "L1", "meeting") == ["2026-04"]


def test_retake_passed_in_the_next_period() -> None:
    # Property management: monthly, >= 120 minutes, exam 90 + 10, pass at 60, one retake.
    # records_from = 2026-02-12: March and later are judged. Both sat P3 on 2026-03-12 for
    # 120 minutes and failed: 40 + 6 = 46. R2's retake (logged under P3 with 0 minutes, as
    # the office records retakes) scored 60 + 8 = 68 and was sat in April.
    data = workbook(
        [person("R1"), person("R2")],
        [
            session("P2", "物業管理知識", D(2026, 2, 12), 120),
            session("P3", "物業管理知識", D(2026, 3, 12), 120),
            session("P4", "物業管理知識", D(2026, 4, 9), 120),
        ],
        [
            attended("P3", "R1", 120, theory=40, discipline=6, attempt=1),
            attended("P3", "R2", 120, theory=40, discipline=6, attempt=1),
            attended("P3", "R2", 0, theory=60, discipline=8, attempt=2),
        ],
    )
    report = compute(data, RULES, D(2026, 4, 5))
    # R1: March's only session did not qualify (exam failed, no retake yet) and April has
    # nothing yet: overdue, retake due, latest score 46.
    r1 = status(report, "R1", "property_knowledge")
    assert (r1.status, r1.exam_state, r1.latest_score) == ("overdue", "retake_due", Decimal(46))
    assert missed(report, "R1", "property_knowledge") == ["2026-03"]
    # R2: the retake passed, so P3 qualifies and March is satisfied although the retake was
    # sat in April; April itself is open: pending, exam passed, latest score 68.
    r2 = status(report, "R2", "property_knowledge")
    assert (r2.status, r2.exam_state, r2.latest_score) == ("pending", "passed", Decimal(68))
    assert r2.missed == ()
    assert report.actions.retakes_due == 1


def test_59_minutes_of_a_60_minute_minimum() -> None:
    # Job skills: >= 60 minutes of one session. K1 on Tue 2026-11-24 (2026-W48) is the only
    # skills session; a meeting on Mon 11-23 makes records_from the first day of W48, so W48
    # is judged and W47 is not.
    data = workbook(
        [person("A1"), person("A2")],
        [
            session("A0", "部門例會", D(2026, 11, 23), 60),
            session("K1", "工作技能", D(2026, 11, 24), 60),
        ],
        [attended("K1", "A1", 59), attended("K1", "A2", 60)],
    )
    # Fri 2026-11-27: A2's 60 minutes qualify: done. A1's 59 do not (per session, nothing to
    # add them to): W48 is open, so pending. The 59 minutes still count as time trained.
    report = compute(data, RULES, D(2026, 11, 27))
    assert status(report, "A2", "skills").status == "done"
    a1 = status(report, "A1", "skills")
    assert (a1.status, a1.minutes_this_year) == ("pending", 59)
    # Mon 2026-11-30 (W49): A1 missed W48 and has nothing in W49: overdue.
    report = compute(data, RULES, D(2026, 11, 30))
    assert status(report, "A1", "skills").status == "overdue"
    assert missed(report, "A1", "skills") == ["2026-W48"]
    assert status(report, "A2", "skills").status == "pending"


def test_second_failed_attempt_is_a_warning() -> None:
    # Safety: yearly, >= 90 minutes, exam 90 + 10, one retake, then a warning.
    # The anchor meeting on 2025-12-01 puts records_from before 2026-01-01: 2026 is judged.
    # W1 sat F1 on 2026-06-18: 40 + 6 = 46, retake 50 + 5 = 55; both below 60.
    data = workbook(
        [person("W1")],
        [
            session("A0", "部門例會", D(2025, 12, 1), 60),
            session("F1", "安全培訓", D(2026, 6, 18), 90),
        ],
        [
            attended("F1", "W1", 90, theory=40, discipline=6, attempt=1),
            attended("F1", "W1", 0, theory=50, discipline=5, attempt=2),
        ],
    )
    # 2026-11-27: 2026 is unsatisfied but still open; 2025 began before records_from and is
    # not judged: pending. The exam ended in a warning, one earned in the last 12 months.
    report = compute(data, RULES, D(2026, 11, 27))
    w1 = status(report, "W1", "safety")
    assert (w1.status, w1.exam_state, w1.latest_score) == ("pending", "warning", Decimal(55))
    assert [w.session.session_id for w in find(report, "W1").warnings] == ["F1"]
    assert report.actions.warnings == 1
    # 2027-01-05: 2026, complete and counted, was not satisfied; 2027 has nothing: overdue.
    report = compute(data, RULES, D(2027, 1, 5))
    assert status(report, "W1", "safety").status == "overdue"
    assert missed(report, "W1", "safety") == ["2026"]


def test_culture_training_only_for_flagged_staff() -> None:
    # Culture: quarterly, only for staff flagged in the culture column. records_from =
    # 2026-06-01, so Q3 and Q4 are judged. C1 (flagged) attended Q3 and Q4; C2 (not flagged)
    # came to Q4 of their own accord; C3 (flagged) attended neither.
    data = workbook(
        [person("C1", culture=True), person("C2"), person("C3", culture=True)],
        [
            session("A0", "部門例會", D(2026, 6, 1), 60),
            session("CU3", "文化知識", D(2026, 7, 30), 90),
            session("CU4", "文化知識", D(2026, 10, 29), 90),
        ],
        [attended("CU3", "C1", 90), attended("CU4", "C1", 90), attended("CU4", "C2", 90)],
    )
    report = compute(data, RULES, D(2026, 11, 27))
    assert status(report, "C1", "culture").status == "done"
    # Not flagged: never required, nothing ever missed, though the minutes are on record.
    c2 = status(report, "C2", "culture")
    assert (c2.status, c2.missed, c2.minutes_this_year) == ("not_required", (), 90)
    # Flagged and absent: Q3 missed, Q4 not satisfied: overdue.
    assert status(report, "C3", "culture").status == "overdue"
    assert missed(report, "C3", "culture") == ["2026-Q3"]


def test_computer_needs_machine_hours_as_well_as_the_exam() -> None:
    # Computer: yearly, exam theory 30 + practical 60 + discipline 10, and >= 20 machine
    # hours over the year's course. Both passed the exam (85 and 73); H1 logged 10 + 10 = 20
    # hours, H2 8 + 7 = 15.
    data = workbook(
        [person("H1"), person("H2")],
        [
            session("E1", "電腦技能", D(2026, 3, 2), 120),
            session("E2", "電腦技能", D(2026, 3, 27), 120),
        ],
        [
            attended("E1", "H1", 120, hours=10),
            attended("E2", "H1", 120, hours=10, theory=25, practical=50, discipline=10, attempt=1),
            attended("E1", "H2", 120, hours=8),
            attended("E2", "H2", 120, hours=7, theory=20, practical=45, discipline=8, attempt=1),
        ],
    )
    report = compute(data, RULES, D(2026, 11, 27))
    h1, h2 = status(report, "H1", "computer"), status(report, "H2", "computer")
    assert (h1.status, h1.machine_hours_this_year) == ("done", Decimal(20))
    # The exam passed but 15 hours fall short of 20: 2026 is not satisfied, still open.
    assert (h2.status, h2.exam_state, h2.machine_hours_this_year) == (
        "pending",
        "passed",
        Decimal(15),
    )


def test_external_law_training_counts_with_its_certificate() -> None:
    # Law: half-yearly, >= 120 minutes, exam; an external session counts once the certificate
    # is recorded, in place of the exam. X1 handed theirs in, X2 has not yet.
    data = workbook(
        [person("X1"), person("X2")],
        [session("LX", "法律知識", D(2026, 10, 22), 120, external=True)],
        [
            attended("LX", "X1", 120, certificate="市物協(2026)培字第0123號"),
            attended("LX", "X2", 120),
        ],
    )
    report = compute(data, RULES, D(2026, 11, 27))
    assert (status(report, "X1", "legal").status, status(report, "X1", "legal").exam_state) == (
        "done",
        "passed",
    )
    assert (status(report, "X2", "legal").status, status(report, "X2", "legal").exam_state) == (
        "pending",
        "none",
    )


def test_onboarding_states() -> None:
    # Onboarding: 7 days from the hire date (day 1), exam on day 7, a failure means dismissal
    # (no retake). records_from = 2026-11-01 (the anchor meeting).
    # As of Fri 2026-11-27 (week of Mon 11-23 to Sun 11-29):
    #   O1 hired 11-24: day 4 of 7, exam due 11-30        -> in progress
    #   O5 hired 11-21: day 7 of 7, exam due 11-27 today  -> in progress, exam this week
    #   O2 hired 11-16: exam on 11-22 scored 75           -> passed
    #   O3 hired 11-16: exam on 11-22 scored 50           -> failed (dismissal)
    #   O4 hired 11-16: no exam result, day 7 was 11-22   -> late
    #   V  hired 2020, before records_from                -> not applicable
    hired = D(2026, 11, 16)
    data = workbook(
        [
            person("V"),
            person("O1", D(2026, 11, 24)),
            person("O5", D(2026, 11, 21)),
            person("O2", hired),
            person("O3", hired),
            person("O4", hired),
        ],
        [
            session("A0", "部門例會", D(2026, 11, 1), 60),
            session("ON7", "入職培訓", D(2026, 11, 22), 90),
        ],
        [
            attended("ON7", "O2", 90, theory=75, attempt=1),
            attended("ON7", "O3", 90, theory=50, attempt=1),
            attended("ON7", "O4", 90),
        ],
    )
    report = compute(data, RULES, D(2026, 11, 27))
    states = {s.person.staff_id: s.onboarding.state for s in report.staff}
    assert states == {
        "V": "not_tracked",
        "O1": "in_progress",
        "O5": "in_progress",
        "O2": "passed",
        "O3": "failed",
        "O4": "late",
    }
    o1 = find(report, "O1").onboarding
    assert (o1.day, o1.days, o1.exam_due) == (4, 7, D(2026, 11, 30))
    # The matrix speaks of onboarding in the same four statuses as the other categories.
    assert [status(report, s, "onboarding").status for s in ("V", "O1", "O2", "O3", "O4")] == [
        "not_required",
        "pending",
        "done",
        "overdue",
        "overdue",
    ]
    assert status(report, "O3", "onboarding").exam_state == "dismissal"
    assert find(report, "O3").warnings == ()  # a dismissal is not a warning
    actions = report.actions
    assert (actions.exams_this_week, actions.onboarding_late, actions.onboarding_failed) == (
        1,
        1,
        1,
    )


def test_exams_this_week_are_the_ones_still_to_be_sat() -> None:
    # As of Fri 2026-11-27 (week of Mon 11-23 to Sun 11-29), four onboarding exams fall due
    # this week; records_from = 2026-11-01 (the anchor meeting).
    #   E1 hired 11-18: exam due Tue 11-24, sat that day and passed (75)  -> nothing to do
    #   E2 hired 11-18: exam due 11-24, sat and failed (50)               -> the failed line
    #   E3 hired 11-18: exam due 11-24, no result                         -> the late line
    #   E4 hired 11-22: exam due Sat 11-28, no result yet                 -> still to be sat
    hired = D(2026, 11, 18)
    data = workbook(
        [*(person(sid, hired) for sid in ("E1", "E2", "E3")), person("E4", D(2026, 11, 22))],
        [
            session("A0", "部門例會", D(2026, 11, 1), 60),
            session("ON", "入職培訓", D(2026, 11, 24), 90),
        ],
        [
            attended("ON", "E1", 90, theory=75, attempt=1),
            attended("ON", "E2", 90, theory=50, attempt=1),
        ],
    )
    report = compute(data, RULES, D(2026, 11, 27))
    assert [find(report, s).onboarding.exam_due for s in ("E1", "E4")] == [
        D(2026, 11, 24),
        D(2026, 11, 28),
    ]
    actions = report.actions
    assert (actions.exams_this_week, actions.onboarding_late, actions.onboarding_failed) == (
        1,
        1,
        1,
    )


def test_the_left_date_decides_who_has_left() -> None:
    # The left date is the last day worked: a period ending on it still counts for the person
    # (see test_leaver_mid_month), so on that day they are still staff. Q1 left on 2026-06-15
    # (status 離職), Q2 is leaving on the same day (still 在職), Q3 is 離職 with no date, so
    # for Q3 the status column is all there is to go by.
    data = workbook(
        [
            person("Q1", left=D(2026, 6, 15), status="離職"),
            person("Q2", left=D(2026, 6, 15)),
            person("Q3", status="離職"),
        ],
        [session("M6", "部門例會", D(2026, 6, 1), 60)],
        [],
    )

    def leavers(as_of: dt.date) -> list[str]:
        return [s.person.staff_id for s in compute(data, RULES, as_of).leavers]

    # In March Q1 still worked here: the sheet's 離職 speaks of a day still to come.
    assert leavers(D(2026, 3, 2)) == ["Q3"]
    assert leavers(D(2026, 6, 15)) == ["Q3"]
    assert leavers(D(2026, 6, 16)) == ["Q1", "Q2", "Q3"]


def test_leave_counts_from_the_sync_day_on() -> None:
    # G1 is marked 休假 in a workbook synced on 2026-11-27 (NOW). Leave has no dates: the mark
    # says G1 is away now, not since when. Job skills are weekly; K46 on Mon 2026-11-09, which
    # G1 missed, makes records_from the first day of W46.
    data = workbook(
        [person("G1", status="休假"), person("G2")],
        [session("K46", "工作技能", D(2026, 11, 9), 60)],
        [attended("K46", "G2", 60)],
    )
    # Fri 2026-11-20 (W47), a week before the sync: G1 is taken to have been at work. W46 was
    # judged and missed, and W47 has nothing: overdue, like anyone else who missed it.
    report = compute(data, RULES, D(2026, 11, 20))
    assert status(report, "G1", "skills").status == "overdue"
    assert not find(report, "G1").person.on_leave(D(2026, 11, 20))
    # On the sync day and after it: on leave, so nothing is required of G1.
    for as_of in (D(2026, 11, 27), D(2026, 12, 2)):
        report = compute(data, RULES, as_of)
        assert status(report, "G1", "skills").status == "not_required"
        assert find(report, "G1").person.on_leave(as_of)


def test_records_past_retention_are_flagged_not_deleted() -> None:
    # Records are kept 3 years: as of 2026-11-27 anything dated before 2023-11-27 may go to
    # the archive. A plan's keeping starts when its year ends: 2022 (ended 2022-12-31) is due,
    # 2023 (ends 2023-12-31, after the cutoff) is not.
    plan = [
        [2022, "工作技能", "每週", "全體", "績效", 0, D(2021, 12, 10), "經理", D(2021, 12, 12)],
        [2023, "工作技能", "每週", "全體", "績效", 0, D(2022, 12, 10), "經理", D(2022, 12, 12)],
    ]
    data = workbook(
        [person("S1")],
        [
            session("OLD", "工作技能", D(2023, 11, 26), 60),
            session("KEEP", "工作技能", D(2023, 11, 27), 60),
        ],
        [attended("OLD", "S1", 60), attended("KEEP", "S1", 60)],
        plan,
    )
    archive = compute(data, RULES, D(2026, 11, 27)).archive
    assert archive.cutoff == D(2023, 11, 27)
    assert [(s.session_id, s.attendance_rows) for s in archive.sessions] == [("OLD", 1)]
    assert [p.year for p in archive.plans] == [2022]
    assert len(data.records("training_sessions")) == 2  # flagged, still there


# ---------------------------------------------------------------- next year's plan

IN_PLAN = [c for c, rule in RULES.categories.items() if rule.in_plan]


def plan_dataset(rows: list[dict[str, Any]]) -> Dataset:
    """Plan rows as typed records: these cases are about the plan check alone."""
    records = [make_record("training_plan", n, row) for n, row in enumerate(rows, start=2)]
    tab = TabData("training_plan", "年度培訓計劃", rows=len(records), records=records)
    return Dataset({"training_plan": tab}, [], "test", NOW)


def item(category: str, **values: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "year": 2027,
        "category": category,
        "planned_month": "每月",
        "scope": "全體",
        "standard": "考試",
        "budget": Decimal("100.00"),
        "submitted_on": D(2026, 11, 25),
        "approved_by": "經理",
        "approved_on": D(2026, 11, 26),
    }
    return row | values


@pytest.mark.parametrize(
    ("rows", "state"),
    [
        ([], "missing"),
        ([item(c) for c in IN_PLAN], "ready"),
        ([item(c, approved_on=None) if c == "legal" else item(c) for c in IN_PLAN], "not_approved"),
        ([item(c, budget=None) if c == "legal" else item(c) for c in IN_PLAN], "incomplete"),
        ([item(c) for c in IN_PLAN if c != "computer"], "incomplete"),
        # A zero budget is a budget: the SOP asks for one, not for a large one.
        ([item(c, budget=Decimal(0)) for c in IN_PLAN], "ready"),
        # Items for another year do not make next year's plan.
        ([item(c, year=2026) for c in IN_PLAN], "missing"),
    ],
    ids=["missing", "ready", "unapproved", "no-budget", "no-computer", "zero-budget", "other-year"],
)
def test_plan_state(rows: list[dict[str, Any]], state: str) -> None:
    plan = plan_status(plan_dataset(rows), RULES, D(2026, 11, 27))
    assert (plan.year, plan.state) == (2027, state)


def test_plan_names_what_is_lacking() -> None:
    rows = [
        item(c, budget=None, standard=" ") if c == "legal" else item(c)
        for c in IN_PLAN
        if c != "computer"
    ]
    plan = plan_status(plan_dataset(rows), RULES, D(2026, 11, 27))
    assert plan.absent == ("computer",)
    assert [(i.category, i.missing) for i in plan.items if i.missing] == [
        ("legal", ("standard", "budget"))
    ]


@pytest.mark.parametrize(
    ("as_of", "banner", "days_left"),
    [
        (D(2026, 11, 30), False, 15),
        (D(2026, 12, 1), True, 14),
        (D(2026, 12, 15), True, 0),
        (D(2026, 12, 16), True, -1),
    ],
)
def test_plan_banner_from_december_1(as_of: dt.date, banner: bool, days_left: int) -> None:
    plan = plan_status(plan_dataset([]), RULES, as_of)
    assert (plan.banner, plan.days_left) == (banner, days_left)


def test_a_ready_plan_needs_no_banner() -> None:
    plan = plan_status(plan_dataset([item(c) for c in IN_PLAN]), RULES, D(2026, 12, 10))
    assert (plan.state, plan.banner) == ("ready", False)
