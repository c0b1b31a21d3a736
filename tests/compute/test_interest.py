"""Late-payment interest: accrual conventions, statutory rates, fixed sums, precedence.

Every expected figure is worked by hand in a comment next to it, so a failure shows
whether the code or the arithmetic is wrong. Day counts: interest runs from due + 1
to as_of inclusive, each day on the balance carried into it (an entry dated D counts
from the end of day D).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from collect.compute.interest import (
    BANK_RATE, ECB_MRO, RateChoice, accrue, choose_rate, fixed_sum, invoice_interest,
    reference_rate_on, statutory_rate,
)
from collect.compute.money import round_money
from collect.model.records import Customer, Invoice, Policy, RateRow
from collect.model.types import Rate, parse_rate

D = Decimal
day = dt.date.fromisoformat


def table(*rows: tuple[str, str]) -> list[RateRow]:
    return [RateRow.model_validate({"from": start, "rate": rate}) for start, rate in rows]


def invoice(**fields) -> Invoice:
    base = {"number": "INV-1", "customer": "acme", "issued": "2025-01-01",
            "due": "2025-03-31", "amount": "5000", "currency": "GBP"}
    return Invoice.model_validate({**base, **fields})


def customer(**fields) -> Customer:
    return Customer.model_validate({"id": "acme", "name": "Acme", **fields})


def policy(**fields) -> Policy:
    # An empty ladder keeps these tests independent of the escalation defaults.
    return Policy.model_validate({"ladder": [], **fields})


# ------------------------------------------------------------------ DOMAIN.md examples


def test_domain_uk_example_unpaid_90_days_at_12_75_plus_fixed_sum_70():
    # Due 2025-03-31 → interest starts 2025-04-01 (1 Jan–30 Jun) → Bank Rate on
    # 2024-12-31 = 4.75 % → 12.75 %. Days 04-01..06-29 = 30 + 31 + 29 = 90.
    # 5000 × 0.1275 × 90 / 365 = 57375 / 365 = 157.19178… → 157.19; fixed sum £70
    # (£1,000 ≤ 5,000 < £10,000); total 5000 + 157.19 + 70 = 5227.19.
    rate = statutory_rate("uk_late_payment", day("2025-03-31"))
    assert isinstance(rate, Rate) and rate.fraction == D("0.1275")
    interest = round_money(accrue(D(5000), [], day("2025-03-31"), day("2025-06-29"), rate), "GBP")
    assert interest == D("157.19")
    extra = fixed_sum("uk_late_payment", D(5000), "GBP")
    assert extra == D(70)
    assert D(5000) + interest + extra == D("5227.19")


def test_domain_uk_example_paid_on_day_60_charges_that_day_too():
    # Due 2025-08-15 → starts 2025-08-16 (1 Jul–31 Dec) → Bank Rate on 2025-06-30 =
    # 4.25 % → 12.25 %. Paid in full 2025-10-14 (counts from the end of that day):
    # days 08-16..10-14 = 16 + 30 + 14 = 60 = 10-14 − 08-15.
    # 850 × 0.1225 × 60 / 365 = 6247.5 / 365 = 17.1164… → 17.12; fixed sum £40 (< £1,000).
    rate = statutory_rate("uk_late_payment", day("2025-08-15"))
    assert rate.fraction == D("0.1225")
    paid = [(day("2025-10-14"), D(850))]
    interest = accrue(D(850), paid, day("2025-08-15"), day("2025-12-31"), rate)
    assert round_money(interest, "GBP") == D("17.12")
    assert fixed_sum("uk_late_payment", D(850), "GBP") == D(40)


def test_domain_daily_rate_0_05_percent_on_100000_for_60_days():
    # 100000 × 0.0005 × 60 = 3000.00 (a daily rate is not divided by 365).
    rate = parse_rate("0.05%/day")
    interest = accrue(D(100000), [], day("2025-06-30"), day("2025-08-29"), rate)  # 1 + 31 + 28 = 60 days
    assert round_money(interest, "CNY") == D("3000.00")


# ------------------------------------------------------------------ accrual conventions


def test_annual_18_percent_for_365_days_is_exactly_18_percent():
    # Days 2025-01-02..2026-01-01 = 365; 10000 × 0.18 × 365 / 365 = 1800.00.
    interest = accrue(D(10000), [], day("2025-01-01"), day("2026-01-01"), parse_rate("18%"))
    assert round_money(interest, "CNY") == D("1800.00")


def test_leap_year_still_divides_by_365():
    # Days 2024-01-01..2024-12-31 = 366; 10000 × 0.18 × 366 / 365 = 658800 / 365
    # = 1804.9315… → 1804.93 (actual/365, not actual/actual).
    interest = accrue(D(10000), [], day("2023-12-31"), day("2024-12-31"), parse_rate("18%"))
    assert round_money(interest, "CNY") == D("1804.93")


def test_payment_in_full_on_the_due_date_accrues_nothing():
    # The balance carried into 04-01 is 1000 − 1000 = 0.
    paid = [(day("2025-03-31"), D(1000))]
    assert accrue(D(1000), paid, day("2025-03-31"), day("2025-06-30"), parse_rate("18%")) == 0


def test_partial_payment_splits_the_period_into_two_balances():
    # 10000 due 01-31, 4000 paid 02-28 (counts from the end of 02-28):
    #   02-01..02-28 = 28 days × 10000 = 280000
    #   03-01..03-31 = 31 days ×  6000 = 186000
    # (280000 + 186000) × 0.18 / 365 = 83880 / 365 = 229.8082… → 229.81.
    paid = [(day("2025-02-28"), D(4000))]
    interest = accrue(D(10000), paid, day("2025-01-31"), day("2025-03-31"), parse_rate("18%"))
    assert round_money(interest, "CNY") == D("229.81")


def test_entry_dated_on_the_as_of_date_is_still_charged_for_that_day():
    # Paid in full 03-02 = as_of: 02-01..03-02 = 28 + 2 = 30 days on 10000.
    # 10000 × 0.18 × 30 / 365 = 54000 / 365 = 147.945… → 147.95, as if unpaid.
    rate = parse_rate("18%")
    paid = [(day("2025-03-02"), D(10000))]
    interest = accrue(D(10000), paid, day("2025-01-31"), day("2025-03-02"), rate)
    assert round_money(interest, "CNY") == D("147.95")
    assert interest == accrue(D(10000), [], day("2025-01-31"), day("2025-03-02"), rate)


def test_reductions_after_as_of_are_ignored():
    # 02-01..02-10 = 10 days on 10000: 10000 × 0.18 × 10 / 365 = 18000 / 365 = 49.3150… → 49.32.
    later = [(day("2025-02-20"), D(10000))]
    interest = accrue(D(10000), later, day("2025-01-31"), day("2025-02-10"), parse_rate("18%"))
    assert round_money(interest, "CNY") == D("49.32")


def test_overpayment_never_makes_negative_interest():
    # 1200 paid on 1000 on 02-05: 02-01..02-05 = 5 days on 1000, then balance −200 → 0.
    # 1000 × 0.365 × 5 / 365 = 5.00 exactly.
    paid = [(day("2025-02-05"), D(1200))]
    interest = accrue(D(1000), paid, day("2025-01-31"), day("2025-12-31"), parse_rate("36.5%"))
    assert interest == D(5)


@pytest.mark.parametrize("as_of", ["2025-03-31", "2025-03-01"])
def test_nothing_accrues_until_the_day_after_due(as_of):
    assert accrue(D(10000), [], day("2025-03-31"), day(as_of), parse_rate("18%")) == 0


def test_rate_table_changing_mid_period_uses_each_row_in_force():
    # Rows 4.65 % from 2025-01-01, 4.5 % from 2025-05-20; due 04-30, as_of 06-30:
    #   05-01..05-19 = 19 days at 4.65 %: 100000 × 0.0465 × 19 = 88350
    #   05-20..06-30 = 12 + 30 = 42 days at 4.5 %: 100000 × 0.045 × 42 = 189000
    # (88350 + 189000) / 365 = 277350 / 365 = 759.863… → 759.86.
    rows = table(("2025-01-01", "4.65%"), ("2025-05-20", "4.5%"))
    interest = accrue(D(100000), [], day("2025-04-30"), day("2025-06-30"), rows)
    assert round_money(interest, "CNY") == D("759.86")


def test_rate_table_rows_may_be_given_out_of_order():
    rows = table(("2025-05-20", "4.5%"), ("2025-01-01", "4.65%"))
    interest = accrue(D(100000), [], day("2025-04-30"), day("2025-06-30"), rows)
    assert round_money(interest, "CNY") == D("759.86")


def test_days_before_the_first_table_row_bear_no_interest():
    # Only 4.5 % from 2025-05-20: 05-01..05-19 bear nothing; 42 days at 4.5 %:
    # 100000 × 0.045 × 42 / 365 = 189000 / 365 = 517.808… → 517.81.
    rows = table(("2025-05-20", "4.5%"))
    interest = accrue(D(100000), [], day("2025-04-30"), day("2025-06-30"), rows)
    assert round_money(interest, "CNY") == D("517.81")


def test_empty_rate_table_accrues_nothing():
    assert accrue(D(100000), [], day("2025-04-30"), day("2025-06-30"), []) == 0


def test_an_old_invoice_is_computed_by_segments_not_days():
    # 30 years on 1000 at 36.5 %: 1000 × 0.365 × days / 365 = days exactly.
    due, as_of = day("1995-01-01"), day("2025-01-01")
    interest = accrue(D(1000), [], due, as_of, parse_rate("36.5%"))
    assert interest == D((as_of - due).days)


# ------------------------------------------------------------------ reference rates


def test_reference_rate_on_a_change_day_is_the_new_rate():
    assert reference_rate_on(BANK_RATE, day("2025-05-08")) == D("4.25")
    assert reference_rate_on(BANK_RATE, day("2025-05-07")) == D("4.50")
    assert reference_rate_on(ECB_MRO, day("2023-08-02")) == D("4.25")
    assert reference_rate_on(ECB_MRO, day("2023-07-01")) == D("4.00")


def test_reference_rate_before_the_first_row_is_an_error():
    with pytest.raises(ValueError, match="no reference rate is known for 2000-01-01"):
        reference_rate_on(BANK_RATE, day("2000-01-01"))


# ------------------------------------------------------------------ UK statutory rate


def test_uk_interest_starting_1_january_uses_31_december_bank_rate():
    # Due 2024-12-31 → starts 2025-01-01 → Bank Rate on 2024-12-31 = 4.75 % → 12.75 %.
    rate = statutory_rate("uk_late_payment", day("2024-12-31"))
    assert rate.fraction == D("0.1275") and not rate.per_day
    assert rate.text == "12.75% (8% + Bank Rate 4.75% on 2024-12-31)"


def test_uk_interest_starting_in_july_uses_30_june_bank_rate():
    # Due 2025-08-15 → starts 2025-08-16 → Bank Rate on 2025-06-30 = 4.25 % → 12.25 %
    # (not the 4.00 % in force from 2025-08-07: the rate is fixed at the half-year).
    rate = statutory_rate("uk_late_payment", day("2025-08-15"))
    assert rate.text == "12.25% (8% + Bank Rate 4.25% on 2025-06-30)"


def test_uk_interest_starting_exactly_on_1_july_uses_30_june_rate():
    # Due 2025-06-30 → starts 2025-07-01 → 30 June rate 4.25 % → 12.25 %;
    # due one day earlier starts 2025-06-30 → 31 Dec 2024 rate 4.75 % → 12.75 %.
    assert statutory_rate("uk_late_payment", day("2025-06-30")).fraction == D("0.1225")
    assert statutory_rate("uk_late_payment", day("2025-06-29")).fraction == D("0.1275")


def test_uk_rate_is_fixed_for_the_life_of_the_debt():
    # Starts 2025-08-16 at 12.25 %; Bank Rate falls to 4.00 % (08-07, already) and
    # 3.75 % (12-18) — irrelevant. 08-16..2026-08-15 = 365 days:
    # 1000 × 0.1225 × 365 / 365 = 122.50.
    rate = statutory_rate("uk_late_payment", day("2025-08-15"))
    assert accrue(D(1000), [], day("2025-08-15"), day("2026-08-15"), rate) == D("122.5")


def test_policy_reference_rates_override_the_bank_rate_table():
    # Policy says the reference is 5 % from 2024-01-01: 8 + 5 = 13 %.
    ref = table(("2024-01-01", "5%"))
    rate = statutory_rate("uk_late_payment", day("2025-03-31"), ref)
    assert rate.fraction == D("0.13")
    assert rate.text == "13.00% (8% + Bank Rate 5.00% on 2024-12-31)"


def test_unknown_profile_is_an_error():
    with pytest.raises(ValueError, match="unknown interest profile"):
        statutory_rate("mars_late_payment", day("2025-03-31"))


# ------------------------------------------------------------------ EU statutory rate


def test_eu_rate_is_8_points_over_ecb_on_each_half_year_start():
    # Due 2025-05-31 → starts 06-01 in H1 2025: ECB on 2025-01-01 = 3.15 % → 11.15 %;
    # H2 2025: ECB on 2025-07-01 = 2.15 % (since 06-11) → 10.15 %.
    rows = statutory_rate("eu_late_payment", day("2025-05-31"), until=day("2025-12-31"))
    assert [(r.start, r.rate.fraction) for r in rows] == [
        (day("2025-01-01"), D("0.1115")), (day("2025-07-01"), D("0.1015"))]
    assert rows[1].rate.text == "10.15% (8% + ECB rate 2.15% on 2025-07-01)"


def test_eu_interest_changes_rate_at_the_half_year_boundary():
    # 10000 due 2025-05-31, as_of 2025-07-31:
    #   06-01..06-30 = 30 days at 11.15 %: 10000 × 0.1115 × 30 = 33450
    #   07-01..07-31 = 31 days at 10.15 %: 10000 × 0.1015 × 31 = 31465
    # (33450 + 31465) / 365 = 64915 / 365 = 177.849… → 177.85; fixed sum €40.
    rows = statutory_rate("eu_late_payment", day("2025-05-31"))
    interest = accrue(D(10000), [], day("2025-05-31"), day("2025-07-31"), rows)
    assert round_money(interest, "EUR") == D("177.85")
    assert fixed_sum("eu_late_payment", D(10000), "EUR") == D(40)


def test_eu_rate_uses_the_ecb_rate_in_force_on_1_july_not_later_changes():
    # H2 2023: ECB on 2023-07-01 = 4.00 % (4.25 % only from 08-02) → 12.00 %.
    rows = statutory_rate("eu_late_payment", day("2023-07-31"), until=day("2023-07-01"))
    assert [(r.start, r.rate.fraction) for r in rows] == [(day("2023-07-01"), D("0.12"))]


def test_eu_rows_run_20_years_by_default():
    # First row 2025-01-01, then every half-year up to 2045-01-01: 2 × 20 + 1 = 41 rows.
    rows = statutory_rate("eu_late_payment", day("2025-05-31"))
    assert rows[0].start == day("2025-01-01") and rows[-1].start == day("2045-01-01")
    assert len(rows) == 41


def test_eu_with_policy_reference_rates():
    # Reference 2 % from 2020-01-01, 3 % from 2025-03-01: H1 2025 uses 01-01 → 2 % → 10 %;
    # H2 uses 07-01 → 3 % → 11 %.
    ref = table(("2020-01-01", "2%"), ("2025-03-01", "3%"))
    rows = statutory_rate("eu_late_payment", day("2025-05-31"), ref, until=day("2025-07-01"))
    assert [r.rate.fraction for r in rows] == [D("0.10"), D("0.11")]


# ------------------------------------------------------------------ fixed sums


@pytest.mark.parametrize(("amount", "expected"), [
    ("999.99", 40), ("1000", 70), ("9999.99", 70), ("10000", 100), ("250000", 100),
])
def test_uk_fixed_sum_by_debt_size(amount, expected):
    assert fixed_sum("uk_late_payment", D(amount), "GBP") == D(expected)


def test_fixed_sums_only_in_the_statute_currency():
    assert fixed_sum("uk_late_payment", D(5000), "EUR") == 0
    assert fixed_sum("eu_late_payment", D(5000), "GBP") == 0
    assert fixed_sum(None, D(5000), "GBP") == 0


# ------------------------------------------------------------------ choosing a rate


def test_invoice_rate_beats_customer_and_policy():
    choice = choose_rate(invoice(interest_rate="10%"), customer(interest_rate="12%"),
                         policy(interest_profile="uk_late_payment"), day("2025-03-31"))
    assert choice.source == "invoice" and choice.spec == parse_rate("10%")
    assert choice.profile is None and choice.label == "10%"


def test_customer_rate_beats_policy():
    choice = choose_rate(invoice(), customer(interest_profile="uk_late_payment"),
                         policy(interest_rate="18%"), day("2025-03-31"))
    assert choice.source == "customer" and choice.profile == "uk_late_payment"
    assert choice.spec.fraction == D("0.1275")
    assert choice.label == "UK late payment: 12.75% (8% + Bank Rate 4.75% on 2024-12-31)"


def test_policy_applies_when_invoice_and_customer_say_nothing():
    choice = choose_rate(invoice(), None, policy(interest_rate="18%"), day("2025-03-31"))
    assert choice.source == "policy" and choice.spec.fraction == D("0.18")


def test_explicit_rate_beats_profile_on_the_same_record():
    # A contractual rate displaces the statutory one, fixed sum included.
    choice = choose_rate(invoice(interest_rate="6%", interest_profile="uk_late_payment"),
                         None, policy(), day("2025-03-31"))
    assert choice.source == "invoice" and choice.spec.fraction == D("0.06")
    assert choice.profile is None


def test_no_rate_anywhere_means_no_interest():
    choice = choose_rate(invoice(), customer(), policy(), day("2025-03-31"))
    assert choice == RateChoice(None, None, "none", "no interest")
    assert invoice_interest(D(5000), [], day("2025-03-31"), day("2025-06-29"), choice) == 0


def test_rate_table_on_a_record_is_kept_as_a_tuple_with_a_label():
    rows = [{"from": "2025-01-01", "rate": "4.65%"}, {"from": "2025-05-20", "rate": "4.5%"}]
    choice = choose_rate(invoice(), customer(interest_rate=rows), policy(), day("2025-04-30"))
    assert choice.source == "customer" and isinstance(choice.spec, tuple)
    assert choice.label == "4.65% from 2025-01-01; 4.5% from 2025-05-20"


def test_profile_uses_policy_reference_rates_and_the_effective_due_date():
    # Invoice gives terms, not due; the caller passes due 2025-03-31 → H1 start →
    # policy reference 5 % on 2024-12-31 → 13 %. 90 days (as DOMAIN example):
    # 5000 × 0.13 × 90 / 365 = 58500 / 365 = 160.2739… → 160.27.
    inv = invoice(due=None, terms=30, interest_profile="uk_late_payment")
    pol = policy(reference_rates=[{"from": "2024-01-01", "rate": "5%"}])
    choice = choose_rate(inv, None, pol, day("2025-03-31"))
    assert choice.spec.fraction == D("0.13")
    interest = invoice_interest(D(5000), [], day("2025-03-31"), day("2025-06-29"), choice)
    assert round_money(interest, "GBP") == D("160.27")


def test_eu_profile_choice_is_a_table():
    choice = choose_rate(invoice(currency="EUR", interest_profile="eu_late_payment"),
                         None, policy(), day("2025-05-31"))
    assert choice.profile == "eu_late_payment" and isinstance(choice.spec, tuple)
    assert choice.label.startswith("EU late payment: 8% over the ECB rate")


# ------------------------------------------------------------------ properties

DUE = day("2024-01-31")
cents = st.integers(min_value=0, max_value=10**9).map(lambda c: D(c).scaleb(-2))
reduction = st.tuples(st.integers(min_value=-30, max_value=800).map(lambda n: DUE + dt.timedelta(days=n)), cents)
rates = st.one_of(
    st.integers(min_value=0, max_value=5000).map(lambda bp: parse_rate(f"{D(bp).scaleb(-2)}%")),
    st.lists(st.tuples(st.integers(min_value=-60, max_value=800), st.integers(min_value=0, max_value=5000)),
             min_size=1, max_size=5).map(lambda rows: [
                 RateRow.model_validate({"from": DUE + dt.timedelta(days=n), "rate": f"{D(bp).scaleb(-2)}%"})
                 for n, bp in rows]),
)


@settings(max_examples=200, deadline=None)
@given(amount=cents, reductions=st.lists(reduction, max_size=6), rate=rates,
       end=st.integers(min_value=-5, max_value=800), more=st.integers(min_value=0, max_value=400))
def test_interest_is_never_negative_and_grows_with_as_of(amount, reductions, rate, end, more):
    as_of = DUE + dt.timedelta(days=end)
    earlier = accrue(amount, reductions, DUE, as_of, rate)
    later = accrue(amount, reductions, DUE, as_of + dt.timedelta(days=more), rate)
    assert D(0) <= earlier <= later


@settings(max_examples=200, deadline=None)
@given(amount=cents, reductions=st.lists(reduction, min_size=1, max_size=6), rate=rates,
       end=st.integers(min_value=0, max_value=800), which=st.integers(min_value=0),
       shift=st.integers(min_value=1, max_value=400))
def test_paying_earlier_never_costs_more_interest(amount, reductions, rate, end, which, shift):
    as_of = DUE + dt.timedelta(days=end)
    index = which % len(reductions)
    moved = list(reductions)
    moved[index] = (moved[index][0] - dt.timedelta(days=shift), moved[index][1])
    assert accrue(amount, moved, DUE, as_of, rate) <= accrue(amount, reductions, DUE, as_of, rate)
