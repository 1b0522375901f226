"""The demo's recorded outputs, and a reviewable diff of what a build now produces against them.

Each output is recorded twice under tests/data/expected/: a digest, which is what the tests hold
a build to byte for byte, and a normalised text form a reviewer can diff. A page's form is one
line per element (`tag attr="value"…`, sorted attributes, indented by depth) and one line per
piece of text (`:: words`, whitespace collapsed except inside <pre>); JSON is pretty-printed;
other text files are kept as they are. The theme's own files (MkDocs Material's scripts,
stylesheets and images) keep only their digest: their version is pinned by constraints.txt.

`python -m tests.expected` (make expected-diff) builds every output in a temporary folder and
prints, per changed file, what changed (elements added and removed, attributes and text changed,
with a few lines of context) and one summary line; it writes nothing. Recording again
(DESKBOOK_RECORD_EXPECTED=1, see tests/test_expected_outputs.py) prints the same report, then
writes digests and forms.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import json
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from bs4 import BeautifulSoup
from bs4.element import NavigableString, PreformattedString, Tag

from deskbook.schema.validate import validate
from deskbook.sources.xlsx import XlsxSource
from tests.conftest import ROOT, build_demo, copy_demo, run_cli

EXPECTED = Path(__file__).parent / "data" / "expected"
AS_OF = "2026-11-27"
# The demo site for the office and the owners' notice board, and the build arguments of each.
SITES = {"demo-site": (), "demo-public-site": ("--audience", "public")}
# Vendored from MkDocs Material, not written by deskbook: large, minified, and fixed by the
# pinned theme version, so a text form would add megabytes and nothing to review.
THEME_ASSETS = ("assets/javascripts/", "assets/stylesheets/", "assets/images/")
TEXT_SUFFIXES = {".html", ".json", ".xml", ".csv", ".txt", ".md", ".css", ".js"}
CONTEXT = 2  # lines of context around each change in a file's excerpt
EXCERPT = 14  # diff lines shown per changed file; the summary counts all of them
WIDTH = 160  # an excerpt's lines are cut here: a search-index entry is one very long line
# What a file's summary counts, in the order it says them.
KINDS = [
    ("elements", "added"),
    ("elements", "removed"),
    ("attributes", "changed"),
    ("texts", "changed"),
    ("texts", "added"),
    ("texts", "removed"),
    ("lines", "added"),
    ("lines", "removed"),
]
_SYNCED = re.compile(r'data-synced="([^"]+)"')
# Whitespace in these is content, so it is kept (newlines written as \n) rather than collapsed.
_VERBATIM = {"pre", "textarea"}


# --- the outputs ------------------------------------------------------------------------------


def sync_time_forms(site: Path) -> list[str]:
    """Every way a page writes this build's sync time, longest first: the one thing allowed to
    differ between two builds, written as a fixed placeholder before anything is compared."""
    found = _SYNCED.search((site / "index.html").read_text(encoding="utf-8"))
    assert found is not None, "the home page carries its sync time"
    moment = dt.datetime.fromisoformat(found[1])
    minute = moment.strftime("%Y-%m-%d %H:%M")
    escaped = minute.replace("-", "&#45;").replace(":", "&#58;")
    return [found[1], moment.isoformat(timespec="seconds"), minute, escaped]


def _placeheld(path: Path, forms: list[str], placeholder: str) -> bytes:
    data = path.read_bytes()
    if path.suffix in TEXT_SUFFIXES - {".css", ".js"}:
        text = data.decode("utf-8")
        for form in forms:
            text = text.replace(form, placeholder)
        data = text.encode("utf-8")
    return data


def normalise_html(text: str) -> list[str]:
    """A page as one line per element and per piece of text, indented by depth: what a reader
    and a browser see, without the serialiser's choices (attribute order, quoting, spacing)."""
    lines: list[str] = []
    _walk(BeautifulSoup(text, "html.parser"), 0, lines, verbatim=False)
    return lines


def _walk(node: Tag, depth: int, lines: list[str], *, verbatim: bool) -> None:
    indent = " " * depth
    for child in node.children:
        if isinstance(child, Tag):
            attrs = "".join(
                f" {key}={json.dumps(_attr(value), ensure_ascii=False)}"
                for key, value in sorted(child.attrs.items())
            )
            lines.append(f"{indent}{child.name}{attrs}")
            _walk(child, depth + 1, lines, verbatim=verbatim or child.name in _VERBATIM)
        elif isinstance(child, PreformattedString):
            continue  # comments and the doctype: neither shown nor read
        elif isinstance(child, NavigableString):
            words = child.replace("\n", "\\n") if verbatim else " ".join(child.split())
            if words:
                lines.append(f"{indent}:: {words}")


