"""Errors that stop a run, each carrying the exit code the command line ends with.

Exit codes: 2 the run cannot go on (bad config, unreadable source, failed build, lock held);
1 the data has errors and the run was asked to stop on them (`check`, or `--strict`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, Protocol

from deskbook.i18n import text


class IssueLine(Protocol):
    """What a stopped run needs of a data issue (model.issues.Issue): its line for people."""

    def line(self, lang: str) -> str: ...


class DeskbookError(Exception):
    """A run cannot go on; `key` names its message in messages.toml [errors]."""

    key = "internal"
    exit_code: ClassVar[int] = 2
    # The office's language, when the error knows it better than the caller does (a settings
    # file that could be read that far); an explicit --lang still wins.
    lang: str | None = None

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

    def __init__(self, issues: Sequence[IssueLine], lang: str) -> None:
        super().__init__(count=len(issues))
        self.issues = list(issues)
        # The run's language, known only once its config was read (it may be the office's).
        self.lang = lang

    def message(self, lang: str) -> str:
        return "\n".join(issue.line(self.lang or lang) for issue in self.issues)


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


class StateUnwritable(StateError):
    """The state folder or file cannot be written: read-only, full, or not a folder."""

    key = "state-unwritable"


class Notice(UserWarning):
    """Something a run got past on its own that the office should hear of: one line on stderr
    (the command line prints it in the run's language; elsewhere Python shows it in English).
    """

    def __init__(self, key: str, **params: Any) -> None:
        self.key = key
        self.params = params
        super().__init__(self.message("en"))

    def message(self, lang: str) -> str:
        return text(f"notices.{self.key}", lang, **self.params)


class SourceError(DeskbookError):
    key = "source-unreadable"

    @classmethod
    def unreadable(cls, path: object, exc: OSError) -> SourceError:
        """A source file the run may not open, with the system's own reason."""
        reason = exc.strerror or type(exc).__name__
        return cls("source-unreadable", path=str(path), reason=reason)


class LockHeld(DeskbookError):
    key = "lock-held"


class OutputRefused(DeskbookError):
    """The output path holds something deskbook did not make; it is left untouched."""

    key = "output-not-ours"


class BuildFailed(DeskbookError):
    key = "build-failed"


class TemplateNamesUnknown(DeskbookError):
    """An office's own template uses names deskbook does not give it: the build would stop
    there. Each problem is (the file, the template deskbook renders it as, the unknown names,
    the names that template is given); `common` the names every template has."""

    key = "template-names"

    def __init__(
        self,
        problems: Sequence[tuple[str, str, Sequence[str], Sequence[str]]],
        common: Sequence[str],
    ) -> None:
        super().__init__(count=len(problems))
        self.problems = list(problems)
        self.common = list(common)

    def message(self, lang: str) -> str:
        lines = [text(f"errors.{self.key}", lang, count=len(self.problems))]
        for template, rendered_as, names, given in self.problems:
            key = "template-name" if template == rendered_as else "template-name-included"
            lines.append(
                text(
                    f"errors.{key}",
                    lang,
                    template=template,
                    rendered_as=rendered_as,
                    names=", ".join(names),
                    given=", ".join(given),
                    common=", ".join(self.common),
                )
            )
        return "\n".join(lines)


class PublishPartial(DeskbookError):
    """Outputs meant to move together did not: some show the new data, the rest the old."""

    key = "publish-partial"

    def __init__(self, moved: str, reason: DeskbookError) -> None:
        super().__init__(moved=moved)
        self.reason = reason

    def message(self, lang: str) -> str:
        detail = self.reason.params.get("detail") or self.reason.message(lang)
        return text(f"errors.{self.key}", lang, moved=self.params["moved"], detail=detail)
