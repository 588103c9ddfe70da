import datetime

import pytest

from vca_portal.spreadsheets import safe_text


@pytest.mark.parametrize("text", ["=1+1", "+84 912", "-5", "@SUM(A1)", "\tx", "\0x", "\rx"])
def test_formula_like_text_is_kept_as_text(text):
    assert safe_text(text) == "'" + text


@pytest.mark.parametrize(
    "value", ["HTX Phúc Thọ", "784/TB-LMHTXVN", 26661, 15.5, datetime.date(2021, 11, 30)]
)
def test_other_values_pass_unchanged(value):
    assert safe_text(value) == value


def test_nothing_is_an_empty_cell():
    assert safe_text(None) == ""
