"""A banner on every page once its data is older than [site] stale_after, at the moment it is
read: the page carries its sync time and a few lines of script compare it with the reader's
clock (no request anywhere). Printed, the page carries the sync time in its body, since
Material's print style leaves out the footer that shows it on screen."""

from __future__ import annotations

import datetime as dt
import html
import re

from deskbook.i18n import text

_BODY = re.compile(r"<body\b[^>]*>")

# Unhides the banner just above it when the sync time is older than its limit.
_SCRIPT = (
    "<script>(function(){var b=document.currentScript.previousElementSibling;"
    "var age=(Date.now()-Date.parse(b.dataset.synced))/1000;"
    "if(age>Number(b.dataset.staleAfter)){b.hidden=false;}})();</script>"
)


def banner(synced_at: dt.datetime, zone: dt.tzinfo, stale_after: dt.timedelta, lang: str) -> str:
    local = synced_at.astimezone(zone)
    shown = local.strftime("%Y-%m-%d %H:%M")
    hours = round(stale_after.total_seconds() / 3600)
    warning = html.escape(text("ui.stale-banner", lang, synced=shown, hours=hours))
    printed = html.escape(text("ui.print-synced", lang, synced=shown, zone=str(zone)))
    return (
        f'<div class="deskbook-stale" role="alert" hidden'
        f' data-synced="{html.escape(synced_at.isoformat())}"'
        f' data-stale-after="{int(stale_after.total_seconds())}">{warning}</div>'
        f"{_SCRIPT}"
        f'<p class="deskbook-print-synced">{printed}</p>'
    )


def add_banner(page_html: str, block: str) -> str:
    """`block` right after the opening body tag, so it shows above everything else."""
    return _BODY.sub(lambda m: m[0] + block, page_html, count=1)
