"""MkDocs with the Material theme: the staged folder's mkdocs.yml as MkDocs itself reads it."""

from __future__ import annotations

from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

from deskbook.errors import BuildFailed, ConfigError
from deskbook.site.mkdocs_config import quiet_mkdocs, read_mkdocs
from deskbook.site.search_index import rewrite, use_index_separator
from deskbook.site.search_terms import use_stock_dictionary


class MkDocsEngine:
    name = "mkdocs"
    links_in_html = False

    def check(self, settings: dict[str, Any]) -> None:
        """A plugin MkDocs does not have would stop the build with a trace of its own: named
        here first, in one line."""
        installed = {point.name for point in entry_points(group="mkdocs.plugins")}
        for item in settings.get("plugins", []):
            name = next(iter(item)) if isinstance(item, dict) else str(item)
            if name not in installed:
                raise ConfigError("engine-ignores", engine=self.name, setting=f"plugins: {name}")

    def search_options(
        self, options: dict[str, Any], dictionary: Path | None = None, lang: str | None = None
    ) -> dict[str, Any]:
        added: dict[str, Any] = {} if lang is None else {"lang": [lang]}
        if dictionary is not None:
            added["jieba_dict_user"] = str(dictionary.absolute())
        return {**options, **added}

    def build(self, config_path: Path, site_dir: Path) -> None:
        from mkdocs.commands.build import build
        from mkdocs.exceptions import MkDocsException

        quiet_mkdocs()
        # Material's search plugin adds the office's words (the staged search dictionary) to
        # jieba's one shared tokenizer: another estate's or an earlier build's are taken out.
        use_stock_dictionary()
        config = read_mkdocs(config_path, site_dir=str(site_dir))
        try:
            build(config)
        except (MkDocsException, OSError) as exc:
            raise BuildFailed(detail=str(exc) or type(exc).__name__) from exc

    def finish(self, site_dir: Path) -> None:
        """Searched in both scripts, codes by their parts (deskbook.site.search_index)."""
        index = site_dir / "search" / "search_index.json"
        if index.is_file():
            rewrite(index)
            use_index_separator(site_dir)
