"""`deskbook init --company DIR`: a company folder whose estates share SOP pages and rules.

The shared part is what `deskbook init` writes for one office (mkdocs.yml with the starter SOP
pages, training-rules.toml); the settings file is a company's: [company], [shared] (settings
every estate takes unless its `overrides` say otherwise), the roll-up, Google's quota, and one
[[estate]] per estate, each with an empty workbook of its own to fill in.
"""

from __future__ import annotations

from pathlib import Path

from deskbook.commands.init import run_init
from deskbook.errors import DeskbookError
from deskbook.schema.types import UnitCode
from deskbook.writers.workbook import write_template

COMPANY_TOML = """\
# A company of estates: `deskbook publish --all` publishes every [[estate]] and the roll-up.
[company]
name = "{name}"
language = "{lang}"               # zh-Hant, zh-Hans or en: the roll-up's language
timezone = "Asia/Shanghai"

# What every estate's own deskbook.toml would say; an estate's `overrides` win over these.
[shared]
state_dir = ".deskbook"
[shared.site]
mkdocs = "mkdocs.yml"             # its docs folder holds the SOP pages every estate shares
[shared.training]
rules = "training-rules.toml"     # the company's training rules
[shared.units]
schemes = ["building-unit-room"]
[shared.sync]
allow_empty = true                # new estates' workbooks are still empty

[rollup]
output = "public/company"         # the company's roll-up site
estate_url = "../{{code}}/"       # where the roll-up links to an estate's handbook

[quota]                           # Google Sheets read requests per minute
per_account = 60
per_project = 300

# outputs_dir = "public"          # each estate's handbook goes to <outputs_dir>/<code>/
# estates_dir = "estates"         # or: a folder of estate folders, each with its deskbook.toml
"""

ESTATE_TOML = """
[[estate]]
code = "{code}"
name = "{name}"
source = "estates/{code}.xlsx"    # an .xlsx, a CSV folder, or a Google spreadsheet's address
# language = "zh-Hans"
# outputs = [{{ output = "public/{code}", audience = "internal" }},
#            {{ output = "public/{code}-manage", audience = "manager" }},
#            {{ output = "public/{code}-board", audience = "public" }}]
# overrides = {{ units = {{ schemes = ["tower-room"] }} }}
"""


def run_init_company(root: Path, lang: str, codes: list[str], force: bool = False) -> list[Path]:
    """Write the company folder; returns the files written (relative to `root`)."""
    if root.exists() and not root.is_dir():
        raise DeskbookError("init-not-a-folder", path=str(root))
    written = list(run_init(root, lang, "xlsx", force=force).written)
    (root / "workbook.xlsx").unlink()
    written.remove(Path("workbook.xlsx"))
    workbooks = [root / "estates" / f"{code}.xlsx" for code in codes]
    existing = [str(p.relative_to(root)) for p in workbooks if p.exists()]
    if existing and not force:
        raise DeskbookError("init-exists", path=str(root), files=", ".join(existing))
    for path in workbooks:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_template(path, lang, UnitCode(), overwrite=True)
        written.append(path.relative_to(root))
    names = {"zh-Hant": "物業公司", "zh-Hans": "物业公司", "en": "Property company"}
    body = COMPANY_TOML.format(name=names[lang], lang=lang)
    body += "".join(ESTATE_TOML.format(code=c, name=c) for c in codes)
    (root / "deskbook.toml").write_text(body, "utf-8")
    return written
