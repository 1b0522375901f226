"""Mistakes in deskbook.toml and the rules files: one way of telling them, in the office's language,
naming the file used, the key path and the value, and the nearest key for a misspelt one."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import DATA, make_handbook, write_workbook
from tests.conftest import run_cli as run


def settings(tmp_path: Path, text: str, name: str = "deskbook.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, "utf-8")
    return path


MISSPELT = [
    ("zh-Hant", "設定檔 {path} 有誤：office.timezon：沒有這個設定項（是不是 office.timezone？）"),
    ("zh-Hans", "配置文件 {path} 有误：office.timezon：没有这个配置项（是不是 office.timezone？）"),
    (
        "en",
        "Config file {path} is invalid: office.timezon: no such setting"
        " (did you mean office.timezone?)",
    ),
]


@pytest.mark.parametrize(("lang", "expected"), MISSPELT, ids=[m[0] for m in MISSPELT])
def test_misspelt_key_is_told_in_the_offices_language_with_the_nearest_key(
    tmp_path: Path, lang: str, expected: str
) -> None:
    config = settings(tmp_path, f'[office]\nlanguage = "{lang}"\ntimezon = "Asia/Shanghai"\n')
    code, out, err = run("check", "--config", str(config))
    assert code == 2 and out == ""
    assert err == expected.format(path=config) + "\n"


def test_unreadable_language_falls_back_to_traditional_chinese(tmp_path: Path) -> None:
    config = settings(tmp_path, '[office]\nlangauge = "en"\n')
    code, _, err = run("check", "--config", str(config))
    assert code == 2
    assert err == (
        f"設定檔 {config} 有誤：office.langauge：沒有這個設定項（是不是 office.language？）\n"
    )


def test_lang_option_wins_over_the_office_language(tmp_path: Path) -> None:
    config = settings(tmp_path, '[office]\nlanguage = "en"\n[sourse]\nkind = "csv"\n')
    code, _, err = run("check", "--config", str(config), "--lang", "zh-Hans")
    assert code == 2
    assert err == f"配置文件 {config} 有误：sourse：没有这个配置项（是不是 source？）\n"


def test_no_suggestion_when_nothing_is_near(tmp_path: Path) -> None:
    config = settings(tmp_path, '[office]\nlanguage = "en"\nxyzzy = 1\n')
    _, _, err = run("check", "--config", str(config))
    assert err == f"Config file {config} is invalid: office.xyzzy: no such setting\n"


def test_wrong_type_quotes_the_value(tmp_path: Path) -> None:
    config = settings(tmp_path, '[office]\nlanguage = "en"\n[state]\nkeep_days = "ninety"\n')
    code, _, err = run("check", "--config", str(config))
    assert code == 2
    assert err == (
        f"Config file {config} is invalid: state.keep_days: 'ninety' is not a whole number\n"
    )


def test_every_mistake_is_listed_each_in_the_language(tmp_path: Path) -> None:
    config = settings(
        tmp_path,
        '[office]\nlanguage = "zh-Hans"\n[site]\noutput = 3\n[state]\nkeep_snapshots = 0\n',
    )
    _, _, err = run("check", "--config", str(config))
    assert err == (
        f"配置文件 {config} 有误：site.output：“3”不是文本（请用引号括起来）；"
        "state.keep_snapshots：“0”不能小于 1\n"
    )


def test_a_choice_lists_the_choices(tmp_path: Path) -> None:
    config = settings(tmp_path, '[office]\nlanguage = "fr"\n')
    _, _, err = run("check", "--config", str(config))
    assert err == (
        f"設定檔 {config} 有誤：office.language：「fr」不是可選的值（可選：zh-Hant, zh-Hans, en）\n"
    )


def test_validator_messages_are_translated_too(tmp_path: Path) -> None:
    config = settings(tmp_path, '[office]\ntimezone = "Mars/Olympus"\n')
    _, _, err = run("check", "--config", str(config))
    assert err == (
        f"設定檔 {config} 有誤："
        "office.timezone：「Mars/Olympus」不是已知的時區（例如 Asia/Shanghai）\n"
    )


def test_an_unknown_tab_key_suggests_the_nearest_tab(tmp_path: Path) -> None:
    config = settings(tmp_path, '[office]\nlanguage = "en"\n[source.tabs]\nowner = "業主資料"\n')
    _, _, err = run("check", "--config", str(config))
    assert err.startswith(f"Config file {config} is invalid: source.tabs: unknown tab keys: owner")
    assert err.endswith(" (did you mean source.tabs.owners?)\n")


def test_toml_syntax_error(tmp_path: Path) -> None:
    config = settings(tmp_path, '[office]\nlanguage = "en"\nname = \n')
    _, _, err = run("check", "--config", str(config), "--lang", "zh-Hant")
    assert err.startswith(f"設定檔 {config} 有誤：不是有效的 TOML（")
    assert "line 3" in err


def handbook(tmp_path: Path, extra: str, name: str = "deskbook.toml") -> Path:
    config = make_handbook(tmp_path / "hb", write_workbook(tmp_path / "b.xlsx"), language="en")
    if name != config.name:
        config = config.rename(config.with_name(name))
    with config.open("a", encoding="utf-8") as f:
        f.write(extra)
    return config


def test_service_overrides_name_the_settings_file_actually_used(tmp_path: Path) -> None:
    config = handbook(tmp_path, "[service.followup]\ndayz = 3\n", name="estate-a.toml")
    code, _, err = run("check", "--config", str(config))
    assert code == 2
    assert err == (
        f"Config file {config} is invalid: service.followup.dayz: no such setting"
        " (did you mean service.followup.days?)\n"
    )


def test_rules_file_mistakes_name_the_rules_file(tmp_path: Path) -> None:
    rules = DATA / "training" / "bad-key.toml"
    config = handbook(tmp_path, f'[training]\nrules = "{rules.as_posix()}"\n')
    code, _, err = run("training", "--config", str(config))
    assert code == 2
    assert err == (
        f"Rules file {rules} is invalid: categories.skills.minutes: no such setting"
        " (did you mean categories.skills.min_minutes?)\n"
    )


def test_rules_file_mistakes_in_chinese(tmp_path: Path) -> None:
    rules = DATA / "training" / "bad-weights.toml"
    config = handbook(tmp_path, f'[training]\nrules = "{rules.as_posix()}"\n')
    _, _, err = run("training", "--config", str(config), "--lang", "zh-Hant")
    assert err == f"規則檔 {rules} 有誤：categories.computer.exam：配分加起來是 110，不是 100\n"


def test_a_missing_rules_file_is_a_mistake_in_the_settings(tmp_path: Path) -> None:
    config = handbook(tmp_path, '[training]\nrules = "nowhere.toml"\n')
    _, _, err = run("training", "--config", str(config))
    assert err == (
        f"Config file {config} is invalid: training.rules: file 'nowhere.toml' not found\n"
    )
