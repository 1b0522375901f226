"""The manual (docs/) builds with --strict and offline, its command-line reference is generated
from the click group and covers every command and option, and the README stays a front door."""

from __future__ import annotations

import html
import re
import subprocess
import sys
from pathlib import Path

import click
import pytest

from deskbook.cli import main
from tests.conftest import ROOT

MKDOCS_YML = ROOT / "docs" / "mkdocs.yml"


@pytest.fixture(scope="module")
def manual(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The manual built as `make docs` builds it, from another folder than the repository's."""
    site = tmp_path_factory.mktemp("manual")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "-f",
            str(MKDOCS_YML),
            "-d",
            str(site),
        ],
        cwd=site.parent,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return site


def _text(page: Path) -> str:
    return html.unescape(page.read_text("utf-8"))


def test_the_reference_has_a_section_for_every_command(manual: Path) -> None:
    page = _text(manual / "reference.html")
    headings = set(re.findall(r"<h[1-6][^>]*>([^<]+)<", page))
    assert main.commands, "no commands found on the click group"
    for name, command in main.commands.items():
        assert f"deskbook {name}" in headings, name
        assert f"deskbook {name} [OPTIONS]" in page, name
        for param in command.params:
            if isinstance(param, click.Option):
                for option in param.opts + param.secondary_opts:
                    assert re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", page), (
                        name,
                        option,
                    )


def test_the_manual_loads_nothing_from_the_internet(manual: Path) -> None:
    for page in manual.rglob("*.html"):
        text = page.read_text("utf-8")
        assert "fonts.googleapis" not in text, page
        # Links out are fine; nothing the browser would fetch by itself.
        fetched = re.findall(
            r"<(?:script|img|link|iframe)\b[^>]*\b(?:src|href)=\"(?:https?:)?//", text
        )
        assert fetched == [], page


def test_the_readme_is_a_front_door() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    lines = readme.splitlines()
    assert len(lines) <= 250
    # The title, then the two commands a fresh machine needs, before anything else.
    assert readme.startswith("# deskbook\n\n```sh\n")
    first_block = readme[len("# deskbook\n\n```sh\n") : readme.index("```\n", 10)]
    commands = [line.split("#")[0].strip() for line in first_block.splitlines()]
    assert commands == ["make demo", "make test"]
    # Every page of the manual it points at exists.
    for target in re.findall(r"\]\(((?:docs/pages/|CHANGELOG)[^)#]*)", readme):
        assert (ROOT / target).is_file(), target
