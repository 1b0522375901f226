"""A site staged as plain files: rendered pages, the assets they load and a complete generated
configuration, then built by the engine and swapped in like a published handbook.

The roll-up is built this way: nothing its pages need lives in a plugin hook, so the folder
this writes is the whole site's source, readable and rebuildable by hand.
"""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import yaml

from deskbook.errors import BuildFailed
from deskbook.site.mkdocs_config import quiet_mkdocs
from deskbook.site.outputs import check_publish_output, mark, releases_of
from deskbook.site.publish import swap_in
from deskbook.site.requirements import MATERIAL_LANGUAGE
from deskbook.site.search_index import rewrite, use_index_separator

# The handbook's own CSS and script (site/assets/): wide tables become cards on a phone.
ASSETS = ("deskbook.css", "deskbook.js")
# Chinese headings keep their characters in anchors; a tag YAML's safe writer cannot write.
_TOC = """  - toc:
      permalink: true
      slugify: !!python/object/apply:pymdownx.slugs.slugify
        kwds:
          case: lower
"""


@dataclass(frozen=True)
class Staged:
    name: str
    lang: str
    pages: dict[str, str]  # path in the docs folder -> the page's Markdown, front matter first
    nav: list[tuple[str, str]]  # (title, page path), in order
    files: dict[str, str] = field(default_factory=dict)  # other files, copied as they are


def stage(staged: Staged, work: Path, site_dir: Path) -> Path:
    """Write the docs folder and its configuration under `work`; returns mkdocs.yml."""
    shutil.rmtree(work, ignore_errors=True)
    docs = work / "docs"
    for path, body in {**staged.pages, **staged.files}.items():
        target = docs / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(body, "utf-8")
    (docs / "assets").mkdir(exist_ok=True)
    for asset in ASSETS:
        content = resources.files("deskbook.site").joinpath("assets", asset).read_text("utf-8")
        (docs / "assets" / asset).write_text(content, "utf-8")
    search_lang = "zh" if staged.lang.startswith("zh") else "en"
    settings = {
        "site_name": staged.name,
        "docs_dir": str(docs),
        "site_dir": str(site_dir),
        "nav": [{title: path} for title, path in staged.nav],
        "theme": {
            "name": "material",
            "language": MATERIAL_LANGUAGE[staged.lang],
            "font": False,
            "features": ["search.highlight"],
        },
        "extra": {"generator": False},
        "plugins": [{"search": {"lang": [search_lang]}}],
        "extra_css": [f"assets/{ASSETS[0]}"],
        "extra_javascript": [f"assets/{ASSETS[1]}"],
    }
    config = work / "mkdocs.yml"
    text = yaml.safe_dump(settings, allow_unicode=True, sort_keys=False)
    config.write_text(f"{text}markdown_extensions:\n  - tables\n  - attr_list\n{_TOC}", "utf-8")
    return config


def build_staged(staged: Staged, work: Path, output: Path, now: dt.datetime) -> Path:
    """Stage, build into a fresh release beside `output` and swap it in; returns `output`.
    A failed build leaves the site as it was."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    quiet_mkdocs()
    check_publish_output(output)
    release = releases_of(output) / now.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
    config = stage(staged, work, release)
    try:
        build(load_config(str(config)))
        index = release / "search" / "search_index.json"
        if index.is_file():  # searched in both scripts, codes by their parts, as a handbook is
            rewrite(index)
            use_index_separator(release)
        mark(release)
    except (MkDocsException, OSError) as exc:
        shutil.rmtree(release, ignore_errors=True)
        raise BuildFailed(detail=str(exc) or type(exc).__name__) from exc
    swap_in(release, output)
    return output
