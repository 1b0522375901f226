"""What each template is given: the contract an office's own templates/ folder relies on.

A template is handed one PageContext's fields as its top-level names, beside the environment's
globals (t, t_html, r, lang, currency and Jinja's own). A page (render()) also has `title` and
`here`, its path; a box a marker puts on a hand-written page has only its context. A partial
with no entry here is only included: it sees what each template including it has there.

`python -m deskbook.site.contexts` writes the manual's page on it (docs/pages/templates.md).
"""

from __future__ import annotations

import ast
import inspect
import io
import sys
import tokenize
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields

import jinja2
from jinja2 import meta, nodes

from deskbook.errors import TemplateNamesUnknown
from deskbook.model.pages import PageContext
from deskbook.site.desk_markers import OfficeActionsBox
from deskbook.site.training_markers import SopStandingBox, TrainingBox
from deskbook.views.announcements import AnnouncementsPage, ArchivePage, NoticePage
from deskbook.views.changes import ChangesPage
from deskbook.views.fees import FeesPage
from deskbook.views.home import PublicHomePage
from deskbook.views.owners import OwnersPage
from deskbook.views.quality import DataQualityPage
from deskbook.views.responsibilities import ResponsibilitiesPage
from deskbook.views.service_desk import (
    ServiceDeskArchivePage,
    ServiceDeskMonthPage,
    ServiceDeskPage,
)
from deskbook.views.training import TrainingMatrixPage, TrainingPage, TrainingStaffPage
from deskbook.views.units import UnitPage, UnitsIndexPage

Registry = Mapping[str, type[PageContext]]

# The generated pages' templates, in the order of the page registry (views/registry.py).
PAGES: Registry = {
    "public_home.md.j2": PublicHomePage,
    "responsibilities.md.j2": ResponsibilitiesPage,
    "training_matrix.md.j2": TrainingMatrixPage,
    "training_onboarding.md.j2": TrainingPage,
    "training_plan.md.j2": TrainingPage,
    "training_acknowledgements.md.j2": TrainingPage,
    "training_staff.md.j2": TrainingStaffPage,
    "service_desk.md.j2": ServiceDeskPage,
    "service_desk_month.md.j2": ServiceDeskMonthPage,
    "service_desk_archive.md.j2": ServiceDeskArchivePage,
    "fees.md.j2": FeesPage,
    "owners.md.j2": OwnersPage,
    "units_index.md.j2": UnitsIndexPage,
    "unit.md.j2": UnitPage,
    "announcements.md.j2": AnnouncementsPage,
    "archive.md.j2": ArchivePage,
    "notice.md.j2": NoticePage,
    "data_quality.md.j2": DataQualityPage,
    "changes.md.j2": ChangesPage,
}
# The boxes a marker on a hand-written page asks for (site/*_markers.py).
BOXES: Registry = {
    "training_rules.md.j2": TrainingBox,
    "_training_actions.md.j2": TrainingBox,
    "_sop_index.md.j2": TrainingBox,
    "_sop_standing.md.j2": SopStandingBox,
    "_office_actions.md.j2": OfficeActionsBox,
}
# What render() gives every page beside its context.
PAGE_NAMES = ("title", "here")


@dataclass(frozen=True)
class UnknownNames:
    """Names a template uses that the one rendering it is not given."""

    template: str  # the file that uses them
    rendered_as: str  # the template deskbook renders: itself, or one that includes it
    names: tuple[str, ...]
    given: tuple[str, ...]  # the context's fields, which the template could have used


def field_names(context: type[PageContext]) -> tuple[str, ...]:
    return tuple(f.name for f in fields(context))


class _Templates:
    """An environment's templates, each parsed once, with what Jinja's meta finds in them."""

    def __init__(self, env: jinja2.Environment) -> None:
        self.env = env
        self.trees: dict[str, nodes.Template] = {}

    def tree(self, name: str) -> nodes.Template:
        if name not in self.trees:
            assert self.env.loader is not None
            source, _, _ = self.env.loader.get_source(self.env, name)
            self.trees[name] = self.env.parse(source)
        return self.trees[name]

    def included(self, name: str) -> list[str]:
        """The partials `name` includes, and theirs, each once (a computed name is not ours)."""
        seen: list[str] = []
        todo = [name]
        while todo:
            for child in meta.find_referenced_templates(self.tree(todo.pop())):
                if child is not None and child not in seen and child != name:
                    seen.append(child)
                    todo.append(child)
        return seen

    def bound(self, name: str) -> set[str]:
        """Names a template sets itself (with, set, for): a partial it includes sees them."""
        found = self.tree(name).find_all(nodes.Name)
        return {n.name for n in found if n.ctx in ("store", "param")}

    def unknown(self, name: str, available: set[str]) -> set[str]:
        # Jinja's meta counts a name set in an {% if %} and read in a loop inside it as the
        # context's; at run time it is the template's own.
        return meta.find_undeclared_variables(self.tree(name)) - available - self.bound(name)


