from __future__ import annotations

import pytest

from deskbook.domain.privacy import mask_numbers, mask_phone

CASES = [
    # Phones and ID numbers, however they are typed, keep only their first 3 and last 2 digits.
    ("13912345678", "139******78"),
    ("改打139 1234 5678", "改打139 **** **78"),
    ("138 - 0013 - 8000", "138 - **** - **00"),
    ("138.0013.8000", "138.****.**00"),
    ("138—0013—8000", "138—****—**00"),
    ("0755-26880001", "075*-******01"),
    ("110105194912310021", "110*************21"),
    ("tel13912345678", "tel139******78"),
    # What is not personal stays readable.
    ("2026-11-25 18:00", "2026-11-25 18:00"),
    ("2026-11-03、2026-11-05", "2026-11-03、2026-11-05"),
    ("14:30-16:00", "14:30-16:00"),
    ("樓上 3-2-1201 漏水", "樓上 3-2-1201 漏水"),
    ("BX-20260608-002", "BX-20260608-002"),
    ("KF-2026-001", "KF-2026-001"),
    ("維修費 12,800.00 元", "維修費 12,800.00 元"),
    ("10000.00", "10000.00"),
    ("138-12", "138-12"),
]


@pytest.mark.parametrize(("text", "shown"), CASES, ids=[c[0] for c in CASES])
def test_mask_numbers(text: str, shown: str) -> None:
    assert mask_numbers(text) == shown


def test_mask_phone_keeps_the_ends() -> None:
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("12345") == "*****"
