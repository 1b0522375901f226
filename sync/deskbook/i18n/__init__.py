"""Labels and messages in zh-Hant, zh-Hans and en, loaded from the TOML files beside this."""

from __future__ import annotations

import tomllib
import unicodedata
from functools import cache
from importlib import resources
from typing import Any

LANGUAGES = ("zh-Hant", "zh-Hans", "en")


@cache
def _load(name: str) -> dict[str, Any]:
    return tomllib.loads(resources.files(__package__).joinpath(name).read_text("utf-8"))


def labels() -> dict[str, Any]:
    return _load("labels.toml")


def messages() -> dict[str, Any]:
    return _load("messages.toml")


def cli_words() -> dict[str, Any]:
    """The command line's words in Chinese: click's own, the options' and commands' help."""
    return _load("cli.toml")


def fold(text: str) -> str:
    """The form in which headers, tab names and choices are compared: compatibility forms
    folded (Ｓｔａｆｆ　ＩＤ is Staff ID, ㎡ is m2), no spaces, case-folded."""
    return "".join(unicodedata.normalize("NFKC", text).split()).casefold()


def tab_label(tab: str, lang: str) -> str:
    label: str = labels()["tabs"][tab][lang]
    return label


def column_label(tab: str, column: str, lang: str) -> str:
    label: str = labels()["columns"][tab][column][lang]
    return label


def choice_label(enum: str, code: str, lang: str) -> str:
    """A shipped code's label; a code an office added ([choices.*]) has its label in the
    office's conventions, and without them shows as itself rather than stop a page."""
    entry = labels()["enums"][enum].get(code)
    return code if entry is None else str(entry[lang])


def tab_names(tab: str) -> list[str]:
    """Every name a tab may carry in a workbook: its key, each label and its aliases."""
    entry = labels()["tabs"][tab]
    return [tab, *(entry[lang] for lang in LANGUAGES), *entry.get("aliases", [])]


def column_names(tab: str, column: str) -> list[str]:
    entry = labels()["columns"][tab][column]
    return [column, *(entry[lang] for lang in LANGUAGES), *entry.get("aliases", [])]


def choice_lookup(enum: str) -> dict[str, str]:
    """Folded code or label -> code."""
    lookup: dict[str, str] = {}
    for code, entry in labels()["enums"][enum].items():
        for name in (code, *(entry[lang] for lang in LANGUAGES), *entry.get("aliases", [])):
            lookup[fold(name)] = code
    return lookup


def localized(key: str, **params: Any) -> dict[str, str]:
    """The same message in every language, for an issue to carry until it is shown."""
    return {lang: text(key, lang, **params) for lang in LANGUAGES}


def text(key: str, lang: str, **params: Any) -> str:
    """A UI string or message template from messages.toml, filled in."""
    section, _, name = key.partition(".")
    template: str = messages()[section][name][lang]
    return template.format(**params)
