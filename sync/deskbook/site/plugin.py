"""MkDocs plugin: adds the generated pages and their nav, the footer and the search dictionary.

Under `deskbook build`, `publish` or `serve` it builds the command's run (deskbook.pipeline's
active run). Under a plain `mkdocs build` or `mkdocs serve` it makes the run itself from its
options, so authors can preview as they write:

    plugins:
      - deskbook:
          config_file: deskbook.toml   # beside mkdocs.yml
          as_of: 2026-11-27            # default: today in the office's timezone
          lang: en                     # default: the office's language
          audience: manager            # public, internal (the default) or manager
"""

from __future__ import annotations

import datetime as dt
import posixpath
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import NoReturn

import jinja2
from mkdocs.config import config_options as c
from mkdocs.config.base import BaseConfigOption, ValidationError
from mkdocs.config.base import Config as MkConfig
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure import StructureItem
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page

from deskbook.config import load_config
from deskbook.errors import DeskbookError
from deskbook.i18n import LANGUAGES
from deskbook.model.pages import AUDIENCES
from deskbook.pipeline import Prepared, RunContext, active_run, make_run
from deskbook.render.held_html import HeldHtml
from deskbook.render.pages import make_env, render
from deskbook.site.desk_markers import fill_desk_counts
from deskbook.site.docs_files import keep_public, refuse_outside_links
from deskbook.site.downloads import csv_text
from deskbook.site.nav import site_nav
from deskbook.site.requirements import MATERIAL_LANGUAGE, apply_requirements
from deskbook.site.scripts import for_language
from deskbook.site.search_index import rewrite, use_index_separator
from deskbook.site.search_terms import use_office_words
from deskbook.site.stale_banner import add_banner, banner
from deskbook.site.training_markers import fill_markers, fill_sop_page
from deskbook.sources.sop_pages import front_matter
from deskbook.views.today import today_view
from deskbook.views.training import training_view


class _Day(BaseConfigOption[dt.date | None]):
    """A day as YAML reads it (2026-11-27) or as a quoted string."""

    def run_validation(self, value: object) -> dt.date | None:
        if value is None or isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            raise ValidationError(f"{value!r} is not a date like 2026-11-27") from None


class DeskbookPluginConfig(MkConfig):
    config_file = c.Type(str, default="deskbook.toml")
    as_of = _Day()
    lang = c.Optional(c.Choice(LANGUAGES))
    audience = c.Choice(AUDIENCES, default="internal")


