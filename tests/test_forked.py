from __future__ import annotations

import os
import subprocess
import sys

from deskbook.runtime import in_child


def test_a_child_hands_back_its_bytes_however_many() -> None:
    """More than a pipe holds: the child waits for the parent to read, then leaves."""
    payload = os.urandom(3_000_000)
    result = in_child(lambda: payload[::-1])
    assert result is not None
    assert result() == payload[::-1]


def test_a_child_that_fails_hands_back_nothing() -> None:
    def fails() -> bytes:
        raise ValueError("no")

    result = in_child(fails)
    assert result is not None
    assert result() is None


def test_a_child_works_on_this_process_as_it_was_when_started() -> None:
    """Nothing is pickled on the way in: the child sees this process's objects as they were."""
    numbers = list(range(100_000))
    result = in_child(lambda: str(sum(numbers)).encode())
    numbers.clear()
    assert result is not None
    assert result() == str(sum(range(100_000))).encode()


def test_on_one_core_there_is_no_child() -> None:
    """A container or CI runner given one core: the caller does the work itself."""
    code = (
        "import os; os.sched_setaffinity(0, {min(os.sched_getaffinity(0))}); "
        "from deskbook.runtime import in_child; print(in_child(lambda: b'x'))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "None"
