"""Read-and-sign, retraining, dated leave, the onboarding look-back, scores against weights and
certificates: the engine on hand-built workbooks, then the demo's pages through a real build.

Each case works its expectation out by hand from the defaults: 14 days to confirm, counted
from the version's effective day (or the person's first day at work after it); a deadline day
itself is still in time.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

from deskbook.model.dataset import Dataset
from deskbook.model.sops import SopPage, version_key
from deskbook.schema.validate import validate
from deskbook.sources.sop_pages import find_sops
from deskbook.training.report import TrainingReport, compute
from deskbook.training.score_checks import score_checks
from deskbook.writers.training_export import matrix_rows
from tests.conftest import load_spec, run_cli
from tests.raw_books import raw_workbook
from tests.test_training_engine import (
    NOW,
    RULES,
    ZONE,
    D,
    attended,
    find,
    person,
    session,
    status,
    workbook,
)

SOP_V1 = SopPage(
    "CS-SOP-01", "服務四力", "sop/a.md", "1.0", "主管", None, ("客服專員",), D(2026, 1, 5)
)
SOP_V2 = SopPage(
    "CS-SOP-01", "服務四力", "sop/a.md", "1.1", "主管", None, ("客服專員",), D(2026, 11, 16)
)


def with_acks(
    staff: list[list[Any]],
    acks: list[list[Any]],
    sessions: list[list[Any]] | None = None,
    attendance: list[list[Any]] | None = None,
) -> Dataset:
    spec = load_spec()
    spec["員工"]["header"] = [*spec["員工"]["header"], "休假開始", "休假結束"]
    spec["員工"]["rows"] = staff
    spec["培訓場次"]["rows"] = sessions or []
    spec["培訓簽到"]["rows"] = attendance or []
    spec["年度培訓計劃"]["rows"] = []
    spec["規程確認"]["rows"] = acks
    dataset = validate(raw_workbook(spec), ZONE, NOW, sop_codes=["CS-SOP-01", "CS-SOP-04"])
    assert not [i.line("en") for i in dataset.errors if i.tab in ("staff", "sop_acknowledgements")]
    return dataset


def acks(report: TrainingReport) -> dict[str, str]:
    return {a.staff_id: a.status for s in report.sops for a in s.rows}


def leave(row: list[Any], start: dt.date, until: dt.date | str = "") -> list[Any]:
    return [*row, start, until]


def test_a_version_bump_between_two_snapshots() -> None:
    staff = [person("S1"), person("S2"), person("S3")]
    first = with_acks(staff, [["S1", "CS-SOP-01", "1.0", D(2026, 1, 8)]])
    report = compute(first, RULES, D(2026, 1, 19), {"CS-SOP-01": SOP_V1})
    assert acks(report) == {"S1": "done", "S2": "pending", "S3": "pending"}  # due 01-19
    report = compute(first, RULES, D(2026, 1, 20), {"CS-SOP-01": SOP_V1})
    assert acks(report) == {"S1": "done", "S2": "overdue", "S3": "overdue"}

    # The next sync: version 1.1 took effect on 11-16; S2 confirmed it, S1 only knew 1.0.
    second = with_acks(
        staff,
        [
            ["S1", "CS-SOP-01", "1.0", D(2026, 1, 8)],
            ["S2", "CS-SOP-01", "1.1", D(2026, 11, 18)],
        ],
    )
    sops = {"CS-SOP-01": SOP_V2}
    before = compute(second, RULES, D(2026, 11, 15), sops)
    assert acks(before) == {"S1": "not_required", "S2": "not_required", "S3": "not_required"}
    on_deadline = compute(second, RULES, D(2026, 11, 30), sops)
    assert acks(on_deadline) == {"S1": "pending", "S2": "done", "S3": "pending"}
    s1 = find(on_deadline, "S1").acknowledgements[0]
    assert (s1.due, s1.previous, s1.version) == (D(2026, 11, 30), "1.0", "1.1")
    crossed = compute(second, RULES, D(2026, 12, 1), sops)
    assert acks(crossed) == {"S1": "overdue", "S2": "done", "S3": "overdue"}
    [standing] = crossed.sops
    assert (standing.count("done"), standing.owed) == (1, 3)
    assert crossed.actions.acknowledgements_overdue == 2


def test_late_hires_and_leave_get_their_own_days() -> None:
    staff = [
        person("S1", D(2026, 11, 20)),  # hired after the effective day: due 12-04
        leave(person("S2", status="休假"), D(2026, 11, 1), D(2026, 11, 25)),  # back 11-26: 12-10
        leave(person("S3", status="休假"), D(2026, 12, 1)),  # away on the as-of day below
        person("S4", left=D(2026, 11, 30), status="離職"),
    ]
    report = compute(with_acks(staff, []), RULES, D(2026, 12, 5), {"CS-SOP-01": SOP_V2})
    assert acks(report) == {"S1": "overdue", "S2": "pending", "S3": "not_required"}
    dues = {a.staff_id: a.due for s in report.sops for a in s.rows}
    assert dues["S1"] == D(2026, 12, 4) and dues["S2"] == D(2026, 12, 10)


def test_versions_as_excel_keeps_them() -> None:
    assert version_key("1.0") == version_key(1) == version_key("v1") == version_key("1.00")
    assert version_key("1.1") != version_key("1.10") or version_key("1.1") == ("1", "1")
    assert version_key("2.0") != version_key("1.0")
    # 1.0 typed into a number cell comes back as the number 1: it still confirms 1.0.
    data = with_acks([person("S1")], [["S1", "CS-SOP-01", 1, D(2026, 1, 8)]])
    assert acks(compute(data, RULES, D(2026, 3, 1), {"CS-SOP-01": SOP_V1})) == {"S1": "done"}


def test_only_the_roles_named_owe_it() -> None:
    manager = [*person("S9")[:2], "客服主管", *person("S9")[3:]]
    sop = SopPage("CS-SOP-04", "催費", "sop/b.md", "1.0", "主管", None, ("客服專員", "收費員"))
    report = compute(with_acks([person("S1"), manager], []), RULES, D(2026, 3, 1), {sop.code: sop})
    [standing] = report.sops
    assert [a.staff_id for a in standing.rows] == ["S1"]
    assert standing.unknown_roles == ("收費員",)
    assert standing.rows[0].due is None and standing.rows[0].status == "pending"  # no effective


def test_retraining_reopens_the_category_until_the_next_session() -> None:
    sop = SopPage(
        "CS-SOP-01",
        "服務四力",
        "sop/a.md",
        "1.1",
        "主管",
        None,
        ("客服專員",),
        D(2026, 11, 2),
        retrain="service",
    )
    sessions = [
        session("T1", "服務培訓", D(2026, 10, 12), 90),
        session("T2", "服務培訓", D(2026, 11, 9), 90),
    ]
    attendance = [
        attended("T1", "S1", 90, theory=80, discipline=9),
        attended("T1", "S2", 90, theory=80, discipline=9),
        attended("T1", "S3", 90, theory=80, discipline=9),
        attended("T2", "S1", 90, theory=85, discipline=10),
    ]
    staff = [person("S1"), person("S2"), person("S3")]
    data = with_acks(staff, [], sessions, attendance)
    # Without the SOP, the quarter's session done in October counts for everyone.
    plain = compute(data, RULES, D(2026, 11, 20))
    assert {s: status(plain, s, "service").status for s in ("S1", "S2", "S3")} == dict.fromkeys(
        ("S1", "S2", "S3"), "done"
    )
    report = compute(data, RULES, D(2026, 11, 20), {sop.code: sop})
    # S1 sat T2 after the change; S2 and S3 missed it, the next session since the change.
    assert {s: status(report, s, "service").status for s in ("S1", "S2", "S3")} == {
        "S1": "done",
        "S2": "overdue",
        "S3": "overdue",
    }
    assert [r.status for r in find(report, "S2").retraining] == ["overdue"]
    # Before any session after the change, it is due, not missed.
    early = compute(data, RULES, D(2026, 11, 5), {sop.code: sop})
    assert status(early, "S2", "service").status == "pending"
    assert early.actions.retraining_due == 3


def test_onboarding_look_back() -> None:
    # Records start in 2023 (a skills session); onboarding was first written down in 2025.
    sessions = [
        session("T0", "工作技能", D(2023, 3, 6), 60),
        session("T1", "入職培訓", D(2025, 3, 5), 480),
    ]
    staff = [person("OLD", D(2024, 5, 6)), person("NEW", D(2025, 6, 2)), person("T", D(2025, 3, 3))]
    data = workbook(staff, sessions, [attended("T1", "T", 480, theory=80, discipline=9)])
    report = compute(data, RULES, D(2026, 11, 27))
    assert find(report, "OLD").onboarding.state == "not_tracked"
    assert find(report, "NEW").onboarding.state == "late"
    assert find(report, "T").onboarding.state == "passed"  # hired two days before the session
    configured = compute(data, RULES, D(2026, 11, 27), onboarding_from=D(2024, 1, 1))
    assert find(configured, "OLD").onboarding.state == "late"


def test_dated_leave_holds_for_past_and_future_days() -> None:
    staff = [leave(person("S1", status="休假"), D(2026, 6, 1), D(2026, 8, 31)), person("S2")]
    sessions = [
        session(f"W{n}", "工作技能", D(2026, 1, 5) + dt.timedelta(weeks=n), 60) for n in range(48)
    ]
    attendance = [attended(f"W{n}", "S2", 60) for n in range(48)]
    data = with_acks(staff, [], sessions, attendance)

    def employment(as_of: dt.date) -> str:
        report = compute(data, RULES, as_of)
        return next(r["employment"] for r in matrix_rows(report) if r["staff_id"] == "S1")

    # The status column says 休假 today; on a day before or after the leave, S1 was at work.
    assert [employment(d) for d in (D(2026, 5, 1), D(2026, 7, 1), D(2026, 9, 7))] == [
        "active",
        "leave",
        "active",
    ]
    during = compute(data, RULES, D(2026, 7, 15))
    assert status(during, "S1", "skills").status == "not_required"
    after = compute(data, RULES, D(2026, 9, 16))
    # Weeks of leave (W23 to W35; W36 has one day of it) are not missed; the others are,
    # from W02, the first week on record, to W37, the last complete one.
    missed = [p.first for p in status(after, "S1", "skills").missed]
    weeks = sorted(d.isocalendar().week for d in missed)
    assert weeks == [*range(2, 23), 36, 37]


@pytest.mark.parametrize(
    ("scores", "code", "column"),
    [
        ({"theory": 95, "discipline": 5}, "score-above-weight", "theory_score"),
        ({"theory": 80, "discipline": 12}, "score-above-weight", "discipline_score"),
        ({"theory": 90, "practical": 20, "discipline": 10}, "score-total-too-high", "theory_score"),
    ],
)
def test_scores_against_the_exam_weights(scores: dict[str, int], code: str, column: str) -> None:
    data = workbook(
        [person("S1")],
        [session("L1", "法律知識", D(2026, 9, 1), 120)],
        [attended("L1", "S1", 120, **scores)],
    )
    [issue] = score_checks(data, RULES)
    assert (issue.code, issue.column, issue.severity) == (code, column, "error")
    assert issue.cell.startswith("培訓簽到!") and issue.row == 2
    assert data.records("training_attendance") == []  # held back, listed, not lost
    assert data.tabs["training_attendance"].rejected == [2]
    for lang in ("zh-Hant", "zh-Hans", "en"):
        assert "{" not in issue.message(lang)


def test_a_passed_computer_exam_without_its_certificate_is_listed() -> None:
    sessions = [session("C1", "電腦技能", D(2026, 5, 4), 600)]
    attendance = [
        attended(
            "C1", "S1", 600, theory=25, practical=50, discipline=10, hours=21, certificate="JX-1"
        ),
        attended("C1", "S2", 600, theory=25, practical=50, discipline=10, hours=21),
    ]
    report = compute(
        workbook([person("S1"), person("S2")], sessions, attendance), RULES, NOW.date()
    )
    assert [r.certificate for r in find(report, "S1").certificates] == ["JX-1"]
    assert find(report, "S1").missing_certificates == ()
    assert [r.session.session_id for r in find(report, "S2").missing_certificates] == ["C1"]
    assert report.actions.certificates_missing == 1


def test_a_workbook_without_the_acknowledgements_tab_still_works() -> None:
    dataset = validate(
        raw_workbook(drop=("規程確認",)), ZONE, NOW, sop_codes=["CS-SOP-01", "CS-SOP-04"]
    )
    [note] = [i for i in dataset.issues if i.tab == "sop_acknowledgements"]
    assert (note.code, note.severity) == ("optional-tab-missing", "warning")
    assert not dataset.errors
    assert "規程確認" in note.message("zh-Hant") and "optional" in note.message("en")


def test_front_matter_read_and_checked(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(
        "---\ncode: X-1\nversion: 2\neffective: 2026-11-02\naudience: [前台接待, 管家]\n"
        "retrain: 服務培訓\n---\n# A\n",
        "utf-8",
    )
    (tmp_path / "b.md").write_text(
        "---\ncode: X-2\naudience: all\nretrain: juggling\neffective: soon\n---\n# B\n", "utf-8"
    )
    (tmp_path / "c.md").write_text("---\ncode: X-3\naudience: public\n---\n# C\n", "utf-8")
    sops = find_sops(tmp_path)
    assert (sops["X-1"].audience, sops["X-1"].retrain, sops["X-1"].effective) == (
        ("前台接待", "管家"),
        "service",
        D(2026, 11, 2),
    )
    assert sops["X-2"].for_everyone and sops["X-2"].problems == (
        ("effective", "soon"),
        ("retrain", "juggling"),
    )
    assert sops["X-3"].audience == ()  # public is the owners' board's word, not a role


# ---------------------------------------------------------------- the demo, built for real


@pytest.fixture(scope="module")
def demo(demo_site: Path) -> tuple[Path, list[dict[str, Any]], str]:
    """The session's demo build, with the training export of the same handbook."""
    config = str(demo_site.parent / "deskbook.toml")
    code, out, err = run_cli("training", "--config", config, "--as-of", "2026-11-27", "--json")
    assert code == 0, err
    code, csv, err = run_cli("training", "--config", config, "--as-of", "2026-11-27", "--csv")
    assert code == 0, err
    return demo_site, json.loads(out)["rows"], csv