def _attr(value: Any) -> str:
    # BeautifulSoup splits multi-valued attributes (class, rel) into lists.
    return " ".join(value) if isinstance(value, list) else str(value)


def text_form(relative: str, data: bytes) -> list[str] | None:
    """The reviewable form of one output file, or None for a file kept by digest only."""
    if relative.startswith(THEME_ASSETS):
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if relative.endswith(".html"):
        return normalise_html(text)
    if relative.endswith(".json"):
        value = json.loads(text)
        return json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True).splitlines()
    return text.splitlines()


@dataclass
class SiteOutputs:
    digests: dict[str, str]
    forms: dict[str, list[str]]


def site_outputs(site: Path) -> SiteOutputs:
    """Every built file's digest (the compressed copies aside: they follow from the files) and,
    for each file deskbook writes, its reviewable form."""
    forms_of_time = sync_time_forms(site)
    outputs = SiteOutputs({}, {})
    for path in sorted(site.rglob("*")):
        if not path.is_file() or path.name.endswith(".gz"):
            continue
        relative = path.relative_to(site).as_posix()
        data = _placeheld(path, forms_of_time, "<synced>")
        outputs.digests[relative] = hashlib.sha256(data).hexdigest()
        # The digests were recorded with "<synced>"; parsed, that would be a tag and take in
        # the rest of its paragraph, so the text form has a placeholder that is plain text.
        form = text_form(relative, _placeheld(path, forms_of_time, "{synced}"))
        if form is not None:
            outputs.forms[relative] = form
    return outputs


def check_report(config: Path) -> dict[str, Any]:
    """`deskbook check --json` of a handbook whose workbook has findings (so it exits 1)."""
    code, out, err = run_cli("check", "--config", str(config), "--as-of", AS_OF, "--json")
    assert code == 1, out + err
    report: dict[str, Any] = json.loads(out)
    return report


def make_company_book(folder: Path) -> Path:
    """The demo generator's `--scale 2` company, as examples/demo.xlsx under `folder`."""
    book = folder / "examples" / "demo.xlsx"
    book.parent.mkdir(parents=True)
    generator = [sys.executable, str(ROOT / "examples" / "make_demo.py"), str(book)]
    subprocess.run([*generator, "--scale", "2"], check=True, capture_output=True)
    return book


def _canonical(value: Any) -> str:
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return f"{type(value).__name__}:{value.isoformat()}"
    return f"{type(value).__name__}:{value}"


def company_records(book: Path) -> dict[str, Any]:
    """Per tab: how many typed records, how many rejected rows, a digest of every record's
    values with their types; and a digest of every issue."""
    zone = ZoneInfo("Asia/Shanghai")
    synced = dt.datetime(2026, 11, 27, 9, tzinfo=zone)
    dataset = validate(XlsxSource(book).read(), zone, synced, as_of=dt.date.fromisoformat(AS_OF))
    digests = {}
    for key, tab in sorted(dataset.tabs.items()):
        digest = hashlib.sha256()
        for record in tab.records:
            cells = [str(record.row)]
            cells.extend(f"{k}={_canonical(v)}" for k, v in record.values.items())
            digest.update(("\t".join(cells) + "\n").encode())
        digests[key] = {
            "records": len(tab.records),
            "rejected": tab.rejected,
            "sha256": digest.hexdigest(),
        }
    issues = hashlib.sha256()
    for issue in dataset.issues:
        issues.update(json.dumps([issue.code, issue.cell, issue.params], default=str).encode())
    return {"tabs": digests, "issues": issues.hexdigest()}


def company_check(book: Path) -> dict[str, Any]:
    """The company's check report: its counts, and a digest of its issues (thousands of them)."""
    folder = book.parent.parent
    for name in ("deskbook.toml", "mkdocs.yml"):
        shutil.copy(ROOT / name, folder / name)
    if not (folder / "site").exists():
        shutil.copytree(ROOT / "site", folder / "site")
    report = check_report(folder / "deskbook.toml")
    text = json.dumps(report["issues"], ensure_ascii=False, sort_keys=True)
    return {"counts": report["counts"], "issues": hashlib.sha256(text.encode()).hexdigest()}


# --- the comparison ---------------------------------------------------------------------------


