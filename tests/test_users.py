"""`deskbook users`: bcrypt hashes only, in a file only its owner reads, never a password said."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import stat
import subprocess
import sys
import termios
from pathlib import Path

import bcrypt
from click.testing import CliRunner, Result

from deskbook.cli import main
from deskbook.commands.users import read_users


def users(*args: str, password: str | None = None) -> Result:
    given = None if password is None else password + "\n"
    return CliRunner().invoke(main, ["users", *args], input=given)


def test_add_stores_a_bcrypt_hash_in_a_private_file(tmp_path: Path) -> None:
    file = tmp_path / "users.caddy"
    done = users("add", "lin", "--role", "staff", "--file", str(file), password="Lin-s3cret")
    assert done.exit_code == 0, done.output
    assert "Lin-s3cret" not in done.output
    assert stat.S_IMODE(file.stat().st_mode) == 0o600
    content = file.read_text("utf-8")
    assert "Lin-s3cret" not in content
    [user] = read_users(file)
    assert (user.name, user.role, user.estate) == ("lin", "staff", "")
    assert bcrypt.checkpw(b"Lin-s3cret", user.hash.encode())
    assert "(deskbook-staff) {\n\tlin $2b$12$" in content
    assert "(deskbook-manager) {\n}" in content  # every snippet the Caddyfile imports


def test_the_default_file_is_beside_the_settings(tmp_path: Path) -> None:
    config = tmp_path / "office" / "deskbook.toml"
    done = users("add", "chen", "--role", "manager", "--config", str(config), password="pw-1")
    assert done.exit_code == 0, done.output
    assert read_users(tmp_path / "office" / "users.caddy")[0].role == "manager"


def test_list_remove_and_a_new_password(tmp_path: Path) -> None:
    file = str(tmp_path / "users.caddy")
    assert users("add", "lin", "--role", "staff", "--file", file, password="one").exit_code == 0
    assert users("add", "wu", "--role", "manager", "--estate", "donggang", "--file", file,
                 password="two").exit_code == 0  # fmt: skip
    assert users("add", "lin", "--role", "manager", "--file", file, password="three").exit_code == 0
    listed = users("list", "--file", file)
    assert listed.output.splitlines() == ["lin\tmanager\t-", "wu\tmanager\tdonggang"]
    assert "$2b$" not in listed.output
    content = Path(file).read_text("utf-8")
    assert "(deskbook-manager-donggang) {\n\twu $2b$" in content
    assert "(deskbook-estates) {\n\timport deskbook-estate donggang\n}" in content
    assert bcrypt.checkpw(b"three", read_users(Path(file))[0].hash.encode())
    assert users("remove", "wu", "--file", file).exit_code == 0
    assert [u.name for u in read_users(Path(file))] == ["lin"]
    # The estate stays: its board open, its snippets there for the Caddyfile to import.
    assert "(deskbook-manager-donggang) {\n}" in Path(file).read_text("utf-8")
    gone = users("remove", "wu", "--file", file, "--lang", "en")
    assert gone.exit_code == 2 and "wu is not in" in gone.output


def test_refused_names_and_passwords_write_nothing(tmp_path: Path) -> None:
    file = tmp_path / "users.caddy"
    for args, password in (
        (("add", "lin chen", "--role", "staff"), "pw"),
        (("add", "{lin}", "--role", "staff"), "pw"),
        (("add", "lin", "--role", "staff", "--estate", "Dong Gang"), "pw"),
        (("add", "lin", "--role", "staff"), ""),
        (("add", "lin", "--role", "staff"), "x" * 73),
    ):
        done = users(*args, "--file", str(file), "--lang", "en", password=password)
        assert done.exit_code == 2, done.output
        assert password not in done.output or password == ""
    assert not file.exists()
    assert users("add", "lin", "--role", "boss", "--file", str(file), password="pw").exit_code == 2


def test_a_file_changed_by_hand_is_not_guessed_at(tmp_path: Path) -> None:
    file = tmp_path / "users.caddy"
    file.write_text("(deskbook-staff) {\n\tlin hunter2\n}\n", "utf-8")
    done = users("list", "--file", str(file), "--lang", "en")
    assert done.exit_code == 2 and "at line 2" in done.output
    assert "hunter2" not in done.output


def _on_a_terminal(args: list[str], typed: list[tuple[str, str]]) -> tuple[int, str]:
    """Run the real `deskbook` with a pseudo-terminal as its controlling terminal, typing each
    answer once its prompt is shown (not before: the prompt discards what was typed ahead);
    the exit code, and what the terminal showed."""
    main_fd, child_fd = pty.openpty()

    def controlling() -> None:
        os.setsid()
        fcntl.ioctl(0, termios.TIOCSCTTY, 0)

    process = subprocess.Popen(
        [sys.executable, "-m", "deskbook", *args],
        stdin=child_fd, stdout=child_fd, stderr=child_fd, preexec_fn=controlling,
    )  # fmt: skip
    os.close(child_fd)
    shown = b""
    seen = 0  # what was shown before the last answer
    pending = list(typed)
    try:
        while select.select([main_fd], [], [], 60)[0]:
            try:
                chunk = os.read(main_fd, 1024)
            except OSError:  # the child closed the terminal: it has exited
                break
            if not chunk:
                break
            shown += chunk
            if pending and pending[0][0].encode() in shown[seen:]:
                seen = len(shown)
                os.write(main_fd, pending.pop(0)[1].encode() + b"\n")
    finally:
        os.close(main_fd)
        if process.poll() is None:  # stuck at a prompt: say what it showed, not hang
            process.kill()
    return process.wait(timeout=60), shown.decode("utf-8", errors="replace")


def test_a_terminal_asks_twice_and_shows_nothing(tmp_path: Path) -> None:
    file = tmp_path / "users.caddy"
    args = ["users", "add", "lin", "--role", "staff", "--file", str(file), "--lang", "en"]
    asked = ("Password for lin:", "Repeat it:")
    code, shown = _on_a_terminal(args, list(zip(asked, ["Typed-s3cret"] * 2, strict=True)))
    assert code == 0, shown
    assert "Password for lin:" in shown and "Repeat it:" in shown
    assert "Typed-s3cret" not in shown
    assert bcrypt.checkpw(b"Typed-s3cret", read_users(file)[0].hash.encode())
    code, shown = _on_a_terminal(args, list(zip(asked, ["one", "another"], strict=True)))
    assert code == 2 and "The two passwords differ" in shown
    assert bcrypt.checkpw(b"Typed-s3cret", read_users(file)[0].hash.encode())