def unknown_names(
    env: jinja2.Environment,
    pages: Registry,
    boxes: Registry | None = None,
    only: Iterable[str] | None = None,
) -> list[UnknownNames]:
    """Every name a registered template, or a partial it includes, uses and is not given.
    `only`: report just these templates' own uses (an office's overrides)."""
    wanted = None if only is None else set(only)
    templates = _Templates(env)
    found: list[UnknownNames] = []
    for name, context in {**pages, **(boxes or {})}.items():
        given = field_names(context) + (PAGE_NAMES if name in pages else ())
        has = set(env.globals) | set(given)
        # A partial sees what the including template set around it as well.
        uses = [(name, has)] + [(p, has | templates.bound(name)) for p in templates.included(name)]
        for template, available in uses:
            if wanted is not None and template not in wanted:
                continue
            names = templates.unknown(template, available)
            if names:
                found.append(UnknownNames(template, name, tuple(sorted(names)), given))
    return found


def check_overrides(env: jinja2.Environment, templates: Iterable[str]) -> None:
    """Raise TemplateNamesUnknown when an office's own template uses a name it is not given."""
    found = unknown_names(env, PAGES, BOXES, only=templates)
    if found:
        raise TemplateNamesUnknown(
            [(u.template, u.rendered_as, u.names, u.given) for u in found], sorted(env.globals)
        )


def _field_notes(context: type[PageContext]) -> dict[str, str]:
    """Each field's comment in the class that declares it: at the end of its line, or on the
    lines just above it."""
    notes: dict[str, str] = {}
    for cls in reversed(context.__mro__):
        if "__dataclass_fields__" not in vars(cls) or cls is PageContext:
            continue
        source = inspect.getsource(cls)
        trailing: dict[int, str] = {}
        alone: dict[int, str] = {}
        for token in tokenize.generate_tokens(io.StringIO(source).readline):
            if token.type == tokenize.COMMENT:
                said = token.string.lstrip("#").strip()
                own_line = token.line.strip().startswith("#")
                (alone if own_line else trailing)[token.start[0]] = said
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
                above: list[str] = []
                while node.lineno - len(above) - 1 in alone:
                    above.insert(0, alone[node.lineno - len(above) - 1])
                notes[node.target.id] = trailing.get(node.lineno) or " ".join(above)
    return notes


def manual_page() -> str:
    """docs/pages/templates.md: each template, its context type and that type's fields."""
    lines = [
        "# What each template is given",
        "",
        "<!-- Written by `python -m deskbook.site.contexts`; edit the context classes instead. -->",
        "",
        "An office replaces a template by putting a file of the same name in its own `templates/`",
        "folder (`[site] templates`, see [Settings](settings.md)). Each template is handed the",
        "fields of one context type as its top-level names, listed below, and every template",
        "also has `t`, `t_html`, `lang` and `currency` and the filters. A page also has `title`",
        "and `here` (its path); a box that a marker puts on a hand-written page has only its",
        "fields. A partial not listed here is only included: it sees what the including template",
        "has. `deskbook check` reports an office's template that uses a name it is not given.",
        "",
        "The types are the package's own, in `sync/deskbook/views/` and `sync/deskbook/site/`.",
    ]
    for heading, registry in (("Pages", PAGES), ("Boxes on hand-written pages", BOXES)):
        lines += ["", f"## {heading}"]
        for name, context in registry.items():
            notes = _field_notes(context)
            # A docstring names the templates its type is for, then says what they show.
            doc = (context.__doc__ or "").split("\n\n")[0].rpartition(".j2: ")[2]
            lines += ["", f"### {name}", "", f"`{context.__name__}`: {' '.join(doc.split())}", ""]
            lines += ["| name | type | meaning |", "| --- | --- | --- |"]
            for f in fields(context):
                kind = str(f.type)
                lines.append(f"| `{f.name}` | `{kind}` | {notes.get(f.name, '')} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.stdout.write(manual_page())
