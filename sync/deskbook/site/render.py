"""Views -> Markdown pages. The one place that builds the Jinja environment."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import jinja2
import yaml
from markupsafe import Markup

from deskbook.domain.service_rules import ServiceRules
from deskbook.i18n import choice_label, labels, text
from deskbook.site.charts import Series, bar_chart, percent
from deskbook.site.escape import escape_text, link, page_path
from deskbook.site.rich_text import render_body
from deskbook.views.announcements import Announcements
from deskbook.views.fees import Fees
from deskbook.views.owners import Owners
from deskbook.views.quality import Quality
from deskbook.views.responsibilities import Duty
from deskbook.views.service_desk import AGE_BUCKETS, ServiceDesk
from deskbook.views.training import TrainingSite


@dataclass(frozen=True)
class SiteData:
    office: str
    phone: str
    lang: str
    as_of: dt.date
    duties: list[Duty]
    announcements: Announcements
    quality: Quality
    training: TrainingSite
    desk: ServiceDesk
    fees: Fees
    owners: Owners
    rules: ServiceRules
    moment: dt.datetime


def _finalize(value: Any) -> Markup:
    # Anything a template prints is escaped unless a filter already made it safe.
    if isinstance(value, Markup):
        return value
    if value is None:
        return Markup("")
    return escape_text(value)


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
    env.filters["datetime"] = _datetime
    env.filters["money"] = _money
    env.filters["rate"] = _rate
    env.filters["pct"] = _pct
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


@dataclass(frozen=True)
class PublicData:
    """All an owners' notice board may know: the office's own details and owners' notices."""

    office: str
    phone: str
    hours: str
    address: str
    lang: str
    announcements: Announcements


# Pages of the public build, in nav order: (path, UI label key).
PUBLIC_NAV = (
    ("index.md", "home"),
    ("announcements/index.md", "announcements"),
    ("announcements/archive.md", "archive"),
    ("fees/composition.md", "fee-composition"),
)


def render_public_pages(data: PublicData) -> dict[str, str]:
    env = make_env(data.lang)
    ui = lambda key: text(f"ui.{key}", data.lang)  # noqa: E731
    pages = {
        "index.md": page(
            env, "public_home.md.j2", data.office, board=data, notices=data.announcements
        ),
        "announcements/index.md": page(
            env,
            "announcements.md.j2",
            ui("announcements"),
            notices=data.announcements,
            public=True,
        ),
        "announcements/archive.md": page(
            env, "archive.md.j2", ui("archive"), notices=data.announcements
        ),
    }
    for notice in data.announcements.all:
        pages[notice.path] = page(
            env, "notice.md.j2", notice.title, notice=notice, office=data.office, phone=data.phone
        )
    return pages


def render_pages(data: SiteData) -> dict[str, str]:
    env = make_env(data.lang)
    ui = lambda key: text(f"ui.{key}", data.lang)  # noqa: E731
    pages = {
        "responsibilities.md": page(
            env, "responsibilities.md.j2", ui("responsibilities"), duties=data.duties
        ),
        "announcements/index.md": page(
            env,
            "announcements.md.j2",
            ui("announcements"),
            notices=data.announcements,
            public=False,
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
    pages.update(_office_pages(env, data, ui))
    for notice in data.announcements.all:
        pages[notice.path] = page(
            env, "notice.md.j2", notice.title, notice=notice, office=data.office, phone=data.phone
        )
    for spec in data.training.pages:
        pages[spec.path] = page(env, spec.template, spec.title, spec.meta, **spec.context)
    return pages


def _office_pages(
    env: jinja2.Environment, data: SiteData, ui: Callable[[str], str]
) -> dict[str, str]:
    """The service desk, fee collection and owner-file overviews (internal audience only)."""
    kinds = list(labels()["enums"]["ticket_kind"])
    months = list(data.desk.per_month)
    per_kind = [
        Series(
            choice_label("ticket_kind", k, data.lang),
            [data.desk.per_month[m].get(k, 0) for m in months],
        )
        for k in kinds
    ]
    rates = [r for r in data.fees.by_period if r.rate is not None]
    fee_chart = bar_chart(
        ui("fees-by-period"),
        [r.key[2:] for r in rates],
        [Series(ui("rate"), [percent(r.rate) for r in rates])],
        maximum=100,
        unit="%",
    )
    bucket_labels = [
        text("ui.months-over", data.lang, low=low - 1)
        if high is None
        else text("ui.months-one", data.lang, low=low)
        if high == low
        else text("ui.months-range", data.lang, low=low, high=high)
        for low, high in data.rules.fees.buckets
    ]
    return {
        "service-desk.md": page(
            env,
            "service_desk.md.j2",
            ui("service-desk"),
            desk=data.desk,
            moment=_datetime(data.moment),
            age_keys=[k for k, _, _ in AGE_BUCKETS],
            breach_limit=200,
            followup_days=data.rules.followup.days,
            satisfaction_codes=list(labels()["enums"]["satisfaction"]),
            kinds=kinds,
            chart=bar_chart(ui("sd-per-month"), [m[2:] for m in months], per_kind),
        ),
        "fees/index.md": page(
            env,
            "fees.md.j2",
            ui("fees"),
            fees=data.fees,
            chart=fee_chart,
            bucket_labels=bucket_labels,
            composition="composition.md",
        ),
        "owners.md": page(
            env,
            "owners.md.j2",
            ui("owners"),
            owners=data.owners,
            occupancy_codes=list(labels()["enums"]["occupancy"]),
            warning_days=data.rules.owners.renovation_warning_days,
            stale_months=data.rules.owners.contact_stale_months,
        ),
    }
