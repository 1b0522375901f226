"""The company's roll-up site, made only from estates' extracts (company/run.py).

Pages: the estates at a glance (state, last successful sync, open data errors), training
compliance by category, onboarding outcomes, the service desk's SLA breaches and missed
follow-ups, fee collection and arrears. Counts only: no person is named and no owner's
detail appears. Every figure links to the estate's own page. An estate whose last attempt
failed shows its last good figures, marked stale with the reason. The site is built with
MkDocs into a fresh release and swapped in like an estate's (site/publish.py).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from collections.abc import Sequence
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml
from markupsafe import Markup

from deskbook import __version__
from deskbook.company.config import CompanyConfig
from deskbook.company.extract import PAGES, ZERO, read_extracts, without_machine_paths
from deskbook.errors import BuildFailed
from deskbook.i18n import text
from deskbook.render.charts import Series, bar_chart
from deskbook.render.escape import escape_text, safe_url
from deskbook.site.plugin import MATERIAL_LANGUAGE
from deskbook.training.compliance import STATUSES

ONBOARDING = ("passed", "in_progress", "late", "failed")
OK_OUTCOMES = ("ok", "unchanged")
ASSETS = ("deskbook.css", "deskbook.js")  # site/assets/, as every handbook page loads them


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


def _cell(value: Markup | str) -> str:
    # Markup is made here from escaped parts; anything else is a cell's text, escaped now.
    return str(value) if isinstance(value, Markup) else str(escape_text(value))


class _Pages:
    def __init__(self, company: CompanyConfig, extracts: dict[str, dict[str, Any]]):
        self.lang = company.company.language
        self.company = company
        self.extracts = [extracts[k] for k in sorted(extracts)]
        self.totals = totals(extracts)
        # From the page being made back to the roll-up's root: a relative estate address is
        # relative to the root, and every page but the home page is a folder down (fees/).
        self.up = ""

    def t(self, key: str, **params: Any) -> str:
        return text(f"rollup.{key}", self.lang, **params)

    def link(self, data: dict[str, Any], page: str, label: object) -> Markup:
        # An estate that never published has no site to link to, only its reason.
        url = _estate_url(str(data.get("url") or "") + PAGES[page])
        if url is None or not data.get("last_success"):
            return escape_text(label)
        parts = urlsplit(url)
        if not parts.scheme and not parts.netloc and not url.startswith("/"):
            url = self.up + url
        return Markup('<a href="{}">{}</a>').format(url, escape_text(label))

    def name(self, data: dict[str, Any]) -> Markup:
        name = self.link(data, "training", data.get("name") or data["code"])
        reason = _stale(data)
        if reason is None:
            return name
        return name + Markup(' <span class="deskbook-stale-mark">{}</span>').format(self.t("stale"))

    @staticmethod
    def table(head: list[str], rows: Sequence[Sequence[Markup | str]]) -> str:
        cells = "".join(f"<th>{escape_text(h)}</th>" for h in head)
        body = "".join(
            "<tr>" + "".join(f"<td>{_cell(c)}</td>" for c in row) + "</tr>" for row in rows
        )
        return f"<table><thead><tr>{cells}</tr></thead><tbody>{body}</tbody></table>\n"

    def page(self, title: str, *parts: str) -> str:
        return f"# {escape_text(title)}\n\n" + "\n".join(parts)

    def home(self) -> str:
        rows: list[list[Markup | str]] = []
        for d in self.extracts:
            success = (d.get("last_success") or {}).get("synced_at") or self.t("never")
            f = d.get("figures") or {}
            reason = _stale(d)
            rows.append(
                [
                    self.name(d),
                    self.t("state-stale") if reason else self.t("state-ok"),
                    success[:16].replace("T", " "),
                    self.link(d, "errors", f.get("errors", "-")) if f else "-",
                    reason or "",
                ]
            )
        head = [self.t(k) for k in ("estate", "state", "last-success", "errors", "reason")]
        stale = sum(1 for d in self.extracts if _stale(d))
        summary = self.t("summary", estates=len(self.extracts), stale=stale)
        return self.page(self.company.company.name, summary + "\n", self.table(head, rows))

    def training(self) -> str:
        codes = list(self.totals["training"])
        labels: dict[str, str] = {}
        for d in self.extracts:
            for code, names in ((d.get("figures") or {}).get("training_labels") or {}).items():
                labels.setdefault(code, names.get(self.lang, code))
        head = [self.t("estate"), *(labels.get(c, c) for c in codes)]
        rows: list[list[Markup | str]] = []
        chart_values: dict[str, list[float]] = {c: [] for c in codes}
        for d in self.extracts:
            f = d.get("figures")
            if not f:
                continue
            row: list[Markup | str] = [self.name(d)]
            for code in codes:
                counts = f["training"].get(code, {})
                cell = self.t(
                    "compliance", rate=compliance(counts), overdue=counts.get("overdue", 0)
                )
                row.append(self.link(d, "training", cell))
                chart_values[code].append(float(counts.get("overdue", 0)))
            rows.append(row)
        total_row: list[Markup | str] = [self.t("total")]
        for code in codes:
            counts = self.totals["training"][code]
            total_row.append(
                self.t("compliance", rate=compliance(counts), overdue=counts["overdue"])
            )
        rows.append(total_row)
        names = [str(d.get("name") or d["code"]) for d in self.extracts if d.get("figures")]
        chart = bar_chart(
            self.t("overdue-chart"),
            names,
            [Series(labels.get(c, c), v) for c, v in chart_values.items()],
            self.lang,
        )
        onboarding_head = [self.t("estate"), *(self.t(f"onboarding-{s}") for s in ONBOARDING)]
        onboarding_rows: list[Sequence[Markup | str]] = []
        for d in self.extracts:
            f = d.get("figures")
            if f:
                onboarding_rows.append(
                    [self.name(d)]
                    + [self.link(d, "onboarding", f["onboarding"].get(s, 0)) for s in ONBOARDING]
                )
        onboarding_rows.append(
            [self.t("total")] + [str(self.totals["onboarding"].get(s, 0)) for s in ONBOARDING]
        )
        return self.page(
            self.t("training"),
            self.t("training-note") + "\n",
            self.table(head, rows),
            str(chart) + "\n",
            f"## {escape_text(self.t('onboarding'))}\n",
            self.table(onboarding_head, onboarding_rows),
        )

    def service(self) -> str:
        keys = ("open", "breaches", "breaches_open", "followups_missed")
        head = [self.t("estate"), *(self.t(f"service-{k}") for k in keys)]
        rows: list[Sequence[Markup | str]] = []
        for d in self.extracts:
            f = d.get("figures")
            if f:
                rows.append(
                    [self.name(d)] + [self.link(d, "service", f["service"][k]) for k in keys]
                )
        rows.append([self.t("total")] + [str(self.totals["service"].get(k, 0)) for k in keys])
        names = [str(d.get("name") or d["code"]) for d in self.extracts if d.get("figures")]
        chart = bar_chart(
            self.t("service"),
            names,
            [
                Series(
                    self.t(f"service-{k}"),
                    [float(d["figures"]["service"][k]) for d in self.extracts if d.get("figures")],
                )
                for k in ("breaches", "followups_missed")
            ],
            self.lang,
            stacked=False,
        )
        return self.page(self.t("service"), self.table(head, rows), str(chart) + "\n")

    def fees(self) -> str:
        head = [
            self.t(k) for k in ("estate", "due", "collected", "rate", "arrears", "arrears-units")
        ]
        rows: list[list[Markup | str]] = []
        rates: list[float] = []
        names: list[str] = []
        for d in self.extracts:
            f = d.get("figures")
            if not f:
                continue
            due, collected = Decimal(f["fees"]["due"]), Decimal(f["fees"]["collected"])
            rows.append(
                [
                    self.name(d),
                    self.link(d, "fees", f"{due:,}"),
                    self.link(d, "fees", f"{collected:,}"),
                    self.link(d, "fees", rate(collected, due)),
                    self.link(d, "fees", f"{Decimal(f['fees']['arrears']):,}"),
                    self.link(d, "fees", f["fees"]["arrears_units"]),
                ]
            )
            rates.append(float(collected / due * 100) if due else 0.0)
            names.append(str(d.get("name") or d["code"]))
        t = self.totals["fees"]
        due, collected = Decimal(t["due"]), Decimal(t["collected"])
        rows.append(
            [
                self.t("total"),
                f"{due:,}",
                f"{collected:,}",
                rate(collected, due),
                f"{Decimal(t['arrears']):,}",
                str(t["arrears_units"]),
            ]
        )
        chart = bar_chart(
            self.t("rate"),
            names,
            [Series(self.t("rate"), rates)],
            self.lang,
            maximum=100,
            unit="%",
            floor=True,
        )
        return self.page(self.t("fees"), self.table(head, rows), str(chart) + "\n")


def _mkdocs_yml(company: CompanyConfig, docs: Path, site: Path, nav: list[dict[str, str]]) -> str:
    lang = company.company.language
    return yaml.safe_dump(
        {
            "site_name": company.company.name,
            "docs_dir": str(docs),
            "site_dir": str(site),
            "nav": nav,
            "theme": {"name": "material", "language": MATERIAL_LANGUAGE[lang], "font": False},
            "extra": {"generator": False},
            # Searchable as an estate's site is, both scripts included (site/search_index.py).
            "plugins": ["search"],
            "markdown_extensions": ["tables"],
            # The handbook's own CSS and script: wide tables become cards on a phone.
            "extra_css": [f"assets/{ASSETS[0]}"],
            "extra_javascript": [f"assets/{ASSETS[1]}"],
        },
        allow_unicode=True,
    )


def build_rollup(
    company: CompanyConfig,
    folders: list[Path],
    as_of: dt.date | None = None,
    now: dt.datetime | None = None,
) -> Path:
    """Build the roll-up from the extracts in `folders` and swap it in; returns the output."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config as load_mkdocs
    from mkdocs.exceptions import MkDocsException

    from deskbook.site.mkdocs_config import quiet_mkdocs
    from deskbook.site.search_index import rewrite, use_index_separator

    quiet_mkdocs()
    extracts = read_extracts(folders)
    pages = _Pages(company, extracts)
    now = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    output = company.path(company.rollup.output)
    releases = output.parent / f"{output.name}.releases"
    release = releases / now.strftime("%Y%m%dT%H%M%S%fZ")
    work = company.path(company.state_dir) / "rollup-build"
    shutil.rmtree(work, ignore_errors=True)
    docs = work / "docs"
    docs.mkdir(parents=True)
    files = {"index.md": pages.home()}
    pages.up = "../"
    files |= {
        "training.md": pages.training(),
        "service.md": pages.service(),
        "fees.md": pages.fees(),
    }
    for name, body in files.items():
        (docs / name).write_text(body, "utf-8")
    (docs / "assets").mkdir()
    for asset in ASSETS:
        content = resources.files("deskbook.site").joinpath("assets", asset).read_text("utf-8")
        (docs / "assets" / asset).write_text(content, "utf-8")
    nav = [
        {pages.t("home"): "index.md"},
        {pages.t("training"): "training.md"},
        {pages.t("service"): "service.md"},
        {pages.t("fees"): "fees.md"},
    ]
    config_file = work / "mkdocs.yml"
    config_file.write_text(_mkdocs_yml(company, docs, release, nav), "utf-8")
    try:
        build(load_mkdocs(str(config_file)))
    except (MkDocsException, OSError) as exc:
        shutil.rmtree(release, ignore_errors=True)
        raise BuildFailed(detail=str(exc) or type(exc).__name__) from exc
    index = release / "search" / "search_index.json"
    if index.is_file():
        rewrite(index)
        use_index_separator(release)
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
    (release / "rollup.json").write_text(json.dumps(summary, ensure_ascii=False, indent=2), "utf-8")
    temp = output.with_name(f".{output.name}.swap")
    if temp.is_symlink() or temp.exists():
        temp.unlink()
    temp.symlink_to(os.path.relpath(release, output.parent))
    os.replace(temp, output)
    for old in sorted(p for p in releases.iterdir() if p.is_dir())[:-2]:
        shutil.rmtree(old, ignore_errors=True)
    return output
