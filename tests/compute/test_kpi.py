"""KPI formulas checked against hand-worked figures (arithmetic in the comments), and
the zero-sales cases that must give None rather than a crash or a misleading 0."""

from __future__ import annotations

from decimal import Decimal

import pytest

from collect.compute.kpi import average_days_delinquent, best_possible_dso, cei, dso_countback, dso_simple

D = Decimal


# --- simple DSO ------------------------------------------------------------------------


def test_dso_simple_quarter():
    # 150 000 / 450 000 × 90 = 1/3 × 90 = 30
    assert dso_simple(D("150000"), D("450000"), 90) == D("30.0")


def test_dso_simple_rounds_to_one_decimal():
    # 100 / 300 × 91 = 30.333… → 30.3
    assert dso_simple(D("100"), D("300"), 91) == D("30.3")


def test_dso_simple_rounds_half_up():
    # 1 / 20 × 1 = 0.05 → 0.1 (half-even would give 0.0)
    assert dso_simple(D("1"), D("20"), 1) == D("0.1")


def test_dso_simple_zero_sales_is_none():
    assert dso_simple(D("5000"), D("0"), 90) is None
    assert dso_simple(D("0"), D("0.00"), 90) is None


def test_dso_simple_rejects_nonpositive_days():
    with pytest.raises(ValueError):
        dso_simple(D("1"), D("1"), 0)


# --- countback DSO ---------------------------------------------------------------------

# Newest first: March 31 days 100 000, February 28 days 80 000, January 31 days 124 000.
QUARTER = [(31, D("100000")), (28, D("80000")), (31, D("124000"))]


def test_countback_ends_partway_through_third_month():
    # 250 000 − 100 000 (March) = 150 000 left, 31 days
    # 150 000 −  80 000 (Feb)   =  70 000 left, 31 + 28 = 59 days
    #  70 000 < 124 000 (Jan): 31 × 70 000 / 124 000 = 17.5 days
    # 59 + 17.5 = 76.5
    assert dso_countback(D("250000"), QUARTER) == D("76.5")


def test_countback_within_first_month():
    # 40 000 / 100 000 × 31 = 12.4
    assert dso_countback(D("40000"), QUARTER) == D("12.4")


def test_countback_exactly_one_month():
    # 100 000 covers March exactly → 31 days; nothing left for February.
    assert dso_countback(D("100000"), QUARTER) == D("31.0")


def test_countback_beyond_all_months_is_lower_bound():
    # 400 000 > 304 000 of all three months → 31 + 28 + 31 = 90 days, no more.
    assert dso_countback(D("400000"), QUARTER) == D("90.0")


def test_countback_month_without_sales_counts_its_days():
    # 150 000 − 100 000 = 50 000, 31 days; February had no sales: + 28 = 59;
    # January: 31 × 50 000 / 100 000 = 15.5 → 74.5
    months = [(31, D("100000")), (28, D("0")), (31, D("100000"))]
    assert dso_countback(D("150000"), months) == D("74.5")


def test_countback_rounds_to_one_decimal():
    # 10 000 / 30 000 × 30 = 10; 10 000 / 30 000 × 31 = 10.333… → 10.3
    assert dso_countback(D("10000"), [(31, D("30000"))]) == D("10.3")


def test_countback_nothing_owed_is_zero_days():
    assert dso_countback(D("0"), QUARTER) == D("0.0")


def test_countback_zero_sales_is_none():
    assert dso_countback(D("5000"), []) is None
    assert dso_countback(D("5000"), [(31, D("0")), (28, D("0"))]) is None


def test_countback_rejects_negative_inputs():
    with pytest.raises(ValueError):
        dso_countback(D("-1"), QUARTER)
    with pytest.raises(ValueError):
        dso_countback(D("1"), [(31, D("-5"))])


# --- best possible DSO and average days delinquent -------------------------------------


def test_best_possible_dso_and_add():
    # best: 60 000 current / 450 000 × 90 = 12.0
    # DSO 30.0 (above) − 12.0 = 18.0 days delinquent on average
    best = best_possible_dso(D("60000"), D("450000"), 90)
    assert best == D("12.0")
    dso = dso_simple(D("150000"), D("450000"), 90)
    assert average_days_delinquent(dso, best) == D("18.0")


def test_add_is_difference_of_rounded_figures():
    # 30.3 − 12.4 = 17.9
    assert average_days_delinquent(D("30.3"), D("12.4")) == D("17.9")


def test_best_possible_dso_zero_sales_is_none():
    assert best_possible_dso(D("60000"), D("0"), 90) is None


def test_add_none_when_either_missing():
    assert average_days_delinquent(None, D("12.0")) is None
    assert average_days_delinquent(D("30.0"), None) is None


# --- collection effectiveness index ----------------------------------------------------


def test_cei():
    # (200 000 + 300 000 − 220 000) / (200 000 + 300 000 − 120 000) × 100
    # = 280 000 / 380 000 × 100 = 73.684… → 73.7
    assert cei(D("200000"), D("300000"), D("220000"), D("120000")) == D("73.7")


def test_cei_everything_collected_is_100():
    # (50 000 + 100 000 − 40 000) / (50 000 + 100 000 − 40 000) × 100 = 100:
    # all that is left at the end is not yet due.
    assert cei(D("50000"), D("100000"), D("40000"), D("40000")) == D("100.0")


def test_cei_no_sales_still_defined():
    # (80 000 + 0 − 60 000) / (80 000 + 0 − 0) × 100 = 25.0
    assert cei(D("80000"), D("0"), D("60000"), D("0")) == D("25.0")


def test_cei_zero_denominator_is_none():
    # nothing owed, nothing sold
    assert cei(D("0"), D("0"), D("0"), D("0")) is None
    # everything owed at the end is current and equals opening + sales
    assert cei(D("0"), D("1000"), D("1000"), D("1000")) is None
