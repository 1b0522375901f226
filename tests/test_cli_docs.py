"""The manual's Commands page documents every command, argument and option, and no more.

Its tables are written by hand (what each option does for each command); the generated
reference (docs/pages/reference.md) is checked by tests/test_manual.py."""

from __future__ import annotations

import re

import click

from deskbook.cli import main
from tests.conftest import ROOT

COMMANDS_PAGE = ROOT / "docs" / "pages" / "commands.md"


def _commands_section() -> str:
    page = COMMANDS_PAGE.read_text("utf-8")
    start = page.index("## Commands\n")
    return page[start : page.index("\n## ", start + 1)]


def _rows(section: str, first: str) -> list[list[str]]:
    """The cells of each table row whose first cell starts with `first`."""
    rows = []
    for line in section.splitlines():
        if line.startswith(f"| `{first}"):
            cells = re.split(r"(?<!\\)\|", line.strip().strip("|"))
            rows.append([c.strip() for c in cells])
    return rows


def _commands() -> dict[str, click.Command]:
    """Every command by the words that call it: a group's (`users`) as `users add`."""
    flat: dict[str, click.Command] = {}
    for name, command in main.commands.items():
        if isinstance(command, click.Group):
            flat |= {f"{name} {sub}": c for sub, c in command.commands.items()}
        else:
            flat[name] = command
    return flat


def test_every_command_and_argument_is_in_the_manual() -> None:
    documented = {}
    for cells in _rows(_commands_section(), "deskbook "):
        words = cells[0].strip("`").split()[1:]
        size = 2 if isinstance(main.commands.get(words[0]), click.Group) else 1
        documented[" ".join(words[:size])] = len(words[size:])
    expected = {
        name: sum(isinstance(p, click.Argument) for p in command.params)
        for name, command in _commands().items()
    }
    assert documented == expected


def _manual_sections() -> str:
    """The manual's pages (docs/pages/) document the options of what they describe."""
    pages = sorted((ROOT / "docs" / "pages").glob("*.md"))
    return "\n".join([_commands_section(), *(p.read_text("utf-8") for p in pages)])


def test_every_option_of_every_command_is_in_the_manual() -> None:
    documented = set()
    for cells in _rows(_manual_sections(), "--"):
        names = [o.split()[0] for o in re.findall(r"`(--[^`]+)`", cells[0])]
        commands = re.findall(r"`([a-z-]+(?: [a-z]+)?)`", cells[1])
        documented |= {(command, name) for command in commands for name in names}
    declared = {("deskbook", name) for p in main.params for name in p.opts}
    for command_name, command in _commands().items():
        for param in command.params:
            if isinstance(param, click.Option):
                declared |= {(command_name, name) for name in param.opts + param.secondary_opts}
    assert sorted(declared - documented) == [], "options missing from the manual"
    assert sorted(documented - declared) == [], "the manual documents options that do not exist"
