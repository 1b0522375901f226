"""An office overrides one page's template with a file of the same name in its templates/."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

from bs4 import BeautifulSoup, Tag
from click.testing import CliRunner

from deskbook.cli import main
from deskbook.commands.fingerprint import fingerprint
from deskbook.config import load_config
from deskbook.pipeline import make_run, prepare
from deskbook.site.mkdocs_config import docs_dir
from tests.conftest import make_handbook, write_workbook

DUTY = "<script>alert(1)</script> **受理** | 報修"
OWN = """# {{ title }}

本處自訂的職責清單。

{% for d in duties %}
- {{ d.duty }}（{{ d.role }}）
{% endfor %}
"""


def article(site: Path, page: str) -> Tag:
    html = (site / page / "index.html").read_text("utf-8")
    found = BeautifulSoup(html, "html.parser").select_one("article")
    assert found is not None
    return found


def build(config: Path, out: Path) -> Path:
    result = CliRunner().invoke(
        main, ["build", "--config", str(config), "--as-of", "2026-11-27", "--output", str(out)]
    )
    assert result.exit_code == 0, result.output
    return out


def test_an_office_template_replaces_one_page_and_still_escapes(tmp_path: Path) -> None:
    book = write_workbook(tmp_path / "book.xlsx", changes={"職責!B2": DUTY})
    config = make_handbook(tmp_path / "hb", book)
    shipped = build(config, tmp_path / "shipped")
    (config.parent / "templates").mkdir()
    (config.parent / "templates" / "responsibilities.md.j2").write_text(OWN, "utf-8")
    own = build(config, tmp_path / "own")

    page = article(own, "responsibilities")
    assert "本處自訂的職責清單。" in page.get_text()
    assert page.select("table") == [] and article(shipped, "responsibilities").select("table")
    # The cell is still text: no script, no bold, no table cell split at the bar.
    first = page.select("li")[0]
    assert first.get_text() == f"{DUTY}（客服專員）"
    assert first.find(True) is None
    # Every other page is built from the shipped templates, as before.
    for other in ("service-desk", "data-quality", "announcements"):
        assert str(article(own, other)) == str(article(shipped, other)), other


def test_the_templates_folder_is_a_setting(tmp_path: Path) -> None:
    config = make_handbook(tmp_path / "hb", write_workbook(tmp_path / "book.xlsx"))
    with config.open("a", encoding="utf-8") as f:
        f.write('[site]\ntemplates = "page-templates"\n')
    (config.parent / "templates").mkdir()
    (config.parent / "templates" / "responsibilities.md.j2").write_text("# ignored\n", "utf-8")
    folder = config.parent / "page-templates"
    folder.mkdir()
    (folder / "responsibilities.md.j2").write_text(OWN, "utf-8")
    site = build(config, tmp_path / "out")
    assert "本處自訂的職責清單。" in article(site, "responsibilities").get_text()


def test_an_edited_template_rebuilds(tmp_path: Path) -> None:
    config_path = make_handbook(tmp_path / "hb", write_workbook(tmp_path / "book.xlsx"))
    config = load_config(config_path)
    now = dt.datetime(2026, 11, 27, 9, 5, tzinfo=ZoneInfo("Asia/Shanghai"))
    docs = docs_dir(config)

    def stamp() -> str:
        prepared = prepare(make_run(config, now=now), docs)
        return fingerprint(prepared, "build", config.path(config.site.output), docs)

    before = stamp()
    (config.root / "templates").mkdir()
    (config.root / "templates" / "owners.md.j2").write_text("# {{ title }}\n", "utf-8")
    assert stamp() != before
