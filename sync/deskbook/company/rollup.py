"""The company's roll-up site, made only from estates' extracts (company/run.py).

Pages: the estates at a glance (state, last successful sync, open data errors), training
compliance by category, onboarding outcomes, the service desk's SLA breaches and missed
follow-ups, fee collection and arrears. Counts only: no person is named and no owner's
detail appears. Every figure links to the estate's own page. An estate whose last attempt
failed shows its last good figures, marked stale with the reason. The site is built with
like every page: PageSpecs rendered from templates (templates/rollup_*.md.j2), staged as plain
files with a generated configuration, built and swapped in by the site door (site/staged.py).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from markupsafe import Markup

from deskbook import __version__
from deskbook.company.config import CompanyConfig
from deskbook.company.extract import PAGES, ZERO, read_extracts, without_machine_paths
from deskbook.i18n import text
from deskbook.model.pages import PageContext, PageSpec
from deskbook.render.charts import Series, bar_chart
from deskbook.render.escape import safe_url
from deskbook.render.pages import make_env, render
from deskbook.site.engines import engine_for
from deskbook.site.staged import Staged, build_staged
from deskbook.training.compliance import STATUSES

ONBOARDING = ("passed", "in_progress", "late", "failed")
OK_OUTCOMES = ("ok", "unchanged")


def _stale(data: dict[str, Any]) -> str | None:
    """Why an estate's figures are not today's, or None when its last attempt succeeded.
    An extract written elsewhere may still quote a host's path: only its last name shows."""
    attempt = data.get("last_attempt") or {}
    if data.get("last_success") and attempt.get("outcome") in OK_OUTCOMES:
        return None
    return without_machine_paths(str(attempt.get("message") or attempt.get("error") or "-"))


