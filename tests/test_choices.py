"""Choice codes are declared once, in schema/choices.py; labels.toml labels exactly those."""

from __future__ import annotations

import pytest

from deskbook.i18n import LANGUAGES, labels
from deskbook.model.choices import CHOICES, codes
from deskbook.schema.tabs import TABS
from deskbook.schema.types import Choice

LABELLED = labels()["enums"]


def test_every_choice_has_labels_and_every_label_a_choice() -> None:
    assert set(CHOICES) == set(LABELLED)


@pytest.mark.parametrize("name", sorted(CHOICES))
def test_codes_and_labels_match(name: str) -> None:
    declared, labelled = set(codes(name)), set(LABELLED[name])
    assert declared - labelled == set(), "codes without labels"
    assert labelled - declared == set(), "labels without a code"
    for code in declared:
        missing = [lang for lang in LANGUAGES if not LABELLED[name][code].get(lang, "").strip()]
        assert missing == [], f"{name}.{code} has no label in {missing}"
    # Dropdowns and messages list the codes in declared order; labels.toml reads the same.
    assert list(codes(name)) == list(LABELLED[name])


def test_choice_columns_offer_the_declared_codes() -> None:
    columns = [c for tab in TABS for c in tab.columns if isinstance(c.type, Choice)]
    assert {c.type.enum for c in columns} == set(CHOICES)
    for column in columns:
        assert column.type.choices == codes(column.type.enum)
        assert all(type(code) is str for code in column.type.choices)
