"""The matrix for HR systems: one flat row per person and category, as JSON or CSV.

Read-and-sign joins the same table: one row per person and SOP they must read, with the
category column saying `sop:<code>` and the version, deadline and date confirmed filled in.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from decimal import Decimal
from typing import Any

from deskbook.i18n import text
from deskbook.render.formula_guard import as_text
from deskbook.training.report import TrainingReport

COLUMNS = (
    "staff_id",
    "name",
    "role",
    "employment",
    "category",
    "status",
    "exam_state",
    "latest_score",
    "periods_missed_12m",
    "minutes_this_year",
    "machine_hours_this_year",
    "onboarding_state",
    "sop_version",
    "due",
    "acknowledged_on",
)


def matrix_rows(report: TrainingReport) -> list[dict[str, Any]]:
    rows = []
    for staff in (*report.staff, *report.leavers):
        person = staff.person
        who = {
            "staff_id": person.staff_id,
            "name": person.name,
            "role": person.role,
            # The state on the as-of day, not on the day the workbook was read.
            "employment": person.employment(report.as_of),
        }
        for c in staff.categories:
            rows.append(
                {
                    **who,
                    "category": c.category,
                    "status": c.status,
                    "exam_state": c.exam_state,
                    "latest_score": c.latest_score,
                    "periods_missed_12m": len(c.missed),
                    "minutes_this_year": c.minutes_this_year,
                    "machine_hours_this_year": c.machine_hours_this_year,
                    "onboarding_state": staff.onboarding.state,
                    "sop_version": None,
                    "due": None,
                    "acknowledged_on": None,
                }
            )
        for a in staff.acknowledgements:
            ack: dict[str, Any] = {
                **dict.fromkeys(COLUMNS),
                **who,
                "category": f"sop:{a.sop}",
                "status": a.status,
                "onboarding_state": staff.onboarding.state,
                "sop_version": a.version,
                "due": a.due,
                "acknowledged_on": a.acknowledged_on,
            }
            rows.append(ack)
    return rows


def _number(value: object) -> object:
    # Scores and hours are exact Decimals; JSON readers want plain numbers.
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def to_json(report: TrainingReport) -> str:
    payload = {
        "as_of": report.as_of.isoformat(),
        "records_from": report.records_from.isoformat() if report.records_from else None,
        "rows": matrix_rows(report),
    }
    return json.dumps(payload, ensure_ascii=False, indent=2, default=_number)


def _csv_cell(value: object) -> object:
    if value is None:
        return ""
    # Only text can read as a formula: scores stay numbers.
    return as_text(value) if isinstance(value, str) else value


def to_csv(report: TrainingReport) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in matrix_rows(report):
        writer.writerow({k: _csv_cell(v) for k, v in row.items()})
    return out.getvalue()


def summary_lines(report: TrainingReport, lang: str) -> list[str]:
    """What needs doing today, in the words of the home page, for a person at a terminal."""
    a = report.actions
    plan = report.plan
    counted: tuple[tuple[str, int, dict[str, Any]], ...] = (
        ("training-actions-overdue", a.overdue, {"staff": a.overdue_staff}),
        ("training-actions-retakes", a.retakes_due, {}),
        ("training-actions-warnings", a.warnings, {}),
        ("training-actions-exams", a.exams_this_week, {}),
        ("training-actions-late", a.onboarding_late, {}),
        ("training-actions-failed", a.onboarding_failed, {}),
    )
    lines = [text("ui.training-actions-title", lang, date=report.as_of.isoformat())]
    if report.records_from is None:
        lines.append(f"- {text('ui.training-actions-none', lang)}")
    lines += [f"- {text(f'ui.{key}', lang, count=n, **extra)}" for key, n, extra in counted if n]
    lines.append(f"- {text(f'ui.training-actions-plan-{plan.state}', lang, year=plan.year)}")
    if plan.banner:
        key = "training-plan-banner" if plan.days_left >= 0 else "training-plan-banner-late"
        lines.append(
            f"- {text(f'ui.{key}', lang, days=abs(plan.days_left), deadline=plan.deadline)}"
        )
    return lines
