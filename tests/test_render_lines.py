"""A template's UI lines and cells are made once per distinct value and read the same as made
afresh: a cached line never stands in for a value that is equal but written differently."""

from __future__ import annotations

from decimal import Decimal

from markupsafe import Markup

from deskbook.render.pages import make_env


def _t(key: str, **params: object) -> str:
    return str(make_env("en").globals["t"](key, **params))


def test_a_line_reads_the_same_on_every_use() -> None:
    assert _t("training-minutes", minutes=30) == _t("training-minutes", minutes=30) == "30 min"
    assert _t("training-minutes", minutes="<b>") == "&#60;b&#62; min"


def test_equal_values_written_differently_read_as_written() -> None:
    # 1, 1.0, Decimal('1.0') and True are equal keys; each must read as itself.
    assert _t("training-minutes", minutes=1) == "1 min"
    assert _t("training-minutes", minutes=True) == "True min"
    assert _t("training-minutes", minutes=Decimal("1.0")) == "1&#46;0 min"
    assert _t("training-minutes", minutes=Decimal("1")) == "1 min"
    assert _t("training-minutes", minutes=1.0) == "1&#46;0 min"
    assert _t("training-minutes", minutes=Markup("1")) == "1 min"


def test_a_printed_cell_is_escaped_once_and_alike() -> None:
    env = make_env("en")
    page = env.from_string("{{ a }}|{{ a }}|{{ b }}")
    assert page.render(a="R&D 2026-11-27", b=None) == (
        'R&#38;D <span class="deskbook-token">2026&#45;11&#45;27</span>|'
        'R&#38;D <span class="deskbook-token">2026&#45;11&#45;27</span>|'
    )
