"""Risk score: hand-worked customers, the clamp, overrides, and hypothesis checks of the
SPEC §4 promise that more overdue, broken promises and worse payment behaviour never
lower the score. Also the payment index on the DOMAIN.md scale."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from collect.compute.risk import (
    DEFAULT_WEIGHTS,
    Factor,
    RiskInputs,
    grade_for,
    payment_index,
    risk_score,
)

D = Decimal


# --- payment index ---------------------------------------------------------------------


def test_payment_index_none_without_items():
    assert payment_index([]) is None


@pytest.mark.parametrize(
    ("days", "index"),
    [
        (-60, 100),
        (-30, 100),
        (-15, 90),  # halfway between 100 at −30 and 80 at 0
        (0, 80),
        (15, 70),
        (30, 50),
        (45, 45),
        (60, 40),
        (90, 30),
        (120, 20),
        (180, 10),  # documented extension: 20 at 120 → 0 at 240
        (240, 0),
        (400, 0),
    ],
)
def test_payment_index_scale(days, index):
    assert payment_index([(D("1000"), days)]) == index


def test_payment_index_is_amount_weighted():
    # (1 000 × 0 + 9 000 × 60) / 10 000 = 54 days → 50 − 10 × 24/30 = 42
    # (an unweighted mean of 30 days would give 50)
    assert payment_index([(D("1000"), 0), (D("9000"), 60)]) == 42


def test_payment_index_rounds_half_up():
    # (3 × 3 + 1 × 0) / 4 = 2.25 days → 80 − 10 × 2.25/15 = 78.5 → 79
    assert payment_index([(D("3"), 3), (D("1"), 0)]) == 79


def test_payment_index_all_zero_amounts_uses_plain_mean():
    # (0 + 30) / 2 = 15 days → 70
    assert payment_index([(D("0"), 0), (D("0"), 30)]) == 70


def test_payment_index_rejects_negative_amount():
    with pytest.raises(ValueError):
        payment_index([(D("-1"), 0)])


@given(st.integers(-400, 400), st.integers(-400, 400))
def test_payment_index_later_never_higher(a, b):
    early, late = sorted((a, b))
    assert payment_index([(D(1), late)]) <= payment_index([(D(1), early)])


# --- hand-worked customers -------------------------------------------------------------

GOOD = RiskInputs(
    max_days_overdue=0,
    overdue_share=D("0"),
    broken_promises=0,
    open_disputes=0,
    payment_index_now=85,
    payment_index_before=83,
    utilisation=D("0.40"),
    days_to_limitation=900,
    days_since_contact=20,
    has_overdue=False,
)


def test_good_customer_scores_zero_grade_a():
    assert risk_score(GOOD) == risk_score(GOOD, None, None)
    result = risk_score(GOOD)
    assert (result.score, result.grade, result.factors) == (0, "A", ())


SLIPPING = RiskInputs(
    max_days_overdue=45,
    overdue_share=D("0.30"),
    broken_promises=1,
    open_disputes=0,
    payment_index_now=62,
    payment_index_before=75,
    utilisation=D("0.85"),
    days_to_limitation=700,
    days_since_contact=10,
    has_overdue=True,
)


def test_slipping_customer():
    # days_overdue     45 days → 31–60 → 40 % × 35 = 14
    # overdue_share    0.30 × 15 = 4.5 → 5
    # broken_promises  1 → 50 % × 20 = 10
    # payment_trend    (2 × 62 + 75) / 3 = 66.3 → 50–<70 → 40 % × 10 = 4
    # credit_use       85 % > 80 % → 50 % × 10 = 5
    # limitation 700, contact 10 days → 0
    # 14 + 5 + 10 + 4 + 5 = 38 → B (20–39)
    result = risk_score(SLIPPING)
    assert result.score == 38
    assert result.grade == "B"
    assert result.factors == (
        Factor("days_overdue", 14, "oldest overdue invoice 45 days past due"),
        Factor("overdue_share", 5, "30% of the outstanding balance is overdue"),
        Factor("broken_promises", 10, "1 broken promise in the last 365 days"),
        Factor("payment_trend", 4, "payment index 62 over the last 365 days (75 the year before)"),
        Factor("credit_use", 5, "outstanding is 85% of the credit limit"),
    )


TROUBLED = RiskInputs(
    max_days_overdue=75,
    overdue_share=D("0.5"),
    broken_promises=1,
    open_disputes=1,
    payment_index_now=48,
    payment_index_before=None,
    utilisation=None,
    days_to_limitation=150,
    days_since_contact=None,
    has_overdue=True,
)


def test_troubled_customer():
    # days_overdue     75 → 61–90 → 60 % × 35 = 21
    # overdue_share    0.5 × 15 = 7.5 → 8
    # broken_promises  1 → 10
    # disputes         1 → 50 % × 10 = 5
    # payment_trend    48 (no earlier index) → 30–<50 → 70 % × 10 = 7
    # credit_use       no limit → 0
    # limitation       150 days ≤ 180 → 50 % × 15 = 7.5 → 8
    # no_contact       never contacted → 50 % × 10 = 5
    # 21 + 8 + 10 + 5 + 7 + 8 + 5 = 64 → D (60–79)
    result = risk_score(TROUBLED)
    assert (result.score, result.grade) == (64, "D")
    assert [(f.code, f.points) for f in result.factors] == [
        ("days_overdue", 21),
        ("overdue_share", 8),
        ("broken_promises", 10),
        ("disputes", 5),
        ("payment_trend", 7),
        ("limitation", 8),
        ("no_contact", 5),
    ]
    details = {f.code: f.detail for f in result.factors}
    assert details["limitation"] == "limitation of the oldest claim expires in 150 days"
    assert details["no_contact"] == "never contacted while invoices are overdue"
    assert details["disputes"] == "1 open dispute"
    assert details["payment_trend"] == "payment index 48 over the last 365 days"


HOPELESS = RiskInputs(
    max_days_overdue=400,
    overdue_share=D("1"),
    broken_promises=3,
    open_disputes=2,
    payment_index_now=20,
    payment_index_before=20,
    utilisation=D("1.5"),
    days_to_limitation=-10,
    days_since_contact=200,
    has_overdue=True,
)


def test_hopeless_customer_is_clamped_at_100():
    # every factor at its maximum: 35 + 15 + 20 + 10 + 10 + 10 + 15 + 10 = 125 → 100
    result = risk_score(HOPELESS)
    assert sum(f.points for f in result.factors) == sum(DEFAULT_WEIGHTS.values()) == 125
    assert (result.score, result.grade) == (100, "E")
    details = {f.code: f.detail for f in result.factors}
    assert details["limitation"] == "limitation of the oldest claim expired 10 days ago"
    assert details["credit_use"] == "outstanding is 150% of the credit limit"
    assert details["no_contact"] == "no contact for 200 days while invoices are overdue"


def test_limitation_and_contact_only_count_while_overdue():
    quiet = replace(HOPELESS, has_overdue=False)
    codes = {f.code for f in risk_score(quiet).factors}
    assert "limitation" not in codes and "no_contact" not in codes


# --- overrides -------------------------------------------------------------------------


def test_weights_override_key_by_key():
    # SLIPPING with days_overdue weight 50: 40 % × 50 = 20 instead of 14 → 38 + 6 = 44 → C
    result = risk_score(SLIPPING, weights={"days_overdue": 50})
    assert (result.score, result.grade) == (44, "C")
    assert result.factors[0] == Factor("days_overdue", 20, "oldest overdue invoice 45 days past due")


def test_zero_weight_drops_the_factor():
    # 38 − the 10 points of broken_promises = 28
    result = risk_score(SLIPPING, weights={"broken_promises": 0})
    assert result.score == 28
    assert "broken_promises" not in {f.code for f in result.factors}


def test_bad_weights_rejected():
    with pytest.raises(ValueError):
        risk_score(SLIPPING, weights={"days_overdu": 10})
    with pytest.raises(ValueError):
        risk_score(SLIPPING, weights={"disputes": -1})


def test_grades_override():
    stricter = {"B": 30, "C": 50, "D": 70, "E": 90}
    assert risk_score(TROUBLED, grades=stricter).grade == "C"  # 62
    assert risk_score(SLIPPING, grades=stricter).grade == "B"  # 39
    assert risk_score(GOOD, grades=stricter).grade == "A"  # 0


@pytest.mark.parametrize(
    ("score", "grade"),
    [(0, "A"), (19, "A"), (20, "B"), (39, "B"), (40, "C"), (59, "C"), (60, "D"), (79, "D"), (80, "E"), (100, "E")],
)
def test_default_grade_boundaries(score, grade):
    assert grade_for(score) == grade


def test_invalid_inputs_rejected():
    with pytest.raises(ValueError):
        replace(GOOD, broken_promises=-1)
    with pytest.raises(ValueError):
        replace(GOOD, overdue_share=D("1.2"))
    with pytest.raises(ValueError):
        replace(GOOD, payment_index_now=101)


# --- monotonicity (SPEC §4) ------------------------------------------------------------


def _decimals(lo: str, hi: str):
    return st.decimals(D(lo), D(hi), places=3, allow_nan=False, allow_infinity=False)


inputs = st.builds(
    RiskInputs,
    max_days_overdue=st.integers(0, 1000),
    overdue_share=st.none() | _decimals("0", "1"),
    broken_promises=st.integers(0, 10),
    open_disputes=st.integers(0, 10),
    payment_index_now=st.none() | st.integers(0, 100),
    payment_index_before=st.none() | st.integers(0, 100),
    utilisation=st.none() | _decimals("0", "3"),
    days_to_limitation=st.none() | st.integers(-400, 2000),
    days_since_contact=st.none() | st.integers(0, 1000),
    has_overdue=st.booleans(),
)
weights = st.none() | st.fixed_dictionaries({code: st.integers(0, 60) for code in DEFAULT_WEIGHTS})


def _score(base: RiskInputs, w, **change) -> int:
    return risk_score(replace(base, **change), weights=w).score


def _worse_when_larger(field: str, values):
    """Raising ``field`` (others fixed) never lowers the score."""

    @given(inputs, weights, values, values)
    def check(base, w, a, b):
        lo, hi = sorted((a, b))
        assert _score(base, w, **{field: lo}) <= _score(base, w, **{field: hi})

    return check


def _worse_when_smaller(field: str, values):
    """Lowering ``field`` (others fixed) never lowers the score."""

    @given(inputs, weights, values, values)
    def check(base, w, a, b):
        lo, hi = sorted((a, b))
        assert _score(base, w, **{field: hi}) <= _score(base, w, **{field: lo})

    return check


test_more_days_overdue_never_lowers = _worse_when_larger("max_days_overdue", st.integers(0, 1000))
test_larger_overdue_share_never_lowers = _worse_when_larger("overdue_share", _decimals("0", "1"))
test_more_broken_promises_never_lowers = _worse_when_larger("broken_promises", st.integers(0, 10))
test_more_disputes_never_lowers = _worse_when_larger("open_disputes", st.integers(0, 10))
test_lower_payment_index_never_lowers = _worse_when_smaller("payment_index_now", st.integers(0, 100))
# SPEC §4: worse payment behaviour in the year before never lowers the score either
test_lower_earlier_payment_index_never_lowers = _worse_when_smaller("payment_index_before", st.integers(0, 100))
test_higher_utilisation_never_lowers = _worse_when_larger("utilisation", _decimals("0", "3"))
test_fewer_days_to_limitation_never_lowers = _worse_when_smaller("days_to_limitation", st.integers(-400, 2000))
test_longer_without_contact_never_lowers = _worse_when_larger("days_since_contact", st.integers(0, 1000))
test_having_overdue_never_lowers = _worse_when_larger("has_overdue", st.booleans())


@given(inputs, weights)
def test_score_in_range_and_factors_consistent(base, w):
    result = risk_score(base, weights=w)
    assert 0 <= result.score <= 100
    assert result.score == min(100, sum(f.points for f in result.factors))
    assert all(f.points > 0 for f in result.factors)
    codes = [f.code for f in result.factors]
    order = list(DEFAULT_WEIGHTS)
    assert codes == sorted(codes, key=order.index)
    merged = {**DEFAULT_WEIGHTS, **(w or {})}
    assert all(f.points <= merged[f.code] for f in result.factors)
