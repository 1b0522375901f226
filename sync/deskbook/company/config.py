"""The company's deskbook.toml: its estates, what they share, the roll-up and the quota.

Each estate becomes an ordinary deskbook Config: the company's [shared] settings (what every
estate's own deskbook.toml would say: the mkdocs.yml whose docs folder holds the company's
SOP pages, training rules, unit schemes, Google sign-in), then the estate's own entry (name,
language, source, outputs), then its `overrides`. An `estates_dir` instead names a folder of
estate folders, each with its own deskbook.toml, which likewise wins over [shared].
"""

from __future__ import annotations

import copy
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, get_args

from pydantic import BaseModel, Field, field_validator

from deskbook.config import Config, EngineName, Language, PublishTarget, read_toml
from deskbook.errors import ConfigError
from deskbook.sources.google.quota import PER_ACCOUNT, PER_PROJECT
from deskbook.strict import Strict, invalid, office_language, parse

_CODE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")


class CompanyInfo(Strict):
    name: str = "物業公司"
    language: Language = "zh-Hant"
    timezone: str = "Asia/Shanghai"


class EstateEntry(Strict):
    code: str  # folder and URL name: lower-case letters, digits, - and _
    name: str
    # An .xlsx file, a folder of CSV files, or a Google spreadsheet's address or key.
    source: str
    language: Language | None = None  # default: [company] language
    # Default: the internal handbook at <outputs_dir>/<code>/ and no owners' board.
    outputs: list[PublishTarget] = Field(default_factory=list)
    # Any deskbook.toml setting, over [shared]: [units], [service], [training], [sync] ...
    overrides: dict[str, Any] = Field(default_factory=dict)
    # Where the roll-up links to this estate's handbook (default: [rollup] estate_url).
    url: str | None = None

    @field_validator("code")
    @classmethod
    def _code(cls, value: str) -> str:
        if not _CODE.match(value):
            raise invalid("estate-code", value=value)
        return value


class Rollup(Strict):
    output: Path = Path("public/company")
    # Where the roll-up links to an estate's handbook; {code} is the estate's code.
    estate_url: str = "../{code}/"
    engine: EngineName = "mkdocs"  # what builds the roll-up, as [site] engine an estate's


class QuotaSettings(Strict):
    per_account: int = Field(default=PER_ACCOUNT, ge=1)
    per_project: int = Field(default=PER_PROJECT, ge=1)


class CompanyConfig(Strict):
    company: CompanyInfo = Field(default_factory=CompanyInfo)
    shared: dict[str, Any] = Field(default_factory=dict)
    estate: list[EstateEntry] = Field(default_factory=list)
    estates_dir: Path | None = None
    outputs_dir: Path = Path("public")
    rollup: Rollup = Field(default_factory=Rollup)
    quota: QuotaSettings = Field(default_factory=QuotaSettings)
    state_dir: Path = Path(".deskbook")
    root: Path = Field(default=Path("."), exclude=True)
    file: Path = Field(default=Path("deskbook.toml"), exclude=True)

    def path(self, value: Path) -> Path:
        return value if value.is_absolute() else self.root / value

    @property
    def extracts_dir(self) -> Path:
        """Each estate's roll-up extract: what a shard hands to the roll-up."""
        return self.path(self.state_dir) / "extracts"


@dataclass(frozen=True)
class Estate:
    code: str
    name: str
    url: str
    config: Config


def is_company(path: Path) -> bool:
    """A settings file with a [company] table is a company's."""
    return path.is_file() and "company" in read_toml(path)


