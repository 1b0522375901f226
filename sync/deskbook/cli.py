"""The `deskbook` command: parses options, calls a command, prints its result or error.

Exit codes: 0 clean (warnings allowed); otherwise the `exit_code` of the error that ended the
run (deskbook.errors): 1 data errors (`check`, or any command with --strict); 2 cannot run.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import json
import logging
import sys
import tempfile
import traceback
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from deskbook import __version__, progress, runtime
from deskbook.checks.sheets_size import CELL_LIMIT, share
from deskbook.commands.check import run_check
from deskbook.config import ENGINES, Config, load_config, read_toml, with_engine
from deskbook.config.regions import region_codes
from deskbook.errors import DataErrors, DeskbookError, Notice
from deskbook.i18n import LANGUAGES, cli_words, text
from deskbook.model.dataset import Dataset
from deskbook.model.pages import AUDIENCES
from deskbook.pipeline import Run, make_run
from deskbook.strict import office_language


def _as_of(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date like 2026-11-27") from None
    # Deadlines, periods and plausible ranges are computed from it; none may leave the calendar.
    if not dt.date(1950, 1, 1) <= day <= dt.date(2999, 12, 31):
        raise click.BadParameter(f"{value!r} is not between 1950-01-01 and 2999-12-31")
    return day


def common_options(func: Callable[..., Any]) -> Callable[..., Any]:
    options = [
        click.option(
            "--config",
            "config_path",
            type=click.Path(path_type=Path),
            default="deskbook.toml",
            show_default=True,
            help="Handbook settings file.",
        ),
        click.option(
            "--as-of",
            callback=_as_of,
            metavar="YYYY-MM-DD",
            help="Compute everything as of this day (default: today in the office's timezone).",
        ),
        click.option(
            "--lang", type=click.Choice(LANGUAGES), help="Language of messages and pages."
        ),
        click.option(
            "--strict", is_flag=True, help="Exit 1 and build nothing if any data error is found."
        ),
        click.option(
            "--json", "as_json", is_flag=True, help="Print a machine-readable report on stdout."
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


class Reporter:
    """Prints issue lines and summaries for people, or one JSON report for machines."""

    def __init__(self, lang: str, as_json: bool) -> None:
        self.lang = lang
        self.as_json = as_json

    def report(self, dataset: Dataset, extra: dict[str, Any] | None = None) -> None:
        if self.as_json:
            payload = {
                "ok": not dataset.errors,
                "issues": [i.to_dict(self.lang) for i in dataset.issues],
                "counts": dataset.counts(),
                **(extra or {}),
            }
            if dataset.spreadsheets:
                payload["spreadsheets"] = [
                    {"name": s.name, "cells": s.cells, "limit": CELL_LIMIT}
                    for s in dataset.spreadsheets
                ]
            click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
            return
        if dataset.issues:  # one write: a workbook at the size limit has thousands of lines
            click.echo("\n".join(issue.line(self.lang) for issue in dataset.issues))
        counts = dataset.counts().values()
        click.echo(
            text(
                "cli.summary",
                self.lang,
                tabs=sum(1 for t in dataset.tabs.values() if t.sheet is not None),
                rows=sum(c["rows"] for c in counts),
                valid=sum(c["valid"] for c in counts),
                rejected=sum(c["rejected"] for c in counts),
                errors=len(dataset.errors),
                warnings=len(dataset.warnings),
            )
        )
        for size in dataset.spreadsheets:
            click.echo(
                text(
                    "cli.spreadsheet-cells",
                    self.lang,
                    name=size.name,
                    cells=size.cells,
                    limit=CELL_LIMIT,
                    share=share(size.cells),
                )
            )

    def unread(self, extra: dict[str, Any]) -> None:
        """A build skipped before reading: nothing new to report, so with --json only that it
        was unchanged; the issues are the last build's (`deskbook check` lists them)."""
        if self.as_json:
            click.echo(json.dumps({"unchanged": True, **extra}, ensure_ascii=False, indent=2))
        self.say("cli.unchanged")

    def say(self, key: str, **params: Any) -> None:
        # With --json, stdout carries only the report; progress goes to stderr.
        click.echo(text(key, self.lang, **params), err=self.as_json)