@dataclass
class FileChange:
    name: str
    what: str  # "changed", "added", "removed"
    counts: Counter[str] = field(default_factory=Counter)
    excerpt: list[str] = field(default_factory=list)
    note: str = ""
    same_bytes: bool = False  # only the recorded text form differs

    def lines(self) -> list[str]:
        counted = ", ".join(
            f"{n} {kind[:-1] if n == 1 else kind} {way}"
            for kind, way in KINDS
            if (n := self.counts[f"{kind} {way}"])
        )
        detail = "; ".join(part for part in (counted, self.note) if part)
        head = f"{self.what} {self.name}" + (f": {detail}" if detail else "")
        return [head, *(f"    {line}" for line in self.excerpt)]


@dataclass
class Report:
    changes: list[FileChange] = field(default_factory=list)
    unchanged: int = 0

    def byte_changes(self) -> list[FileChange]:
        """The changes a test fails on: outputs that are no longer byte for byte as recorded."""
        return [change for change in self.changes if not change.same_bytes]

    def extend(self, other: Report) -> None:
        self.changes.extend(other.changes)
        self.unchanged += other.unchanged

    def summary(self) -> str:
        kinds = Counter(change.what for change in self.changes)
        parts = ", ".join(f"{kinds[k]} {k}" for k in ("added", "removed") if kinds[k])
        return (
            f"expected outputs: {len(self.changes)} files changed, {self.unchanged} unchanged"
            + (f" ({parts})" if parts else "")
        )

    def text(self) -> str:
        lines = [line for change in self.changes for line in change.lines()]
        return "\n".join([*lines, self.summary()])


def _parse(line: str) -> tuple[int, str, str]:
    """(depth, tag or "::" for text, the rest) of a line of a page's normalised form."""
    body = line.lstrip(" ")
    depth = len(line) - len(body)
    if body.startswith(":: "):
        return depth, "::", body[3:]
    tag, _, attrs = body.partition(" ")
    return depth, tag, attrs


def _count(counts: Counter[str], lines: list[str], way: str) -> None:
    for line in lines:
        counts["texts " + way if _parse(line)[1] == "::" else "elements " + way] += 1


def describe(old: list[str], new: list[str], *, html: bool) -> tuple[Counter[str], list[str]]:
    """What changed between two forms of a file: counts by kind and an excerpt of the diff.

    In a page, a replaced run of lines is aligned again by (depth, tag): a line that keeps its
    place and tag but differs is a changed attribute or text, not an element removed and
    another added."""
    counts: Counter[str] = Counter()
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new).get_opcodes():
        before, after = old[i1:i2], new[j1:j2]
        if op == "equal":
            continue
        if not html:
            counts["lines removed"] += len(before)
            counts["lines added"] += len(after)
            continue
        keys_before = [_parse(line)[:2] for line in before]
        keys_after = [_parse(line)[:2] for line in after]
        aligned = difflib.SequenceMatcher(None, keys_before, keys_after, autojunk=False)
        for op2, a1, a2, b1, b2 in aligned.get_opcodes():
            if op2 == "equal":
                for one, two in zip(before[a1:a2], after[b1:b2], strict=True):
                    if _parse(one)[1] == "::":
                        counts["texts changed"] += 1
                    else:
                        counts["attributes changed"] += _attributes_changed(one, two)
            else:
                _count(counts, before[a1:a2], "removed")
                _count(counts, after[b1:b2], "added")
    diff = _shown(list(difflib.unified_diff(old, new, lineterm="", n=CONTEXT))[2:])
    excerpt = diff[:EXCERPT]
    if len(diff) > EXCERPT:
        excerpt.append(f"… {len(diff) - EXCERPT} more diff lines")
    return counts, excerpt


