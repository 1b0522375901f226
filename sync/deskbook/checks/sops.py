"""The SOP pages against the workbook: a code claimed twice, a page reachable from nowhere.

An SOP page joins the nav and the SOP index by itself, so it is never unlisted; what the
office can miss is a page nothing leads to. A page is reachable from nowhere when no row of the
responsibilities tab names its code, no other page of the docs folder links to it, and its front
matter names nobody who must read it (an `audience` puts it on each reader's to-do list, which
links to it). Both issues sit on the responsibilities tab's SOP column, where SOP codes are
named; their messages name the page's file.
"""

from __future__ import annotations

from collections.abc import Mapping

from deskbook.i18n import LANGUAGES, column_label
from deskbook.model.dataset import Dataset
from deskbook.model.issues import Issue, SopCodeDuplicate, SopOrphan
from deskbook.model.sops import SopPage


def sop_checks(dataset: Dataset, sops: Mapping[str, SopPage]) -> list[Issue]:
    duties = dataset.tabs["responsibilities"]
    named = {code.strip() for code in duties.column("sop") if code}
    column_name = {lang: column_label("responsibilities", "sop", lang) for lang in LANGUAGES}
    found: list[Issue] = []
    for code, sop in sorted(sops.items(), key=lambda item: item[1].path):
        found.extend(
            SopCodeDuplicate.at(duties, None, "sop", code=code, page=sop.path, other=other)
            for other in sop.duplicates
        )
        if code in named or sop.linked_from or sop.audience:
            continue
        found.append(
            SopOrphan.at(duties, None, "sop", code=code, page=sop.path, column_name=column_name)
        )
    return found
