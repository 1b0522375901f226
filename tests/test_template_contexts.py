"""Each template is given one typed context, and uses no name outside it: the contract an
office's own templates/ folder relies on (docs/pages/templates.md)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import pytest
from jinja2 import meta

from deskbook.commands.check import run_check
from deskbook.company.rollup import ROLLUP_CONTEXTS
from deskbook.config import load_config
from deskbook.errors import TemplateNamesUnknown
from deskbook.model.pages import PageContext, PageSpec
from deskbook.pipeline import make_run, prepare
from deskbook.render.pages import make_env
from deskbook.site.contexts import BOXES, PAGES, manual_page, unknown_names
from deskbook.site.mkdocs_config import docs_dir
from tests.conftest import ROOT, copy_demo

SHIPPED = sorted(
    f.name for f in resources.files("deskbook").joinpath("templates").iterdir() if f.is_file()
)
ALL_PAGES = {**PAGES, **ROLLUP_CONTEXTS}


def test_every_template_is_registered_or_included() -> None:
    env = make_env("zh-Hant")
    registered = set(ALL_PAGES) | set(BOXES)
    assert not set(PAGES) & set(ROLLUP_CONTEXTS)
    assert env.loader is not None
    included = {
        name
        for template in registered
        for name in meta.find_referenced_templates(
            env.parse(env.loader.get_source(env, template)[0])
        )
    }
    assert registered <= set(SHIPPED)
    # A page template (no leading underscore) is rendered by name, so it must be registered;
    # a partial is registered when a marker renders it, else something includes it.
    assert {n for n in SHIPPED if not n.startswith("_")} <= registered
    assert set(SHIPPED) <= registered | included


@pytest.mark.parametrize("lang", ["zh-Hant", "en"])
def test_shipped_templates_use_only_the_names_they_are_given(lang: str) -> None:
    assert unknown_names(make_env(lang), ALL_PAGES, BOXES) == []


@dataclass(frozen=True)
class _Misspelt(PageContext):
    """The fees page's context with one field misspelt, as a view's typo would make it."""

    fees: object
    chrat: object
    bucket_labels: object
    composition: object
    arrears: object
    last_reminder: object
    reminder_count: object
    reminders_csv: object


def test_a_misspelt_field_is_reported() -> None:
    found = unknown_names(make_env("en"), {"fees.md.j2": _Misspelt})
    assert [(u.template, u.names) for u in found] == [("fees.md.j2", ("chart",))]
    assert "chrat" in found[0].given


@pytest.fixture(scope="module")
def demo_specs(tmp_path_factory: pytest.TempPathFactory) -> list[PageSpec]:
    """Every page the demo makes for its three audiences."""
    config = load_config(copy_demo(tmp_path_factory.mktemp("contexts")))
    specs: list[PageSpec] = []
    for audience in ("public", "internal", "manager"):
        run = make_run(config, as_of=dt.date(2026, 11, 27), audience=audience)
        specs += prepare(run, docs_dir(config)).pages
    return specs


def test_every_demo_page_carries_its_templates_context(demo_specs: list[PageSpec]) -> None:
    assert {s.template for s in demo_specs} >= set(PAGES) - {"service_desk_archive.md.j2"}
    wrong = [
        (s.path, s.template, type(s.context).__name__)
        for s in demo_specs
        if type(s.context) is not PAGES.get(s.template)
    ]
    assert wrong == []


def _office_with(folder: Path, templates: dict[str, str]) -> Path:
    config = copy_demo(folder)
    (folder / "templates").mkdir()
    for name, text in templates.items():
        (folder / "templates" / name).write_text(text, "utf-8")
    return config


def test_check_reports_an_office_template_using_an_unknown_name(tmp_path: Path) -> None:
    fees = (ROOT / "templates" / "fees.md.j2").read_text("utf-8")
    config = _office_with(
        tmp_path,
        {
            "fees.md.j2": fees.replace("{{ chart }}", "{{ chrat }}"),
            # A partial is checked as each page including it has it.
            "_more_rows.md.j2": "{{ table.more }} {{ rows_left }}\n",
            "notes.md.j2": "{{ anything }}\n",  # rendered by nothing: never checked
        },
    )
    with pytest.raises(TemplateNamesUnknown) as caught:
        run_check(config, as_of=dt.date(2026, 11, 27), lang="en")
    said = caught.value.message("en")
    assert "- fees.md.j2: no chrat. This template is given: fees, chart, bucket_labels" in said
    assert "- _more_rows.md.j2 (included by fees.md.j2): no rows_left." in said
    assert "- _more_rows.md.j2 (included by unit.md.j2): no rows_left." in said
    assert "anything" not in said
    for lang in ("zh-Hant", "zh-Hans"):
        assert "chrat" in caught.value.message(lang)


def test_check_accepts_an_office_template_within_its_context(tmp_path: Path) -> None:
    notice = "# {{ title }}\n\n{{ office }} {{ notice.title }} {{ t('issued-on') }} {{ here }}\n"
    config = _office_with(tmp_path, {"notice.md.j2": notice})
    # The demo's rows with errors make the exit code 1; the templates stop nothing.
    assert run_check(config, as_of=dt.date(2026, 11, 27), lang="en").dataset.tabs


def test_the_manual_page_is_what_the_generator_writes() -> None:
    page = ROOT / "docs" / "pages" / "templates.md"
    assert page.read_text("utf-8") == manual_page(), (
        "docs/pages/templates.md is out of date: "
        "python -m deskbook.site.contexts > docs/pages/templates.md"
    )
