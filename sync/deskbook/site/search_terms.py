"""A jieba user dictionary of the office's own words, so Traditional text segments well."""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Iterable
from importlib import resources
from pathlib import Path

import jieba

from deskbook.i18n import LANGUAGES, labels


def _office_terms() -> list[str]:
    text = resources.files("deskbook.i18n").joinpath("search_terms.txt").read_text("utf-8")
    return [w for line in text.splitlines() if not line.startswith("#") for w in line.split()]


def _terms() -> Iterable[str]:
    yield from _office_terms()
    data = labels()
    for entry in data["tabs"].values():
        yield from (entry[lang] for lang in LANGUAGES if lang != "en")
    for columns in data["columns"].values():
        for entry in columns.values():
            yield from (entry[lang] for lang in LANGUAGES if lang != "en")
    for choices in data["enums"].values():
        for entry in choices.values():
            yield from (entry[lang] for lang in LANGUAGES if lang != "en")


def write_user_dict(path: Path, extra: Iterable[str] = ()) -> Path:
    """One term a line with a high frequency, as jieba.load_userdict expects."""
    words: dict[str, None] = {}
    for term in [*_terms(), *extra]:
        for word in re.findall(r"[\u3400-\u9fff]{2,}", term):
            words[word] = None
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(f"{w} 20000\n" for w in words), "utf-8")
    return path


@functools.cache
def _stock_dictionary() -> tuple[dict[str, int], int]:
    """jieba's own dictionary as loaded, before any office's words were added to it."""
    jieba.setLogLevel(logging.WARNING)
    jieba.dt.check_initialized()
    return dict(jieba.dt.FREQ), jieba.dt.total


def use_stock_dictionary() -> None:
    """Segment the next build with jieba's stock dictionary only; the build then adds this
    office's words (Material's search plugin loads the staged site's `jieba_dict_user`).

    Material's search plugin cuts text with jieba's one shared tokenizer, and words added to it
    stay for the life of the process: without going back to the stock dictionary, another
    estate's or an earlier build's names would change how this site's search index is cut.
    """
    stock, total = _stock_dictionary()
    jieba.dt.FREQ = dict(stock)
    jieba.dt.total = total
    jieba.dt.user_word_tag_tab = {}