def totals(extracts: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The company's figures: each the sum of the estates' own (stale ones' last good)."""
    training: dict[str, dict[str, int]] = {}
    onboarding: dict[str, int] = {}
    service: dict[str, int] = {}
    fees = {"due": ZERO, "collected": ZERO, "arrears": ZERO}
    arrears_units = errors = warnings = 0
    for data in extracts.values():
        f = data.get("figures")
        if not f:
            continue
        for code, counts in f["training"].items():
            row = training.setdefault(code, dict.fromkeys(STATUSES, 0))
            for status, n in counts.items():
                row[status] += n
        for state, n in f["onboarding"].items():
            onboarding[state] = onboarding.get(state, 0) + n
        for key, n in f["service"].items():
            service[key] = service.get(key, 0) + n
        for key in fees:
            fees[key] += Decimal(f["fees"][key])
        arrears_units += f["fees"]["arrears_units"]
        errors += f["errors"]
        warnings += f["warnings"]
    return {
        "training": training,
        "onboarding": onboarding,
        "service": service,
        "fees": {**{k: str(v) for k, v in fees.items()}, "arrears_units": arrears_units},
        "errors": errors,
        "warnings": warnings,
    }


def rate(collected: Decimal, due: Decimal) -> str:
    return f"{(collected / due * 100).quantize(Decimal('0.1'))}%" if due else "-"


def compliance(counts: dict[str, int]) -> str:
    judged = counts.get("done", 0) + counts.get("pending", 0) + counts.get("overdue", 0)
    return f"{counts.get('done', 0) * 100 // judged}%" if judged else "-"


def _estate_url(url: str) -> str | None:
    """An http(s) address, or a path relative to the roll-up (the default ../<code>/)."""
    parts = urlsplit(url)
    if not parts.scheme and not parts.netloc and not any(ch.isspace() for ch in url):
        return url
    return safe_url(url)


@dataclass(frozen=True)
class Cell:
    """A figure or a name on a roll-up page: linked to the estate's own page where it has one
    (`url`, checked here), marked stale where the estate's figures are not today's."""

    text: str
    url: str | None = None
    stale: bool = False


@dataclass(frozen=True)
class Table:
    """A roll-up table: _rollup_table.md.j2 prints the one its includer names `table`."""

    head: list[str]
    rows: list[list[Cell]]


@dataclass(frozen=True)
class HomeContext(PageContext):
    """rollup_home.md.j2: the estates at a glance."""

    summary: str  # how many estates, how many of them stale
    estates: Table


@dataclass(frozen=True)
class TrainingContext(PageContext):
    """rollup_training.md.j2: compliance by category, the overdue chart, onboarding."""

    compliance: Table
    chart: Markup  # overdue staff per estate and category, an SVG
    onboarding: Table


@dataclass(frozen=True)
class FiguresContext(PageContext):
    """rollup_service.md.j2 and rollup_fees.md.j2: one table and its chart."""

    table: Table
    chart: Markup  # an SVG


# The roll-up's templates and what each is given. They are the company's, never an office's
# (the roll-up's environment has no overrides), so they stay out of the office's contract
# (site/contexts.py), which cannot see this stage.
ROLLUP_CONTEXTS: dict[str, type[PageContext]] = {
    "rollup_home.md.j2": HomeContext,
    "rollup_training.md.j2": TrainingContext,
    "rollup_service.md.j2": FiguresContext,
    "rollup_fees.md.j2": FiguresContext,
}


class _Pages:
    def __init__(self, company: CompanyConfig, extracts: dict[str, dict[str, Any]]):
        self.lang = company.company.language
        self.company = company
        self.extracts = [extracts[k] for k in sorted(extracts)]
        self.with_figures = [d for d in self.extracts if d.get("figures")]
        self.totals = totals(extracts)
        # From the page being made back to the roll-up's root: a relative estate address is
        # relative to the root, and every page but the home page is a folder down (fees/).
        self.up = ""

    def t(self, key: str, **params: Any) -> str:
        return text(f"rollup.{key}", self.lang, **params)

    def link(self, data: dict[str, Any], page: str, label: object) -> Cell:
        # An estate that never published has no site to link to, only its reason.
        url = _estate_url(str(data.get("url") or "") + PAGES[page])
        if url is None or not data.get("last_success"):
            return Cell(str(label))
        parts = urlsplit(url)
        if not parts.scheme and not parts.netloc and not url.startswith("/"):
            url = self.up + url
        return Cell(str(label), url)

    def name(self, data: dict[str, Any]) -> Cell:
        linked = self.link(data, "training", data.get("name") or data["code"])
        return Cell(linked.text, linked.url, _stale(data) is not None)

    def names(self) -> list[str]:
        return [str(d.get("name") or d["code"]) for d in self.with_figures]

    def total(self, *figures: object) -> list[Cell]:
        return [Cell(self.t("total")), *(Cell(str(f)) for f in figures)]

    def home(self) -> HomeContext:
        rows: list[list[Cell]] = []
        for d in self.extracts:
            success = (d.get("last_success") or {}).get("synced_at") or self.t("never")
            f = d.get("figures") or {}
            reason = _stale(d)
            rows.append(
                [
                    self.name(d),
                    Cell(self.t("state-stale") if reason else self.t("state-ok")),
                    Cell(success[:16].replace("T", " ")),
                    self.link(d, "errors", f.get("errors", "-")) if f else Cell("-"),
                    Cell(reason or ""),
                ]
            )
        head = [self.t(k) for k in ("estate", "state", "last-success", "errors", "reason")]
        stale = sum(1 for d in self.extracts if _stale(d))
        summary = self.t("summary", estates=len(self.extracts), stale=stale)
        return HomeContext(summary, Table(head, rows))

    def training(self) -> TrainingContext:
        codes = list(self.totals["training"])
        labels: dict[str, str] = {}
        for d in self.extracts:
            for code, names in ((d.get("figures") or {}).get("training_labels") or {}).items():
                labels.setdefault(code, names.get(self.lang, code))
        rows: list[list[Cell]] = []
        chart_values: dict[str, list[float]] = {c: [] for c in codes}
        for d in self.with_figures:
            row = [self.name(d)]
            for code in codes:
                counts = d["figures"]["training"].get(code, {})
                cell = self.t(
                    "compliance", rate=compliance(counts), overdue=counts.get("overdue", 0)
                )
                row.append(self.link(d, "training", cell))
                chart_values[code].append(float(counts.get("overdue", 0)))
            rows.append(row)
        rows.append(
            self.total(
                *(
                    self.t("compliance", rate=compliance(counts), overdue=counts["overdue"])
                    for counts in (self.totals["training"][code] for code in codes)
                )
            )
        )
        chart = bar_chart(
            self.t("overdue-chart"),
            self.names(),
            [Series(labels.get(c, c), v) for c, v in chart_values.items()],
            self.lang,
        )
        onboarding = [
            [self.name(d)]
            + [self.link(d, "onboarding", d["figures"]["onboarding"].get(s, 0)) for s in ONBOARDING]
            for d in self.with_figures
        ]
        onboarding.append(self.total(*(self.totals["onboarding"].get(s, 0) for s in ONBOARDING)))
        return TrainingContext(
            Table([self.t("estate"), *(labels.get(c, c) for c in codes)], rows),
            chart,
            Table([self.t("estate"), *(self.t(f"onboarding-{s}") for s in ONBOARDING)], onboarding),
        )

    def service(self) -> FiguresContext:
        keys = ("open", "breaches", "breaches_open", "followups_missed")
        rows = [
            [self.name(d)] + [self.link(d, "service", d["figures"]["service"][k]) for k in keys]
            for d in self.with_figures
        ]
        rows.append(self.total(*(self.totals["service"].get(k, 0) for k in keys)))
        chart = bar_chart(
            self.t("service"),
            self.names(),
            [
                Series(
                    self.t(f"service-{k}"),
                    [float(d["figures"]["service"][k]) for d in self.with_figures],
                )
                for k in ("breaches", "followups_missed")
            ],
            self.lang,
            stacked=False,
        )
        head = [self.t("estate"), *(self.t(f"service-{k}") for k in keys)]
        return FiguresContext(Table(head, rows), chart)

    def fees(self) -> FiguresContext:
        rows: list[list[Cell]] = []
        rates: list[float] = []
        for d in self.with_figures:
            f = d["figures"]["fees"]
            due, collected = Decimal(f["due"]), Decimal(f["collected"])
            rows.append(
                [
                    self.name(d),
                    self.link(d, "fees", f"{due:,}"),
                    self.link(d, "fees", f"{collected:,}"),
                    self.link(d, "fees", rate(collected, due)),
                    self.link(d, "fees", f"{Decimal(f['arrears']):,}"),
                    self.link(d, "fees", f["arrears_units"]),
                ]
            )
            rates.append(float(collected / due * 100) if due else 0.0)
        t = self.totals["fees"]
        due, collected = Decimal(t["due"]), Decimal(t["collected"])
        rows.append(
            self.total(
                f"{due:,}",
                f"{collected:,}",
                rate(collected, due),
                f"{Decimal(t['arrears']):,}",
                t["arrears_units"],
            )
        )
        chart = bar_chart(
            self.t("rate"),
            self.names(),
            [Series(self.t("rate"), rates)],
            self.lang,
            maximum=100,
            unit="%",
            floor=True,
        )
        head = [
            self.t(k) for k in ("estate", "due", "collected", "rate", "arrears", "arrears-units")
        ]
        return FiguresContext(Table(head, rows), chart)

    def specs(self) -> list[PageSpec]:
        """The roll-up's pages, in nav order."""
        home = PageSpec("index.md", self.company.company.name, "rollup_home.md.j2", self.home())
        # An engine that reads a raw HTML link as a Markdown one takes it from the page's file,
        # which is at the root like the home page's.
        self.up = "" if engine_for(self.company.rollup.engine).links_in_html else "../"
        return [
            home,
            PageSpec(
                "training.md",
                self.t("training"),
                "rollup_training.md.j2",
                self.training(),
            ),
            PageSpec("service.md", self.t("service"), "rollup_service.md.j2", self.service()),
            PageSpec("fees.md", self.t("fees"), "rollup_fees.md.j2", self.fees()),
        ]


def build_rollup(
    company: CompanyConfig,
    folders: list[Path],
    as_of: dt.date | None = None,
    now: dt.datetime | None = None,
) -> Path:
    """Build the roll-up from the extracts in `folders` and swap it in; returns the output."""
    extracts = read_extracts(folders)
    pages = _Pages(company, extracts)
    now = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    env = make_env(pages.lang)
    specs = pages.specs()
    summary = {
        "version": __version__,
        "built_at": now.isoformat(),
        "as_of": as_of.isoformat() if as_of else None,
        "estates": {
            code: {"stale": _stale(d), "figures": d.get("figures")}
            for code, d in sorted(extracts.items())
        },
        "totals": pages.totals,
    }
    staged = Staged(
        name=company.company.name,
        lang=pages.lang,
        pages={spec.path: render(env, spec) for spec in specs},
        nav=[(pages.t("home") if s.path == "index.md" else s.title, s.path) for s in specs],
        files={"rollup.json": json.dumps(summary, ensure_ascii=False, indent=2)},
    )
    return build_staged(
        staged,
        work=company.path(company.state_dir) / "rollup-build",
        output=company.path(company.rollup.output),
        now=now,
        engine=company.rollup.engine,
    )
