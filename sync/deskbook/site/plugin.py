"""MkDocs plugin: adds the generated pages, the footer and the search dictionary at build time.

`deskbook build` hands it pages it has already prepared; under a plain `mkdocs serve` it runs
the sync itself from the deskbook.toml beside mkdocs.yml, so authors can preview as they write.
"""

from __future__ import annotations

import logging
from importlib import resources
from pathlib import Path

import jieba
from mkdocs.config import config_options as c
from mkdocs.config.base import Config as MkConfig
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from deskbook.config import load_config
from deskbook.errors import DeskbookError
from deskbook.i18n import text
from deskbook.pipeline import Prepared, make_run, prepare
from deskbook.site.desk_markers import fill_desk_counts
from deskbook.site.render import PUBLIC_NAV
from deskbook.site.search_terms import write_user_dict
from deskbook.site.sops import front_matter
from deskbook.site.training_markers import fill_markers

# Material's own names for our languages: its Simplified Chinese is plain "zh".
MATERIAL_LANGUAGE = {"zh-Hant": "zh-Hant", "zh-Hans": "zh", "en": "en"}


class DeskbookPluginConfig(MkConfig):
    config_file = c.Type(str, default="deskbook.toml")


class DeskbookPlugin(BasePlugin[DeskbookPluginConfig]):
    def __init__(self) -> None:
        self.prepared: Prepared | None = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if self.prepared is None:
            root = Path(config.config_file_path).parent
            try:
                settings = load_config(root / self.config.config_file)
                self.prepared = prepare(make_run(settings), Path(config.docs_dir))
            except DeskbookError as exc:
                raise PluginError(exc.message("en")) from exc
        prepared = self.prepared
        theme_dir = str(resources.files("deskbook.site").joinpath("theme"))
        if theme_dir not in config.theme.dirs:
            config.theme.dirs.insert(0, theme_dir)
        config.theme["language"] = MATERIAL_LANGUAGE[prepared.run.lang]
        config.extra["deskbook"] = {"footer": prepared.footer}
        if "assets/deskbook.css" not in config.extra_css:
            config.extra_css.append("assets/deskbook.css")
        if prepared.run.audience == "public":
            # The owners' board has its own short nav; the office's nav would name internal pages.
            config.nav = [{text(f"ui.{key}", prepared.run.lang): path} for path, key in PUBLIC_NAV]
        state = prepared.run.config.path(prepared.run.config.state_dir)
        # The search plugin segments with jieba's global state, so loading here is enough.
        jieba.setLogLevel(logging.WARNING)
        jieba.load_userdict(str(write_user_dict(state / "jieba_user.txt", prepared.search_terms)))
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        assert self.prepared is not None
        if self.prepared.run.audience == "public":
            files = Files([f for f in files if not f.is_documentation_page() or _is_public(f)])
        for path, content in self.prepared.pages.items():
            existing = files.get_file_from_path(path)
            if existing is not None:
                files.remove(existing)
            files.append(File.generated(config, path, content=content))
        css = resources.files("deskbook.site").joinpath("assets", "deskbook.css").read_text("utf-8")
        files.append(File.generated(config, "assets/deskbook.css", content=css))
        return files

    def on_page_markdown(
        self, markdown: str, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        assert self.prepared is not None
        if self.prepared.run.audience == "public":
            return markdown  # training figures are internal: a marker stays a hidden comment
        markdown = fill_markers(markdown, page.file.src_uri, self.prepared.training)
        if self.prepared.today is not None:
            markdown = fill_desk_counts(
                markdown, page.file.src_uri, self.prepared.today, self.prepared.run.lang
            )
        return markdown


def _is_public(file: File) -> bool:
    """Hand-written pages reach the owners' board only if their front matter says so."""
    if file.abs_src_path is None:
        return False
    return front_matter(Path(file.abs_src_path).read_text("utf-8")).get("audience") == "public"
