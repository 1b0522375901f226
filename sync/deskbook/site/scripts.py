"""Traditional and Simplified Chinese: one handbook read in either script (OpenCC).

A zh-Hans run of a handbook written in Traditional converts its hand-written pages and the data
shown on generated ones to Simplified, and a zh-Hant run the other way; search indexes both
forms whatever the site's script.
"""

from __future__ import annotations

import re
from functools import cache

import opencc

# Link targets name files; converting `sop/催費.md` would point at a file that does not exist.
# The fragment after `#` is a heading's slug, which is converted with the heading.
_LINK_TARGET = re.compile(r"(\]\()([^)#\s]*)")


@cache
def _converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


def to_simplified(text: str) -> str:
    return str(_converter("t2s").convert(text))


def to_traditional(text: str) -> str:
    return str(_converter("s2t").convert(text))


def both_forms(text: str) -> tuple[str, ...]:
    """The text as written, in Simplified and in Traditional, without repeats, always in that
    order: a set's order changes from run to run and so would the search index."""
    return tuple(dict.fromkeys((text, to_simplified(text), to_traditional(text))))


def for_language(markdown: str, lang: str) -> str:
    """A page's Markdown in the script of `lang`, its link targets left as written."""
    if lang == "zh-Hans":
        convert = to_simplified
    elif lang == "zh-Hant":
        convert = to_traditional
    else:
        return markdown
    kept: list[str] = []

    def hold(match: re.Match[str]) -> str:
        kept.append(match.group(2))
        return f"{match.group(1)}\x00{len(kept) - 1}\x00"

    held = _LINK_TARGET.sub(hold, markdown)
    converted = convert(held)
    return re.sub(r"\x00(\d+)\x00", lambda m: kept[int(m.group(1))], converted)
