"""Errors that stop a run (exit 2), as opposed to data issues, which are reported."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from deskbook.i18n import text


class DeskbookError(Exception):
    """A run cannot go on; `key` names its message in messages.toml [errors]."""

    key = "internal"
    # The office's language, when the error knows it better than the caller does (a settings
    # file that could be read that far); an explicit --lang still wins.
    lang: str | None = None

    def __init__(self, key: str | None = None, **params: Any) -> None:
        self.key = key or self.key
        self.params = params
        super().__init__(f"{self.key}: {params}")

    def message(self, lang: str) -> str:
        return text(f"errors.{self.key}", lang, **self.params)


@dataclass(frozen=True)
class Problem:
    """One mistake in a settings file: where (a key path) and what (a key in [config])."""

    where: str
    what: str
    params: Mapping[str, Any] = field(default_factory=dict)
    suggestion: str | None = None

    def text(self, lang: str) -> str:
        said = text(f"config.{self.what}", lang, **self.params)
        if self.suggestion is not None:
            said += text("config.did-you-mean", lang, nearest=self.suggestion)
        return text("config.at", lang, where=self.where, what=said) if self.where else said


class ConfigError(DeskbookError):
    """A settings or rules file that cannot be used, with each mistake in it."""

    key = "config-invalid"

    def __init__(
        self,
        key: str | None = None,
        *,
        problems: Iterable[Problem] = (),
        lang: str | None = None,
        **params: Any,
    ) -> None:
        super().__init__(key, **params)
        self.problems = tuple(problems)
        self.lang = lang

    def message(self, lang: str) -> str:
        if not self.problems:
            return super().message(lang)
        detail = text("config.separator", lang).join(p.text(lang) for p in self.problems)
        return text(f"errors.{self.key}", lang, **{**self.params, "detail": detail})


class StateError(DeskbookError):
    key = "state-newer"


class SourceError(DeskbookError):
    key = "source-unreadable"


class LockHeld(DeskbookError):
    key = "lock-held"


class BuildFailed(DeskbookError):
    key = "build-failed"
