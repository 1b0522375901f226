"""Where a build's site time goes, per family of pages: CPU per page for each stage.

Baseline: the whole `deskbook build --force` CPU of the same run, and `deskbook check --force`
(read + validate) before it, so each stage's share shows against the build it is part of.
Measured, per family (a page's first two path parts: `training/staff`, `service-desk`): the
views that make its page specs, the Jinja render of its template, MkDocs' Markdown conversion
(`Page.render`), the theme's page template (`_build_page` less the conversion's events), and
Material's search entry. A stage is timed by wrapping the function that does it, in process,
around the real build; nothing is skipped or replaced.

Usage: python bench/pages.py [--scale 1]
"""

from __future__ import annotations

import argparse
import collections
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from material.plugins.search import plugin as search
from mkdocs.commands import build as mkdocs_build
from mkdocs.structure.pages import Page

from deskbook.cli import main as cli
from deskbook.site import plugin
from deskbook.views import registry

sys.path.insert(0, str(Path(__file__).resolve().parent))
from floor import AS_OF, _handbook

STAGES = ("views", "jinja", "markdown", "theme", "search")
cpu: dict[str, dict[str, float]] = collections.defaultdict(lambda: dict.fromkeys(STAGES, 0.0))
pages: collections.Counter[str] = collections.Counter()


def family(path: str) -> str:
    parts = path.split("/")
    return "/".join(parts[:2]) if len(parts) > 2 else parts[0]


def _timing(stage: str, key: Callable[..., str], work: Callable[..., Any]) -> Callable[..., Any]:
    def timed(*args: Any, **kwargs: Any) -> Any:
        start = time.process_time()
        try:
            return work(*args, **kwargs)
        finally:
            cpu[key(*args, **kwargs)][stage] += time.process_time() - start

    return timed


def _instrument() -> None:
    def source(work: Callable[..., Any]) -> Callable[..., Any]:
        name = work.__module__.rsplit(".", 1)[-1]
        return _timing("views", lambda views: f"(views: {name})", work)

    registry.REGISTRY = tuple(source(s) for s in registry.REGISTRY)
    render = plugin.render

    def counted(env: Any, spec: Any) -> str:
        pages[family(spec.path)] += 1
        return render(env, spec)

    plugin.render = _timing("jinja", lambda env, spec: family(spec.path), counted)
    Page.render = _timing("markdown", lambda p, *a: family(p.file.src_uri), Page.render)  # type: ignore[method-assign]
    entry = search.SearchIndex.add_entry_from_context
    search.SearchIndex.add_entry_from_context = _timing(  # type: ignore[method-assign]
        "search", lambda index, p: family(p.file.src_uri), entry
    )
    mkdocs_build._build_page = _timing(
        "theme", lambda p, *a, **k: family(p.file.src_uri), mkdocs_build._build_page
    )


def _run(args: list[str]) -> float:
    start = time.process_time()
    result = CliRunner().invoke(cli, args)
    if result.exit_code not in (0, 1):  # 1: the demo's deliberate data errors
        raise SystemExit(result.output)
    return time.process_time() - start


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=1)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="deskbook-pages-") as tmp:
        config = str(_handbook(Path(tmp), args.scale))
        out = str(Path(tmp) / "public")
        build = ["build", "--config", config, "--as-of", AS_OF, "--force", "--output", out]
        check = ["check", "--config", config, "--as-of", AS_OF, "--force"]
        _run(build)  # warm: imports, jieba's dictionary, compiled templates
        data = _run(check)
        _instrument()
        total = _run(build)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"build by page family, scale x{args.scale}, as of {AS_OF} (CPU)")
    print(f"  deskbook build --force {total:6.2f} s; check --force (read + validate) {data:6.2f} s")
    print(f"  site side (build - check) {total - data:6.2f} s; peak memory {peak:.0f} MB")
    # The theme's time includes the page events it runs (search): shown apart.
    for stages in cpu.values():
        stages["theme"] -= stages["search"]
    print(f"  {'family':28} {'pages':>6} " + " ".join(f"{s:>9}" for s in STAGES) + "  ms/page")
    for name, stages in sorted(cpu.items(), key=lambda kv: -sum(kv[1].values())):
        n = pages.get(name, 0)
        per = f"{sum(stages.values()) / n * 1000:8.1f}" if n else ""
        cells = " ".join(f"{stages[s]:8.2f}s" for s in STAGES)
        print(f"  {name:28} {n:6d} {cells} {per}")


if __name__ == "__main__":
    main()
