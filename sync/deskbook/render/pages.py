"""Page specs -> Markdown pages. The one place that builds the Jinja environment."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import jinja2
import yaml
from markupsafe import Markup

from deskbook.i18n import choice_label, text
from deskbook.model.pages import PageSpec, unit_page
from deskbook.render.escape import clean_text, escape_text, link, page_path, tel_link
from deskbook.render.rich_text import render_body

# A code, unit number, masked phone, amount or date: letters, digits and joining marks with at
# least one digit, or a date with its time. The browser would break such a token at a hyphen or
# a slash; a reader must see it whole.
_TOKEN = re.compile(
    r"[A-Za-z0-9¥$#*+./:,%_()\-]*[0-9][A-Za-z0-9¥$#*+./:,%_()\-]*"
    r"|\d{4}-\d{2}-\d{2} \d{2}:\d{2}"
)


def _piece(word: str) -> Markup:
    escaped = escape_text(word)
    if len(word) >= 4 and _TOKEN.fullmatch(word):
        return Markup('<span class="deskbook-token">') + escaped + Markup("</span>")
    return escaped


def token(value: object) -> Markup:
    """Escaped text in which every code-like word is kept on one line."""
    return _token(clean_text(value))


# Pages repeat the same cells (kinds, statuses, departments, dates, units) thousands of times;
# each distinct text is escaped once per process. Markup is immutable, so sharing it is safe.
@lru_cache(maxsize=1 << 16)
def _token(text: str) -> Markup:
    if "\n" in text or "\r" in text:
        return escape_text(text)
    if _TOKEN.fullmatch(text):
        return _piece(text)
    return Markup(" ").join(_piece(word) for word in text.split(" "))


@lru_cache(maxsize=1 << 16)
def _str_token(value: str) -> Markup:
    return _token(clean_text(value))


def _finalize(value: Any) -> Markup:
    # Anything a template prints is escaped unless a filter already made it safe.
    if isinstance(value, Markup):
        return value
    if value is None:
        return Markup("")
    if type(value) is str:  # most cells: names, kinds, dates put into words
        return _str_token(value)
    return token(value)


# Parameters whose text is their value whatever their history: a Decimal is not one (1.0 and 1
# are equal keys but read differently), so a line with one is filled in afresh.
_PLAIN = (str, Markup, int)


def _translator(lang: str, section: str = "ui") -> Any:
    """`t(key, **params)`: a line of messages.toml's `section`, filled in and escaped. Pages
    repeat the same few hundred lines thousands of times, so each distinct line is made once
    per process."""

    @lru_cache(maxsize=1 << 14)
    def line(key: str, params: tuple[tuple[str, type, object], ...]) -> Markup:
        return escape_text(text(f"{section}.{key}", lang, **{k: v for k, _, v in params}))

    def t(key: str, **params: Any) -> Markup:
        if all(type(v) in _PLAIN for v in params.values()):
            return line(key, tuple((k, type(v), v) for k, v in params.items()))
        return escape_text(text(f"{section}.{key}", lang, **params))

    return t


def _translator_with_markup(lang: str) -> Any:
    """`t_html(key, **params)`: a UI line in which params that are already Markup (a tel: link,
    a link) stay HTML; the line's own text and every other param are escaped as `t` does."""

    def t_html(key: str, **params: Any) -> Markup:
        holders = {k: f"\ue000{i}\ue001" for i, k in enumerate(params) if type(params[k]) is Markup}
        line = escape_text(text(f"ui.{key}", lang, **{**params, **holders}))
        for name, holder in holders.items():
            line = Markup(line.replace(holder, params[name]))
        return line

    return t_html


def _unit_target(context: jinja2.runtime.Context, code: str) -> Markup | None:
    """The link from the page being rendered (`here`) to the unit's page, or None for a code
    that cannot name a page (never one of ours: a canonical code is letters, digits, dashes)."""
    try:
        target = page_path(unit_page(code))
    except ValueError:
        return None
    return Markup("../" * str(context.get("here", "")).count("/")) + target


