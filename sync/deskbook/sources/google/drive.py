"""Drive's word on whether spreadsheets changed: many at once, on Drive's own quota.

A company's pass used to ask each estate's Drive `files.get` one by one, each drawing on the
Sheets read quota of 60 a minute: 95 s for 90 unchanged estates. Drive's batch endpoint
takes up to 100 `files.get` in one request (each counted against Drive's quota, 12,000 a
minute, never the Sheets one), so a company asks for all its spreadsheets in a request per
100 and per service account, and hands each estate's process what Drive said (`use`): its
source then asks nothing before deciding the estate is unchanged (state/stamps.py).
"""

from __future__ import annotations

import json
import logging
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import quote

from gspread.exceptions import APIError

from deskbook.config.google import GoogleSettings
from deskbook.errors import SourceError
from deskbook.sources.google.credentials import Account
from deskbook.sources.google.errors import api_failure
from deskbook.sources.google.http import GOOGLE_HOSTS, connect

log = logging.getLogger(__name__)

BATCH_URL = f"{GOOGLE_HOSTS[1]}/batch/drive/v3"
DRIVE_API = "drive.googleapis.com"
BATCH_SIZE = 100  # the most Drive takes in one batch
FIELDS = "name,mimeType,modifiedTime,version"
SPREADSHEET_MIME = "application/vnd.google-apps.spreadsheet"


@dataclass(frozen=True)
class DriveVersion:
    """A spreadsheet's name, Drive modifiedTime and version, asked once per run."""

    name: str
    modified_time: str
    version: str = ""  # Drive's count of changes; "" where an older answer had none


def batch_versions(
    settings: GoogleSettings, account: Account, keys: Iterable[str]
) -> dict[str, DriveVersion]:
    """What Drive says of each spreadsheet, BATCH_SIZE to a request. A key Drive cannot
    answer for (not shared, not a spreadsheet) is left out: the estate's own run asks again
    and explains."""
    wanted = list(dict.fromkeys(keys))
    client = connect(account, settings)
    found: dict[str, DriveVersion] = {}
    try:
        for start in range(0, len(wanted), BATCH_SIZE):
            part = wanted[start : start + BATCH_SIZE]
            boundary = f"deskbook_{secrets.token_hex(8)}"
            body = "".join(
                f"--{boundary}\r\nContent-Type: application/http\r\nContent-ID: <{n}>\r\n\r\n"
                f"GET /drive/v3/files/{quote(key)}?fields={quote(FIELDS)}"
                "&supportsAllDrives=true\r\n\r\n"
                for n, key in enumerate(part)
            )
            try:
                response = client.request(
                    "post",
                    BATCH_URL,
                    data=(body + f"--{boundary}--\r\n").encode(),
                    headers={"Content-Type": f"multipart/mixed; boundary={boundary}"},
                    read=True,
                )
            except APIError as err:
                raise api_failure(err, DRIVE_API, part[0], account) from None
            answers = _parts(response.headers.get("Content-Type", ""), response.text)
            for n, key in enumerate(part):
                got = answers.get(str(n))
                if got is not None:
                    found[key] = got
    finally:
        client.session.close()
    return found


def _parts(kind: str, text: str) -> dict[str, DriveVersion]:
    """Content-ID -> the version its part holds, for the parts that answered 200 with one."""
    match = re.search(r'boundary="?([^";]+)"?', kind)
    if match is None:
        raise SourceError("google-bad-response", api=DRIVE_API, problem="batch")
    found: dict[str, DriveVersion] = {}
    for part in text.split(f"--{match.group(1)}"):
        head, _, rest = part.replace("\r\n", "\n").partition("\n\n")
        content_id = re.search(r"(?im)^content-id:\s*<response-([^>]+)>", head)
        status_line, _, answer = rest.partition("\n")
        if content_id is None or " 200 " not in f"{status_line} ":
            continue
        try:
            data = json.loads(answer.partition("\n\n")[2])
        except ValueError:
            continue
        if (
            isinstance(data, dict)
            and isinstance(data.get("modifiedTime"), str)
            and data.get("mimeType") == SPREADSHEET_MIME
        ):
            found[content_id.group(1)] = DriveVersion(
                str(data.get("name") or ""), data["modifiedTime"], str(data.get("version", ""))
            )
    return found


_KNOWN: dict[str, DriveVersion] = {}


def use(known: dict[str, DriveVersion]) -> None:
    """What Drive said of these spreadsheets at the start of a company's pass: the sources
    this process opens take it as their Drive check."""
    _KNOWN.clear()
    _KNOWN.update(known)


def known(key: str) -> DriveVersion | None:
    return _KNOWN.get(key)
