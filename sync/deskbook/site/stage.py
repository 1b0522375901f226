"""An estate's site staged as plain files: every page a reader will see and the complete
configuration an engine builds them with, written before any engine starts.

`<work>/docs/` holds the hand-written pages the audience may read (script-converted, their
markers filled), the generated pages (their held HTML written as that HTML, its links as the
addresses the engine will give them), CSV downloads, our stylesheet and script, and the docs
folder's other files (on the owners' board, only those its pages link to). `<work>/overrides/`
holds the theme overrides: the footer line and the stale banner, both read from `extra`, so an
engine that renders Material's templates renders them without a plugin. `<work>/mkdocs.yml` is
the office's mkdocs.yml with everything a handbook needs filled in, and the nav computed.
Nothing the pages need lives in a plugin hook: `mkdocs build -f <work>/mkdocs.yml` by hand
builds the same site.
"""

from __future__ import annotations

import copy
import logging
import posixpath
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2

from deskbook.i18n import text
from deskbook.pipeline import Prepared, Run
from deskbook.render.held_html import with_page_links
from deskbook.render.pages import make_env, render
from deskbook.site.desk_markers import fill_desk_counts
from deskbook.site.docs_files import public_static, refuse_outside_links
from deskbook.site.downloads import csv_text
from deskbook.site.engines import Engine
from deskbook.site.nav import Entry, site_nav
from deskbook.site.outputs import mark
from deskbook.site.requirements import EXTENSIONS, MATERIAL_LANGUAGE
from deskbook.site.scripts import for_language
from deskbook.site.search_terms import write_user_dict
from deskbook.site.staged_config import ASSETS, copy_assets, write_config
from deskbook.site.stale_banner import banner
from deskbook.site.training_markers import fill_markers, fill_sop_page
from deskbook.sources.sop_pages import front_matter
from deskbook.views.today import today_view
from deskbook.views.training import training_view

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File

log = logging.getLogger("deskbook.site")

# Front matter as MkDocs reads it off a page (mkdocs.utils.meta).
_FRONT = re.compile(r"\A(-{3}[ \t]*\n.*?\n(?:\.{3}|-{3})[ \t]*\n)", re.S)
_TITLE = re.compile(r"^(title:[ \t]*)(.*)$", re.M)
# The office's own custom_dir keeps its main.html under this name; ours extends it.
OFFICE_MAIN = "deskbook-office-main.html"
# Material's own default font, which it loads from Google Fonts unless told `font: false`.
_MATERIAL_DEFAULT_FONT = {"text": "Roboto", "code": "Roboto Mono"}


@dataclass(frozen=True)
class StagedSite:
    config: Path  # <work>/mkdocs.yml
    settings: dict[str, Any]  # what it says, for the engine to check
    pages: int  # Markdown pages staged


def page_env(run: Run) -> jinja2.Environment:
    """The Jinja environment generated pages and filled markers are rendered with."""
    overrides = run.config.path(run.config.site.templates)
    return make_env(
        run.lang,
        overrides if overrides.is_dir() else None,
        run.config.conventions.currency.symbol,
        tuple(
            (enum, code, spellings[0])
            for enum, added in run.config.choices.items()
            for code, spellings in added.items()
        ),
    )


def stage_site(
    prepared: Prepared, mk: MkDocsConfig, raw: dict[str, Any], work: Path, engine: Engine
) -> StagedSite:
    """Write the run's site under `work` (emptied first); `mk` is the office's mkdocs.yml as
    MkDocs reads it, `raw` as written. Its mkdocs.yml builds into `<work>/site`, never into
    a published folder: the engine is told where to build each time."""
    from mkdocs.structure.files import File, get_files

    run = prepared.run
    env = page_env(run)
    files = get_files(mk)
    refuse_outside_links(files, mk)
    public = run.audience == "public"
    pages: dict[str, str] = {}
    static: list[File] = []
    managers_only: set[str] = set()
    for file in files:
        if not file.inclusion.is_included():
            continue
        if not file.is_documentation_page():
            static.append(file)
            continue
        assert file.abs_src_path is not None
        written = Path(file.abs_src_path).read_text("utf-8")
        said = front_matter(written).get("audience")
        # The owners' board carries only pages that say they are public; a page that says
        # `audience: manager` is the managers' site's alone, in no other site's search or nav.
        if public and said != "public":
            continue
        if run.audience == "internal" and said == "manager":
            managers_only.add(file.src_uri)
            continue
        pages[file.src_uri] = written
    generated = {spec.path for spec in prepared.pages}
    downloads: dict[str, str] = {}
    for spec in prepared.pages:
        pages[spec.path] = render(env, spec)
        downloads.update({d.path: csv_text(d) for d in spec.downloads})
    static = [f for f in static if f.src_uri not in downloads and f.src_uri not in generated]

    urls = mk.use_directory_urls
    site_files = {
        path: File(path, src_dir=None, dest_dir="", use_directory_urls=urls)
        for path in [*pages, *downloads, *(f.src_uri for f in static)]
    }
    office_lang = run.config.office.language
    convert = run.lang if {run.lang, office_lang} == {"zh-Hant", "zh-Hans"} else None
    # An engine that reads raw HTML's page links as Markdown's is given them as written.
    links = None if engine.links_in_html else site_files
    staged = {
        path: _page(prepared, env, path, body, convert, path in generated, links)
        for path, body in pages.items()
    }
    settings = _settings(prepared, mk, raw, work, set(staged), managers_only, convert, engine)
    if public:
        listed = [*run.config.site.public_files, *_named_for_every_page(settings)]
        static = public_static(staged, static, settings, listed)

    shutil.rmtree(work, ignore_errors=True)
    docs = work / "docs"
    for path, body in {**staged, **downloads}.items():
        _write(docs / path, body)
    for file in static:
        assert file.abs_src_path is not None
        (docs / file.src_uri).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(file.abs_src_path, docs / file.src_uri)
    copy_assets(docs)
    _overrides(mk, work / "overrides")
    dictionary = _search_options(settings).get("jieba_dict_user")
    if dictionary is not None:
        write_user_dict(Path(dictionary), prepared.search_terms)
    config = work / "mkdocs.yml"
    write_config(settings, config)
    mark(work)
    return StagedSite(config, settings, len(staged))


