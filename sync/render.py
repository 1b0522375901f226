"""Views -> Markdown pages. The one place that builds the Jinja environment."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import jinja2
import yaml
from markupsafe import Markup

from deskbook.escape import escape_text, link, page_path
from deskbook.i18n import choice_label, text
from deskbook.rich_text import render_body
from deskbook.views.announcements import Announcements
from deskbook.views.quality import Quality
from deskbook.views.responsibilities import Duty


@dataclass(frozen=True)
class SiteData:
    office: str
    phone: str
    lang: str
    as_of: dt.date
    duties: list[Duty]
    announcements: Announcements
    quality: Quality


def _finalize(value: Any) -> Markup:
    # Anything a template prints is escaped unless a filter already made it safe.
    if isinstance(value, Markup):
        return value
    if value is None:
        return Markup("")
    return escape_text(value)


def _date(value: dt.date | None) -> str:
    return "" if value is None else value.isoformat()


def make_env(lang: str) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("deskbook", "templates"),
        autoescape=False,
        undefined=jinja2.StrictUndefined,
        finalize=_finalize,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["lang"] = lang
    env.globals["t"] = lambda key, **params: escape_text(text(f"ui.{key}", lang, **params))
    env.filters["choice"] = lambda code, enum: choice_label(enum, code, lang) if code else ""
    env.filters["date"] = _date
    env.filters["link"] = link
    env.filters["page"] = page_path
    env.filters["body"] = render_body
    return env


def page(
    env: jinja2.Environment,
    template: str,
    title: str,
    meta: dict[str, Any] | None = None,
    **context: Any,
) -> str:
    """Front matter written by yaml.safe_dump (never by a template) + the rendered body."""
    front = {"title": str(escape_text(title)), **(meta or {})}
    head = yaml.safe_dump(front, allow_unicode=True, sort_keys=False)
    body = env.get_template(template).render(title=title, **context)
    return f"---\n{head}---\n\n{body}"


def render_pages(data: SiteData) -> dict[str, str]:
    env = make_env(data.lang)
    ui = lambda key: text(f"ui.{key}", data.lang)  # noqa: E731
    pages = {
        "responsibilities.md": page(
            env, "responsibilities.md.j2", ui("responsibilities"), duties=data.duties
        ),
        "announcements/index.md": page(
            env, "announcements.md.j2", ui("announcements"), notices=data.announcements
        ),
        "announcements/archive.md": page(
            env, "archive.md.j2", ui("archive"), notices=data.announcements
        ),
        "data-quality.md": page(
            env,
            "data_quality.md.j2",
            ui("data-quality"),
            {"search": {"exclude": True}},
            quality=data.quality,
        ),
    }
    for notice in data.announcements.all:
        pages[notice.path] = page(
            env, "notice.md.j2", notice.title, notice=notice, office=data.office, phone=data.phone
        )
    return pages
