"""Work done in a forked child process while this one goes on: the second core, for work that
holds the GIL.

The child starts as a copy of this process (nothing is pickled on the way in), does `work`,
hands its bytes back through a pipe and leaves without running any exit handler (this
process's buffered output must not be written twice). Where fork does not exist, or the
process may use only one core, there is no child and the caller does the work itself.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable


def cores() -> int:
    """The cores this process may run on (a container or a CI runner is often given fewer)."""
    affinity = getattr(os, "sched_getaffinity", None)
    return len(affinity(0)) if affinity is not None else os.cpu_count() or 1


def in_child(work: Callable[[], bytes]) -> Callable[[], bytes | None] | None:
    """Start `work` in a child; the returned function waits for its bytes (None if the child
    failed: the caller then does the work itself and meets the error, if any, there). Call it
    even when the bytes are no longer wanted: the child waits to hand them over."""
    if not hasattr(os, "fork") or cores() < 2:
        return None
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        status = 1
        try:
            os.close(read_end)
            data = work()
            with os.fdopen(write_end, "wb") as pipe:
                pipe.write(data)
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)

    @functools.cache  # once: the child is waited for, and its pipe read, a single time
    def result() -> bytes | None:
        with os.fdopen(read_end, "rb") as pipe:
            data = pipe.read()
        _, status = os.waitpid(pid, 0)
        return data if status == 0 else None

    return result
