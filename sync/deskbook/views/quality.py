"""The data-quality page: rows per tab and every issue with its cell."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from deskbook.i18n import messages, tab_label, text
from deskbook.model.dataset import Dataset
from deskbook.model.issues import Issue, Severity
from deskbook.model.pages import PageContext, PageSpec
from deskbook.schema.tabs import TABS

if TYPE_CHECKING:
    from deskbook.views.context import Views


@dataclass(frozen=True)
class TabSummary:
    key: str
    label: str
    sheet: str | None
    rows: int
    valid: int
    rejected: int
    errors: int
    warnings: int


@dataclass(frozen=True)
class IssueGroup:
    """One tab's issues of one code: the unit a clerk fixes in one sitting."""

    tab: str
    tab_label: str
    code: str
    severity: Severity
    issues: list[Issue]


# Issues shown per group; the rest are counted (the check command lists them all).
GROUP_LIMIT = 100


@dataclass(frozen=True)
class Quality:
    tabs: list[TabSummary]
    issues: list[Issue]
    # Tab key -> address of its sheet, when the source has one (Google Sheets: ...#gid=N).
    links: dict[str, str] = field(default_factory=dict)

    def url(self, issue: Issue) -> str | None:
        """The address of the issue's cell (or column, or row) in the sheet, if it has one."""
        base = self.links.get(issue.tab)
        if base is None or "#gid=" not in base:
            return base
        return f"{base}&range={issue.where.range}" if issue.where.range else base

    @property
    def groups(self) -> list[IssueGroup]:
        """By tab and code, errors before warnings, then by tab order and size."""
        order = {tab.key: i for i, tab in enumerate(TABS)}
        found: dict[tuple[str, str], list[Issue]] = {}
        for issue in self.issues:
            found.setdefault((issue.tab, issue.code), []).append(issue)
        labels = {t.key: t.label for t in self.tabs}
        groups = [
            IssueGroup(tab, labels.get(tab, tab), code, items[0].severity, items)
            for (tab, code), items in found.items()
        ]
        return sorted(
            groups,
            key=lambda g: (g.severity is not Severity.ERROR, order.get(g.tab, len(order)), g.code),
        )


def quality(dataset: Dataset, lang: str) -> Quality:
    summaries = []
    for tab in TABS:
        data = dataset.tabs[tab.key]
        mine = [i for i in dataset.issues if i.tab == tab.key]
        summaries.append(
            TabSummary(
                key=tab.key,
                label=tab_label(tab.key, lang),
                sheet=data.sheet,
                rows=data.rows,
                valid=data.valid,
                rejected=len(data.rejected),
                errors=sum(i.severity is Severity.ERROR for i in mine),
                warnings=sum(i.severity is Severity.WARNING for i in mine),
            )
        )
    links = {key: t.link for key, t in dataset.tabs.items() if t.link}
    return Quality(summaries, list(dataset.issues), links)


@dataclass(frozen=True)
class DataQualityPage(PageContext):
    """data_quality.md.j2: rows per tab and every issue with its cell."""

    quality: Quality
    limit: int  # the issues a group lists; the rest are counted
    issue_titles: dict[str, str]  # an issue code's heading in the run's language


def pages(views: Views) -> list[PageSpec]:
    return [
        PageSpec(
            "data-quality.md",
            text("ui.data-quality", views.lang),
            "data_quality.md.j2",
            DataQualityPage(
                quality=views.view(quality_view),
                limit=GROUP_LIMIT,
                issue_titles={
                    code: text(f"issue-titles.{code}", views.lang)
                    for code in messages()["issue-titles"]
                },
            ),
            in_search=False,
        )
    ]


def quality_view(views: Views) -> Quality:
    return quality(views.dataset, views.lang)