def _shown(diff: list[str]) -> list[str]:
    """Diff lines cut to WIDTH; a removed line and the added line that replaces it are both cut
    around where they first differ, so the change shows even in a search-index entry."""
    starts = [0] * len(diff)
    i = 0
    while i < len(diff):
        minus = i
        while i < len(diff) and diff[i].startswith("-"):
            i += 1
        plus = i
        while i < len(diff) and diff[i].startswith("+"):
            i += 1
        for a, b in zip(range(minus, plus), range(plus, i), strict=False):
            same = _shared_start(diff[a][1:], diff[b][1:])
            starts[a] = starts[b] = max(0, same - WIDTH // 4)
        i += i == minus  # a context or hunk line
    return [_cut(line, start) for line, start in zip(diff, starts, strict=True)]


def _attributes_changed(old: str, new: str) -> int:
    def attrs(line: str) -> dict[str, str]:
        return dict(re.findall(r' ([^\s=]+)=("(?:[^"\\]|\\.)*")', " " + _parse(line)[2]))

    before, after = attrs(old), attrs(new)
    return sum(before.get(key) != after.get(key) for key in before.keys() | after.keys())


def _shared_start(one: str, two: str) -> int:
    shared = 0
    for a, b in zip(one, two, strict=False):
        if a != b:
            break
        shared += 1
    return shared


def _cut(line: str, start: int = 0) -> str:
    mark, body = line[:1], line[1:]
    if start:
        body = "…" + body[start:]
    return mark + (body if len(body) <= WIDTH else body[: WIDTH - 1] + "…")


def _form_path(site_name: str, relative: str) -> Path:
    return EXPECTED / site_name / (relative + ".txt")


def _read_form(path: Path) -> list[str] | None:
    return path.read_text(encoding="utf-8").splitlines() if path.exists() else None


def compare_site(site_name: str, outputs: SiteOutputs) -> Report:
    """The built site against its recording: each file by digest and by its text form.

    Only a digest that differs fails a test. A form that differs under the same digest is
    reported, not failed: the form comes from the Python running it (its HTML parser) and from
    normalise_html, so it may need recording again where the bytes are still the same."""
    recorded_path = EXPECTED / f"{site_name}.json"
    recorded = json.loads(recorded_path.read_text("utf-8")) if recorded_path.exists() else {}
    report = Report()
    for relative in sorted(recorded.keys() | outputs.digests.keys()):
        name = f"{site_name}/{relative}"
        old_form = _read_form(_form_path(site_name, relative))
        new_form = outputs.forms.get(relative)
        same_bytes = recorded.get(relative) == outputs.digests.get(relative)
        if relative not in outputs.digests:
            report.changes.append(FileChange(name, "removed"))
        elif relative not in recorded:
            change = FileChange(name, "added")
            if new_form is not None:
                change.counts, change.excerpt = describe([], new_form, html=_is_page(relative))
            report.changes.append(change)
        elif same_bytes and old_form == new_form:
            report.unchanged += 1
        else:
            change = FileChange(name, "changed", same_bytes=same_bytes)
            if new_form is None:
                change.note = (
                    "a theme file, kept by digest only (its version is in constraints.txt)"
                )
            elif old_form is None:
                change.note = "no recorded text form to compare with"
            else:
                change.counts, change.excerpt = describe(
                    old_form, new_form, html=_is_page(relative)
                )
                if old_form == new_form:
                    change.note = "same elements, attributes and text: spacing or markup only"
            if same_bytes:
                change.note = "same bytes as recorded, but not the recorded text form: record again"
            report.changes.append(change)
    return report


def _is_page(relative: str) -> bool:
    return relative.endswith(".html")


def record_site(site_name: str, outputs: SiteOutputs) -> None:
    folder = EXPECTED / site_name
    for stale in sorted(folder.rglob("*.txt")) if folder.exists() else []:
        if stale.relative_to(folder).as_posix().removesuffix(".txt") not in outputs.forms:
            stale.unlink()
    for relative, form in outputs.forms.items():
        path = _form_path(site_name, relative)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("".join(line + "\n" for line in form), encoding="utf-8")
    _write_json(EXPECTED / f"{site_name}.json", outputs.digests)
    for empty in sorted(folder.rglob("*"), reverse=True):
        if empty.is_dir() and not any(empty.iterdir()):
            empty.rmdir()


def _pretty(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def _write_json(path: Path, value: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(_pretty(value), encoding="utf-8")


def compare_json(name: str, actual: Any) -> Report:
    """A recorded JSON output (a check report, the company's record digests) against now."""
    path = EXPECTED / name
    report = Report()
    if not path.exists():
        report.changes.append(FileChange(name, "added"))
    elif json.loads(path.read_text("utf-8")) == actual:
        report.unchanged += 1
    else:
        old = path.read_text("utf-8").splitlines()
        change = FileChange(name, "changed")
        change.counts, change.excerpt = describe(old, _pretty(actual).splitlines(), html=False)
        report.changes.append(change)
    return report


def record_json(name: str, actual: Any) -> None:
    _write_json(EXPECTED / name, actual)


# --- make expected-diff -----------------------------------------------------------------------


def build_and_compare(work: Path) -> Report:
    """Build every recorded output in `work` and compare each with its recording."""
    report = Report()
    demo = work / "check"
    demo.mkdir()
    report.extend(compare_json("demo-check.json", check_report(copy_demo(demo))))
    for site_name, args in SITES.items():
        folder = work / site_name
        folder.mkdir()
        report.extend(compare_site(site_name, site_outputs(build_demo(folder, *args))))
    book = make_company_book(work / "company")
    report.extend(compare_json("company-x2-records.json", company_records(book)))
    report.extend(compare_json("company-x2-check.json", company_check(book)))
    return report


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="deskbook-expected-") as work:
        print(build_and_compare(Path(work)).text())
    return 0


if __name__ == "__main__":
    sys.exit(main())
