"""Text written for a spreadsheet to open (a CSV download, a training export) that it opens as
text: Excel and its kin run a cell that starts with one of these as a formula, so a name typed
as =HYPERLINK(...) would become a live link in whoever's copy of the file."""

from __future__ import annotations

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def as_text(value: str) -> str:
    """The text with a leading apostrophe if a spreadsheet would run it as a formula."""
    return "'" + value if value.startswith(_FORMULA_START) else value
