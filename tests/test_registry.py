"""The page registry: every generated page is a PageSpec from a view, for its audience."""

from __future__ import annotations

import datetime as dt
from importlib import resources
from pathlib import Path

from deskbook.config import load_config
from deskbook.pipeline import Prepared, make_run, prepare
from deskbook.site.mkdocs_config import docs_dir
from deskbook.views.announcements import announcements_view
from deskbook.views.fees import fees_view
from deskbook.views.owners import owners_view
from deskbook.views.service_desk import desk_view
from deskbook.views.today import today_view
from deskbook.views.training import training_view


def prepared(config_path: Path, audience: str) -> Prepared:
    config = load_config(config_path)
    run = make_run(config, as_of=dt.date(2026, 11, 27), audience=audience)
    return prepare(run, docs_dir(config))


def test_the_office_gets_every_internal_page(minimal_handbook: Path) -> None:
    specs = prepared(minimal_handbook, "internal").pages
    paths = [s.path for s in specs]
    assert len(paths) == len(set(paths))
    assert {
        "responsibilities.md",
        "training/index.md",
        "training/onboarding.md",
        "training/plan.md",
        "service-desk.md",
        "fees/index.md",
        "owners.md",
        "announcements/index.md",
        "announcements/archive.md",
        "data-quality.md",
        "units/index.md",
    } <= set(paths)
    assert "index.md" not in paths  # the office's home page is hand-written
    shipped = {f.name for f in resources.files("deskbook").joinpath("templates").iterdir()}
    assert {s.template for s in specs} <= shipped
    assert all("internal" in s.audiences for s in specs)
    # Per-person, per-notice, per-unit and per-month pages are linked from their index pages,
    # not the nav.
    assert {s.path for s in specs if not s.in_nav} == {
        p for p in paths if p.startswith(("training/staff/", "units/")) and p != "units/index.md"
    } | {
        "announcements/kf-2026-001.md",
        "announcements/kf-2026-002.md",
        "service-desk/2026-11.md",
    }


def test_the_owners_board_gets_only_public_pages(minimal_handbook: Path) -> None:
    specs = prepared(minimal_handbook, "public").pages
    assert [s.path for s in specs] == [
        "index.md",
        "announcements/index.md",
        "announcements/archive.md",
        "announcements/kf-2026-001.md",
        "announcements/kf-2026-002.md",
    ]
    assert all("public" in s.audiences for s in specs)


def test_each_view_is_computed_once_per_run(minimal_handbook: Path) -> None:
    run = prepared(minimal_handbook, "internal")
    by_path = {s.path: s for s in run.pages}
    views = run.views
    assert by_path["service-desk.md"].context.desk is views.view(desk_view)
    assert by_path["fees/index.md"].context.fees is views.view(fees_view)
    assert by_path["owners.md"].context.owners is views.view(owners_view)
    assert by_path["training/index.md"].context.site is views.view(training_view)
    assert by_path["announcements/index.md"].context.notices is views.view(announcements_view)
    assert views.view(today_view) is views.view(today_view)
