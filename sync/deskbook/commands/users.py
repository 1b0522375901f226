"""`deskbook users`: who may log in to the handbook's sites, in the file the web server reads.

The file is a Caddy snippet file (contrib/caddy/Caddyfile imports it): one snippet per role,
and per role and estate in a company, each a `name hash` line per person, as `basicauth`
blocks take them. Only bcrypt hashes are stored; the file is written whole, by rename, with
mode 0600, since anyone who can read it can try to guess passwords at leisure.

    (deskbook-staff) {
        lin $2b$12$...
    }
    (deskbook-manager) {
        chen $2b$12$...
    }
    (deskbook-manager-donggang) {
        wu $2b$12$...
    }
    (deskbook-estates) {
        import deskbook-estate donggang
    }

The last snippet lists a company's estates, for contrib/caddy/Caddyfile.company to serve each
under its own path: every estate that has had people, and every [[estate]] of the company's
settings when `deskbook users` is given them. An estate stays listed once it is: its board
stays open and its people's snippets stay, empty, when the last of them leaves.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import bcrypt

from deskbook.errors import DeskbookError

Role = Literal["staff", "manager"]
ROLES: tuple[Role, ...] = ("staff", "manager")
# What a browser's login box sends the same everywhere: plain ASCII, no spaces or colons.
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]{0,63}")
# As a company's [[estate]] code is written (deskbook.company.config).
_ESTATE = re.compile(r"[a-z0-9][a-z0-9_-]{0,39}")
_SNIPPET = re.compile(r"^\(deskbook-(staff|manager)(?:-([a-z0-9][a-z0-9_-]*))?\)\s*\{$")
_ESTATES = "deskbook-estates"
_ESTATE_LINE = re.compile(r"^\s*import\s+deskbook-estate\s+([a-z0-9][a-z0-9_-]*)\s*$")
_LINE = re.compile(r"^\s*(\S+)\s+(\$2[aby]\$\d\d\$[./A-Za-z0-9]{53})\s*$")
# bcrypt reads at most this many bytes of a password; a longer one would be cut silently.
MAX_PASSWORD = 72
ROUNDS = 12
HEADER = (
    "# Who may read the handbook's sites: written by `deskbook users`, imported by the\n"
    "# Caddyfile. Passwords are stored as bcrypt hashes only. Edit with `deskbook users`.\n"
)


@dataclass(frozen=True)
class User:
    name: str
    role: Role
    estate: str  # "" for an office's own users and a company's head office
    hash: str


def snippet(role: Role, estate: str = "") -> str:
    return f"deskbook-{role}-{estate}" if estate else f"deskbook-{role}"


def default_file(config_path: Path) -> Path:
    """Beside the settings file."""
    return config_path.parent / "users.caddy"


def read_users(path: Path) -> list[User]:
    """The file's users; a file not there yet has none."""
    return _read(path)[0]


def _read(path: Path) -> tuple[list[User], set[str]]:
    """The file's users and the estates it lists."""
    try:
        lines = path.read_text("utf-8").splitlines()
    except FileNotFoundError:
        return [], set()
    except OSError as exc:
        raise DeskbookError("users-unreadable", path=str(path), reason=exc.strerror) from None
    users: list[User] = []
    listed: set[str] = set()
    current: tuple[Role, str] | None = None
    in_estates = False
    for number, line in enumerate(lines, 1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if in_estates:
            in_estates = stripped != "}"
            if in_estates:
                code = _ESTATE_LINE.match(line)
                if code is None:
                    raise DeskbookError("users-invalid", path=str(path), line=number)
                listed.add(code[1])
            continue
        opened = _SNIPPET.match(stripped)
        if current is None and stripped == f"({_ESTATES}) {{":
            in_estates = True
            continue
        if current is None and opened:
            role: Role = "manager" if opened[1] == "manager" else "staff"
            current = (role, opened[2] or "")
            continue
        if current is not None and stripped == "}":
            current = None
            continue
        entry = _LINE.match(line)
        if current is None or entry is None:
            raise DeskbookError("users-invalid", path=str(path), line=number)
        users.append(User(entry[1], current[0], current[1], entry[2]))
    if current is not None or in_estates:
        raise DeskbookError("users-invalid", path=str(path), line=len(lines))
    return users, listed


def write_users(path: Path, users: list[User], estates: Iterable[str] = ()) -> None:
    """Every snippet the Caddyfiles import, each even when empty (an empty one lets no one
    in): each role's, then each role's of every estate listed or with people."""
    estates = sorted({*estates, *(u.estate for u in users if u.estate)})
    blocks = [(role, "") for role in ROLES] + [(r, e) for e in estates for r in ROLES]
    out = [HEADER]
    for role, estate in blocks:
        out.append(f"({snippet(role, estate)}) {{\n")
        out += [
            f"\t{u.name} {u.hash}\n"
            for u in sorted(users, key=lambda u: u.name)
            if u.role == role and u.estate == estate
        ]
        out.append("}\n")
    out.append(f"({_ESTATES}) {{\n")
    out += [f"\timport deskbook-estate {e}\n" for e in estates]
    out.append("}\n")
    path.parent.mkdir(parents=True, exist_ok=True)
    owner = _owner(path)
    # Written beside and renamed over: a reload never reads half a file, and the file is
    # never readable by others, not even for a moment.
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        os.fchmod(fd, 0o600)
        if owner is not None:
            os.fchown(fd, *owner)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write("".join(out))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _owner(path: Path) -> tuple[int, int] | None:
    """The file's owner, kept when root rewrites it: the web server (Debian's caddy runs as
    its own user) must still be able to read the file it was given."""
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    if os.geteuid() != 0 or (st.st_uid, st.st_gid) == (os.geteuid(), os.getegid()):
        return None
    return st.st_uid, st.st_gid


def add_user(
    path: Path, name: str, role: Role, estate: str, password: str, estates: Iterable[str] = ()
) -> User:
    """Add a person, or give one already there a new password, role or estate; `estates`, a
    company's, are listed too."""
    if not _NAME.fullmatch(name):
        raise DeskbookError("user-name-invalid", name=name)
    if estate and not _ESTATE.fullmatch(estate):
        raise DeskbookError("user-estate-invalid", estate=estate)
    secret = password.encode("utf-8")
    if not secret:
        raise DeskbookError("password-empty")
    if len(secret) > MAX_PASSWORD:
        raise DeskbookError("password-too-long", limit=MAX_PASSWORD)
    hashed = bcrypt.hashpw(secret, bcrypt.gensalt(ROUNDS)).decode("ascii")
    user = User(name, role, estate, hashed)
    users, listed = _read(path)
    others = [u for u in users if u.name != name]
    write_users(path, [*others, user], {*listed, *estates})
    return user


def remove_user(path: Path, name: str, estates: Iterable[str] = ()) -> User:
    users, listed = _read(path)
    gone = next((u for u in users if u.name == name), None)
    if gone is None:
        raise DeskbookError("user-unknown", name=name, path=str(path))
    # The estate stays listed: its board stays open, its snippets there to import.
    write_users(path, [u for u in users if u.name != name], {*listed, *estates, gone.estate} - {""})
    return gone
