"""Every build stages its site as plain files first; an engine then builds that folder."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from deskbook.errors import ConfigError
from deskbook.site.engines import engine_for
from tests.conftest import copy_demo, run_cli


def _staged(site: Path) -> Path:
    """The folder the build of `site` staged (kept in the state folder beside it)."""
    (folder,) = (site.parent / ".deskbook" / "staged").iterdir()
    return folder


def _address(page: str) -> str:
    """The built file of a staged page, as MkDocs writes it with directory URLs."""
    stem = page.removesuffix(".md")
    return f"{stem}.html" if stem.endswith("index") else f"{stem}/index.html"


@pytest.mark.parametrize("fixture", ["demo_site", "public_site"])
def test_the_staged_folder_holds_every_page_and_no_plugin_of_ours(
    fixture: str, request: pytest.FixtureRequest
) -> None:
    site: Path = request.getfixturevalue(fixture)
    staged = _staged(site)
    docs = staged / "docs"
    pages = {_address(p.relative_to(docs).as_posix()) for p in docs.rglob("*.md")}
    built = {p.relative_to(site).as_posix() for p in site.rglob("*.html")} - {"404.html"}
    assert pages == built
    settings = yaml.load((staged / "mkdocs.yml").read_text("utf-8"), Loader=yaml.Loader)
    assert settings["plugins"] == [{"search": {"jieba_dict_user": str(staged / "jieba_user.txt")}}]
    assert (staged / "jieba_user.txt").is_file()
    assert settings["theme"]["custom_dir"] == "overrides"
    assert (staged / "overrides" / "partials" / "copyright.html").is_file()
    assert settings["extra"]["deskbook"]["banner"].startswith('<div class="deskbook-stale"')
    # The board's staged docs carry none of the handbook's own pages.
    assert ("owners.md" in {p.name for p in docs.iterdir()}) == (fixture == "demo_site")


def test_a_setting_the_engine_would_ignore_is_refused_in_one_line() -> None:
    with pytest.raises(ConfigError) as refused:
        engine_for("mkdocs").check({"plugins": ["search", {"no-such-plugin": {}}]})
    message = refused.value.message("en")
    assert "plugins: no-such-plugin" in message and "\n" not in message


def test_stage_only_never_writes_over_a_folder_it_did_not_make(tmp_path: Path) -> None:
    config = copy_demo(tmp_path)
    theirs = tmp_path / "theirs"
    theirs.mkdir()
    (theirs / "notes.txt").write_text("keep me", "utf-8")
    code, _, err = run_cli(
        "build", "--config", str(config), "--as-of", "2026-11-27", "--stage-only", str(theirs)
    )
    assert code == 2, err
    assert (theirs / "notes.txt").read_text("utf-8") == "keep me"


def test_the_offices_own_theme_overrides_stay_under_ours(tmp_path: Path) -> None:
    config = copy_demo(tmp_path)
    own = tmp_path / "theme"
    own.mkdir()
    (own / "main.html").write_text(
        '{% extends "base.html" %}\n{% block announce %}本週六停水{% endblock %}\n', "utf-8"
    )
    settings = tmp_path / "mkdocs.yml"
    text = settings.read_text("utf-8").replace(
        "  name: material\n", "  name: material\n  custom_dir: theme\n"
    )
    settings.write_text(text, "utf-8")
    out = tmp_path / "out"
    code, _, err = run_cli(
        "build", "--config", str(config), "--as-of", "2026-11-27", "--output", str(out)
    )
    assert code == 0, err
    page = (out / "index.html").read_text("utf-8")
    assert "本週六停水" in page  # the office's announcement
    assert page.count('class="deskbook-stale"') == 1  # and our banner, once
    assert 'class="deskbook-synced"' in page  # and our footer line
