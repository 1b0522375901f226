"""Notices in one posting format: drafts never publish, expired ones go to the archive."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from deskbook.domain.notice_pages import ARCHIVE_PAGE, LIST_PAGE, RESERVED, page_name, page_path
from deskbook.i18n import text
from deskbook.model.choices import NoticeStatus
from deskbook.model.dataset import Dataset
from deskbook.model.pages import EVERYONE, PageContext, PageSpec
from deskbook.model.records import NoticeRow

if TYPE_CHECKING:
    from deskbook.views.context import Views


@dataclass(frozen=True)
class Notice:
    notice_no: str
    title: str
    kind: str
    audience: str
    body: str
    issued_on: dt.date
    expires_on: dt.date | None
    issuer: str
    pinned: bool
    expired: bool
    slug: str

    @property
    def path(self) -> str:
        return page_path(self.slug)


@dataclass(frozen=True)
class Announcements:
    current: list[Notice]
    archive: list[Notice]
    scheduled: int
    drafts: int

    @property
    def all(self) -> list[Notice]:
        return self.current + self.archive


def _slug(notice_no: str, taken: set[str]) -> str:
    slug = page_name(notice_no)
    if not slug or slug in taken or slug in RESERVED:
        digest = hashlib.sha1(notice_no.encode()).hexdigest()[:8]
        slug = f"{slug}-{digest}" if slug else f"n-{digest}"
    taken.add(slug)
    return slug


def _notice(record: NoticeRow, as_of: dt.date, slug: str) -> Notice:
    expires = record.expires_on
    return Notice(
        notice_no=record.notice_no,
        title=record.title,
        kind=record.kind,
        audience=record.audience,
        body=record.body,
        issued_on=record.issued_on,
        expires_on=expires,
        issuer=record.issuer,
        pinned=bool(record.pinned),
        expired=expires is not None and expires < as_of,
        slug=slug,
    )


def announcements(
    dataset: Dataset, as_of: dt.date, audiences: set[str] | None = None
) -> Announcements:
    records = dataset.records("announcements")
    published = [
        r
        for r in records
        if r.status == NoticeStatus.PUBLISHED and (audiences is None or r.audience in audiences)
    ]
    live = [r for r in published if r.issued_on <= as_of]
    taken: set[str] = set()
    notices = [
        _notice(r, as_of, _slug(r.notice_no, taken))
        for r in sorted(live, key=lambda r: r.notice_no)
    ]
    by_date = sorted(notices, key=lambda n: (n.issued_on, n.notice_no), reverse=True)
    return Announcements(
        current=sorted((n for n in by_date if not n.expired), key=lambda n: not n.pinned),
        archive=[n for n in by_date if n.expired],
        scheduled=len(published) - len(live),
        drafts=sum(r.status == NoticeStatus.DRAFT for r in records),
    )


@dataclass(frozen=True)
class AnnouncementsPage(PageContext):
    """announcements.md.j2: the current notices."""

    notices: Announcements
    public: bool  # the owners' board's page, which says nothing of drafts or schedules


@dataclass(frozen=True)
class ArchivePage(PageContext):
    """archive.md.j2: the expired notices."""

    notices: Announcements


@dataclass(frozen=True)
class NoticePage(PageContext):
    """notice.md.j2: one notice, printable for the board."""

    notice: Notice
    office: str  # the office's name, which signs the notice
    phone: str  # the office's phone, for questions


def pages(views: Views) -> list[PageSpec]:
    """The list, the archive and one printable page per notice, on both audiences' sites."""
    notices = views.view(announcements_view)
    ui = lambda key: text(f"ui.{key}", views.lang)  # noqa: E731
    specs = [
        PageSpec(
            page_path(LIST_PAGE),
            ui("announcements"),
            "announcements.md.j2",
            AnnouncementsPage(notices, views.public),
            EVERYONE,
            section="announcements",
        ),
        PageSpec(
            page_path(ARCHIVE_PAGE),
            ui("archive"),
            "archive.md.j2",
            ArchivePage(notices),
            EVERYONE,
            section="announcements",
        ),
    ]
    office, phone = views.office.name, views.office.phone
    specs += [
        PageSpec(
            n.path, n.title, "notice.md.j2", NoticePage(n, office, phone), EVERYONE, in_nav=False
        )
        for n in notices.all
    ]
    return specs


def announcements_view(views: Views) -> Announcements:
    # The owners' board knows only notices addressed to owners.
    audiences = {"owners"} if views.public else None
    return announcements(views.dataset, views.as_of, audiences)
