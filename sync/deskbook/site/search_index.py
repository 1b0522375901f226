"""Rewrites the search index MkDocs Material wrote, so staff find what they type.

Material indexes each section's text as jieba segments it: `入職培訓` is one token, so `培訓`
misses it, and a Simplified query misses Traditional text. Each entry gains a `terms` field, not
shown, holding every word of its title and text in both scripts, compounds and their parts
(jieba's search mode); its shown `text` becomes a preview of a sentence or two, not a table.

A dash no longer separates words: a unit (`2-1-0802`), a ticket or an SOP code is one word, so
searching `2-1-0802` finds that unit's page first, not `1-2-0802` made of the same parts. The
parts of such a word stay searchable through `terms` (`CS-SOP-05` gives `CS`, `SOP`, `05`).
Material's search worker reads the index's separator for the pages but keeps lunr's own for
the query; `use_index_separator` makes the query split as the pages do.
"""

from __future__ import annotations

import html
import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import jieba

from deskbook.site.scripts import both_forms

# Visible characters a result's preview keeps, at most; it ends at a sentence end if one comes.
PREVIEW_CHARS = 120
PREVIEW_MIN = 8  # a sentence shorter than this (注意。) does not end the preview
_TAG = re.compile(r"<[^>]+>")
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
_SENTENCE_END = re.compile(r"[。！？!?]")
_SPACES = re.compile(r"\s+")
_DASHED = re.compile(r"[A-Za-z0-9]+(?:-[A-Za-z0-9]+)+")
ZWSP = "\u200b"


def plain(text: str) -> str:
    """An entry's text without markup or segmentation marks."""
    return _SPACES.sub(" ", html.unescape(_TAG.sub(" ", text)).replace(ZWSP, "")).strip()


def terms(text: str, joiner: str = ZWSP) -> str:
    """Every Chinese word of `text`, in both scripts, compounds and their parts, deduplicated.

    jieba's dictionary is mostly Simplified and knows few of an office's compounds, so every
    form is cut, every word found is kept in both scripts, and a compound also gives its
    two-character parts (`入職培訓`: `入職`, `職培`, `培訓`): a stray part costs little, a missed
    one is a search that finds nothing.
    """
    words: dict[str, None] = {}
    for form in sorted(both_forms(text)):  # a set: sorted, so a rebuild writes the same index
        for run in _HAN.findall(form):
            words.update(dict.fromkeys(_run_terms(run)))
    return joiner.join(words)


# A site repeats the same runs of Chinese (kinds, statuses, names, headings) on many pages:
# each is cut and converted once per process, not once per occurrence.
@lru_cache(maxsize=65536)
def _run_terms(run: str) -> tuple[str, ...]:
    found = list(jieba.cut_for_search(run))
    if len(run) <= 8:  # a short run is often a name or a code word: keep it whole too
        found.append(run)
    words: dict[str, None] = {}
    for word in found:
        parts = [word, *(word[i : i + 2] for i in range(len(word) - 1))]
        for part in parts if len(word) > 2 else [word]:
            words.update(dict.fromkeys(_forms(part)))
    return tuple(words)


@lru_cache(maxsize=65536)
def _forms(word: str) -> tuple[str, ...]:
    return tuple(sorted(both_forms(word)))


def dashed_parts(text: str) -> str:
    """The parts of every dashed code in `text`, which a dash no longer splits."""
    parts = {p: None for word in _DASHED.findall(text) for p in word.split("-")}
    return " ".join(parts)


def preview(text: str) -> str:
    """The first sentence or so of an entry's text, segmented as Material segments text."""
    words = plain(text)
    if len(words) <= PREVIEW_CHARS:
        cut = words
    else:
        end = next(
            (
                m.end()
                for m in _SENTENCE_END.finditer(words, PREVIEW_MIN)
                if m.end() <= PREVIEW_CHARS
            ),
            None,
        )
        cut = words[:end] if end else words[:PREVIEW_CHARS] + "…"
    segmented = _HAN.sub(lambda m: ZWSP + ZWSP.join(jieba.cut(m.group(0))) + ZWSP, cut)
    return f"<p>{html.escape(segmented.strip(ZWSP), quote=False)}</p>"


# In Material's search worker: where it sets the index's separator for the pages' words.
_WORKER_SEPARATOR = "lunr.tokenizer.separator=new RegExp(e.separator)"


def use_index_separator(site_dir: Path) -> bool:
    """Make Material's search worker split queries with the index's separator too. False when
    the worker does not read as expected (another Material release): then a code's parts
    still find it, among the codes made of the same parts."""
    patched = f"lunr.QueryLexer.termSeparator={_WORKER_SEPARATOR}"
    return patch_workers(site_dir, _WORKER_SEPARATOR, patched)


def patch_workers(site_dir: Path, find: str, replace: str) -> bool:
    """Write `replace` for `find` in the site's search worker scripts; False when none has it."""
    found = False
    for worker in (site_dir / "assets" / "javascripts" / "workers").glob("search.*.min.js"):
        script = worker.read_text("utf-8")
        if find in script:
            worker.write_text(script.replace(find, replace), "utf-8")
            found = True
    return found


def whole_codes(separator: str) -> str:
    """An index's word separator that no longer splits at a dash: a code is one word."""
    return separator.replace("\\-", "")


def entry_terms(title: str, text: str, joiner: str = ZWSP) -> str:
    """What an index entry is also found by: its words in both scripts, its codes' parts."""
    words = plain(title) + " " + plain(text)
    return " ".join(filter(None, (terms(words, joiner), dashed_parts(words))))


def rewrite(index_file: Path) -> None:
    """Add `terms` to every entry and the index's fields; shorten previews. In place."""
    data: dict[str, Any] = json.loads(index_file.read_text("utf-8"))
    data["config"].setdefault("fields", {})["terms"] = {"boost": 1.0}
    data["config"]["separator"] = whole_codes(data["config"]["separator"])
    for doc in data["docs"]:
        doc["terms"] = entry_terms(doc.get("title", ""), doc.get("text", ""))
        doc["text"] = preview(doc.get("text", ""))
    index_file.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), "utf-8")
