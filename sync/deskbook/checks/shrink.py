"""The shrink guard: a sync that lost most of a tab's rows, or has none in a tab every office
fills, is held back, not published."""

from __future__ import annotations

from collections.abc import Mapping

from deskbook.i18n import tab_label
from deskbook.model.dataset import Dataset
from deskbook.model.issues import DataShrunk, EmptyRequiredTab, Issue, Location
from deskbook.schema.tabs import TABS


def shrink_issues(dataset: Dataset, before: Mapping[str, int], limit: float) -> list[Issue]:
    """One issue per tab whose rows fell by more than `limit` (a share, 0.5 = half) against
    `before`, the rows per tab at the last sync that was not held back. Each tab on its own:
    a cleared owners sheet is a tenth of the tabs but all of the owners."""
    issues: list[Issue] = []
    for tab in TABS:
        was = before.get(tab.key, 0)
        data = dataset.tabs[tab.key]
        if not was or (was - data.rows) / was <= limit:
            continue
        params: dict[str, object] = {
            "before": was,
            "now": data.rows,
            "share": f"{(was - data.rows) / was:.0%}",
            "limit": f"{limit:.0%}",
        }
        if data.sheet is None:  # the tab is gone: name it as missing-tab does
            issues.append(DataShrunk(Location(tab.key, tab_label(tab.key, "zh-Hant")), params))
        else:
            issues.append(DataShrunk(Location.of(data), params))
    return issues


def empty_required(dataset: Dataset) -> list[Issue]:
    """Staff, owners and duties: an office always has rows there, so a tab of them with none
    was cleared by mistake (a missing tab is reported as missing-tab already)."""
    return [
        EmptyRequiredTab(Location.of(data))
        for tab in TABS
        if tab.required and (data := dataset.tabs[tab.key]).sheet is not None and not data.rows
    ]
