"""A site staged as plain files: rendered pages, the assets they load and a complete generated
configuration, then built by the engine and swapped in like a published handbook.

The roll-up is built this way, and every estate's site too (deskbook.site.stage): nothing the
pages need lives in a plugin hook, so the folder this writes is the whole site's source,
readable and rebuildable by hand.
"""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from deskbook.errors import BuildFailed
from deskbook.site.engines import Engine, engine_for
from deskbook.site.outputs import check_publish_output, mark, releases_of
from deskbook.site.publish import swap_in
from deskbook.site.requirements import MATERIAL_LANGUAGE
from deskbook.site.staged_config import ASSETS, copy_assets, write_config


@dataclass(frozen=True)
class Staged:
    name: str
    lang: str
    pages: dict[str, str]  # path in the docs folder -> the page's Markdown, front matter first
    nav: list[tuple[str, str]]  # (title, page path), in order
    files: dict[str, str] = field(default_factory=dict)  # other files, copied as they are


def stage(staged: Staged, work: Path, engine: Engine) -> Path:
    """Write the docs folder and its configuration under `work`, for `engine` to build;
    returns mkdocs.yml (which builds into `<work>/site`; the engine is told where)."""
    from pymdownx.slugs import slugify

    shutil.rmtree(work, ignore_errors=True)
    docs = work / "docs"
    for path, body in {**staged.pages, **staged.files}.items():
        target = docs / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(body, "utf-8")
    copy_assets(docs)
    search_lang = "zh" if staged.lang.startswith("zh") else "en"
    settings = {
        "site_name": staged.name,
        "docs_dir": "docs",  # beside the configuration: Zensical takes no other
        "site_dir": "site",
        "nav": [{title: path} for title, path in staged.nav],
        "theme": {
            "name": "material",
            "language": MATERIAL_LANGUAGE[staged.lang],
            "font": False,
            "features": ["search.highlight"],
        },
        "extra": {"generator": False},
        "plugins": [{"search": engine.search_options({}, lang=search_lang)}],
        "extra_css": [f"assets/{ASSETS[0]}"],
        "extra_javascript": [f"assets/{ASSETS[1]}"],
        "markdown_extensions": [
            "tables",
            "attr_list",
            {"toc": {"permalink": True, "slugify": slugify(case="lower")}},
        ],
    }
    engine.check(settings)
    config = work / "mkdocs.yml"
    write_config(settings, config)
    return config


def build_staged(
    staged: Staged, work: Path, output: Path, now: dt.datetime, engine: str = "mkdocs"
) -> Path:
    """Stage, build into a fresh release beside `output` and swap it in; returns `output`.
    A failed build leaves the site as it was."""
    check_publish_output(output)
    release = releases_of(output) / now.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
    builder = engine_for(engine)
    config = stage(staged, work, builder)
    try:
        builder.build(config, release)
        builder.finish(release)
        mark(release)
    except BaseException as exc:
        shutil.rmtree(release, ignore_errors=True)
        if isinstance(exc, OSError):
            raise BuildFailed(detail=str(exc) or type(exc).__name__) from exc
        raise
    swap_in(release, output)
    return output
