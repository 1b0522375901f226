"""Errors that stop a run, each carrying the exit code the command line ends with.

Exit codes: 2 the run cannot go on (bad config, unreadable source, failed build, lock held);
1 the data has errors and the run was asked to stop on them (`check`, or `--strict`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from deskbook.i18n import text

if TYPE_CHECKING:
    from deskbook.checks.issues import Issue


class DeskbookError(Exception):
    """A run cannot go on; `key` names its message in messages.toml [errors]."""

    key = "internal"
    exit_code: ClassVar[int] = 2

    def __init__(self, key: str | None = None, **params: Any) -> None:
        self.key = key or self.key
        self.params = params
        super().__init__(f"{self.key}: {params}")

    def message(self, lang: str) -> str:
        return text(f"errors.{self.key}", lang, **self.params)


class DataErrors(DeskbookError):
    """Rows with errors stopped a `--strict` run; its message is their issue lines."""

    key = "data-errors"
    exit_code: ClassVar[int] = 1

    def __init__(self, issues: Sequence[Issue], lang: str) -> None:
        super().__init__(count=len(issues))
        self.issues = list(issues)
        # The run's language, known only once its config was read (it may be the office's).
        self.lang = lang

    def message(self, lang: str) -> str:
        return "\n".join(issue.line(self.lang) for issue in self.issues)


class ConfigError(DeskbookError):
    key = "config-invalid"


class SourceError(DeskbookError):
    key = "source-unreadable"


class LockHeld(DeskbookError):
    key = "lock-held"


class BuildFailed(DeskbookError):
    key = "build-failed"
