"""The engines that build a staged site (deskbook.site.stage) into HTML.

An engine reads the staged folder's generated mkdocs.yml and nothing else of deskbook's: every
page, asset, override and setting is in the folder. Before a build it checks the settings and
refuses, in one line naming it, any it would ignore; after it, `finish` makes what the engine
wrote fit the handbook (the search index, for MkDocs Material).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol

from deskbook.errors import ConfigError


class Engine(Protocol):
    name: str
    # True when the engine reads a page link in raw HTML (`../units/1-1-0101.md`) as it reads
    # one in Markdown; else the staged HTML carries the addresses the pages will have.
    links_in_html: bool

    def check(self, settings: dict[str, Any]) -> None:
        """Raise a DeskbookError naming any setting this engine would ignore."""

    def search_options(
        self, options: dict[str, Any], dictionary: Path | None = None, lang: str | None = None
    ) -> dict[str, Any]:
        """The search plugin's options as this engine is to read them: the office's, plus what
        deskbook adds for it (with MkDocs: the office's words for jieba, in `dictionary`, and
        the index's language)."""

    def build(self, config_path: Path, site_dir: Path) -> None:
        """Build the staged site `config_path` names into `site_dir`."""

    def finish(self, site_dir: Path) -> None:
        """Whatever the built site needs after the engine has written it."""


def engine_for(name: str) -> Engine:
    if name == "mkdocs":
        from deskbook.site.engines.mkdocs import MkDocsEngine

        return MkDocsEngine()
    if name == "zensical":
        from deskbook.site.engines.zensical import ZensicalEngine

        return ZensicalEngine()
    raise ConfigError("engine-unknown", engine=name)