class DeskbookPlugin(BasePlugin[DeskbookPluginConfig]):
    def __init__(self) -> None:
        self.prepared: Prepared | None = None
        self.env: jinja2.Environment | None = None
        self.held = HeldHtml()
        self.generated: set[str] = set()

    def _own_run(self, config: MkDocsConfig) -> RunContext:
        settings = load_config(Path(config.config_file_path).parent / self.config.config_file)
        run = make_run(
            settings,
            as_of=self.config.as_of,
            lang=self.config.lang,
            audience=self.config.audience,
        )
        return RunContext(run)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        try:
            context = active_run() or self._own_run(config)
            prepared = self.prepared = context.prepare(Path(config.docs_dir))
        except DeskbookError as exc:
            raise PluginError(exc.message("en")) from exc
        run = prepared.run
        overrides = run.config.path(run.config.site.templates)
        self.env = make_env(
            run.lang,
            overrides if overrides.is_dir() else None,
            run.config.conventions.currency.symbol,
            tuple(
                (enum, code, spellings[0])
                for enum, added in run.config.choices.items()
                for code, spellings in added.items()
            ),
        )
        apply_requirements(config, MATERIAL_LANGUAGE[run.lang], run.lang)
        theme_dir = str(resources.files("deskbook.site").joinpath("theme"))
        if theme_dir not in config.theme.dirs:
            config.theme.dirs.insert(0, theme_dir)
        config.extra["deskbook"] = {"footer": prepared.footer}
        if run.audience == "public":
            config.site_name = run.config.site.public_title or run.config.office.name
            config.copyright = None  # the handbook's line is not the board's
        if "assets/deskbook.css" not in config.extra_css:
            config.extra_css.append("assets/deskbook.css")
        if "assets/deskbook.js" not in [str(script) for script in config.extra_javascript]:
            config.extra_javascript.append("assets/deskbook.js")
        state = run.config.path(run.config.state_dir)
        use_office_words(state / "jieba_user.txt", prepared.search_terms)
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        assert self.prepared is not None and self.env is not None
        try:
            refuse_outside_links(files, config)
        except DeskbookError as exc:
            _stop(exc)
        public = self.prepared.run.audience == "public"
        if public:
            files = Files([f for f in files if not f.is_documentation_page() or _is_public(f)])
        # Hand-written pages whose front matter says `audience: manager` are the managers'
        # site's alone: never built into the internal handbook, its search index or sitemap.
        managers_only: set[str] = set()
        if self.prepared.run.audience == "internal":
            managers_only = {
                f.src_uri for f in files.documentation_pages() if _said_audience(f) == "manager"
            }
            files = Files([f for f in files if f.src_uri not in managers_only])
        self.held = HeldHtml()
        self.generated = {spec.path for spec in self.prepared.pages}
        for spec in self.prepared.pages:
            existing = files.get_file_from_path(spec.path)
            if existing is not None:
                files.remove(existing)
            inclusion = InclusionLevel.UNDEFINED if spec.in_nav else InclusionLevel.NOT_IN_NAV
            content = render(self.env, spec)
            files.append(File.generated(config, spec.path, content=content, inclusion=inclusion))
            for download in spec.downloads:
                files.append(File.generated(config, download.path, content=csv_text(download)))
        for asset in ("deskbook.css", "deskbook.js"):
            content = resources.files("deskbook.site").joinpath("assets", asset).read_text("utf-8")
            files.append(File.generated(config, f"assets/{asset}", content=content))
        # The owners' board keeps only the office's nav entries for pages it has.
        shown = {f.src_uri for f in files.documentation_pages()} if public else None
        sops = [sop.path for sop in self.prepared.views.sops.values()]
        config.nav = site_nav(
            config.nav,
            self.prepared.pages,
            self.prepared.run.lang,
            shown,
            sops,
            frozenset(managers_only),
        )
        return files

    def on_env(
        self, env: jinja2.Environment, /, *, config: MkDocsConfig, files: Files
    ) -> jinja2.Environment:
        # Every page is rendered by now and its links known; static files are copied next.
        assert self.prepared is not None
        run = self.prepared.run
        if run.audience == "public":
            keep_public(files, config, run.config.site.public_files)
        return env

    @property
    def _convert_lang(self) -> str | None:
        """The script pages are converted to: the run's, when the office writes in the other."""
        assert self.prepared is not None
        run = self.prepared.run
        written = run.config.office.language
        return run.lang if {run.lang, written} == {"zh-Hant", "zh-Hans"} else None

    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
        lang = self._convert_lang
        if lang is not None:
            config.site_name = for_language(config.site_name, lang)
            _convert_titles(nav.items, lang)
        return nav

    def on_page_markdown(
        self, markdown: str, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        assert self.prepared is not None and self.env is not None
        lang = self._convert_lang
        if lang is not None:
            markdown = for_language(markdown, lang)
            if isinstance(page.meta.get("title"), str):
                page.meta["title"] = for_language(page.meta["title"], lang)
        if page.file.src_uri in self.generated:
            markdown = self.held.hold(page.file.src_uri, markdown)
        if self.prepared.run.audience == "public":
            return markdown  # training figures are internal: a marker stays a hidden comment
        views = self.prepared.views
        markdown = fill_markers(markdown, page.file.src_uri, views.view(training_view), self.env)
        markdown = fill_sop_page(markdown, page.file.src_uri, views.view(training_view), self.env)
        return fill_desk_counts(markdown, page.file.src_uri, views.view(today_view), self.env)

    def on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        return self.held.restore(page.file.src_uri, html, _page_url(page, files))

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        assert self.prepared is not None
        run = self.prepared.run
        block = banner(
            self.prepared.dataset.synced_at, run.config.zone, run.config.site.stale_after, run.lang
        )
        return add_banner(output, block)

    @event_priority(-50)  # after the search plugin has written its index
    def on_post_build(self, config: MkDocsConfig) -> None:
        index = Path(config.site_dir) / "search" / "search_index.json"
        if index.is_file():
            rewrite(index)
            use_index_separator(Path(config.site_dir))


def _stop(exc: DeskbookError) -> NoReturn:
    """Under a deskbook command the error itself ends the run, in the run's language; under
    plain MkDocs, as MkDocs reports a plugin's errors."""
    if active_run() is not None:
        raise exc
    raise PluginError(exc.message("en")) from exc


def _convert_titles(items: list[StructureItem], lang: str) -> None:
    for item in items:
        if isinstance(item, Section):
            item.title = for_language(item.title, lang)
            _convert_titles(item.children, lang)
        elif isinstance(item, Link) or "title" in vars(item):
            item.title = for_language(str(item.title), lang)


def _page_url(page: Page, files: Files) -> Callable[[str], str]:
    """A link from `page` to a page's Markdown file, as the address MkDocs makes of it."""

    def url(target: str) -> str:
        path, _, fragment = target.partition("#")
        source = posixpath.normpath(posixpath.join(posixpath.dirname(page.file.src_uri), path))
        file = files.get_file_from_path(source.lstrip("/"))
        if file is None:  # as MkDocs leaves a link to a page it does not have
            return target
        address = file.url_relative_to(page.file)
        return f"{address}#{fragment}" if fragment else address

    return url


def _is_public(file: File) -> bool:
    """Hand-written pages reach the owners' board only if their front matter says so."""
    return _said_audience(file) == "public"


def _said_audience(file: File) -> object:
    """A hand-written page's front-matter `audience`: public, manager, an SOP's roles, none."""
    if file.abs_src_path is None:  # a page another plugin made: it cannot say
        return None
    return front_matter(Path(file.abs_src_path).read_text("utf-8")).get("audience")
