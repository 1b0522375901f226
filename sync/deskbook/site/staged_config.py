"""The one writer of a staged site's generated mkdocs.yml, and the assets every staged site
carries."""

from __future__ import annotations

import functools
import types
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

# The handbook's own CSS and script (site/assets/): wide tables become cards on a phone.
ASSETS = ("deskbook.css", "deskbook.js")


class _Writer(yaml.SafeDumper):
    """YAML as MkDocs reads it back: plain data, and the Python objects a mkdocs.yml names by
    tag (a slugify function, a fence formatter) written as those tags."""


def _partial(dumper: yaml.SafeDumper, value: functools.partial[Any]) -> yaml.Node:
    # Chinese headings keep their characters in anchors: pymdownx's slugify, named by its
    # public maker rather than the private function it returns.
    if value.func.__module__ == "pymdownx.slugs":
        tag = "tag:yaml.org,2002:python/object/apply:pymdownx.slugs.slugify"
        return dumper.represent_mapping(tag, {"kwds": dict(value.keywords)})
    tag = "tag:yaml.org,2002:python/object/apply:functools.partial"
    state = {"args": [value.func, *value.args], "kwds": dict(value.keywords)}
    return dumper.represent_mapping(tag, state)


def _named(dumper: yaml.SafeDumper, value: Any) -> yaml.Node:
    name = f"tag:yaml.org,2002:python/name:{value.__module__}.{value.__qualname__}"
    return dumper.represent_scalar(name, "")


_Writer.add_representer(functools.partial, _partial)
for _kind in (types.FunctionType, types.BuiltinFunctionType, type):
    _Writer.add_multi_representer(_kind, _named)


def write_config(settings: dict[str, Any], path: Path) -> None:
    """The one place a generated mkdocs.yml is written."""
    text = yaml.dump(settings, Dumper=_Writer, allow_unicode=True, sort_keys=False)
    path.write_text(text, "utf-8")


def copy_assets(docs: Path) -> None:
    (docs / "assets").mkdir(parents=True, exist_ok=True)
    for asset in ASSETS:
        content = resources.files("deskbook.site").joinpath("assets", asset).read_text("utf-8")
        (docs / "assets" / asset).write_text(content, "utf-8")
