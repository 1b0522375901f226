"""Exam scores against the weights of their category's exam (rules/training.toml).

Theory 95 in an exam whose theory part is worth 90 is a typo, not a score: an error at the
cell, and the row is held back like any other row with an error, so no wrong figure reaches
a page. A total above 100 is one too.
"""

from __future__ import annotations

from decimal import Decimal

from deskbook.i18n import LANGUAGES, column_label
from deskbook.model.dataset import Dataset
from deskbook.model.issues import Issue, ScoreAboveWeight, ScoreTotalTooHigh
from deskbook.training.exams import SCORE_COLUMNS
from deskbook.training.rules import Rules, in_language

_HUNDRED = Decimal(100)


def score_checks(dataset: Dataset, rules: Rules) -> list[Issue]:
    """The issues found; the rows they are on leave the attendance records."""
    data = dataset.tabs["training_attendance"]
    sessions = dataset.tabs["training_sessions"]
    category = dict(zip(sessions.column("session_id"), sessions.column("category"), strict=True))
    columns = list(SCORE_COLUMNS.values())
    scores = list(zip(*map(data.column, columns), strict=True))
    unscored = (None,) * len(columns)
    found: list[Issue] = []
    held: set[int] = set()
    # By columns: most attendance rows hold no score at all; only the others are looked at.
    for row, session, values in zip(
        data.row_numbers(), data.column("session_id"), scores, strict=True
    ):
        if values == unscored:
            continue
        score = dict(zip(columns, values, strict=True))
        code = category.get(session)
        rule = rules.categories.get(code) if code is not None else None
        weights = (rule.exam or {}) if rule is not None else {}
        for part, weight in weights.items():
            column = SCORE_COLUMNS[part]
            value = score[column]
            if value is not None and value > weight:
                assert rule is not None
                found.append(
                    ScoreAboveWeight.at(
                        data,
                        row,
                        column,
                        value=f"{value.normalize():f}",
                        weight=weight,
                        category={lang: in_language(rule.labels, lang) for lang in LANGUAGES},
                        column_name={
                            lang: column_label("training_attendance", column, lang)
                            for lang in LANGUAGES
                        },
                    )
                )
                held.add(row)
        given = [v for v in values if v is not None]
        total = sum(given, Decimal(0))
        if total > _HUNDRED:
            first = next(c for c, v in score.items() if v is not None)
            found.append(ScoreTotalTooHigh.at(data, row, first, total=f"{total.normalize():f}"))
            held.add(row)
    data.hold_back(held)
    return found
