"""The memory of a process and every process it started: sampled from /proc as it runs.

The peak of the tree's summed proportional memory, Pss (what the machine must hold at once: a
page several processes share, such as the interpreter or a forked child's untouched copy,
counts once), and the peak of any one process.
"""

from __future__ import annotations

import os
import threading
import time

PAGE = os.sysconf("SC_PAGE_SIZE")


def _tree(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as stat:
                parent = int(stat.read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(parent, []).append(int(entry))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo += children.get(pid, [])
    return found


def _rss(pid: int) -> int:
    """The process's proportional share of memory (Pss): a page several processes share (the
    interpreter, its libraries) counts once across the tree, as the machine holds it once.
    Resident memory (statm) where the kernel gives no Pss."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        with open(f"/proc/{pid}/statm", encoding="ascii") as statm:
            return int(statm.read().split()[1]) * PAGE
    except (OSError, ValueError, IndexError):
        return 0


class Sampler(threading.Thread):
    """Every 0.1 s: `total` the peak summed Pss of the tree, `one` the peak of one process."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.total, self.one = pid, 0, 0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            sizes = [_rss(p) for p in _tree(self.pid)]
            self.total = max(self.total, sum(sizes))
            self.one = max(self.one, max(sizes, default=0))
            time.sleep(0.1)
