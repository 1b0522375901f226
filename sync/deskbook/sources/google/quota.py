"""Google's read quota, shared by every process of one company run: a token bucket on disk.

Sheets allows 60 read requests a minute per service account and 300 per project. A company
syncs many estates at once (one process each), so the bucket's state is a small JSON file under
a file lock: every read request takes one token from its account's bucket and one from its
project's before it is sent.

A bucket holds `burst` tokens and refills at (limit - burst) per minute, so no window of 60
seconds ever sees more than `limit` requests, and a long run takes about limit/(limit - burst)
times the quota's own floor (requests / limit minutes). Time is the machine's monotonic clock,
which every process on it shares and which no clock adjustment (NTP, a clerk fixing the date,
a change of time zone) moves, so a wall clock set back cannot stall the buckets nor one set
forward refill them. It is a machine's own, so the file is not shared across hosts: shards on
other hosts each need their own share of the quota. The clock is injectable: tests use a fake
one, the bench an accelerated one (time runs `speed` times faster than the wall).
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from filelock import FileLock

PER_ACCOUNT = 60  # read requests per minute per service account (Sheets API default)
PER_PROJECT = 300  # read requests per minute per project


@dataclass(frozen=True)
class Clock:
    """Seconds on the quota's time line, and a way to let them pass."""

    now: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep


def accelerated(speed: float) -> Clock:
    """Quota time `speed` times faster than the wall: a bench of a 10-minute quota floor in
    seconds. The monotonic clock is shared by processes, so the scaled clock is too."""
    return Clock(now=lambda: time.monotonic() * speed, sleep=lambda s: time.sleep(s / speed))


@dataclass(frozen=True)
class Limits:
    per_account: int = PER_ACCOUNT
    per_project: int = PER_PROJECT
    burst: int = 2  # tokens a bucket holds: requests sent at once after a quiet spell


class Quota:
    """Token buckets named by account and project, kept in `path` (one file per company)."""

    def __init__(self, path: Path, limits: Limits | None = None, clock: Clock | None = None):
        self.path = path
        self.limits = limits or Limits()
        self.clock = clock or Clock()
        self._lock = FileLock(str(path) + ".lock")
        path.parent.mkdir(parents=True, exist_ok=True)

    def buckets(self, account: str | None) -> dict[str, int]:
        """The buckets a request by `account` draws on, with their limits per minute."""
        email = account or "user"
        project = email.partition("@")[2].split(".iam.")[0] or "user"
        return {
            f"account:{email}": self.limits.per_account,
            f"project:{project}": self.limits.per_project,
        }

    def take(self, account: str | None) -> float:
        """Wait until every bucket of `account` has a token, take them; the quota time sent."""
        wanted = self.buckets(account)
        while True:
            with self._lock:
                state = self._read()
                now = self.clock.now()
                wait = 0.0
                levels: dict[str, tuple[float, float]] = {}
                for name, limit in wanted.items():
                    burst = min(self.limits.burst, limit)
                    rate = (limit - burst) / 60 if limit > burst else limit / 60
                    tokens, at = state.get(name, (float(burst), now))
                    if at > now:
                        # Stamped before the machine restarted (its monotonic clock starts
                        # again at boot): the minutes that bucket counted are long gone.
                        tokens, at = float(burst), now
                    tokens = min(float(burst), tokens + max(0.0, now - at) * rate)
                    levels[name] = (tokens, now)
                    # A token short by a rounding error is a token: else the wait rounds to 0.
                    if tokens < 1 - 1e-9:
                        wait = max(wait, (1 - tokens) / rate)
                if wait == 0:
                    for name, (tokens, at) in levels.items():
                        state[name] = (max(tokens - 1, 0.0), at)
                    self._write(state)
                    return now
            self.clock.sleep(wait)

    def _read(self) -> dict[str, tuple[float, float]]:
        try:
            data = json.loads(self.path.read_text("utf-8"))
        except (OSError, ValueError):
            return {}
        return {k: (float(v[0]), float(v[1])) for k, v in data.items()}

    def _write(self, state: dict[str, tuple[float, float]]) -> None:
        temp = self.path.with_name(self.path.name + ".tmp")
        temp.write_text(json.dumps(state), "utf-8")
        os.replace(temp, self.path)


_CURRENT: list[Quota] = []


def use(quota: Quota | None) -> None:
    """Make `quota` the one every Google client this process opens from now on draws on."""
    _CURRENT[:] = [quota] if quota is not None else []


def current() -> Quota | None:
    return _CURRENT[0] if _CURRENT else None