def _page(
    prepared: Prepared,
    env: jinja2.Environment,
    path: str,
    written: str,
    convert: str | None,
    generated: bool,
    site_files: dict[str, File] | None,
) -> str:
    """A page as the engine is to read it: in the run's script, its held HTML's links made
    addresses, its markers filled (not on the owners' board: training figures are internal,
    and a marker stays a hidden comment)."""
    found = _FRONT.match(written)
    head, body = (found[1], written[found.end() :]) if found else ("", written)
    if convert is not None:
        body = for_language(body, convert)
        head = _TITLE.sub(lambda m: m[1] + for_language(m[2], convert), head)
    if generated and site_files is not None:
        body = with_page_links(body, _page_url(path, site_files))
    if prepared.run.audience != "public":
        views = prepared.views
        body = fill_markers(body, path, views.view(training_view), env)
        body = fill_sop_page(body, path, views.view(training_view), env)
        body = fill_desk_counts(body, path, views.view(today_view), env)
    return head + body


def _page_url(page: str, site_files: dict[str, File]) -> Callable[[str], str]:
    """A link from `page` to a page's Markdown file, as the address the engine makes of it."""
    here = site_files[page]

    def url(target: str) -> str:
        path, _, fragment = target.partition("#")
        source = posixpath.normpath(posixpath.join(posixpath.dirname(page), path)).lstrip("/")
        file = site_files.get(source)
        if file is None:  # as MkDocs leaves a link to a page it does not have
            return target
        address = file.url_relative_to(here)
        return f"{address}#{fragment}" if fragment else address

    return url


def _settings(
    prepared: Prepared,
    mk: MkDocsConfig,
    raw: dict[str, Any],
    work: Path,
    pages: set[str],
    managers_only: set[str],
    convert: str | None,
    engine: Engine,
) -> dict[str, Any]:
    """The office's mkdocs.yml with what every handbook needs: the Material theme in the run's
    language and no web font (Google Fonts are blocked in mainland China, an intranet may have
    no internet at all), our overrides, footer, banner, stylesheet and script, the Markdown
    extensions the pages use (anchors that keep CJK), the search dictionary, the nav."""
    run = prepared.run
    settings = copy.deepcopy(raw)
    site_name = str(raw.get("site_name", ""))
    if run.audience == "public":
        site_name = run.config.site.public_title or run.config.office.name
        settings.pop("copyright", None)  # the handbook's line is not the board's
    settings["site_name"] = for_language(site_name, convert) if convert else site_name
    settings["docs_dir"] = "docs"
    settings["site_dir"] = "site"
    # Hook scripts stay where the office keeps them: named from the staged folder, by full path.
    here = Path(mk.config_file_path).parent
    if isinstance(raw.get("hooks"), list):
        settings["hooks"] = [str((here / hook).absolute()) for hook in raw["hooks"]]

    theme = raw.get("theme") or {}
    theme = dict(theme) if isinstance(theme, dict) else {"name": theme}
    theme["name"] = "material"  # MkDocs' default theme, when mkdocs.yml names none
    theme["language"] = MATERIAL_LANGUAGE[run.lang]
    font = theme.get("font", False)
    if font is not False and font != _MATERIAL_DEFAULT_FONT:
        log.warning(text("warnings.web-font", run.lang, path=mk.config_file_path))
    theme["font"] = False
    theme["custom_dir"] = "overrides"
    settings["theme"] = theme

    extra = dict(raw.get("extra") or {})
    extra.setdefault("generator", False)
    dataset = prepared.dataset
    stale = banner(dataset.synced_at, run.config.zone, run.config.site.stale_after, run.lang)
    extra["deskbook"] = {"footer": prepared.footer, "banner": stale}
    settings["extra"] = extra
    settings["extra_css"] = _with(raw.get("extra_css"), f"assets/{ASSETS[0]}")
    settings["extra_javascript"] = _with(raw.get("extra_javascript"), f"assets/{ASSETS[1]}")
    settings["markdown_extensions"] = _extensions(raw.get("markdown_extensions"), run.lang)

    plugins = [p for p in raw.get("plugins", ["search"]) if _plugin_name(p) != "deskbook"]
    settings["plugins"] = [
        _search(p, work, engine) if _plugin_name(p) == "search" else p for p in plugins
    ]

    # The owners' board keeps only the office's nav entries for pages it has.
    shown = pages if run.audience == "public" else None
    sops = [sop.path for sop in prepared.views.sops.values()]
    nav = site_nav(raw.get("nav"), prepared.pages, run.lang, shown, sops, frozenset(managers_only))
    if nav is None:
        # MkDocs then makes the nav of the files: the per-entity pages stay out of it.
        hidden = [f"/{spec.path}" for spec in prepared.pages if not spec.in_nav]
        if hidden:
            own = str(raw.get("not_in_nav") or "").splitlines()
            settings["not_in_nav"] = "\n".join([*own, *hidden])
    else:
        settings["nav"] = _titles(nav, convert) if convert else nav
    return settings