def _setup(
    config_path: Path,
    as_of: dt.date | None,
    lang: str | None,
    audience: str = "internal",
    force: bool = False,
    allow_shrink: bool = False,
    engine: str | None = None,
) -> Run:
    config: Config = with_engine(load_config(config_path), engine)
    return make_run(
        config, as_of=as_of, lang=lang, audience=audience, force=force, allow_shrink=allow_shrink
    )


def _notices_in(lang: str | None, config_path: Path | None) -> Callable[..., None]:
    """Print a run's notices (deskbook.errors.Notice) as one line each on stderr, in --lang or
    else the office's language; other warnings go where Python sends them."""
    shown = warnings.showwarning

    def show(message: Warning | str, *args: Any, **kwargs: Any) -> None:
        if not isinstance(message, Notice):
            shown(message, *args, **kwargs)
            return
        said = lang or _office_language(config_path) or "zh-Hant"
        click.echo(message.message(said), err=True)

    return show


def _office_language(config_path: Path | None) -> str | None:
    """The settings file's [office] language, or a company file's [company] language."""
    if config_path is None or not config_path.is_file():
        return None
    try:
        data = read_toml(config_path)
    except DeskbookError:
        return None
    company = data.get("company")
    if office_language(data) is None and isinstance(company, dict):
        return office_language({"office": company})
    return office_language(data)


@contextlib.contextmanager
def in_language(run: Run) -> Any:
    """Errors met once the settings are read speak the office's language (or --lang's)."""
    try:
        yield
    except DeskbookError as exc:
        if exc.lang is None:
            exc.lang = run.lang
        raise


def handle_errors(func: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        lang = kwargs.get("lang") or "zh-Hant"
        # Before the run knows the office's language (or outside it), the settings file says.
        office = functools.partial(_office_language, kwargs.get("config_path"))
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("always", Notice)
                warnings.showwarning = _notices_in(kwargs.get("lang"), kwargs.get("config_path"))
                return func(*args, **kwargs)
        except DeskbookError as exc:
            said = kwargs.get("lang") or exc.lang or office() or lang
            click.echo(exc.message(said), err=True)
            sys.exit(exc.exit_code)
        except Exception as exc:
            # A bug of ours: exit like any run that could not finish, with the traceback
            # for whoever reads the cron log, after one line saying what happened.
            bug = DeskbookError("internal", detail=f"{type(exc).__name__}: {exc}")
            click.echo(bug.message(kwargs.get("lang") or office() or lang), err=True)
            traceback.print_exc()
            sys.exit(bug.exit_code)

    return wrapper


# click's modules that say something through gettext, each holding its own `_` and `ngettext`.
_CLICK_MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "termui", "types")
_ENGLISH: dict[object, str] = {}  # each command's and option's help as the code writes it


def _cli_language(args: list[str]) -> str:
    """The language of click's words and the help before anything is parsed: --lang, else the
    [office] language of --config (or ./deskbook.toml), else what a new office gets."""
    config = Path("deskbook.toml")
    for i, arg in enumerate(args):
        value = args[i + 1] if i + 1 < len(args) else ""
        if arg.startswith("--lang="):
            value, arg = arg.partition("=")[2], "--lang"
        elif arg.startswith("--config="):
            value, arg = arg.partition("=")[2], "--config"
        if arg == "--lang" and value in LANGUAGES:
            return value
        if arg == "--config" and value:
            config = Path(value)
    return _office_language(config) or "zh-Hant"


def _speak(group: click.Group, lang: str) -> None:
    """Make click's own messages and every help text read in `lang` (i18n/cli.toml; what it
    lacks stays English)."""
    import importlib

    words = cli_words()

    def said(kind: str, english: str) -> str:
        found: str = words[kind].get(english, {}).get(lang, english)
        return found

    def gettext(message: str) -> str:
        return said("click", message)

    def ngettext(singular: str, plural: str, count: int) -> str:
        return gettext(singular if count == 1 else plural)

    for name in _CLICK_MODULES:
        module = importlib.import_module(f"click.{name}")
        for attribute, function in (("_", gettext), ("ngettext", ngettext)):
            if hasattr(module, attribute):
                setattr(module, attribute, function)
    commands: list[tuple[str, click.Command]] = [("", group), *group.commands.items()]
    for key, command in commands:
        english = _ENGLISH.setdefault(command, command.help or "")
        if english:
            command.help = words["commands"].get(key, {}).get(lang, english)
        # click makes a command's --help option once, in the language of that moment; a
        # process that speaks another language later (tests, a company's estates) needs it anew.
        if getattr(command, "_help_option", None) is not None:
            command._help_option = None
        for param in command.params:
            if isinstance(param, click.Option):
                english = _ENGLISH.setdefault(param, param.help or "")
                if english:
                    param.help = said("options", english)


