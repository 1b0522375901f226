"""What a long run is doing, shown on a terminal: each tab as it is read and validated, then
rendering and building.

A command turns it on around its work with `shown()`; the readers, the validator and the build
call `tab()` and `stage()`, which do nothing unless a command did, and nothing when stderr is
not a terminal (cron, CI, a pipe, the tests' CliRunner) or the command was asked for --json or
--quiet. Lines go to stderr, so stdout keeps only the command's report. Rich draws the live
line; a finished tab stays as one line above it.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from contextvars import ContextVar
from typing import TYPE_CHECKING

from deskbook.i18n import text

if TYPE_CHECKING:
    # Imported when shown: a run that shows nothing (cron, a skipped build) does not load Rich.
    from rich.console import Console
    from rich.progress import Progress


class _Shown:
    def __init__(self, bar: Progress, lang: str) -> None:
        self.bar = bar
        self.lang = lang
        self.task = bar.add_task(text("progress.starting", lang), total=None)

    def say(self, key: str, **params: object) -> None:
        self.bar.update(self.task, description=text(key, self.lang, **params))


_ACTIVE: ContextVar[_Shown | None] = ContextVar("deskbook_progress", default=None)


@contextlib.contextmanager
def shown(lang: str, enabled: bool = True, console: Console | None = None) -> Iterator[None]:
    """Show progress inside the block, if `enabled` and the console is a terminal."""
    if not enabled or (console is None and not _may_be_terminal()):
        yield
        return
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    console = console or Console(stderr=True)
    if not console.is_terminal:
        yield
        return
    columns = (SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True) as bar:
        token = _ACTIVE.set(_Shown(bar, lang))
        try:
            yield
        finally:
            _ACTIVE.reset(token)


def _may_be_terminal() -> bool:
    """Whether Rich could take stderr for a terminal: it is one, or the environment says to
    treat it as one (Rich's TTY_COMPATIBLE and FORCE_COLOR). When not, Rich is not loaded just
    to say no: its import costs a small check a tenth of its time."""
    environ = os.environ
    if environ.get("TTY_COMPATIBLE") == "0":
        return False
    if environ.get("TTY_COMPATIBLE") == "1" or environ.get("FORCE_COLOR"):
        return True
    try:
        return sys.stderr.isatty()
    except ValueError:  # closed
        return False


def tab(step: str, title: str, rows: int) -> None:
    """A tab is done: `step` is "read" (`rows` the sheet's lines, the header's too) or
    "validated" (its rows of data); kept as a line above the live one."""
    active = _ACTIVE.get()
    if active is None:
        return
    line = text(f"progress.{step}", active.lang, tab=title, rows=rows)
    # A title is the office's text: printed as it is, never read as Rich markup.
    active.bar.console.print(line, markup=False, highlight=False)
    active.say(f"progress.after-{step}")


def stage(step: str) -> None:
    """The run moved on to `step`: "rendering" or "building"."""
    active = _ACTIVE.get()
    if active is not None:
        active.say(f"progress.{step}")
