"""One template environment per language and templates folder, never serving a stale template."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from deskbook.model.pages import PageContext, PageSpec
from deskbook.render.pages import make_env, render


@dataclass(frozen=True)
class _Duty(PageContext):
    who: str


def _page(overrides: Path) -> str:
    spec = PageSpec("x.md", "值班", "own.md.j2", _Duty("王小明"))
    return render(make_env("zh-Hant", overrides), spec)


def test_templates_are_compiled_once_per_process(tmp_path: Path) -> None:
    assert make_env("zh-Hant", tmp_path) is make_env("zh-Hant", tmp_path)
    assert make_env("en", tmp_path) is not make_env("zh-Hant", tmp_path)


def test_an_edited_template_is_seen_by_the_next_build(tmp_path: Path) -> None:
    template = tmp_path / "own.md.j2"
    template.write_text("# {{ title }}\n\n{{ who }} 值班\n", "utf-8")
    assert "王小明 值班" in _page(tmp_path)
    template.write_text("# {{ title }}\n\n{{ who }} 休假\n", "utf-8")
    stat = template.stat()  # a later modification time, as an editor's save gives
    os.utime(template, (stat.st_atime, stat.st_mtime + 2))
    assert "王小明 休假" in _page(tmp_path)
