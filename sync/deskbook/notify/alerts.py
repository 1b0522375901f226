"""When to tell the office, and what was told, remembered in the state's status.json.

A failure is told once per streak (again only when the error changes), and its end once (the
first publish that works again); data errors once per
new set of errors, the digest once a day with the first successful run after `digest_at`; so a
timer every 30 minutes never floods the group chat. A notifier that fails is logged and shown
in status (`notify.last`), and never fails the publish.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from deskbook.config import Config
from deskbook.notify import messages, personal
from deskbook.notify.send import addresses, send
from deskbook.state.status import read_status, record

if TYPE_CHECKING:
    from deskbook.model.dataset import Dataset
    from deskbook.pipeline import Prepared


class _Target(Protocol):
    @property
    def audience(self) -> str: ...


class _Site(Protocol):
    @property
    def output(self) -> _Target: ...
    @property
    def site_url(self) -> str: ...
    @property
    def prepared(self) -> Prepared | None: ...


class PublishOutcome(Protocol):
    """What the office is told after a publish (commands.publish.PublishResult holds it)."""

    @property
    def outcome(self) -> str: ...
    @property
    def dataset(self) -> Dataset | None: ...
    @property
    def outputs(self) -> Sequence[_Site]: ...


def _deliver(
    config: Config, path: Path, now: dt.datetime, message: messages.Message, memory: dict[str, Any]
) -> None:
    sent = send(addresses(config.notify.urls), message.title, message.body)
    # Said before it is remembered: a state folder that cannot be written must not silence it.
    last = {
        "at": now.isoformat(),
        "event": message.event,
        "ok": all(s.ok for s in sent),
        "targets": [s.to_dict() for s in sent],
    }
    status = read_status(path) or {}
    record(path, status["last_attempt"], notify={**memory, "last": last})


def _wanted(config: Config, event: str) -> bool:
    return event in config.notify.on and bool(addresses(config.notify.urls))


def _memory(path: Path) -> dict[str, Any]:
    memory: dict[str, Any] = (read_status(path) or {}).get("notify") or {}
    return memory


def owed(config: Config, path: Path, now: dt.datetime, as_of: dt.date | None = None) -> bool:
    """Whether `after_publish` has something to say that needs this run's data: that a failing
    run recovered, today's digest once it is due, or the day's personal reminders. A publish
    that owes nothing may skip reading an unchanged source."""
    memory = _memory(path)
    if memory.get("failing") or personal.owed(config, memory, now, as_of):
        return True
    local = now.astimezone(config.zone)
    due = local.time() >= config.notify.digest_at
    today = local.date().isoformat()
    return due and memory.get("digest_on") != today and _wanted(config, "daily-digest")


def after_failure(config: Config, path: Path, now: dt.datetime, key: str, message: str) -> None:
    memory = _memory(path)
    if not _wanted(config, "failure") or memory.get("failing") == key:
        return
    lang = config.office.language
    told = messages.failure(config.office.name, lang, now, message)
    _deliver(config, path, now, told, {"failing": key})


def after_publish(config: Config, path: Path, now: dt.datetime, result: PublishOutcome) -> None:
    assert result.dataset is not None  # a publish that read nothing owes nothing (`owed`)
    memory = _memory(path)
    lang = config.office.language
    internal = next((r for r in result.outputs if r.output.audience == "internal"), None)
    site_url = config.notify.site_url or (internal.site_url if internal else "")
    if memory.get("failing"):
        # Whoever heard of the failure hears that publishing works again.
        if _wanted(config, "failure"):
            told = messages.recovered(config.office.name, lang, now, site_url)
            _deliver(config, path, now, told, {"failing": None})
        else:
            record(path, (read_status(path) or {})["last_attempt"], notify={"failing": None})
    errors = result.dataset.errors
    errors_key = hashlib.sha256("\n".join(sorted(f"{e.code} {e.cell}" for e in errors)).encode())
    fingerprint = errors_key.hexdigest() if errors else None
    if fingerprint != memory.get("errors") and _wanted(config, "data-errors"):
        if errors:
            published = result.outcome != "strict-failed"
            told = messages.data_errors(
                config.office.name, lang, result.dataset, site_url, published
            )
            _deliver(config, path, now, told, {"errors": fingerprint})
        else:
            record(path, (read_status(path) or {})["last_attempt"], notify={"errors": None})
    local = now.astimezone(config.zone)
    due = local.time() >= config.notify.digest_at
    today = local.date().isoformat()
    source = internal or (result.outputs[0] if result.outputs else None)
    if (
        due
        and memory.get("digest_on") != today
        and source
        and source.prepared
        and _wanted(config, "daily-digest")
    ):
        views = dataclasses.replace(source.prepared.views, lang=lang)
        told = messages.digest(config.office.name, views, site_url)
        _deliver(config, path, now, told, {"digest_on": today})
    if config.notify.personal.enabled and source and source.prepared:
        views = source.prepared.views
        if views.lang != lang:  # else the pages' own views, their to-dos already worked out
            views = dataclasses.replace(views, lang=lang)
        remembered = personal.deliver(config, views, site_url, now, _memory(path))
        if remembered is not None:
            status = read_status(path) or {}
            record(path, status["last_attempt"], notify={"personal": remembered})
