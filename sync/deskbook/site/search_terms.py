"""A jieba user dictionary of the office's own words, so Traditional text segments well."""

from __future__ import annotations

import re
from collections.abc import Iterable
from importlib import resources
from pathlib import Path

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
