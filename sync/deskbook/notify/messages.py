"""What the office is told, in its own language: a failure, new data errors, the daily digest.

The digest is the home page's counts at the desk and the training to-dos, each with a link;
it never carries an owner's name, phone or ID number (it is made of counts only).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from deskbook.i18n import text
from deskbook.model.dataset import Dataset
from deskbook.model.issues import SpreadsheetNearLimit
from deskbook.views.context import Views
from deskbook.views.today import today_view
from deskbook.views.training import training_view
from deskbook.writers.training_export import summary_lines


@dataclass(frozen=True)
class Message:
    event: str
    title: str
    body: str


def page_url(site_url: str, path: str, directory_urls: bool = True) -> str:
    """The address of a generated page (its path in docs_dir) under the site's address."""
    if not site_url:
        return ""
    stem = path.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        url = stem.removesuffix("index")
    else:
        url = f"{stem}/" if directory_urls else f"{stem}.html"
    return site_url.rstrip("/") + "/" + url


def _item(label: str, url: str) -> str:
    return f"- [{label}]({url})" if url else f"- {label}"


def failure(office: str, lang: str, at: dt.datetime, message: str) -> Message:
    title = text("notify.failure-title", lang, office=office)
    body = text("notify.failure-body", lang, at=at.strftime("%Y-%m-%d %H:%M"), message=message)
    return Message("failure", title, body)


def recovered(office: str, lang: str, at: dt.datetime, site_url: str) -> Message:
    title = text("notify.recovered-title", lang, office=office)
    body = text("notify.recovered-body", lang, at=at.strftime("%Y-%m-%d %H:%M"))
    if site_url:
        body += "\n" + _item(site_url, site_url)
    return Message("recovered", title, body)


def data_errors(
    office: str, lang: str, dataset: Dataset, site_url: str, published: bool
) -> Message:
    errors = dataset.errors
    title = text("notify.errors-title", lang, office=office, count=len(errors))
    lines = [text("notify.errors-published" if published else "notify.errors-held", lang)]
    # The cells, not their values: a value may be a phone number.
    cells = sorted({e.cell for e in errors})
    shown = ", ".join(cells[:10]) + (" …" if len(cells) > 10 else "")
    lines.append(text("notify.errors-cells", lang, cells=shown))
    url = page_url(site_url, "data-quality.md")
    if url:
        lines.append(_item(text("ui.data-quality", lang), url))
    return Message("data-errors", title, "\n".join(lines))


def digest(office: str, views: Views, site_url: str) -> Message:
    lang = views.lang
    today = views.view(today_view)
    desk = page_url(site_url, "service-desk.md")
    fees = page_url(site_url, "fees/index.md")
    owners = page_url(site_url, "owners.md")
    quality = page_url(site_url, "data-quality.md")
    training = page_url(site_url, "training/index.md")
    money = f"{today.arrears_total:,}"
    ui = lambda key, **kw: text(f"ui.{key}", lang, **kw)  # noqa: E731
    lines = [
        f"**{ui('today-title', date=today.as_of.isoformat())}**",
        _item(ui("today-breaches", count=today.breaches_open), desk),
        _item(ui("today-followups", count=today.followups_missed), desk),
        _item(ui("today-complaints", count=today.complaints_open), desk),
        _item(
            ui("today-arrears", units=today.arrears_units, total=money, currency=views.currency),
            fees,
        ),
        _item(ui("today-contacts", count=today.contacts_to_verify), owners),
        _item(ui("today-permits", count=today.permits_ending), owners),
        _item(ui("today-errors", count=today.data_errors), quality),
        # A spreadsheet near Google's 10M cells: said every day until it is split.
        *(
            _item(issue.message(lang), quality)
            for issue in views.dataset.issues
            if isinstance(issue, SpreadsheetNearLimit)
        ),
        "",
    ]
    heading, *todo = summary_lines(views.view(training_view).report, lang)
    lines.append(f"**{heading}**")
    lines += [_item(line.removeprefix("- "), training) for line in todo]
    title = text("notify.digest-title", lang, office=office, date=today.as_of.isoformat())
    return Message("daily-digest", title, "\n".join(lines))
