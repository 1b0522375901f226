"""Every visible string in the office's language: no English UI text on a zh-Hant site."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from deskbook.cli import main
from deskbook.duration import ago


def test_no_heading_anchor_says_permanent_link(demo_site: Path) -> None:
    pages = list(demo_site.rglob("index.html"))
    assert pages
    for page in pages:
        html = page.read_text("utf-8")
        assert "Permanent link" not in html, page
    assert 'title="本節的連結"' in (demo_site / "fees" / "index.html").read_text("utf-8")


@pytest.mark.parametrize(
    ("length", "lang", "said"),
    [
        (dt.timedelta(days=3, hours=5), "zh-Hant", "3 天前"),
        (dt.timedelta(minutes=59), "zh-Hans", "59 分钟前"),
        (dt.timedelta(hours=2), "zh-Hant", "2 小時前"),
        (dt.timedelta(seconds=20), "zh-Hant", "0 分鐘前"),
        (dt.timedelta(days=1), "en", "1 days ago"),
    ],
)
def test_relative_times_are_words_of_the_language(
    length: dt.timedelta, lang: str, said: str
) -> None:
    assert ago(length, lang) == said


def test_help_and_clicks_own_messages_speak_the_offices_language(tmp_path: Path) -> None:
    config = tmp_path / "deskbook.toml"
    config.write_text('[office]\nname = "測試"\nlanguage = "zh-Hans"\n', "utf-8")
    runner = CliRunner()
    result = runner.invoke(main, ["build", "--config", str(config), "--help"])
    assert result.exit_code == 0
    assert result.output.startswith("用法：")
    assert "同步、检查并把网站构建到输出文件夹。" in result.output
    assert "手册的设置文件。" in result.output and "显示这段说明并退出。" in result.output
    # No English sentence is left: option names and metavars are all that is Latin.
    assert not re.search(r"[A-Z][a-z]+ [a-z]+ [a-z]+", result.output), result.output
    result = runner.invoke(main, ["check", "--lang", "zh-Hant", "--nope"])
    assert result.exit_code == 2
    assert "錯誤：沒有這個選項：--nope。" in result.output
    assert "執行「main check --help」看說明。" in result.output  # CliRunner names it main
    # --lang en: click's and deskbook's words as written.
    result = runner.invoke(main, ["check", "--lang", "en", "--help"])
    assert result.output.startswith("Usage:") and "Handbook settings file." in result.output