class _Deskbook(click.Group):
    """The deskbook command group, speaking the office's language from its first word."""

    def main(self, args: Any = None, *rest: Any, **options: Any) -> Any:
        _speak(self, _cli_language(list(sys.argv[1:] if args is None else args)))
        return super().main(args, *rest, **options)


@click.group(cls=_Deskbook)
@click.version_option(__version__, prog_name="deskbook")
def main() -> None:
    """Turn the service desk's spreadsheets into its handbook site."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    # MkDocs reports every page it adds outside the nav at INFO; that is by design here.
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    runtime.tuned()


_force = click.option(
    "--force",
    is_flag=True,
    help="Read the source afresh and rebuild, even if nothing changed.",
)
_allow_shrink = click.option(
    "--allow-shrink",
    is_flag=True,
    help="Go ahead although a tab lost most of its rows ([sync] max_shrink) or a required "
    "tab is empty.",
)


@main.command()
@common_options
@_force
@_allow_shrink
@click.option(
    "--annotate",
    is_flag=True,
    help="Google Sheets: also list the issues in a _deskbook tab (needs edit access).",
)
@handle_errors
def check(
    config_path: Path,
    as_of: dt.date | None,
    lang: str | None,
    strict: bool,
    as_json: bool,
    force: bool = False,
    annotate: bool = False,
    allow_shrink: bool = False,
) -> None:
    """Read and validate every tab; build nothing. Exit 1 if any row has an error."""
    with progress.shown(lang or _office_language(config_path) or "zh-Hant", not as_json):
        result = run_check(
            config_path, as_of, lang, force=force, annotate=annotate, allow_shrink=allow_shrink
        )
    reporter = Reporter(result.lang, as_json)
    reporter.report(result.dataset)
    if result.dataset.unchanged:
        reporter.say("cli.unchanged-check")
    for done in result.annotated:
        key = "cli.annotated" if done.written else "cli.annotate-unchanged"
        reporter.say(key, name=done.name, count=done.count)
    if result.annotate_failed is not None:
        click.echo(result.annotate_failed.message(result.lang), err=True)
    if result.exit_code:
        sys.exit(result.exit_code)


def _build_like(command: str) -> Callable[..., Any]:
    def run_command(
        config_path: Path,
        as_of: dt.date | None,
        lang: str | None,
        strict: bool,
        as_json: bool,
        output: Path | None,
        audience: str,
        force: bool = False,
        allow_shrink: bool = False,
        stage_only: Path | None = None,
        engine: str | None = None,
    ) -> None:
        from deskbook.commands.build import run_build

        run = _setup(config_path, as_of, lang, audience, force, allow_shrink, engine)
        reporter = Reporter(run.lang, as_json)
        with in_language(run), progress.shown(run.lang, not as_json):
            result = run_build(run, output, strict=strict, staged=stage_only)
        if result.prepared is None:  # an unchanged file source, not read (state/stamps.py)
            reporter.unread({"site": str(result.site)})
            return
        dataset = result.prepared.dataset
        if result.outcome == "strict-failed":
            reporter.report(dataset)
            reporter.say("cli.strict-failed")
            sys.exit(DataErrors.exit_code)
        if result.outcome == "held-back":
            reporter.report(dataset)
            reporter.say("cli.held-back")
            sys.exit(DataErrors.exit_code)
        if result.outcome == "unchanged":
            reporter.report(dataset, {"site": str(result.site), "unchanged": True})
            reporter.say("cli.unchanged")
            return
        reporter.report(dataset, {"site": str(result.site), "pages": result.pages})
        key = "cli.staged" if result.outcome == "staged" else "cli.built"
        reporter.say(key, path=result.site, pages=result.pages)

    return run_command


_output = click.option(
    "--output",
    type=click.Path(path_type=Path),
    help="Site folder (default: [site] output in deskbook.toml).",
)
_engine = click.option(
    "--engine",
    type=click.Choice(ENGINES),
    help="What builds the staged pages (default: [site] engine in deskbook.toml, mkdocs).",
)
_audience = click.option(
    "--audience",
    type=click.Choice(AUDIENCES),
    default="internal",
    show_default=True,
    help="public: the owners' notice board, with no owner, arrears, ticket or staff data; "
    "manager: the internal handbook plus exam scores, warnings and full phone numbers.",
)


@main.command()
@common_options
@_output
@_audience
@_engine
@_force
@_allow_shrink
@click.option(
    "--stage-only",
    type=click.Path(path_type=Path),
    metavar="DIR",
    help="Only write the staged site (pages and a complete mkdocs.yml) into DIR, for "
    "`mkdocs build -f DIR/mkdocs.yml`; build nothing.",
)
@handle_errors
def build(**kwargs: Any) -> None:
    """Sync, validate and build the site into the output folder."""
    _build_like("build")(**kwargs)


@main.command(name="publish")
@common_options
@_output
@click.option(
    "--audience",
    type=click.Choice(AUDIENCES),
    help="Publish only this audience's site (default: every [[publish]] output).",
)
@_force
@_allow_shrink
@click.option(
    "--wait",
    type=click.FloatRange(0),
    default=0,
    show_default=True,
    metavar="SECONDS",
    help="If another run holds the lock, wait this long for it before exiting 2.",
)
@click.option(
    "--quiet",
    is_flag=True,
    help="Print nothing on success; a short summary on data errors or failure (for cron).",
)
@click.option(
    "--all",
    "every_estate",
    is_flag=True,
    help="A company's settings file: publish every estate, then the roll-up site.",
)
@click.option("--jobs", type=click.IntRange(1), help="Estates built at once (default: cores).")
@click.option(
    "--shard", metavar="K/N", help="Publish only the K-th of N stable subsets of estates."
)
@_engine
@handle_errors
def publish_command(
    config_path: Path,
    as_of: dt.date | None,
    lang: str | None,
    strict: bool,
    as_json: bool,
    output: Path | None,
    audience: str | None,
    force: bool,
    allow_shrink: bool,
    wait: float,
    quiet: bool,
    every_estate: bool,
    jobs: int | None,
    shard: str | None,
    engine: str | None,
) -> None:
    """Build every [[publish]] output from one sync and swap each in atomically.

    On failure the last good site stays; every attempt is recorded for `deskbook status`.
    With --all, every estate of a company and the roll-up: exit 0 when all succeeded, else
    the worst estate's code (1 data errors, 2 could not run); the roll-up is built anyway.
    """
    from deskbook.commands.publish import outputs_for, run_publish

    if every_estate:
        _publish_company(config_path, as_of, lang, strict, force, jobs, shard, quiet, engine)
        return

    config = with_engine(load_config(config_path), engine)
    outputs = outputs_for(config, lang, output, audience)
    with progress.shown(outputs[0].lang, not (as_json or quiet)):
        result = run_publish(
            config, outputs, as_of, strict=strict, force=force, wait=wait, allow_shrink=allow_shrink
        )
    reporter = Reporter(result.lang, as_json)
    dataset = result.dataset
    outputs_done = [
        {**r.output.to_dict(), "outcome": r.outcome, "pages": r.pages} for r in result.outputs
    ]
    if dataset is None:  # an unchanged file source, not read (state/stamps.py)
        if not quiet or as_json:
            reporter.unread({"site": str(outputs[0].path), "outputs": outputs_done})
        return
    extra: dict[str, Any] = {
        "site": str(outputs[0].path),
        "pages": sum(r.pages for r in result.outputs),
        "outputs": outputs_done,
    }
    if quiet and not as_json:
        _quiet_report(result.lang, dataset, result.outcome not in ("strict-failed", "held-back"))
    else:
        reporter.report(dataset, extra)
        if result.outcome == "strict-failed":
            reporter.say("cli.strict-failed")
        if result.outcome == "held-back":
            reporter.say("cli.held-back")
        for done in result.outputs:
            if done.outcome == "unchanged":
                reporter.say("cli.unchanged")
            else:
                reporter.say(
                    "cli.published" if done.previous else "cli.published-first",
                    path=done.output.path,
                    pages=done.pages,
                    previous=done.previous or "",
                )
    if result.exit_code:
        sys.exit(result.exit_code)


def _shard(value: str | None) -> tuple[int, int] | None:
    if value is None:
        return None
    k, _, n = value.partition("/")
    if not (k.isdigit() and n.isdigit() and 1 <= int(k) <= int(n)):
        raise click.BadParameter(f"{value!r} is not K/N with 1 <= K <= N", param_hint="--shard")
    return int(k), int(n)


def _publish_company(
    config_path: Path,
    as_of: dt.date | None,
    lang: str | None,
    strict: bool,
    force: bool,
    jobs: int | None,
    shard: str | None,
    quiet: bool,
    engine: str | None,
) -> None:
    from deskbook.company.config import company_engine, is_company, load_company
    from deskbook.company.plan import PassPlan
    from deskbook.company.run import publish_all

    if not is_company(config_path):
        raise DeskbookError("not-a-company", path=str(config_path))
    company = company_engine(load_company(config_path), engine)
    lang = lang or company.company.language

    def planned(plan: PassPlan) -> None:
        if plan.spreadsheets and not quiet:
            click.echo(
                text(
                    "cli.company-plan",
                    lang,
                    spreadsheets=plan.spreadsheets,
                    to_read=plan.to_read,
                    reads=plan.reads,
                    accounts=plan.accounts,
                    minutes=f"{plan.minutes:.1f}",
                )
            )

    result = publish_all(company, as_of, None, strict, force, jobs, _shard(shard), planned)
    failed = [e for e in result.estates if e.exit_code]
    for e in result.estates:
        if e.exit_code or not quiet:
            message = f" ({e.message})" if e.message else ""
            click.echo(
                text("cli.company-estate", lang, code=e.code, outcome=e.outcome, message=message)
            )
    if failed or not quiet:
        click.echo(
            text(
                "cli.company-done",
                lang,
                count=len(result.estates),
                ok=len(result.estates) - len(failed),
                failed=len(failed),
                rollup=result.rollup or "-",
            )
        )
    if result.exit_code:
        sys.exit(result.exit_code)


@main.command(name="rollup")
@click.option("--config", "config_path", type=click.Path(path_type=Path), default="deskbook.toml")
@click.option(
    "--extracts",
    "folders",
    multiple=True,
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    help="A folder of estates' extracts (a shard's); repeat it. Default: the company's own.",
)
@click.option("--as-of", callback=_as_of, metavar="YYYY-MM-DD")
@click.option("--lang", type=click.Choice(LANGUAGES), help="Language of the lines printed.")
@handle_errors
def rollup_command(
    config_path: Path, folders: tuple[Path, ...], as_of: dt.date | None, lang: str | None
) -> None:
    """Build a company's roll-up site from its estates' extracts (shards combined)."""
    from deskbook.company.config import is_company, load_company
    from deskbook.company.extract import read_extracts
    from deskbook.company.rollup import build_rollup

    if not is_company(config_path):
        raise DeskbookError("not-a-company", path=str(config_path))
    company = load_company(config_path)
    chosen = list(folders) or [company.extracts_dir]
    path = build_rollup(company, chosen, as_of)
    count = len(read_extracts(chosen))
    click.echo(text("cli.rollup-built", lang or company.company.language, path=path, count=count))


QUIET_LINES = 5


def _quiet_report(lang: str, dataset: Dataset, published: bool) -> None:
    """Nothing when all is well; otherwise a few lines a cron mail or a journal can carry."""
    if not dataset.errors:
        return
    state = text("cli.quiet-published" if published else "cli.quiet-held", lang)
    errors, warnings = len(dataset.errors), len(dataset.warnings)
    click.echo(text("cli.quiet-summary", lang, errors=errors, warnings=warnings, published=state))
    for issue in dataset.errors[:QUIET_LINES]:
        click.echo(issue.line(lang))
    if errors > QUIET_LINES:
        click.echo(text("cli.quiet-more", lang, count=errors - QUIET_LINES))


def _duration(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.timedelta | None:
    from deskbook.duration import parse_duration

    if value is None:
        return None
    try:
        return parse_duration(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


@main.command(name="status")
@click.option("--config", "config_path", type=click.Path(path_type=Path), default="deskbook.toml")
@click.option("--lang", type=click.Choice(LANGUAGES), help="Language of the lines printed.")
@click.option(
    "--max-age",
    callback=_duration,
    metavar="DURATION",
    help="Stale when the last success is older than this (90m, 2h, 1d; default: twice "
    "[schedule] every).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the recorded status as JSON.")
@handle_errors
def status_command(
    config_path: Path, lang: str | None, max_age: dt.timedelta | None, as_json: bool
) -> None:
    """The last publish attempt and the last success; exit 0 ok, 1 held back by data errors,
    2 failed or stale, 3 never recorded."""
    from deskbook.commands.status import run_status
    from deskbook.duration import ago, describe

    config = load_config(config_path)
    lang = lang or config.office.language
    result = run_status(config, max_age)
    if as_json:
        payload = {**result.status, "stale": result.stale, "max_age": describe(result.max_age)}
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        sys.exit(result.exit_code)
    attempt = result.status.get("last_attempt") or {}
    click.echo(text("cli.status-line", lang, **{**attempt, "message": attempt.get("message", "")}))
    success = result.status.get("last_success")
    if success and result.age is not None:
        click.echo(text("cli.status-success", lang, **{**success, "age": ago(result.age, lang)}))
    else:
        click.echo(text("cli.status-never", lang))
    if result.stale:
        click.echo(text("cli.status-stale", lang, max_age=describe(result.max_age)))
    last = (result.status.get("notify") or {}).get("last")
    if last and not last["ok"]:
        failed = ", ".join(t["target"] for t in last["targets"] if not t["ok"])
        click.echo(
            text("cli.status-notify", lang, at=last["at"], event=last["event"], failed=failed)
        )
    reminded = ((result.status.get("notify") or {}).get("personal") or {}).get("last")
    if reminded and reminded["failed"]:
        failed = ", ".join(reminded["failed"])
        click.echo(text("cli.status-personal", lang, at=reminded["at"], failed=failed))
    sys.exit(result.exit_code)


@main.command()
@click.option("--config", "config_path", type=click.Path(path_type=Path), default="deskbook.toml")
@click.option("--as-of", callback=_as_of, metavar="YYYY-MM-DD")
@click.option("--lang", type=click.Choice(LANGUAGES))
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="Port on 127.0.0.1; 0 picks a free one.",
)
@_audience
@_engine
@handle_errors
def serve(
    config_path: Path,
    as_of: dt.date | None,
    lang: str | None,
    port: int,
    audience: str,
    engine: str | None,
) -> None:
    """Build into a temporary folder and preview it on http://127.0.0.1 only."""
    import http.server

    from deskbook.commands.build import run_serve

    run = _setup(config_path, as_of, lang, audience, engine=engine)
    with in_language(run), tempfile.TemporaryDirectory(prefix="deskbook-serve-") as tmp:
        handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=tmp)
        # The port first: a busy one is said at once, not after a whole build.
        try:
            server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
        except OSError as exc:
            raise DeskbookError("port-busy", port=port, reason=exc.strerror) from None
        with server:
            run_serve(run, Path(tmp))
            click.echo(text("cli.serving", run.lang, host="127.0.0.1", port=server.server_port))
            with contextlib.suppress(KeyboardInterrupt):
                server.serve_forever()


