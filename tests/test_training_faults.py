"""Training pages that said something untrue: an old hire's onboarding exam read as failed
(dismissal) before the office judges onboarding, and the leave sentence of the SOP page."""

from __future__ import annotations

import pytest

from deskbook.i18n import LANGUAGES, column_label, text
from deskbook.training.report import compute
from tests.test_training_engine import RULES, D, attended, find, person, session, workbook


@pytest.mark.parametrize("configured", [D(2025, 1, 1), None], ids=["configured", "derived"])
def test_onboarding_before_it_is_judged_is_never_failed(configured: D | None) -> None:
    sessions = [session("T1", "入職培訓", D(2025, 3, 5), 480)]
    staff = [person("OLD", D(2024, 5, 6)), person("NEW", D(2025, 3, 3))]
    # Both sat the first onboarding session written down; both failed its exam.
    failed = [
        attended("T1", "OLD", 480, theory=40, discipline=5),
        attended("T1", "NEW", 480, theory=40, discipline=5),
    ]
    report = compute(
        workbook(staff, sessions, failed), RULES, D(2026, 11, 27), onboarding_from=configured
    )
    assert find(report, "OLD").onboarding.state == "not_tracked"
    assert find(report, "NEW").onboarding.state == "failed"
    assert report.actions.onboarding_failed == 1


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_rules_page_says_leave_comes_from_its_dates(lang: str) -> None:
    said = text("ui.training-how-not_required", lang)
    for column in ("leave_from", "leave_until"):
        assert column_label("staff", column, lang) in said
    assert "no dates" not in said and "沒有日期" not in said and "没有日期" not in said
