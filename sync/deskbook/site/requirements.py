"""What every handbook's MkDocs configuration needs, applied by the plugin so that an office's
mkdocs.yml can be three lines (site name, language, the plugin).

The plugin brings the Material theme, no web fonts (Google Fonts are blocked in mainland China
and an intranet may have no internet at all), no generator tag, and the Markdown extensions the
pages use, with heading anchors that keep CJK. Where the office's mkdocs.yml says otherwise on
a point that matters, it is told in one line: another theme stops the build; a web font is
turned off with a warning, never loaded silently.
"""

from __future__ import annotations

import logging
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.theme import Theme
from pymdownx.slugs import slugify

from deskbook.i18n import text

log = logging.getLogger("mkdocs.plugins.deskbook")

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


# MkDocs' own default theme, which a mkdocs.yml without a theme section gets.
_MKDOCS_DEFAULT_THEME = "mkdocs"
# Material's default font, which it loads from Google Fonts unless told `font: false`.
_MATERIAL_DEFAULT_FONT = {"text": "Roboto", "code": "Roboto Mono"}


def apply_requirements(config: MkDocsConfig, material_language: str, lang: str) -> None:
    """Bring `config` up to what a handbook needs; raise or warn where it contradicts that."""
    if config.theme.name != "material":
        if config.theme.name != _MKDOCS_DEFAULT_THEME:
            raise PluginError(text("errors.theme-not-material", lang, theme=config.theme.name))
        config.theme = Theme(name="material")
    config.theme["language"] = material_language
    font = config.theme.get("font", False)
    if font is not False and font != _MATERIAL_DEFAULT_FONT:
        log.warning(text("warnings.web-font", lang, path=config.config_file_path))
    config.theme["font"] = False
    config.extra.setdefault("generator", False)
    for name, settings in EXTENSIONS.items():
        if name not in config.markdown_extensions:
            config.markdown_extensions.append(name)
        options = config.mdx_configs.setdefault(name, {})
        for key, value in settings.items():
            options.setdefault(key, value)
    # Chinese headings keep their characters in anchors, or every anchor becomes _1, _2.
    config.mdx_configs["toc"].setdefault("slugify", slugify(case="lower"))
    # The anchor's tooltip: Python-Markdown's default is English on every heading.
    config.mdx_configs["toc"].setdefault("permalink_title", text("ui.permalink-title", lang))