@main.command()
@common_options
@click.option("--csv", "as_csv", is_flag=True, help="Print the matrix as CSV on stdout.")
@handle_errors
def training(
    config_path: Path,
    as_of: dt.date | None,
    lang: str | None,
    strict: bool,
    as_json: bool,
    as_csv: bool,
) -> None:
    """Print every person's training status per category, from the same engine as the pages.

    With --json or --csv the whole matrix, one row per person and category, for HR systems;
    otherwise what needs doing today.
    """
    from deskbook.commands.training import run_training
    from deskbook.writers.training_export import summary_lines, to_csv, to_json

    result = run_training(config_path, as_of, lang, strict)
    if as_json:
        click.echo(to_json(result.report))
    elif as_csv:
        click.echo(to_csv(result.report), nl=False)
    else:
        click.echo("\n".join(summary_lines(result.report, result.lang)))


@main.command(name="setup-sheet")
@click.option("--config", "config_path", type=click.Path(path_type=Path), default="deskbook.toml")
@click.option("--lang", type=click.Choice(LANGUAGES), help="Language of headers and messages.")
@handle_errors
def setup_sheet(config_path: Path, lang: str | None) -> None:
    """Google Sheets: add missing tabs with headers, freeze header rows, add dropdowns.

    Needs edit access for the service account. Running it again changes nothing.
    """
    # Imported here: it loads the Google client, which no other command needs.
    from deskbook.commands.setup_sheet import run_setup_sheet

    result = run_setup_sheet(config_path, lang)
    for done in result.spreadsheets:
        key = "cli.setup-done" if done.changed else "cli.setup-nothing"
        params = {"created": done.created, "frozen": done.frozen, "dropdowns": done.dropdowns}
        click.echo(text(key, result.lang, name=done.name, **params))
        for title in done.skipped:
            click.echo(text("cli.setup-skipped", result.lang, name=done.name, title=title))


