"""What every handbook's engine configuration needs, written into the staged mkdocs.yml
(deskbook.site.stage) so that an office's own can be a few lines (site name, language, nav).

The Material theme, no web fonts (Google Fonts are blocked in mainland China and an intranet
may have no internet at all), no generator tag, and the Markdown extensions the pages use,
with heading anchors that keep CJK. Where the office's mkdocs.yml says otherwise on a point
that matters, it is told in one line: another theme stops the build; a web font is turned off
with a warning, never loaded silently.
"""

from __future__ import annotations

from typing import Any

# Material's own names for our languages: its Simplified Chinese is plain "zh".
MATERIAL_LANGUAGE = {"zh-Hant": "zh-Hant", "zh-Hans": "zh", "en": "en"}

# The extensions the starter pages and generated pages use, with their settings.
EXTENSIONS: dict[str, dict[str, Any]] = {
    "admonition": {},
    "attr_list": {},
    "def_list": {},
    "tables": {},
    "md_in_html": {},
    "pymdownx.details": {},
    "pymdownx.superfences": {},
    "pymdownx.tasklist": {"custom_checkbox": True},
    "toc": {"permalink": True},
}