def text_of(path: Path) -> str:
    article = BeautifulSoup(path.read_text("utf-8"), "html.parser").select_one("article")
    assert article is not None
    return " ".join(article.get_text(" ").split())


def test_demo_pages_agree_with_the_export(demo: tuple[Path, list[dict[str, Any]], str]) -> None:
    site, rows, csv = demo
    sop1 = [r for r in rows if r["category"] == "sop:CS-SOP-01" and r["employment"] != "left"]
    done = sum(r["status"] == "done" for r in sop1)
    owed = sum(r["status"] != "not_required" for r in sop1)
    assert 0 < done < owed
    assert f"已確認 {done}/{owed}" in text_of(site / "sop" / "service-abilities" / "index.html")
    index = text_of(site / "sop" / "index.html")
    assert f"已確認 {done}/{owed}" in index
    assert "CS-SOP-03 新項目進戶準備：應於 2026-10-31 複核，負責人 管理處經理" in index
    overdue = [r for r in rows if r["category"].startswith("sop:") and r["status"] == "overdue"]
    assert {r["category"] for r in overdue} == {"sop:CS-SOP-02", "sop:CS-SOP-04"}
    home = text_of(site / "index.html")
    assert f"{len(overdue)} 項規程閱讀確認已逾期" in home
    assert "1 份規程已過複核日期" in home
    person = overdue[0]
    page = text_of(site / "training" / "staff" / f"{person['staff_id'].lower()}" / "index.html")
    assert "規程閱讀確認" in page and "逾期未確認" in page
    assert "sop:CS-SOP-01" in csv and "sop_version,due,acknowledged_on" in csv.splitlines()[0]
    # The retraining the 1.1 change asked for reaches the service column.
    service = [r for r in rows if r["category"] == "service" and r["role"] in ("管家", "前台接待")]
    assert any(r["status"] in ("pending", "overdue") for r in service)