@main.command(name="template")
@click.argument("path", type=click.Path(path_type=Path))
@click.option(
    "--lang",
    type=click.Choice(LANGUAGES),
    default="zh-Hant",
    show_default=True,
    help="Language of the tab names and headers.",
)
@click.option(
    "--config",
    "config_path",
    type=click.Path(path_type=Path),
    help="An office's deskbook.toml: its unit writings and own dropdown values are included.",
)
@handle_errors
def template_command(path: Path, lang: str, config_path: Path | None) -> None:
    """Write a blank workbook with every tab, its headers, dropdowns and date formats."""
    from deskbook.commands.template import run_template

    result = run_template(path, lang, config_path)
    click.echo(text("cli.template-written", lang, path=result.path, tabs=result.tabs))


@main.command(name="init")
@click.argument("folder", type=click.Path(path_type=Path), default=".")
@click.option(
    "--lang",
    type=click.Choice(LANGUAGES),
    default="zh-Hant",
    show_default=True,
    help="Language of the pages, the workbook and the settings' comments.",
)
@click.option(
    "--source",
    type=click.Choice(["xlsx", "csv", "gsheets"]),
    default="xlsx",
    show_default=True,
    help="Where the office keeps its records: a workbook, a folder of CSV files, Google Sheets.",
)
@click.option(
    "--spreadsheet",
    metavar="URL",
    help="Google Sheets: the spreadsheet's address or key (else deskbook.toml asks for it).",
)
@click.option("--name", help="The office's name, printed on every notice and the owners' board.")
@click.option("--phone", help="The service desk's phone number, on notices and the board.")
@click.option("--address", help="The office's address, shown on the owners' notice board.")
@click.option("--hours", help="Opening hours, shown on the owners' notice board.")
@click.option(
    "--region",
    metavar="CODE",
    help="The office's region (ISO 3166: CN, HK, MO, TW, SG, GB…): how its phones, money, "
    "dates and ID numbers are written. On a terminal init asks; default CN.",
)
@click.option("--force", is_flag=True, help="Overwrite files that are already there.")
@click.option(
    "--company",
    "estates",
    metavar="CODE,CODE,...",
    help="A company's folder instead: these estates (each an [[estate]] with its own workbook) "
    "sharing one set of SOP pages and training rules.",
)
@handle_errors
def init_command(
    folder: Path,
    lang: str,
    source: str,
    spreadsheet: str | None,
    name: str | None,
    phone: str | None,
    address: str | None,
    hours: str | None,
    region: str | None,
    force: bool,
    estates: str | None,
) -> None:
    """Start a new office's handbook in FOLDER: settings, pages, an empty workbook.

    On a terminal it asks for the office's name, phone, address and hours unless given.
    """
    from deskbook.commands.init import WORKBOOK, run_init

    if estates is not None:
        from deskbook.commands.company import run_init_company

        # Each estate names its own source in its [[estate]]: one address for all is no answer.
        if source != "xlsx" or spreadsheet is not None:
            option = "--spreadsheet" if spreadsheet is not None else f"--source {source}"
            raise DeskbookError("init-company-source", option=option)

        codes = [c.strip() for c in estates.split(",") if c.strip()]
        run_init_company(folder, lang, codes, force=force)
        click.echo(text("init.company-done", lang, path=folder, count=len(codes)))
        return
    given = {"name": name, "phone": phone, "address": address, "hours": hours}
    office: dict[str, str] = {}
    for key, value in given.items():
        if value is None and sys.stdin.isatty():
            value = click.prompt(text(f"init.ask-{key}", lang), default="", show_default=False)
        office[key] = (value or "").strip()
    if region is None and sys.stdin.isatty():
        region = click.prompt(
            text("init.ask-region", lang),
            default="CN",
            type=click.Choice(region_codes(), case_sensitive=False),
        )
    office["region"] = (region or "CN").strip().upper()
    result = run_init(folder, lang, source, force=force, spreadsheet=spreadsheet, office=office)
    click.echo(text("init.done", lang, path=folder, count=len(result.written)))
    guide = text("workbook.title", lang)
    click.echo(
        text(f"init.next-{source}", lang, path=folder, workbook=WORKBOOK[source], guide=guide)
    )


