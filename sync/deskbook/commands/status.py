"""`deskbook status`: the last publish attempt and success, for people and monitors.

Exit codes, Nagios-style so a check command or Uptime Kuma can use it as it is:
0 the last attempt succeeded and the last success is recent; 1 the last attempt stopped on data
errors (--strict: nothing published); 2 the last attempt failed, or the last success is older
than --max-age (default twice [schedule] every), or there never was one, or the status file
cannot be read; 3 no status recorded.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, ClassVar

from deskbook.config import Config
from deskbook.errors import DeskbookError
from deskbook.state.status import read_status, status_file


class NoStatus(DeskbookError):
    key = "no-status"
    exit_code: ClassVar[int] = 3


class UnreadableStatus(DeskbookError):
    """The status file is there but cut short or garbled (a disk that filled, a copy cut off):
    what happened last is unknown, which a monitor must not read as 'never ran'."""

    key = "status-unreadable"
    exit_code: ClassVar[int] = 2


@dataclass(frozen=True)
class StatusResult:
    status: dict[str, Any]
    max_age: dt.timedelta
    age: dt.timedelta | None  # since the last success
    exit_code: int

    @property
    def stale(self) -> bool:
        return self.age is None or self.age > self.max_age


def run_status(
    config: Config, max_age: dt.timedelta | None = None, now: dt.datetime | None = None
) -> StatusResult:
    path = status_file(config)
    status = read_status(path)
    if status is None:
        if path.exists() or path.is_symlink():
            raise UnreadableStatus(path=str(path))
        raise NoStatus(path=str(path))
    limit = max_age or 2 * config.schedule.every
    now = now or dt.datetime.now(dt.UTC)
    success = status.get("last_success")
    age = now - dt.datetime.fromisoformat(success["at"]) if success else None
    attempt = status.get("last_attempt") or {}
    if attempt.get("outcome") == "failed" or age is None or age > limit:
        code = 2
    elif attempt.get("outcome") == "data-errors":
        code = 1
    else:
        code = 0
    return StatusResult(status, limit, age, code)
