"""The site engines: what Zensical would skip is refused, not dropped; its search reads both
scripts; both engines build the same handbook."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from deskbook.site.engines import engine_for
from deskbook.site.engines.zensical import ignored
from tests.conftest import build_demo, copy_demo, run_cli
from tests.engine_compare import compare, pages
from tests.expected import sync_time_forms
from tests.test_links import broken


@pytest.mark.parametrize(
    ("plugins", "named"),
    [
        (["search"], []),
        ([{"search": {"separator": "[\\s]+"}}], []),
        ([{"search": {"lang": ["zh"]}}], ["plugins.search.lang"]),
        ([{"search": {"jieba_dict_user": "x.txt"}}], ["plugins.search.jieba_dict_user"]),
        ([{"material/search": {"pipeline": []}}], ["plugins.material/search.pipeline"]),
        (["search", "deskbook"], ["plugins.deskbook"]),
        ({"search": None, "i18n": {"languages": []}}, ["plugins.i18n"]),
        (["offline", {"tags": {"tags_file": "tags.md"}}], ["plugins.tags.tags_file"]),
    ],
)
def test_zensical_settings_it_would_skip_are_named(plugins: object, named: list[str]) -> None:
    assert ignored({"site_name": "x", "plugins": plugins}) == named


def test_zensical_skips_them_without_a_word(tmp_path: Path) -> None:
    """The premise of the check: Zensical itself builds past an unknown plugin and a search
    option it does not read, and exits 0."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# 首頁\n", "utf-8")
    settings = {"site_name": "x", "plugins": [{"search": {"lang": ["zh"]}}, "deskbook"]}
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(settings), "utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "zensical", "build", "-f", "mkdocs.yml"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "site" / "index.html").is_file()
    assert "deskbook" not in done.stdout + done.stderr


def test_both_engines_build_the_same_handbook(demo_site: Path, zensical_site: Path) -> None:
    """Page by page, as a reader sees them (tests/engine_compare.py): the same pages, titles,
    articles and nav; only the sync time, which two builds take at two moments, set aside."""
    forms = sync_time_forms(demo_site) + sync_time_forms(zensical_site)
    differences = [
        d for d in compare(demo_site, zensical_site) if not any(f in d.detail for f in forms)
    ]
    assert len(pages(demo_site)) > 600
    assert [str(d) for d in differences] == []


def test_zensical_indexes_both_scripts_and_codes_whole(zensical_site: Path) -> None:
    index = json.loads((zensical_site / "search.json").read_text("utf-8"))
    assert "\\-" not in index["config"]["separator"]
    fees = next(i for i in index["items"] if i["location"] == "fees/")
    assert "收費" in fees["terms"] and "收费" in fees["terms"]
    workers = list((zensical_site / "assets/javascripts/workers").glob("search.*.min.js"))
    assert workers and all('C("terms"' in w.read_text("utf-8") for w in workers)


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
@pytest.mark.parametrize("audience", ["internal", "public"])
def test_what_deskbook_writes_each_engine_reads(tmp_path: Path, engine: str, audience: str) -> None:
    """The staged settings pass the engine's own check: nothing deskbook writes is dropped."""
    config = copy_demo(tmp_path)
    staged = tmp_path / "staged"
    code, out, err = run_cli(
        "build", "--config", str(config), "--as-of", "2026-11-27", "--engine", engine,
        "--audience", audience, "--stage-only", str(staged),
    )  # fmt: skip
    assert code in (0, 1), out + err
    settings = yaml.unsafe_load((staged / "mkdocs.yml").read_text("utf-8"))
    engine_for(engine).check(settings)
    assert ignored(settings) == ([] if engine == "zensical" else ["plugins.search.jieba_dict_user"])


def test_a_setting_zensical_would_skip_stops_the_build(tmp_path: Path) -> None:
    site = build_demo(tmp_path)  # a good site, published before
    config = tmp_path / "deskbook.toml"
    before = sorted(p.relative_to(site) for p in site.rglob("*"))
    mkdocs = config.parent / "mkdocs.yml"
    written = mkdocs.read_text("utf-8").replace("  - search\n", "  - search:\n      lang: zh\n")
    mkdocs.write_text(written, "utf-8")
    args = ("--config", str(config), "--as-of", "2026-11-27", "--engine", "zensical")
    code, out, err = run_cli("build", *args)
    assert code == 2
    assert err.strip().splitlines()[-1].count("plugins.search.lang") == 1
    assert sorted(p.relative_to(site) for p in site.rglob("*")) == before
    code, out, err = run_cli("build", *args[:-1], "mkdocs")
    assert code in (0, 1), out + err  # MkDocs reads the option


def test_a_company_builds_with_zensical(tmp_path: Path) -> None:
    code, out, err = run_cli("init", str(tmp_path / "co"), "--company", "east,west")
    assert code == 0, out + err
    config = tmp_path / "co" / "deskbook.toml"
    args = ("--config", str(config), "--as-of", "2026-11-27", "--engine", "zensical")
    code, out, err = run_cli("publish", "--all", *args)
    assert code == 0, out + err
    public = tmp_path / "co" / "public"
    for site in (public / "east", public / "west", public / "company"):
        assert (site / "search.json").is_file(), site
        assert not (site / "search").exists(), site  # MkDocs' index: not this engine's
        followed, missing = broken(site)
        assert followed > 10 and missing == []