@jinja2.pass_context
def _unit(context: jinja2.runtime.Context, code: object) -> Markup:
    """A unit code as a Markdown link to its page."""
    shown = token(code)
    target = _unit_target(context, clean_text(code)) if shown else None
    return shown if target is None else Markup("[") + shown + Markup("](") + target + Markup(")")


@jinja2.pass_context
def _unit_html(context: jinja2.runtime.Context, code: object) -> Markup:
    """A unit code as an <a> to its page, for the tables written as HTML."""
    shown = token(code)
    target = _unit_target(context, clean_text(code)) if shown else None
    if target is None:
        return shown
    return Markup('<a href="') + target + Markup('">') + shown + Markup("</a>")


def _up(levels: int) -> Markup:
    """The way back to the root from a page `levels` folders below it, as a link's start (a
    plain string would be escaped into `&#46;&#46;&#47;`, which no browser follows)."""
    return Markup("../" * int(levels))


def _date(value: dt.date | None) -> str:
    return "" if value is None else value.isoformat()


def _datetime(value: dt.datetime | None) -> str:
    return "" if value is None else value.strftime("%Y-%m-%d %H:%M")


def _money(value: Decimal | None) -> str:
    return "" if value is None else f"{value:,.2f}"


def _rate(value: Decimal | None) -> str:
    return "–" if value is None else f"{value}%"


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.1f}%"


# One environment per language and templates folder for the process: `serve` rebuilds, a
# company's estates and the bench build again and again, and compiling the templates is half
# the cost of rendering the pages. Jinja checks each template's file for changes before reusing
# it (auto_reload), so an edited template is compiled afresh.
@cache
def make_env(
    lang: str,
    overrides: Path | None = None,
    currency: str = "¥",
    added: tuple[tuple[str, str, str], ...] = (),
) -> jinja2.Environment:
    """`overrides`: the office's own templates folder; a template there replaces ours by name.
    `currency`: the symbol the office's amounts are printed with (HK$, NT$, ¥); `added`: the
    office's own dropdown values as (list, code, label)."""
    own = {(enum, code): label for enum, code, label in added}
    shipped = jinja2.PackageLoader("deskbook", "templates")
    loader = (
        shipped
        if overrides is None
        else jinja2.ChoiceLoader([jinja2.FileSystemLoader(overrides), shipped])
    )
    env = jinja2.Environment(
        loader=loader,
        autoescape=False,
        undefined=jinja2.StrictUndefined,
        finalize=_finalize,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=True,
    )
    env.globals["lang"] = lang
    env.globals["currency"] = currency
    env.globals["t"] = _translator(lang)
    env.globals["r"] = _translator(lang, "rollup")  # the company roll-up's own lines
    env.globals["t_html"] = _translator_with_markup(lang)
    env.filters["choice"] = lambda code, enum: (
        (own.get((enum, code)) or choice_label(enum, code, lang)) if code else ""
    )
    env.filters["date"] = _date
    env.filters["datetime"] = _datetime
    env.filters["money"] = _money
    env.filters["rate"] = _rate
    env.filters["pct"] = _pct
    env.filters["link"] = link
    # Escaped with no code-like words kept whole: for an attribute, where a <span> would break.
    env.filters["plain"] = escape_text
    env.filters["page"] = page_path
    env.filters["body"] = render_body
    env.filters["unit"] = _unit
    env.filters["up"] = _up
    env.filters["tel"] = tel_link
    env.filters["unit_html"] = _unit_html
    return env


def render(env: jinja2.Environment, spec: PageSpec) -> str:
    """Front matter written by yaml.safe_dump (never by a template) + the rendered body."""
    front = {"title": str(escape_text(spec.title)), **spec.front_matter}
    head = yaml.safe_dump(front, allow_unicode=True, sort_keys=False)
    body = env.get_template(spec.template).render(
        title=spec.title, here=spec.path, **spec.context.names()
    )
    return f"---\n{head}---\n\n{body}"
