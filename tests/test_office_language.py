"""Every visible string in the office's language: no English UI text on a zh-Hant site."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

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
