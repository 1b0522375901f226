"""Zensical, the successor the Material authors write: it reads the same mkdocs.yml, but has no
plugin API and drops, without a word, every plugin it does not re-implement and every search
option but `separator`.

`check` turns that silence into a refusal naming the setting. `build` runs it in a child
process, as its command line does: its Rust core prints and exits as a program, not a library.
`finish` gives its search index what the engine cannot: its worker splits Chinese with the
browser's `Intl.Segmenter`, which finds a word only in the script it is typed in, so every entry
gains a `terms` field, indexed and never shown, holding its words in both scripts and a code's
parts.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import yaml

from deskbook.errors import BuildFailed, ConfigError
from deskbook.site.search_index import entry_terms, patch_workers, whole_codes

# The release the registry serves with all it needs (0.0.74 and later want a zensical-ui the
# index does not hold); pyproject's `zensical` extra pins the same.
VERSION = "0.0.73"
# Search options Zensical reads; its own table lists the Material ones it skips.
SEARCH_OPTIONS = frozenset({"enabled", "separator"})
# Settings only Zensical reads, layered over the staged mkdocs.yml (its INHERIT): its "classic"
# variant is Material's look, the one the handbook's stylesheet and print layout are made for.
_OVERLAY = {"theme": {"variant": "classic"}}
_OVERLAY_FILE = "zensical.yml"
_SITE = "_zensical_site"


def _skipped_options() -> Mapping[str, tuple[str, ...]]:
    """Zensical's own table: each plugin it re-implements and the options it skips of each."""
    try:
        from zensical.config import _PLUGIN_UNSUPPORTED_OPTIONS
    except ImportError:
        raise ConfigError("engine-missing", engine="zensical", extra="deskbook[zensical]") from None
    table: Mapping[str, tuple[str, ...]] = _PLUGIN_UNSUPPORTED_OPTIONS
    return table


def _plugins(settings: Mapping[str, Any]) -> Iterator[tuple[str, Mapping[str, Any]]]:
    declared = settings.get("plugins") or []
    items = (
        declared.items()
        if isinstance(declared, dict)
        else (
            next(iter(item.items())) if isinstance(item, dict) else (item, {}) for item in declared
        )
    )
    for name, options in items:
        yield str(name), options or {}


def ignored(settings: Mapping[str, Any]) -> list[str]:
    """Every setting of `settings` that Zensical would read past, as `plugins.name.option`."""
    table = _skipped_options()
    found: list[str] = []
    for name, options in _plugins(settings):
        canonical = name.removeprefix("material/").split("/", 1)[0]
        if canonical not in table:
            found.append(f"plugins.{name}")
            continue
        skipped = set(table[canonical])
        if canonical == "search":
            skipped |= set(options) - SEARCH_OPTIONS
        found.extend(f"plugins.{name}.{option}" for option in options if option in skipped)
    return found


class ZensicalEngine:
    name = "zensical"
    links_in_html = True

    def check(self, settings: Mapping[str, Any]) -> None:
        found = ignored(settings)
        if found:
            raise ConfigError("engine-ignores", engine=self.name, setting=found[0])

    def search_options(
        self, options: dict[str, Any], dictionary: Path | None = None, lang: str | None = None
    ) -> dict[str, Any]:
        """The office's own: Zensical segments in the browser, in the page's language, with no
        dictionary; what else deskbook knows would be ignored."""
        return dict(options)

    def build(self, config_path: Path, site_dir: Path) -> None:
        root = config_path.parent
        # It builds only inside its configuration's folder: into the staging folder, then moved.
        overlay = {"INHERIT": config_path.name, "site_dir": _SITE, **_OVERLAY}
        (root / _OVERLAY_FILE).write_text(yaml.safe_dump(overlay), "utf-8")
        built = root / _SITE
        shutil.rmtree(built, ignore_errors=True)
        done = subprocess.run(
            [sys.executable, "-m", "zensical", "build", "--clean", "-f", _OVERLAY_FILE],
            cwd=root,
            capture_output=True,
            text=True,
            env={**os.environ, "NO_COLOR": "1"},
        )
        if done.returncode != 0 or not (built / "index.html").is_file():
            said = (done.stderr.strip() or done.stdout.strip()).splitlines()
            raise BuildFailed(detail=said[-1] if said else f"zensical exit {done.returncode}")
        shutil.rmtree(site_dir, ignore_errors=True)
        site_dir.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(built, site_dir)

    def finish(self, site_dir: Path) -> None:
        index = site_dir / "search.json"
        if index.is_file():
            rewrite(index)
            index_terms(site_dir)


# In Zensical's search worker: the fields it indexes, fixed in its script.
_WORKER_FIELDS = 'C("path",n=>n.path,{weight:2})]'
_WITH_TERMS = 'C("path",n=>n.path,{weight:2}),C("terms",n=>n.terms||"")]'


def index_terms(site_dir: Path) -> bool:
    """Make Zensical's search worker index each entry's `terms` too, a field it never shows.
    False when the worker does not read as expected (another release): then the other
    script's words are not found, which tests/test_engines.py would say."""
    return patch_workers(site_dir, _WORKER_FIELDS, _WITH_TERMS)


def rewrite(index_file: Path) -> None:
    """Give every entry `terms`: its words in both scripts and the parts of its codes; keep a
    dashed code (2-1-0802, CS-SOP-05) one word. In place."""
    data: dict[str, Any] = json.loads(index_file.read_text("utf-8"))
    data["config"]["separator"] = whole_codes(data["config"]["separator"])
    for item in data["items"]:
        # Spaced, not joined invisibly: Zensical splits the field at its separator.
        item["terms"] = entry_terms(item.get("title", ""), item.get("text", ""), " ")
    index_file.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), "utf-8")
