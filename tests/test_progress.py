"""Progress shows on a terminal only: per tab while reading and validating, then the build."""

from __future__ import annotations

import io
from pathlib import Path

from click.testing import CliRunner
from rich.console import Console

from deskbook import progress
from deskbook.cli import main
from deskbook.i18n import text
from deskbook.sources.xlsx import XlsxSource
from tests.conftest import load_spec, write_workbook


def terminal() -> tuple[Console, io.StringIO]:
    out = io.StringIO()
    return Console(file=out, force_terminal=True, width=100), out


def test_a_terminal_sees_each_tab_read(tmp_path: Path) -> None:
    book = write_workbook(tmp_path / "book.xlsx")
    console, out = terminal()
    # Sheets are read as validation asks for them, one at a time.
    with progress.shown("en", console=console):
        workbook = XlsxSource(book).read()
        sizes = {title: len(sheet.rows) for title, sheet in workbook.sheets.items()}
    lines = out.getvalue()
    for title, rows in sizes.items():
        assert text("progress.read", "en", tab=title, rows=rows) in lines
    assert len(workbook.sheets) == len(load_spec())


def test_a_tab_title_is_never_markup() -> None:
    console, out = terminal()
    with progress.shown("en", console=console):
        progress.tab("validated", "[bold red]收費", 1200)
    assert "Checked [bold red]收費: 1,200 rows" in out.getvalue()


def test_nothing_without_a_terminal_or_when_turned_off() -> None:
    for console, enabled in (
        (Console(file=io.StringIO(), force_terminal=False), True),
        (Console(file=io.StringIO(), force_terminal=True), False),
    ):
        with progress.shown("en", enabled, console=console):
            progress.tab("read", "收費", 3)
            progress.stage("building")
        assert console.file.getvalue() == ""  # type: ignore[attr-defined]


def test_the_cli_off_a_terminal_prints_what_it_did_before(minimal_handbook: Path) -> None:
    result = CliRunner().invoke(
        main, ["check", "--config", str(minimal_handbook), "--lang", "en", "--as-of", "2026-11-27"]
    )
    assert result.exit_code == 0, result.output
    assert "Read " not in result.output and "Checked " not in result.output
    assert result.stderr == ""
