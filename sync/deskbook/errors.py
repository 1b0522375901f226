"""Errors that stop a run (exit 2), as opposed to data issues, which are reported."""

from __future__ import annotations

from typing import Any

from deskbook.i18n import text


class DeskbookError(Exception):
    """A run cannot go on; `key` names its message in messages.toml [errors]."""

    key = "internal"

    def __init__(self, key: str | None = None, **params: Any) -> None:
        self.key = key or self.key
        self.params = params
        super().__init__(f"{self.key}: {params}")

    def message(self, lang: str) -> str:
        return text(f"errors.{self.key}", lang, **self.params)


class ConfigError(DeskbookError):
    key = "config-invalid"


class SourceError(DeskbookError):
    key = "source-unreadable"


class LockHeld(DeskbookError):
    key = "lock-held"


class BuildFailed(DeskbookError):
    key = "build-failed"