def load_company(path: Path) -> CompanyConfig:
    if not path.is_file():
        raise ConfigError("config-missing", path=str(path))
    data = read_toml(path)
    lang = (data.get("company") or {}).get("language") if isinstance(data, dict) else None
    company = parse(CompanyConfig, data, str(path), lang=lang)
    company = company.model_copy(update={"root": path.resolve().parent, "file": path})
    codes = [e.code for e in company.estate]
    doubled = sorted({c for c in codes if codes.count(c) > 1})
    if doubled:
        raise ConfigError("estate-code-twice", path=str(path), codes=", ".join(doubled))
    return company


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    merged = copy.deepcopy(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


def source_table(source: str) -> dict[str, Any]:
    """What `source = "..."` means: an address or key is Google Sheets, .xlsx a workbook,
    anything else a folder of CSV files."""
    if source.startswith(("http://", "https://")) or re.fullmatch(r"[A-Za-z0-9_-]{25,}", source):
        return {"kind": "gsheets", "spreadsheet": source}
    if source.lower().endswith((".xlsx", ".xlsm")):
        return {"kind": "xlsx", "path": source}
    return {"kind": "csv", "path": source}


def company_engine(company: CompanyConfig, engine: str | None) -> CompanyConfig:
    """`company` with every estate's site and the roll-up built by `engine` (--engine)."""
    if engine is None:
        return company
    shared = {**company.shared, "site": {**company.shared.get("site", {}), "engine": engine}}
    estates = [
        e.model_copy(update={"overrides": _without_engine(e.overrides)}) for e in company.estate
    ]
    rollup = company.rollup.model_copy(update={"engine": engine})
    return company.model_copy(update={"shared": shared, "estate": estates, "rollup": rollup})


def _without_engine(overrides: dict[str, Any]) -> dict[str, Any]:
    site = {k: v for k, v in overrides.get("site", {}).items() if k != "engine"}
    return {**overrides, "site": site} if "site" in overrides else overrides


def estate_config(company: CompanyConfig, entry: EstateEntry) -> Config:
    outputs = [o.model_dump(mode="json", exclude_none=True) for o in entry.outputs] or [
        {"output": (company.outputs_dir / entry.code).as_posix(), "audience": "internal"}
    ]
    own = {
        "office": {
            "name": entry.name,
            "language": entry.language or company.company.language,
            "timezone": company.company.timezone,
        },
        "source": source_table(entry.source),
        "publish": outputs,
        "state_dir": (company.state_dir / "estates" / entry.code).as_posix(),
    }
    data = _merge(_merge(company.shared, own), entry.overrides)
    where = f"{company.file} [[estate]] {entry.code}"
    config = parse(Config, data, where, lang=entry.language or company.company.language)
    return config.model_copy(update={"root": company.root, "file": company.file})


# What an estate folder's own settings always decide: its data, its sites, its state.
_OWN = frozenset({"source", "publish", "state_dir"})


def folder_estate_config(company: CompanyConfig, path: Path) -> Config:
    """An estates_dir estate: the company's [shared] settings under the folder's own
    deskbook.toml, which wins. Shared file names stay the company's files (the SOP pages'
    mkdocs.yml, training rules), so they are anchored at the company's folder first."""
    if not path.is_file():
        raise ConfigError("config-missing", path=str(path))
    shared = {k: v for k, v in company.shared.items() if k not in _OWN}
    data = _merge(anchored(shared, Config, company.root), read_toml(path))
    config = parse(Config, data, str(path), lang=office_language(data))
    return config.model_copy(update={"root": path.resolve().parent, "file": path})


def anchored(data: dict[str, Any], model: type[BaseModel], root: Path) -> dict[str, Any]:
    """`data` (settings for `model`) with every relative file name made absolute at `root`."""
    out = dict(data)
    for key, value in data.items():
        info = model.model_fields.get(key)
        if info is None:
            continue
        kinds = _kinds(info.annotation)
        if Path in kinds and isinstance(value, str) and not Path(value).is_absolute():
            out[key] = str(root / value)
            continue
        for kind in kinds:
            if isinstance(kind, type) and issubclass(kind, BaseModel):
                if isinstance(value, dict):
                    out[key] = anchored(value, kind, root)
                elif isinstance(value, list):
                    out[key] = [
                        anchored(v, kind, root) if isinstance(v, dict) else v for v in value
                    ]
    return out


def _kinds(annotation: Any) -> set[Any]:
    """The types an annotation admits, through unions and containers."""
    args = get_args(annotation)
    if not args:
        return {annotation}
    return {kind for arg in args for kind in _kinds(arg)}


def estates(company: CompanyConfig) -> list[Estate]:
    """Every estate, in the order the file lists them (then estates_dir's, by folder name)."""
    found: list[Estate] = []
    for entry in company.estate:
        url = entry.url or company.rollup.estate_url.format(code=entry.code)
        found.append(Estate(entry.code, entry.name, url, estate_config(company, entry)))
    if company.estates_dir is not None:
        folder = company.path(company.estates_dir)
        if not folder.is_dir():
            raise ConfigError("estates-dir-missing", path=str(folder))
        for sub in sorted(p for p in folder.iterdir() if (p / "deskbook.toml").is_file()):
            config = folder_estate_config(company, sub / "deskbook.toml")
            url = company.rollup.estate_url.format(code=sub.name)
            found.append(Estate(sub.name, config.office.name, url, config))
    return found


def in_shard(code: str, shard: tuple[int, int] | None) -> bool:
    """Shard K of N: a stable subset by a hash of the code, so adding an estate moves no other."""
    if shard is None:
        return True
    k, n = shard
    return int(hashlib.sha256(code.encode()).hexdigest(), 16) % n == k - 1
