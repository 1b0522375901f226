"""The office's mkdocs.yml, read the way MkDocs reads it, its mistakes told in one line each.

MkDocs logs a configuration error and raises a bare Abort; a missing docs folder and a docs
folder inside the output folder are the two a new office meets first, and each gets a message
that says what to write.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from deskbook.errors import ConfigError

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

    from deskbook.config import Config


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


@contextlib.contextmanager
def _collected() -> Iterator[_Collect]:
    """MkDocs' own error lines, kept for our message instead of printed above it."""
    logger = logging.getLogger("mkdocs.config")
    handler = _Collect()
    logger.addHandler(handler)
    propagate, logger.propagate = logger.propagate, False
    try:
        yield handler
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


def declared_docs_dir(path: Path) -> Path | None:
    """The docs folder mkdocs.yml names, read without loading MkDocs' theme and plugins (most
    of a skipped build's time, see deskbook.state.stamps); None when the file cannot be read
    that way, and `read_mkdocs` then says what is wrong."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return _declared(path, stat.st_mtime_ns, stat.st_size)


# By the file's identity: a company's estates share one mkdocs.yml, and parsing it took 76 ms
# of each unchanged estate's 150 in one process of `publish --all`.
@functools.lru_cache(maxsize=32)
def _declared(path: Path, mtime_ns: int, size: int) -> Path | None:
    from mkdocs.exceptions import ConfigurationError
    from mkdocs.utils.yaml import yaml_load

    try:
        with path.open("rb") as f:
            declared = yaml_load(f)
    except (OSError, ConfigurationError, ValueError, ImportError):
        return None
    docs = declared.get("docs_dir", "docs") if isinstance(declared, dict) else None
    return (path.parent / docs).absolute() if isinstance(docs, str) else None


def office_settings(path: Path) -> dict[str, Any]:
    """The office's mkdocs.yml as written (INHERIT merged, !ENV read), less the deskbook
    plugin an older mkdocs.yml lists: the pages are staged before any engine runs."""
    from mkdocs.exceptions import ConfigurationError
    from mkdocs.utils.yaml import yaml_load

    if not path.is_file():
        raise ConfigError("mkdocs-missing", path=str(path))
    try:
        with path.open("rb") as f:
            settings = yaml_load(f)
    except (OSError, ConfigurationError, ValueError, ImportError) as exc:
        raise ConfigError(path=str(path), detail=str(exc)) from exc
    if not isinstance(settings, dict):
        raise ConfigError(path=str(path), detail="not a mapping of settings")
    plugins = settings.get("plugins")
    if isinstance(plugins, list):
        settings["plugins"] = [p for p in plugins if p != "deskbook" and not _names(p, "deskbook")]
    return settings


def _names(item: object, name: str) -> bool:
    return isinstance(item, dict) and name in item


def read_mkdocs(path: Path, **overrides: Any) -> MkDocsConfig:
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    if not path.is_file():
        raise ConfigError("mkdocs-missing", path=str(path))
    with _collected() as errors:
        try:
            return load_config(str(path), **overrides)
        except (Abort, ConfigurationError) as exc:
            detail = "; ".join(errors.lines) or str(exc)
    if "'docs_dir'" in detail and "isn't an existing directory" in detail:
        raise ConfigError("docs-dir-missing", path=str(path), detail=detail)
    if "'docs_dir' should not be within the 'site_dir'" in detail or (
        "'site_dir' should not be within the 'docs_dir'" in detail
    ):
        raise ConfigError("docs-site-collide", path=str(path), detail=detail)
    raise ConfigError(path=str(path), detail=detail)


def docs_dir(config: Config) -> Path:
    """The MkDocs docs_dir, read from mkdocs.yml the way MkDocs itself reads it: declared, when
    that names a folder (loading MkDocs' theme and plugins would double a small check's time),
    else by MkDocs, which says what is wrong."""
    path = config.path(config.site.mkdocs)
    declared = declared_docs_dir(path)
    if declared is not None and declared.is_dir():
        return declared
    return Path(read_mkdocs(path).docs_dir)


def quiet_mkdocs() -> None:
    # Material 9 prints a banner about MkDocs 2.0 on every build; it says nothing to our users.
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
