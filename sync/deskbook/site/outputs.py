"""Which folders deskbook may write a site into: its own, or new ones.

MkDocs empties its `site_dir` before it builds, and `publish` swaps a symlink in where the site
was; pointed at the wrong path by mistake (`--output ..`, `--output ~/Documents`) either would
destroy what is there. So deskbook marks every site it builds and writes only into a path that
does not exist yet, an empty folder, or a folder carrying its mark.
"""

from __future__ import annotations

import os
from pathlib import Path

from deskbook import __version__
from deskbook.errors import OutputRefused

# A hidden file: MkDocs leaves dotfiles alone when it empties the folder, so the mark survives
# a build that fails half-way and the next run may still write there.
MARKER = ".deskbook-site"
# Sites built before the mark existed: every one holds the plugin's stylesheet.
_LEGACY_SIGN = Path("assets") / "deskbook.css"


def mark(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / MARKER).write_text(f"built by deskbook {__version__}\n", "utf-8")


def made_by_deskbook(folder: Path) -> bool:
    return any(
        (folder / sign).is_file() and not (folder / sign).is_symlink()
        for sign in (Path(MARKER), _LEGACY_SIGN)
    )


def releases_of(output: Path) -> Path:
    """The folder beside a published `output` that holds its releases."""
    return output.parent / f"{output.name}.releases"


def swap_link(output: Path) -> Path:
    """The symlink `publish` makes beside `output` and renames over it."""
    return output.parent / f".{output.name}.swap"


def check_build_output(target: Path) -> None:
    """`build` may write into a new path, an empty folder or one of its own sites."""
    if target.is_symlink() and releases_of(target).is_dir():
        # Writing in place would rewrite the live release under the readers' feet.
        raise OutputRefused("build-into-published", path=str(target))
    if not os.path.lexists(target):
        return
    if not target.is_dir():
        raise OutputRefused("output-not-a-folder", path=str(target))
    if not made_by_deskbook(target) and any(target.iterdir()):
        raise OutputRefused("output-not-ours", path=str(target))


def check_publish_output(output: Path) -> None:
    """`publish` replaces `output` with a symlink: only a link to one of its own releases, or a
    folder deskbook built, may be replaced; a file, a foreign folder or link never."""
    releases = releases_of(output)
    if os.path.lexists(releases) and (releases.is_symlink() or not releases.is_dir()):
        raise OutputRefused("output-not-a-folder", path=str(releases))
    swap = swap_link(output)
    if os.path.lexists(swap) and not swap.is_symlink():
        raise OutputRefused("output-not-ours", path=str(swap))
    if output.is_symlink():
        if Path(os.path.realpath(output)).parent != Path(os.path.realpath(releases)):
            raise OutputRefused(
                "output-link-not-ours", path=str(output), target=os.readlink(output)
            )
        return
    if not os.path.lexists(output):
        return
    if not output.is_dir():
        raise OutputRefused("output-not-a-folder", path=str(output))
    if not made_by_deskbook(output) and any(output.iterdir()):
        raise OutputRefused("output-not-ours", path=str(output))
