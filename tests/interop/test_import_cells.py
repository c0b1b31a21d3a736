"""Cell text → ledger text: amounts in both decimal conventions, dates by the map's format."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from collect.interop.cells import CellError, amount_text, date_text


@pytest.mark.parametrize("cell, decimal, expected", [
    ("1234.50", ".", "1234.50"),
    ("1,234.50", ".", "1234.50"),
    ("$1,234,567.5", ".", "1234567.5"),
    ("¥ 12,000.00", ".", "12000.00"),
    ("£40", ".", "40"),
    (".5", ".", "0.5"),
    ("+100", ".", "100"),
    ("1.234,56", ",", "1234.56"),
    ("1 234,56", ",", "1234.56"),
    ("1\u00a0234\u00a0567,8", ",", "1234567.8"),
    ("€ 0,99", ",", "0.99"),
    ("1234", ",", "1234"),
    ("1.234", ",", "1234"),
])
def test_amount_cells_become_plain_decimals(cell, decimal, expected):
    assert amount_text(cell, decimal) == expected


@pytest.mark.parametrize("cell", ["-12.00", "(1,234.00)", "12.00-", "−5"])
def test_negative_amounts_are_refused_with_the_credit_note_hint(cell):
    with pytest.raises(CellError) as exc:
        amount_text(cell, ".")
    assert exc.value.code == "E105"
    assert "credit_note" in exc.value.hint


def test_a_decimal_comma_read_with_the_dot_setting_says_which_setting_fits():
    with pytest.raises(CellError) as exc:
        amount_text("1.234,56", ".")
    assert exc.value.code == "E104"
    assert 'decimal: ","' in exc.value.hint


@pytest.mark.parametrize("cell", ["12,34.5", "abc", "1.2.3", "", "12 34"])
def test_malformed_amounts_are_refused(cell):
    with pytest.raises(CellError):
        amount_text(cell, ".")


@given(st.decimals(min_value=0, max_value=10**12, places=2, allow_nan=False, allow_infinity=False),
       st.sampled_from([".", ","]), st.sampled_from([",", ".", " ", "\u00a0", ""]))
def test_any_grouped_amount_reads_back_exactly(amount, decimal, group):
    if group == decimal:
        group = ""
    whole, _, cents = f"{amount:.2f}".partition(".")
    grouped = f"{int(whole):,}".replace(",", "\0")
    grouped = grouped.replace("\0", group if group != "," or decimal != "," else ".")
    text = grouped + decimal + cents
    assert Decimal(amount_text(text, decimal)) == amount


@pytest.mark.parametrize("cell, fmt, expected", [
    ("4/6/2013", "%m/%d/%Y", "2013-04-06"),
    ("12/31/2013", "%m/%d/%Y", "2013-12-31"),
    ("06.04.2013", "%d.%m.%Y", "2013-04-06"),
    ("2013/4/6", "%Y/%m/%d", "2013-04-06"),
    ("1/2/2013 0:00", "%m/%d/%Y", "2013-01-02"),
    ("2026-11-22", None, "2026-11-22"),
    ("2026-11-22 13:45:00", None, "2026-11-22"),
])
def test_dates_are_read_by_the_maps_format(cell, fmt, expected):
    assert date_text(cell, fmt) == expected


@pytest.mark.parametrize("cell, fmt", [
    ("13/45/2013", "%m/%d/%Y"), ("2013-04-06", "%m/%d/%Y"), ("4/6/2013", None), ("2026-02-30", None),
])
def test_dates_that_do_not_fit_the_format_are_refused(cell, fmt):
    with pytest.raises(CellError) as exc:
        date_text(cell, fmt)
    assert exc.value.code == "E103"