@main.group(name="users")
def users_group() -> None:
    """Who may log in to the handbook's sites: the users file the web server imports.

    Only bcrypt hashes are stored, in a file only its owner can read (mode 0600). After a
    change, reload the web server (caddy reload) for it to take effect.
    """


_users_file = click.option(
    "--file",
    "users_file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="The users file (default: users.caddy beside the settings file).",
)
_users_config = click.option(
    "--config",
    "config_path",
    type=click.Path(path_type=Path),
    default="deskbook.toml",
    show_default=True,
    help="Settings file: the users file is beside it, and its language is used.",
)
_users_lang = click.option("--lang", type=click.Choice(LANGUAGES), help="Language of messages.")


def _users_path(config_path: Path, users_file: Path | None) -> Path:
    from deskbook.commands.users import default_file

    return users_file or default_file(config_path)


def _company_estates(config_path: Path) -> list[str]:
    """A company's estate codes, for the users file to list every one; none for an office."""
    from deskbook.company.config import is_company, load_company

    if not config_path.is_file() or not is_company(config_path):
        return []
    return [e.code for e in load_company(config_path).estate]


def _password(name: str, lang: str) -> str:
    """From a terminal, asked twice and never echoed; otherwise the first line of stdin (a
    script's pipe or a password manager's)."""
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    first = click.prompt(
        text("cli.users-ask-password", lang, name=name), hide_input=True, default="",
        show_default=False,
    )  # fmt: skip
    second = click.prompt(
        text("cli.users-ask-again", lang), hide_input=True, default="", show_default=False
    )
    if first != second:
        raise DeskbookError("password-mismatch")
    return str(first)


