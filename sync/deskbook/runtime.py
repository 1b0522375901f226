"""Settings that touch the whole process, in one place: the cores it may use, work in a forked
child, the collector paused while millions of objects are built, one malloc arena. A command
enters them once (`tuned`, from the command line's group); library use runs without them.

Work done in a forked child process while this one goes on: the second core, for work that
holds the GIL.

The child starts as a copy of this process (nothing is pickled on the way in), does `work`,
hands its bytes back through a pipe and leaves without running any exit handler (this
process's buffered output must not be written twice). Where fork does not exist, or the
process may use only one core, there is no child and the caller does the work itself.
"""

from __future__ import annotations

import ctypes
import functools
import gc
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from deskbook.model import dataset

# glibc's malloc.h: the most arenas malloc may create.
_M_ARENA_MAX = -8


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


@contextmanager
def bulk() -> Iterator[None]:
    """No cyclic garbage collection while whole columns are built: a million new records and
    tuples would set off collections that each walk every object alive, the raw workbook
    included (a third of validation's time), and none of them can free anything, as nothing
    built here forms a cycle. Restored as it was on the way out, with what was built frozen
    (gc.freeze): the first collection after would walk all of it once more, and so would
    every full one while pages are rendered. The next bulk thaws it, so a process that syncs
    again (serve) lets the last sync's objects be collected as usual."""
    enabled = gc.isenabled()
    gc.disable()
    if enabled:
        gc.unfreeze()
    try:
        yield
    finally:
        if enabled:
            gc.freeze()
            gc.enable()


def one_heap() -> None:
    """glibc gives a new thread its own malloc arena: what the parse threads allocate and free
    could not be reused by the main thread's values, and a check at the size limit would peak
    a tenth higher. One arena for every thread keeps the peak where it was without them.
    Elsewhere than glibc, nothing to do."""
    try:
        libc = ctypes.CDLL(None)
        mallopt = libc.mallopt
    except (OSError, AttributeError):
        return
    mallopt(_M_ARENA_MAX, 1)


def tuned() -> None:
    """Enter the process-wide settings: records made in bulk with the collector paused, and one
    malloc arena for the parse threads. Called once, by the command line's group."""
    dataset.building = bulk
    one_heap()


# linux/prctl.h: the signal a process gets when its parent dies.
_PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int) -> None:
    """Make this worker process end when `parent` does: a parent killed on its own (kill -9,
    an OOM kill) otherwise leaves its workers running with nobody to hand their work to.
    Linux says so by a signal; elsewhere a thread watches for the parent to go."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        told = libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0) == 0
    except (OSError, AttributeError):
        told = False
    # The parent may have gone before the signal was asked for: then it never comes.
    if os.getppid() != parent:
        os._exit(1)
    if not told:
        threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(1)
