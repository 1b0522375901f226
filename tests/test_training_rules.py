"""The training rules file: shipped defaults, an office override, broken files (exit 2)."""

from __future__ import annotations

import json
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from deskbook.errors import ConfigError
from deskbook.i18n import LANGUAGES, labels
from deskbook.training.rules import load_rules
from tests.conftest import DATA, make_handbook, write_workbook
from tests.conftest import run_cli as run

RULES_DATA = DATA / "training"


def handbook_with_rules(tmp_path: Path, rules_file: Path | None) -> Path:
    tmp_path.mkdir(parents=True, exist_ok=True)
    config = make_handbook(tmp_path / "hb", write_workbook(tmp_path / "book.xlsx"))
    if rules_file is not None:
        shutil.copy(rules_file, config.parent / "office-rules.toml")
        with config.open("a", encoding="utf-8") as f:
            f.write('[training]\nrules = "office-rules.toml"\n')
    return config


def test_defaults_follow_the_sop() -> None:
    rules = load_rules()
    assert rules.pass_mark == 60 and rules.retention_years == 3
    assert (rules.onboarding.category, rules.onboarding.days) == ("onboarding", 7)
    c = rules.categories
    assert (c["skills"].period, c["skills"].min_minutes, c["skills"].exam) == ("week", 60, None)
    assert c["legal"].exam == {"theory": 90, "discipline": 10}
    assert c["computer"].exam == {"theory": 30, "practical": 60, "discipline": 10}
    assert c["computer"].min_machine_hours == 20
    assert (c["onboarding"].retakes, c["onboarding"].final_failure) == (0, "dismissal")
    assert (c["safety"].retakes, c["safety"].final_failure) == (1, "warning")
    assert c["culture"].applies_to == "culture_training"
    assert rules.plan.fields == ("planned_month", "standard", "scope", "budget")


def test_default_labels_match_the_workbook_choices() -> None:
    # The sheet's dropdown (labels.toml) and the rules file name each category the same way.
    choices = labels()["enums"]["training_category"]
    for code, rule in load_rules().categories.items():
        assert rule.labels == {lang: choices[code][lang] for lang in LANGUAGES}, code


def test_office_file_is_merged_over_the_defaults(tmp_path: Path) -> None:
    override = tmp_path / "rules.toml"
    override.write_text(
        "pass_mark = 70\n"
        "[categories.computer]\nexam = { theory = 100 }\n"
        "[categories.safety]\nexam = {}\n",
        "utf-8",
    )
    rules = load_rules(override)
    assert rules.pass_mark == 70
    assert rules.pass_mark_of("service") == Decimal(70)
    # An exam table replaces the default one whole; an empty one drops the exam.
    assert rules.categories["computer"].exam == {"theory": 100}
    assert rules.categories["safety"].exam is None
    # Everything not mentioned keeps its default.
    assert rules.categories["computer"].min_machine_hours == 20
    assert rules.categories["skills"].min_minutes == 60


BROKEN = [
    ("bad-weights", ["categories.computer.exam", "110"]),
    ("bad-key", ["categories.skills.minutes"]),
    ("bad-category", ["categories", "cooking"]),
    ("bad-period", ["categories.meeting.period", "fortnight"]),
    ("bad-retakes", ["categories.service.retakes"]),
    ("bad-deadline", ["plan.deadline", "12-32"]),
    ("bad-pass-mark", ["pass_mark"]),
    ("bad-labels", ["categories.meeting.labels", "zh-Hans"]),
    ("bad-syntax", ["office-rules.toml", "line 1"]),
]


@pytest.mark.parametrize(("name", "named"), BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_rules_file_exits_2_naming_the_key(
    tmp_path: Path, name: str, named: list[str]
) -> None:
    config = handbook_with_rules(tmp_path, RULES_DATA / f"{name}.toml")
    code, out, err = run("training", "--config", str(config), "--lang", "en")
    assert code == 2
    assert out == ""
    assert "office-rules.toml" in err
    for part in named:
        assert part in err, (part, err)


def test_broken_rules_file_stops_a_build_before_anything_is_built(tmp_path: Path) -> None:
    config = handbook_with_rules(tmp_path, RULES_DATA / "bad-weights.toml")
    out_dir = tmp_path / "out"
    code, _, err = run("build", "--config", str(config), "--output", str(out_dir))
    assert code == 2
    assert "categories.computer.exam" in err
    assert not out_dir.exists()


def test_check_vouches_for_the_rules_file_too(tmp_path: Path) -> None:
    config = handbook_with_rules(tmp_path, RULES_DATA / "bad-weights.toml")
    code, _, err = run("check", "--config", str(config))
    assert code == 2
    assert "categories.computer.exam" in err


def test_missing_rules_file_exits_2(tmp_path: Path) -> None:
    config = handbook_with_rules(tmp_path, None)
    with config.open("a", encoding="utf-8") as f:
        f.write('[training]\nrules = "nowhere.toml"\n')
    code, _, err = run("training", "--config", str(config), "--lang", "en")
    assert code == 2
    assert "nowhere.toml" in err and "training.rules" in err


def test_rules_file_is_a_config_error_for_the_engine() -> None:
    with pytest.raises(ConfigError) as caught:
        load_rules(RULES_DATA / "bad-weights.toml")
    assert "categories.computer.exam" in caught.value.message("en")


def test_office_pass_mark_changes_the_outcome(tmp_path: Path) -> None:
    # In the minimal workbook S002 scored 80 + 9 = 89 at TS-002 (property management).
    # Passed at the default 60; below the office's own 90, so a retake is due.
    def exam_state(config: Path) -> str:
        code, out, _ = run("training", "--config", str(config), "--as-of", "2026-11-27", "--json")
        assert code == 0
        rows = json.loads(out)["rows"]
        return next(
            r["exam_state"]
            for r in rows
            if (r["staff_id"], r["category"]) == ("S002", "property_knowledge")
        )

    assert exam_state(handbook_with_rules(tmp_path / "a", None)) == "passed"
    office = handbook_with_rules(tmp_path / "b", RULES_DATA / "office-pass-mark.toml")
    assert exam_state(office) == "retake_due"