@users_group.command(name="add")
@click.argument("name")
@click.option(
    "--role",
    type=click.Choice(["staff", "manager"]),
    required=True,
    help="staff: the internal handbook; manager: it and the managers' site.",
)
@click.option(
    "--estate",
    default="",
    metavar="CODE",
    help="A company: the estate whose sites this person reads (default: head office, every "
    "estate and the roll-up).",
)
@_users_file
@_users_config
@_users_lang
@handle_errors
def users_add(
    name: str,
    role: str,
    estate: str,
    users_file: Path | None,
    config_path: Path,
    lang: str | None,
) -> None:
    """Add NAME with a password read from the terminal (twice) or standard input, or give
    NAME a new password, role or estate."""
    from deskbook.commands.users import add_user

    lang = lang or _office_language(config_path) or "zh-Hant"
    path = _users_path(config_path, users_file)
    estates = _company_estates(config_path)
    if estates and estate and estate not in estates:
        raise DeskbookError("user-estate-unknown", estate=estate, known=", ".join(estates))
    user = add_user(path, name, "manager" if role == "manager" else "staff", estate,
                    _password(name, lang), estates)  # fmt: skip
    where = f", {user.estate}" if user.estate else ""
    click.echo(text("cli.users-added", lang, name=name, role=role, estate=where, path=path))


@users_group.command(name="remove")
@click.argument("name")
@_users_file
@_users_config
@_users_lang
@handle_errors
def users_remove(name: str, users_file: Path | None, config_path: Path, lang: str | None) -> None:
    """Take NAME out of the users file."""
    from deskbook.commands.users import remove_user

    lang = lang or _office_language(config_path) or "zh-Hant"
    path = _users_path(config_path, users_file)
    remove_user(path, name, _company_estates(config_path))
    click.echo(text("cli.users-removed", lang, name=name, path=path))


@users_group.command(name="list")
@_users_file
@_users_config
@_users_lang
@handle_errors
def users_list(users_file: Path | None, config_path: Path, lang: str | None) -> None:
    """Each person's name, role and estate (never a password or its hash)."""
    from deskbook.commands.users import read_users

    lang = lang or _office_language(config_path) or "zh-Hant"
    path = _users_path(config_path, users_file)
    users = read_users(path)
    if not users:
        click.echo(text("cli.users-none", lang, path=path))
    for user in sorted(users, key=lambda u: (u.estate, u.role, u.name)):
        click.echo(f"{user.name}\t{user.role}\t{user.estate or '-'}")