def _with(listed: object, item: str) -> list[Any]:
    items = list(listed) if isinstance(listed, list) else []
    return items if item in [str(i) for i in items] else [*items, item]


def _extensions(listed: object, lang: str) -> list[Any]:
    """The office's Markdown extensions and ours, each with its settings, ours as defaults."""
    from pymdownx.slugs import slugify

    configs: dict[str, dict[str, Any]] = {}
    for item in listed if isinstance(listed, list) else []:
        if isinstance(item, dict):
            for name, options in item.items():
                configs[name] = dict(options or {})
        else:
            configs[str(item)] = {}
    for name, defaults in EXTENSIONS.items():
        options = configs.setdefault(name, {})
        for key, value in defaults.items():
            options.setdefault(key, value)
    # Chinese headings keep their characters in anchors, or every anchor becomes _1, _2.
    configs["toc"].setdefault("slugify", slugify(case="lower"))
    # The anchor's tooltip: Python-Markdown's default is English on every heading.
    configs["toc"].setdefault("permalink_title", text("ui.permalink-title", lang))
    return [{name: options} if options else name for name, options in configs.items()]


def _plugin_name(item: object) -> str:
    return next(iter(item)) if isinstance(item, dict) else str(item)


def _search(item: object, work: Path, engine: Engine) -> dict[str, Any]:
    """The search plugin as the engine reads it (with MkDocs, segmenting Chinese with the
    office's own words too)."""
    options = dict((item.get("search") or {}) if isinstance(item, dict) else {})
    return {"search": engine.search_options(options, work / "jieba_user.txt")}


def _search_options(settings: dict[str, Any]) -> dict[str, Any]:
    found = next((p for p in settings["plugins"] if _plugin_name(p) == "search"), None)
    options: dict[str, Any] = found["search"] if isinstance(found, dict) else {}
    return options


def _titles(nav: list[Entry], lang: str) -> list[Entry]:
    """The nav with its titles in the script of `lang`; page paths left as written."""

    def one(entry: Entry) -> Entry:
        if isinstance(entry, dict):
            return {
                for_language(str(title), lang): [one(i) for i in value]
                if isinstance(value, list)
                else value
                for title, value in entry.items()
            }
        return entry

    return [one(entry) for entry in nav]


def _named_for_every_page(settings: dict[str, Any]) -> list[str]:
    """Files the configuration names: every page loads or shows them."""
    named = [str(p) for p in settings.get("extra_css", [])]
    named += [
        str(p.get("path", "")) if isinstance(p, dict) else str(p)
        for p in settings.get("extra_javascript", [])
    ]
    theme = settings["theme"]
    return named + [str(theme[k]) for k in ("logo", "favicon") if theme.get(k)]


def _overrides(mk: MkDocsConfig, target: Path) -> None:
    """The office's own theme overrides (its custom_dir), then ours over them: our main.html
    extends the office's, kept under another name."""
    own = mk.theme.custom_dir
    if own:
        shutil.copytree(own, target)
        if (target / "main.html").is_file():
            (target / "main.html").rename(target / OFFICE_MAIN)
    ours = resources.files("deskbook.site").joinpath("theme")
    with resources.as_file(ours) as folder:
        shutil.copytree(folder, target, dirs_exist_ok=True)
    if (target / OFFICE_MAIN).is_file():
        main = (target / "main.html").read_text("utf-8")
        main = main.replace('{% extends "base.html" %}', f'{{% extends "{OFFICE_MAIN}" %}}')
        (target / "main.html").write_text(main, "utf-8")


def _write(path: Path, content: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, "utf-8")
