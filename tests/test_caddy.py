"""contrib/caddy/Caddyfile served by a real Caddy over the demo's three sites: every file of
each asked for without a login, with a wrong password, as the wrong role and the right one;
the board open; a person removed with `deskbook users` refused once Caddy reloads. Then
Caddyfile.company over two estates' sites: each estate's people kept to their estate."""

from __future__ import annotations

import base64
import http.client
import os
import socket
import subprocess
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from deskbook.cli import main
from tests.conftest import ROOT

pytestmark = pytest.mark.needs("caddy")

CADDYFILE = ROOT / "contrib" / "caddy" / "Caddyfile"
COMPANY_CADDYFILE = ROOT / "contrib" / "caddy" / "Caddyfile.company"
PEOPLE = {"lin": ("staff", "lin-Staff-pw"), "chen": ("manager", "chen-Mgr-pw")}
LEAVER = ("zhou", "staff", "zhou-Left-pw")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def add_user(users: Path, name: str, role: str, password: str, *more: str) -> None:
    result = CliRunner().invoke(
        main,
        ["users", "add", name, "--role", role, "--file", str(users), *more],
        input=password + "\n",
    )
    assert result.exit_code == 0, result.output
    assert password not in result.output


class Caddy:
    def __init__(self, env: dict[str, str], port: int, caddyfile: Path = CADDYFILE) -> None:
        self.env = env
        self.port = port
        self.caddyfile = caddyfile
        self.log = Path(env["XDG_DATA_HOME"]) / "caddy.log"
        self.log.parent.mkdir(parents=True, exist_ok=True)
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                ["caddy", "run", "--config", str(caddyfile), "--adapter", "caddyfile"],
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 20
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(self.log.read_text()) from None
                time.sleep(0.1)
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def get(self, path: str, login: tuple[str, str] | None = None) -> tuple[int, dict[str, str]]:
        headers = {}
        if login is not None:
            token = base64.b64encode(f"{login[0]}:{login[1]}".encode()).decode()
            headers["Authorization"] = f"Basic {token}"
        self.connection.request("GET", path, headers=headers)
        response = self.connection.getresponse()
        response.read()
        return response.status, {k.lower(): v for k, v in response.getheaders()}

    def reload(self) -> None:
        done = subprocess.run(
            ["caddy", "reload", "--config", str(self.caddyfile), "--adapter", "caddyfile",
             "--address", self.env["DESKBOOK_ADMIN"]],
            env=self.env, capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr

    def stop(self) -> None:
        self.connection.close()
        self.process.terminate()
        self.process.wait(timeout=20)


@pytest.fixture(scope="module")
def caddy(
    tmp_path_factory: pytest.TempPathFactory,
    demo_site: Path,
    manager_site: Path,
    public_site: Path,
) -> Iterator[Caddy]:
    folder = tmp_path_factory.mktemp("caddy")
    users = folder / "users.caddy"
    for name, (role, password) in PEOPLE.items():
        add_user(users, name, role, password)
    add_user(users, LEAVER[0], LEAVER[1], LEAVER[2])
    port = free_port()
    env = caddy_env(folder, port, users) | {
        "DESKBOOK_STAFF_ROOT": str(demo_site),
        "DESKBOOK_MANAGER_ROOT": str(manager_site),
        "DESKBOOK_BOARD_ROOT": str(public_site),
    }
    server = Caddy(env, port)
    yield server
    server.stop()


def caddy_env(folder: Path, port: int, users: Path) -> dict[str, str]:
    return {
        "PATH": os.environ["PATH"],
        # Caddy keeps its state in the test's folder, never the home directory.
        "HOME": str(folder),
        "XDG_DATA_HOME": str(folder / "data"),
        "XDG_CONFIG_HOME": str(folder / "config"),
        "DESKBOOK_ADDR": f"http://127.0.0.1:{port}",
        "DESKBOOK_USERS": str(users),
        "DESKBOOK_ADMIN": f"127.0.0.1:{free_port()}",
    }


def files(site: Path) -> list[str]:
    """Every file of a site as a path under its root; dotfiles are never served."""
    return sorted(
        p.relative_to(site).as_posix()
        for p in site.rglob("*")
        if p.is_file() and not p.name.startswith(".")
    )


def answers(caddy: Caddy, prefix: str, site: Path) -> Counter[tuple[str, int]]:
    """Each login's answer for every file of `site` served under `prefix`, counted."""
    logins: dict[str, tuple[str, str] | None] = {
        "nobody": None,
        "wrong password": ("lin", "not-the-password"),
        "staff": ("lin", PEOPLE["lin"][1]),
        "manager": ("chen", PEOPLE["chen"][1]),
    }
    seen: Counter[tuple[str, int]] = Counter()
    for path in files(site):
        for who, login in logins.items():
            status, _ = caddy.get(prefix + path, login)
            seen[who, status] += 1
    return seen


def test_the_staff_site_asks_staff_or_managers_for_every_file(
    caddy: Caddy, demo_site: Path
) -> None:
    n = len(files(demo_site))
    assert n > 100  # pages, search index, sitemap, assets
    assert answers(caddy, "/", demo_site) == Counter(
        {("nobody", 401): n, ("wrong password", 401): n, ("staff", 200): n, ("manager", 200): n}
    )


def test_the_managers_site_is_for_managers_only(caddy: Caddy, manager_site: Path) -> None:
    n = len(files(manager_site))
    assert answers(caddy, "/manage/", manager_site) == Counter(
        {("nobody", 401): n, ("wrong password", 401): n, ("staff", 401): n, ("manager", 200): n}
    )


def test_the_board_is_open(caddy: Caddy, public_site: Path) -> None:
    n = len(files(public_site))
    assert answers(caddy, "/board/", public_site) == Counter(
        {("nobody", 200): n, ("wrong password", 200): n, ("staff", 200): n, ("manager", 200): n}
    )
    status, headers = caddy.get("/board/")
    assert status == 200 and "x-robots-tag" not in headers


def test_no_listing_no_dotfile_and_internal_paths_not_indexed(
    caddy: Caddy, demo_site: Path
) -> None:
    staff = ("lin", PEOPLE["lin"][1])
    manager = ("chen", PEOPLE["chen"][1])
    assert (demo_site / ".deskbook-site").is_file()
    assert caddy.get("/.deskbook-site", staff)[0] == 404
    assert caddy.get("/assets/", staff)[0] == 404  # a folder without index.html
    assert caddy.get("/manage/assets/", manager)[0] == 404
    assert caddy.get("/board/.deskbook-site")[0] == 404
    for path, login in (("/", staff), ("/manage/", manager), ("/", None)):
        status, headers = caddy.get(path, login)
        assert headers.get("x-robots-tag") == "noindex, nofollow", (path, status)
    assert caddy.get("/board")[0] == 308


def test_a_person_removed_is_refused_after_a_reload(caddy: Caddy) -> None:
    name, _, password = LEAVER
    assert caddy.get("/", (name, password))[0] == 200
    users = Path(caddy.env["DESKBOOK_USERS"])
    result = CliRunner().invoke(main, ["users", "remove", name, "--file", str(users)])
    assert result.exit_code == 0, result.output
    caddy.reload()
    caddy.connection.close()  # a new connection, as a browser's next visit
    assert caddy.get("/", (name, password))[0] == 401
    assert caddy.get("/", ("lin", PEOPLE["lin"][1]))[0] == 200


# A company: who reads what, by path. e1 and e2 are estates; hq-* are head office's people.
COMPANY_PEOPLE = {
    "e1-staff": ("staff", "e1"),
    "e1-manager": ("manager", "e1"),
    "e2-staff": ("staff", "e2"),
    "hq-staff": ("staff", ""),
    "hq-manager": ("manager", ""),
}
COMPANY_PATHS = ("/e1/", "/e1/manage/", "/e1/board/", "/e2/", "/e2/manage/", "/company/")
COMPANY_ANSWERS = {
    "nobody": (401, 401, 200, 401, 401, 401),
    "e1-staff": (200, 401, 200, 401, 401, 401),
    "e1-manager": (200, 200, 200, 401, 401, 401),
    "e2-staff": (401, 401, 200, 200, 401, 401),
    "hq-staff": (200, 401, 200, 200, 401, 401),
    "hq-manager": (200, 200, 200, 200, 200, 200),
}


def test_a_company_keeps_each_estates_people_to_their_estate(
    tmp_path: Path, demo_site: Path, manager_site: Path, public_site: Path
) -> None:
    # The demo's sites stand in for each estate's; the managers' site for the roll-up.
    sites = tmp_path / "public"
    sites.mkdir()
    for code in ("e1", "e2"):
        (sites / code).symlink_to(demo_site)
        (sites / f"{code}-manage").symlink_to(manager_site)
        (sites / f"{code}-board").symlink_to(public_site)
    (sites / "company").symlink_to(manager_site)
    users = tmp_path / "users.caddy"
    for name, (role, estate) in COMPANY_PEOPLE.items():
        add_user(users, name, role, f"{name}-pw", *(["--estate", estate] if estate else []))
    port = free_port()
    env = caddy_env(tmp_path, port, users) | {"DESKBOOK_SITES": str(sites)}
    server = Caddy(env, port, COMPANY_CADDYFILE)
    try:
        seen = {
            who: tuple(
                server.get(path, None if who == "nobody" else (who, f"{who}-pw"))[0]
                for path in COMPANY_PATHS
            )
            for who in COMPANY_ANSWERS
        }
        # Search index and sitemap go with their site's page.
        for path in ("search/search_index.json", "sitemap.xml"):
            assert server.get(f"/e2/{path}", ("e1-manager", "e1-manager-pw"))[0] == 401
            assert server.get(f"/e1/{path}", ("e1-staff", "e1-staff-pw"))[0] == 200
        assert server.get("/", ("hq-manager", "hq-manager-pw"))[0] == 404
        assert server.get("/e3/", ("hq-manager", "hq-manager-pw"))[0] == 404
        assert server.get("/e1/manage/", ("e1-manager", "wrong"))[0] == 401
    finally:
        server.stop()
    assert seen == COMPANY_ANSWERS
