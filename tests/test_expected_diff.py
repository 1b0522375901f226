"""The reviewable diff of expected outputs (tests/expected.py): what counts as a change in a
page, and a recording held against a small site as the demo's is."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests import expected


def home(synced: str = "2026-11-27T09:00:00+08:00") -> str:
    """A home page carrying its sync time in full and to the minute, as the demo's does."""
    return f"""<!doctype html><html><body><div class="stale" data-synced="{synced}"></div>
<p>Synced {synced[:10]} {synced[11:16]}</p></body></html>"""


PAGE = """<html><body><!-- theme -->
<nav class="md-nav" id="n"><a href="/">Home</a></nav>
<table><tr><td class="n">12</td><td>Leaks</td></tr></table>
<pre>a  b
c</pre></body></html>"""


def test_the_form_ignores_the_serialisers_choices_and_keeps_what_is_read() -> None:
    one = expected.normalise_html('<p class="a b"  id=x>Two   words\n here</p><!-- c -->')
    two = expected.normalise_html("<p id='x' class='a b'>Two words here</p>")
    assert one == two == ['p class="a b" id="x"', " :: Two words here"]
    assert expected.normalise_html("<pre>a  b\nc</pre>") == ["pre", " :: a  b\\nc"]


def test_a_page_change_is_counted_as_elements_attributes_and_text() -> None:
    old = expected.normalise_html(PAGE)
    new = expected.normalise_html(
        PAGE.replace('id="n"', 'id="m"')
        .replace("Leaks", "Floods")
        .replace("</table>", "<tr><td>3</td></tr></table>")
    )
    counts, excerpt = expected.describe(old, new, html=True)
    assert counts == {
        "attributes changed": 1,
        "texts changed": 1,
        "elements added": 2,
        "texts added": 1,
    }
    said = expected.FileChange("p", "changed", counts).lines()[0]
    assert said == "changed p: 2 elements added, 1 attribute changed, 1 text changed, 1 text added"
    assert '-  nav class="md-nav" id="n"' in excerpt and '+  nav class="md-nav" id="m"' in excerpt
    assert "-     :: Leaks" in excerpt and "+     :: Floods" in excerpt


def _site(folder: Path, pages: dict[str, str]) -> Path:
    for relative, text in {"index.html": home(), **pages}.items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder


def test_a_recording_is_compared_then_written_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(expected, "EXPECTED", tmp_path / "expected")
    theme = "assets/javascripts/bundle.min.js"
    first = {"fees/index.html": PAGE, "gone/index.html": PAGE, theme: "x()"}
    site = _site(tmp_path / "one", first)
    expected.record_site("s", expected.site_outputs(site))
    recorded = tmp_path / "expected" / "s"
    assert (recorded / "fees" / "index.html.txt").exists()
    assert not (recorded / "assets").exists()  # the theme's files are kept by digest only
    assert json.loads((tmp_path / "expected" / "s.json").read_text()).keys() == {
        "index.html",
        *first,
    }
    # A build at another moment: its sync time is written as a placeholder, so nothing differs.
    again = _site(tmp_path / "two", first)
    (again / "index.html").write_text(home("2026-11-28T10:30:00+08:00"))
    report = expected.compare_site("s", expected.site_outputs(again))
    assert (report.changes, report.unchanged) == ([], 4)
    assert report.summary() == "expected outputs: 0 files changed, 4 unchanged"

    later = {"fees/index.html": PAGE.replace("Leaks", "Floods"), "new.json": '{"a": 1}'}
    site = _site(tmp_path / "three", {**later, theme: "y()"})
    outputs = expected.site_outputs(site)
    report = expected.compare_site("s", outputs)
    changes = {change.name: change for change in report.changes}
    assert changes.keys() == {
        "s/fees/index.html",
        "s/gone/index.html",
        "s/new.json",
        f"s/{theme}",
    }
    assert changes["s/fees/index.html"].lines()[0] == "changed s/fees/index.html: 1 text changed"
    assert changes["s/gone/index.html"].what == "removed"
    assert changes["s/new.json"].what == "added"
    assert "digest only" in changes[f"s/{theme}"].note
    assert report.summary() == "expected outputs: 4 files changed, 1 unchanged (1 added, 1 removed)"
    assert report.byte_changes() == report.changes
    expected.record_site("s", outputs)
    assert not (recorded / "gone").exists()
    assert (recorded / "new.json.txt").read_text() == '{\n "a": 1\n}\n'
    assert expected.compare_site("s", outputs).changes == []


def test_a_text_form_out_of_step_with_its_digest_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(expected, "EXPECTED", tmp_path / "expected")
    outputs = expected.site_outputs(_site(tmp_path / "site", {"fees/index.html": PAGE}))
    expected.record_site("s", outputs)
    form = tmp_path / "expected" / "s" / "fees" / "index.html.txt"
    form.write_text(form.read_text().replace("Leaks", "Floods"))
    report = expected.compare_site("s", outputs)
    (change,) = report.changes
    assert change.lines()[0] == (
        "changed s/fees/index.html: 1 text changed; "
        "same bytes as recorded, but not the recorded text form: record again"
    )
    assert report.byte_changes() == []  # reported, but the bytes are what a test holds


def test_a_recorded_json_output_is_diffed_by_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(expected, "EXPECTED", tmp_path)
    expected.record_json("r.json", {"counts": {"error": 3, "warning": 5}})
    assert expected.compare_json("r.json", {"counts": {"error": 3, "warning": 5}}).unchanged == 1
    (change,) = expected.compare_json("r.json", {"counts": {"error": 4, "warning": 5}}).changes
    assert change.counts == {"lines added": 1, "lines removed": 1}
    assert '-  "error": 3,' in change.excerpt and '+  "error": 4,' in change.excerpt


def test_a_long_changed_line_is_shown_where_it_changes() -> None:
    old = ["{", ' "text": "' + "a" * 300 + 'leak"', "}"]
    new = ["{", ' "text": "' + "a" * 300 + 'flood"', "}"]
    _, excerpt = expected.describe(old, new, html=False)
    changed = [line for line in excerpt if line[:1] in "-+" and not line.startswith("@@")]
    assert [line[:2] for line in changed] == ["-…", "+…"]
    assert changed[0].endswith('leak"') and changed[1].endswith('flood"')
    assert all(len(line) <= expected.WIDTH + 1 for line in excerpt)
