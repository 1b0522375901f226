"""Send one message to every configured address with apprise; never raise, never echo a URL.

An address is a secret (a WeCom or DingTalk robot key, a mail password), so results name it
only by its place in the list and apprise's name for the service.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass

import apprise

log = logging.getLogger(__name__)

# Addresses kept out of deskbook.toml (a CI secret, a systemd credential), space-separated.
ENV_URLS = "DESKBOOK_NOTIFY_URLS"


@dataclass(frozen=True)
class Sent:
    target: str  # "#2 DingTalk": never the URL
    ok: bool

    def to_dict(self) -> dict[str, object]:
        return {"target": self.target, "ok": self.ok}


def addresses(configured: list[str]) -> list[str]:
    return [*configured, *os.environ.get(ENV_URLS, "").split()]


def send(urls: list[str], title: str, body: str) -> list[Sent]:
    """Deliver to each address on its own, so one broken robot does not silence the rest."""
    results = []
    for number, url in enumerate(urls, 1):
        results.append(send_one(f"#{number}", url, title, body))
    return results


def send_one(name: str, url: str, title: str, body: str) -> Sent:
    """Deliver one message; `name` (a place in the list, a staff id) is all a log names."""
    try:
        plugin = apprise.Apprise.instantiate(url, suppress_exceptions=True)
        if plugin is None:
            log.warning("notify %s: not an address apprise can send to", name)
            return Sent(name, False)
        name = f"{name} {plugin.service_name}"
        ok = bool(plugin.notify(body=body, title=title))
    except Exception as exc:  # a notifier must never fail the publish
        log.warning("notify %s: %s", name, type(exc).__name__)
        return Sent(name, False)
    if not ok:
        log.warning("notify %s: not delivered", name)
    return Sent(name, ok)
