"""The build floor: `deskbook build` against a bare `mkdocs build` of the same pages.

Baseline: plain MkDocs (Material, search, the same Markdown extensions and nav) building a docs
folder that already holds every page as the plugin hands it to MkDocs: generated pages rendered
from the page specs, hand-written pages with their markers filled, front matter kept. The
tables, lists and paragraphs a template writes as HTML (which the plugin holds out of the
conversion) are written there as the Markdown they stand for: the same content, the plain way.
Measured: `deskbook build` of the same workbook (read, validate, views, render, the MkDocs
build, the banner and the search-index rewrite). The target is at most 1.3x the floor.
`deskbook check` of the same workbook is timed too, so the site's own share shows apart from
reading and validating.

The pages are captured in a first build (also the warm-up) by recording what the plugin's
`on_page_markdown` returns and the nav it sets; the timed builds run the plugin unwrapped.

Usage: python bench/floor.py [--scale 1] [--repeat 3]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from click.testing import CliRunner
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config

from deskbook.cli import main as cli
from deskbook.render.held_html import BLOCK, as_markdown
from deskbook.site.plugin import DeskbookPlugin

ROOT = Path(__file__).resolve().parent.parent
AS_OF = "2026-11-27"
ASSETS = ("deskbook.css", "deskbook.js")


def _handbook(folder: Path, scale: int) -> Path:
    for name in ("deskbook.toml", "mkdocs.yml"):
        shutil.copy(ROOT / name, folder / name)
    shutil.copytree(ROOT / "site", folder / "site")
    book = folder / "examples" / "demo.xlsx"
    book.parent.mkdir()
    if scale == 1:
        shutil.copy(ROOT / "examples" / "demo.xlsx", book)
    else:
        generator = [sys.executable, str(ROOT / "examples" / "make_demo.py"), str(book)]
        subprocess.run([*generator, "--scale", str(scale)], check=True, capture_output=True)
    return folder / "deskbook.toml"


def _timed(work: Callable[[], object]) -> tuple[float, float]:
    """Wall and CPU seconds: on a shared machine the CPU ratio is the steadier of the two."""
    wall, cpu = time.perf_counter(), time.process_time()
    work()
    return time.perf_counter() - wall, time.process_time() - cpu


def _build(args: list[str]) -> None:
    result = CliRunner().invoke(cli, args)
    if result.exit_code not in (0, 1):  # 1: the demo's deliberate data errors
        raise SystemExit(result.output)


def _captured(args: list[str]) -> tuple[dict[str, str], list[Any]]:
    """Build once, keeping each page's final Markdown (front matter restored) and the nav."""
    pages: dict[str, str] = {}
    nav: list[Any] = []
    on_markdown: Callable[..., str] = DeskbookPlugin.on_page_markdown
    on_files: Callable[..., Any] = DeskbookPlugin.on_files

    def keep_markdown(self, markdown, page, config, files):  # type: ignore[no-untyped-def]
        result = on_markdown(self, markdown, page, config, files)
        # The floor converts what the plugin holds too, each block as the Markdown it stands for.
        written = BLOCK.sub(
            lambda block: as_markdown(block[0]), self.held.written(page.file.src_uri, result)
        )
        meta = yaml.safe_dump(page.meta, allow_unicode=True) if page.meta else ""
        pages[page.file.src_uri] = f"---\n{meta}---\n\n{written}" if meta else written
        return result

    def keep_nav(self, files, config):  # type: ignore[no-untyped-def]
        result = on_files(self, files, config)
        nav[:] = config.nav
        return result

    DeskbookPlugin.on_page_markdown = keep_markdown  # type: ignore[method-assign]
    DeskbookPlugin.on_files = keep_nav  # type: ignore[method-assign]
    try:
        _build(args)
    finally:
        DeskbookPlugin.on_page_markdown = on_markdown  # type: ignore[method-assign]
        DeskbookPlugin.on_files = on_files  # type: ignore[method-assign]
    return pages, nav


def _bare_site(folder: Path, pages: dict[str, str], nav: list[Any]) -> Path:
    """A plain MkDocs project: the same settings without the deskbook plugin, pages on disk."""
    docs = folder / "docs"
    for uri, markdown in pages.items():
        path = docs / uri
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(markdown, encoding="utf-8")
    for source in (ROOT / "site").rglob("*"):  # images and other static files
        if source.is_file() and source.suffix != ".md":
            target = docs / source.relative_to(ROOT / "site")
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(source, target)
    for asset in ASSETS:
        text = resources.files("deskbook.site").joinpath("assets", asset).read_text("utf-8")
        (docs / "assets").mkdir(exist_ok=True)
        (docs / "assets" / asset).write_text(text, encoding="utf-8")
    settings = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    settings = settings.replace("  - deskbook\n", "").split("\n# Only the hand-written")[0]
    settings = settings.replace("docs_dir: site", "docs_dir: docs")
    extra = {
        "nav": nav,
        "extra_css": ["assets/deskbook.css"],
        "extra_javascript": ["assets/deskbook.js"],
    }
    settings += "\n" + yaml.safe_dump(extra, allow_unicode=True)
    config = folder / "mkdocs-bare.yml"
    config.write_text(settings, encoding="utf-8")
    return config


def _bare(config: Path, out: Path) -> None:
    mkdocs_build(load_config(str(config), site_dir=str(out)))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="deskbook-floor-") as tmp:
        folder = Path(tmp)
        config = str(_handbook(folder, args.scale))
        out = folder / "public"
        build = ["build", "--config", config, "--as-of", AS_OF, "--force", "--output", str(out)]
        pages, nav = _captured(build)
        bare = _bare_site(folder, pages, nav)
        bare_out = folder / "bare"
        floor = min(_timed(lambda: _bare(bare, bare_out)) for _ in range(args.repeat))
        measured = min(_timed(lambda: _build(build)) for _ in range(args.repeat))
        check = ["check", "--config", config, "--as-of", AS_OF, "--force"]
        data = min(_timed(lambda: _build(check)) for _ in range(args.repeat))
        ours = sum(1 for _ in out.rglob("*.html"))
        theirs = sum(1 for _ in bare_out.rglob("*.html"))
    print(f"build floor, scale x{args.scale}, as of {AS_OF} (best of {args.repeat})")
    print(
        f"  bare mkdocs build, same pages (baseline)  {floor[0]:6.2f} s wall"
        f" {floor[1]:6.2f} s CPU   {theirs} pages"
    )
    print(
        f"  deskbook build --force                     {measured[0]:6.2f} s wall"
        f" {measured[1]:6.2f} s CPU   {ours} pages"
    )
    print(
        f"  ratio {measured[0] / floor[0]:4.2f}x wall, {measured[1] / floor[1]:4.2f}x CPU"
        " (target <= 1.3x)"
    )
    print(
        f"  deskbook check --force (read + validate)   {data[0]:6.2f} s wall {data[1]:6.2f} s CPU"
    )
    site = (measured[0] - data[0], measured[1] - data[1])
    print(
        f"  without read + validate: ratio {site[0] / floor[0]:4.2f}x wall,"
        f" {site[1] / floor[1]:4.2f}x CPU (what the site part adds on top of MkDocs)"
    )


if __name__ == "__main__":
    main()
