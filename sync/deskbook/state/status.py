"""`<state_dir>/status.json`: the last publish attempt and the last success, for monitors.

Every attempt that got as far as reading the settings writes here, a failed one too (the
published site is then left untouched, so its own status.json still tells the last success).
Nothing personal and no secret is written: counts, times, paths, error codes, one-line messages.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from deskbook import __version__

if TYPE_CHECKING:
    from deskbook.config import Config

FILE_NAME = "status.json"


def status_file(config: Config) -> Path:
    return config.path(config.state_dir) / FILE_NAME


def read_status(path: Path) -> dict[str, Any] | None:
    """The recorded status, or None when no publish was ever attempted (or it is unreadable)."""
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def write_status(path: Path, data: dict[str, Any]) -> None:
    """Replace the file in one rename, so a monitor never reads half of it.

    A folder where no new file can be made (immutable, or its disk full) may still let the
    file there be rewritten: a failure is then still recorded, and a write cut short reads as
    unreadable, never as the last run's ok. Raises OSError when neither can be done."""
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    temp = path.with_name(f".{path.name}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temp.write_text(text, "utf-8")
        os.replace(temp, path)
    except OSError:
        with contextlib.suppress(OSError):
            temp.unlink(missing_ok=True)
        if not path.is_file():
            raise
        path.write_text(text, "utf-8")


def attempt(
    at: dt.datetime, outcome: str, exit_code: int, error: str | None = None, message: str = ""
) -> dict[str, Any]:
    """One attempt: `outcome` is ok, unchanged, data-errors (stopped by --strict) or failed."""
    # One line: a monitor shows it in a table cell, a chat message in one bubble.
    line = " ".join(message.split())
    return {
        "at": at.isoformat(),
        "outcome": outcome,
        "exit_code": exit_code,
        "error": error,
        "message": line[:300],
    }


def record(
    path: Path,
    last_attempt: dict[str, Any],
    last_success: dict[str, Any] | None = None,
    notify: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Write this attempt; the last success and the notifier's memory are kept unless given."""
    previous = read_status(path) or {}
    data = {
        "version": __version__,
        "last_attempt": last_attempt,
        "last_success": last_success if last_success is not None else previous.get("last_success"),
        "notify": {**previous.get("notify", {}), **(notify or {})},
    }
    write_status(path, data)
    return data
