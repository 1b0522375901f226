"""What an office using Google Sheets is told, through the loopback Sheets server: a Viewer
asked to share as a Viewer, an annotating check that printed nothing, the office's language on
standard error, a sign-in server's bad moment taken for a refused key, messages cut up by the
roll-up's path filter, and the first publish's "previous one"."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from deskbook.company.extract import without_machine_paths
from deskbook.i18n import LANGUAGES, messages
from tests.conftest import make_handbook, run_cli, write_workbook
from tests.sheets_helpers import EMAIL, MAIN, publish_minimal, sheets_handbook
from tests.sheets_server import Fault, SheetsServer


def _in_language(config: Path, lang: str) -> None:
    text = config.read_text("utf-8").replace("[office]\n", f'[office]\nlanguage = "{lang}"\n', 1)
    config.write_text(text, "utf-8")


@pytest.mark.parametrize("command", [("setup-sheet",), ("check", "--annotate")])
def test_a_viewer_is_asked_for_editor_access(
    server: SheetsServer, tmp_path: Path, command: tuple[str, ...]
) -> None:
    from tests.conftest import load_spec

    spec = load_spec()
    spec["業主"]["rows"][0][2] = "138-12"  # one issue to list
    publish_minimal(server, spec=spec)
    server.api.books[MAIN].viewers.add(EMAIL)
    config = sheets_handbook(tmp_path / "hb", server)
    code, out, err = run_cli(*command, "--config", str(config), "--lang", "en")
    assert code == 2
    assert "Traceback" not in err
    assert err.strip() == (
        f"Spreadsheet {MAIN} is shared with {EMAIL} as a Viewer: it can be read, not written. "
        f"setup-sheet and --annotate write to it: in Google Sheets click Share and make {EMAIL} "
        "an Editor."
    )
    if command[0] == "check":  # the check ran: its issues are said all the same
        assert out.startswith("業主!C2 invalid-phone: '138-12' is not a phone number"), out


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "is shared by link only"),
        ("zh-Hans", "只以链接共享"),
        ("zh-Hant", "只以連結分享"),
    ],
)
def test_standard_error_speaks_the_offices_language(
    server: SheetsServer, tmp_path: Path, lang: str, said: str
) -> None:
    publish_minimal(server, shared=False)
    server.api.books[MAIN].link_only = True
    config = sheets_handbook(tmp_path / "hb", server)
    _in_language(config, lang)
    for command in ("check", "build", "publish"):
        output = () if command == "check" else ("--output", str(tmp_path / command))
        code, _, err = run_cli(command, "--config", str(config), *output)
        assert code == 2
        assert said in err, (command, err)


def test_a_sign_in_server_that_fails_is_not_a_refused_key(
    server: SheetsServer, tmp_path: Path
) -> None:
    """A proxy's 502 from the sign-in server says nothing of the key, which Google accepts."""
    publish_minimal(server)
    config = sheets_handbook(
        tmp_path / "hb", server, google={"timeout": 0.4, "retry_limit": 0.8, "backoff": 0.05}
    )
    server.api.inject("token", Fault.error(502), times=None)
    code, _, err = run_cli("check", "--config", str(config), "--lang", "en")
    assert code == 2
    assert err.startswith("Cannot reach Google's sign-in server"), err
    assert "refused the key" not in err


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_message_is_cut_by_the_rollups_path_filter(lang: str) -> None:
    """The roll-up shortens machine paths in an estate's failure line; a message's own words
    (an address's /d/ and /edit) are no path and must come through whole."""
    for group in ("errors", "notices", "config"):
        for key, said in messages()[group].items():
            text = re.sub(r"\{[a-z_]+\}", "X", said[lang])
            assert without_machine_paths(text, Path("/srv/co")) == text, (group, key)


def test_the_first_publish_names_no_previous_site(tmp_path: Path) -> None:
    config = make_handbook(tmp_path / "hb", write_workbook(tmp_path / "book.xlsx"))
    site = tmp_path / "site"
    args = ("publish", "--config", str(config), "--output", str(site), "--as-of", "2026-11-27")
    code, out, _ = run_cli(*args)
    assert code == 0
    assert "這是第一次發佈，沒有上一版。" in out and "上一版保留在 -" not in out
    code, out, _ = run_cli(*args, "--force", "--lang", "en")
    assert code == 0 and "the previous one is kept in " in out
