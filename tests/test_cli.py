from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from tests.conftest import DATA, bad_case, make_handbook, write_workbook
from tests.conftest import run_cli as run

BAD = sorted((DATA / "bad").glob("*.toml"))


def test_clean_workbook_checks_clean(minimal_handbook: Path) -> None:
    code, out, _ = run("check", "--config", str(minimal_handbook), "--as-of", "2026-11-27")
    assert code == 0, out
    assert out.strip().splitlines()[-1] == (
        "11 個分頁，20 列資料：20 列可用，0 列有錯誤；0 個錯誤，0 個提醒。"
    )


@pytest.mark.parametrize("case", BAD, ids=[p.stem for p in BAD])
def test_bad_input_is_located(case: Path, tmp_path: Path) -> None:
    spec = tomllib.loads(case.read_text("utf-8"))
    book = write_workbook(tmp_path / "book.xlsx", **bad_case(case))
    config = make_handbook(tmp_path / "hb", book)
    code, out, _ = run("check", "--config", str(config), "--json", "--as-of", "2026-11-27")
    report = json.loads(out)
    found = [[i["code"], i["cell"]] for i in report["issues"]]
    assert found == spec["expect"]
    assert code == spec.get("exit_code", 1)
    assert report["ok"] is (code == 0)
    messages = " ".join(i["message"] for i in report["issues"])
    if "message_contains" in spec:
        assert spec["message_contains"] in messages
    if "message_not_contains" in spec:
        assert spec["message_not_contains"] not in messages


def test_issue_line_format(tmp_path: Path) -> None:
    book = write_workbook(tmp_path / "book.xlsx", changes={"業主!C2": "138-12"})
    config = make_handbook(tmp_path / "hb", book)
    code, out, _ = run("check", "--config", str(config))
    assert code == 1
    assert out.splitlines()[0] == (
        "業主!C2 invalid-phone: 「138-12」不是有效電話號碼："
        "CN (+86) 的手機號碼有 11 位數字，這裡有 5 位。"
    )
    code, out, _ = run("check", "--config", str(config), "--lang", "en")
    assert out.splitlines()[0] == (
        "業主!C2 invalid-phone: '138-12' is not a phone number: "
        "a mobile number in CN (+86) has 11 digits, this one 5."
    )


def test_json_report_shape(tmp_path: Path) -> None:
    book = write_workbook(tmp_path / "book.xlsx", changes={"收費!D2": "abc"})
    config = make_handbook(tmp_path / "hb", book)
    code, out, _ = run("check", "--config", str(config), "--json", "--lang", "zh-Hans")
    assert code == 1
    report = json.loads(out)
    assert set(report) == {"ok", "issues", "counts"}
    assert report["ok"] is False
    assert report["issues"] == [
        {
            "code": "invalid-money",
            "severity": "error",
            "tab": "fees",
            "row": 2,
            "column": "amount_due",
            "cell": "收費!D2",
            "message": "“abc”不是有效金额。请填数字，最多两位小数，例如 1,280.50。",
        }
    ]
    assert report["counts"]["fees"] == {"rows": 2, "valid": 1, "rejected": 1}


def test_missing_config_exits_2(tmp_path: Path) -> None:
    code, _, err = run("check", "--config", str(tmp_path / "nope.toml"))
    assert code == 2
    assert f"找不到設定檔 {tmp_path / 'nope.toml'}" in err


def test_unreadable_source_exits_2(tmp_path: Path) -> None:
    fake = tmp_path / "book.xlsx"
    fake.write_text("not a zip", "utf-8")
    config = make_handbook(tmp_path / "hb", fake)
    code, _, err = run("check", "--config", str(config), "--lang", "en")
    assert code == 2
    assert "cannot be opened as an .xlsx workbook (BadZipFile: File is not a zip file)" in err


def test_bad_config_names_the_key(tmp_path: Path) -> None:
    config = make_handbook(
        tmp_path / "hb", write_workbook(tmp_path / "b.xlsx"), timezone="Mars/Olympus"
    )
    code, _, err = run("check", "--config", str(config), "--lang", "en")
    assert code == 2
    assert "office.timezone" in err and "Mars/Olympus" in err


def test_strict_build_fails_on_data_errors(tmp_path: Path) -> None:
    book = write_workbook(tmp_path / "book.xlsx", changes={"業主!C2": "12"})
    config = make_handbook(tmp_path / "hb", book)
    out_dir = tmp_path / "out"
    code, _, _ = run("build", "--config", str(config), "--strict", "--output", str(out_dir))
    assert code == 1
    assert not out_dir.exists()


@pytest.mark.parametrize(
    ("setting", "named"),
    [
        ("[service.followup]\ndays = -1\n", "service.followup.days"),
        ('[service.sla_hours]\n"repair.someday" = 24\n', "repair.someday"),
        ("[service.fees]\nageing_from = [2, 1]\n", "service.fees.ageing_from"),
    ],
)
def test_broken_office_rules_exit_2_naming_the_key(
    tmp_path: Path, setting: str, named: str
) -> None:
    config = make_handbook(tmp_path / "hb", write_workbook(tmp_path / "b.xlsx"))
    with config.open("a", encoding="utf-8") as f:
        f.write(setting)
    code, _, err = run("check", "--config", str(config), "--lang", "en")
    assert code == 2
    assert named in err


def test_strict_training_prints_the_errors_in_the_offices_language_and_exits_1(
    tmp_path: Path,
) -> None:
    book = write_workbook(tmp_path / "book.xlsx", changes={"業主!C2": "138-12"})
    config = str(make_handbook(tmp_path / "hb", book, language="en"))
    code, out, err = run("training", "--config", config, "--as-of", "2026-11-27", "--strict")
    assert code == 1
    assert out == ""
    assert err.splitlines() == [
        "業主!C2 invalid-phone: '138-12' is not a phone number: "
        "a mobile number in CN (+86) has 11 digits, this one 5."
    ]
    code, out, _ = run("training", "--config", config, "--as-of", "2026-11-27")
    assert code == 0
    assert out.startswith("Training actions for today (as of 2026-11-27)")
