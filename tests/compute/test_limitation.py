"""Tests for the limitation of claims: every example in DOMAIN.md worked by hand, the edges
of a period (its last day, the day after, before it begins), filings, events not yet
known, and properties that must hold for any sequence of events."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from collect.compute.limitation import (
    DEFAULT_YEARS,
    Limitation,
    Restart,
    add_years,
    limitation,
    limitation_warning,
    next_working_day,
)

D = date.fromisoformat
LATE = D("2040-01-01")  # an as-of date after everything, so that every event is known


def letter(day: str) -> Restart:
    return Restart(D(day), "letter", f"notes/acme/{day}-demand.md")


def ack(day: str) -> Restart:
    return Restart(D(day), "acknowledgement", f"notes/acme/{day}-confirmation.md")


def payment(day: str) -> Restart:
    return Restart(D(day), "payment", "payment R-123")


# --- add_years and next_working_day ---------------------------------------------------


def test_add_years_keeps_month_and_day():
    assert add_years(D("2022-03-31"), 3) == D("2025-03-31")


def test_add_years_from_leap_day_to_a_common_year_ends_on_28_february():
    assert add_years(D("2020-02-29"), 3) == D("2023-02-28")


def test_add_years_from_leap_day_to_a_leap_year_keeps_29_february():
    assert add_years(D("2020-02-29"), 4) == D("2024-02-29")


def test_next_working_day_keeps_a_weekday_that_is_not_a_holiday():
    assert next_working_day(D("2025-03-31"), ()) == D("2025-03-31")  # Monday


def test_next_working_day_moves_sunday_to_monday():
    assert next_working_day(D("2027-11-07"), ()) == D("2027-11-08")


def test_next_working_day_moves_saturday_to_monday():
    assert next_working_day(D("2027-11-06"), ()) == D("2027-11-08")


def test_next_working_day_skips_a_holiday_and_the_weekend_after_it():
    # 2027-10-01 is a Friday (National Day), then Sat 2 and Sun 3 → Monday 2027-10-04.
    assert next_working_day(D("2027-10-01"), {D("2027-10-01")}) == D("2027-10-04")


# --- China (民法典) ----------------------------------------------------------------------


def test_cn_runs_three_years_from_the_due_date():
    # DOMAIN: due 2022-03-31 (Thu) → 2025-03-31, a Monday, so no roll.
    lim = limitation("cn", D("2022-03-31"), [], as_of=D("2025-01-01"))
    assert lim == Limitation(D("2025-03-31"), "running", None, None, None, 89)
    # 2025-01-01 → 2025-03-31: 30 (Jan) + 28 (Feb) + 31 (Mar) = 89 days.


def test_cn_delivered_demand_restarts_and_a_sunday_expiry_moves_to_monday():
    # DOMAIN: demand delivered 2024-11-07 → 2027-11-07, a Sunday → Monday 2027-11-08.
    demand = letter("2024-11-07")
    lim = limitation("cn", D("2022-03-31"), [demand], as_of=D("2025-01-01"))
    assert lim.expires == D("2027-11-08")
    assert lim.basis == demand
    assert lim.status == "running"


def test_cn_leap_day_due_date_ends_on_28_february():
    # DOMAIN: due 2020-02-29 → 2023-02-28, a Tuesday, so no roll.
    lim = limitation("cn", D("2020-02-29"), [], as_of=D("2023-02-28"))
    assert lim.expires == D("2023-02-28")
    assert lim.status == "running"  # the last day still counts
    assert lim.days_left == 0


def test_cn_expired_the_day_after_the_last_day():
    lim = limitation("cn", D("2020-02-29"), [], as_of=D("2023-03-01"))
    assert lim.status == "expired"
    assert lim.days_left == -1


def test_cn_expiry_on_a_policy_holiday_moves_past_it_and_past_the_following_weekend():
    # Due 2024-10-01 → 2027-10-01, a Friday; a policy holiday → Sat 2, Sun 3 → Mon 2027-10-04.
    holidays = {D("2027-10-01")}
    lim = limitation("cn", D("2024-10-01"), [], as_of=D("2027-01-01"), holidays=holidays)
    assert lim.expires == D("2027-10-04")


def test_cn_expiry_on_a_run_of_holidays_moves_to_the_first_working_day():
    # Due 2024-10-01 → 2027-10-01 (Fri); 1-7 October holidays (4-7 are Mon-Thu) → Fri 2027-10-08.
    holidays = {D("2027-10-01") + timedelta(days=i) for i in range(7)}
    lim = limitation("cn", D("2024-10-01"), [], as_of=D("2027-01-01"), holidays=holidays)
    assert lim.expires == D("2027-10-08")


def test_uk_ignores_holidays_and_weekends():
    # Due 2021-11-07 → 2027-11-07, a Sunday: no roll outside cn (conservative).
    lim = limitation("uk", D("2021-11-07"), [], as_of=D("2027-01-01"), holidays={D("2027-11-07")})
    assert lim.expires == D("2027-11-07")


def test_cn_acknowledgement_and_payment_restart():
    due = D("2022-03-31")
    assert limitation("cn", due, [ack("2023-06-14")], as_of=LATE).expires == D("2026-06-15")
    # 2026-06-14 is a Sunday → Monday 2026-06-15.
    assert limitation("cn", due, [payment("2023-06-13")], as_of=LATE).expires == D("2026-06-15")
    # 2026-06-13 is a Saturday → Monday 2026-06-15.


def test_cn_restarts_chain_and_the_last_one_counts():
    # 2022-03-31 → 2025-03-31; demand 2024-11-07 → 2027-11-08 (Mon);
    # payment 2027-11-08 (the last day, rolled) → 2030-11-08 (a Friday).
    events = [payment("2027-11-08"), letter("2024-11-07")]  # out of order on purpose
    lim = limitation("cn", D("2022-03-31"), events, as_of=D("2028-01-01"))
    assert lim.expires == D("2030-11-08")
    assert lim.basis == events[0]


def test_cn_letter_delivered_before_the_due_date_restarts_nothing():
    # The period has not begun on 2022-03-01; expiry stays 2025-03-31.
    lim = limitation("cn", D("2022-03-31"), [letter("2022-03-01")], as_of=D("2024-01-01"))
    assert lim.expires == D("2025-03-31")
    assert lim.basis is None


def test_cn_letter_delivered_on_the_due_date_runs_from_that_day():
    lim = limitation("cn", D("2022-03-31"), [letter("2022-03-31")], as_of=D("2024-01-01"))
    assert lim.expires == D("2025-03-31")


def test_cn_acknowledgement_on_the_last_day_restarts():
    # 2025-03-31 is the last day of the period → 2028-03-31 (a Friday).
    confirmation = ack("2025-03-31")
    lim = limitation("cn", D("2022-03-31"), [confirmation], as_of=D("2025-04-01"))
    assert lim.expires == D("2028-03-31")
    assert lim.basis == confirmation
    assert lim.status == "running"
    assert lim.waived is None


def test_cn_event_on_the_rolled_last_day_restarts():
    # Due 2024-11-07 → 2027-11-07 (Sun) → 2027-11-08; a payment on Mon 2027-11-08 is in time
    # → 2030-11-08 (Fri).
    lim = limitation("cn", D("2024-11-07"), [payment("2027-11-08")], as_of=D("2028-01-01"))
    assert lim.expires == D("2030-11-08")


def test_cn_acknowledgement_a_day_after_expiry_waives_but_does_not_restart():
    # Expired after 2025-03-31; the confirmation of 2025-04-01 costs the debtor the defence
    # (art. 192 ¶2) but does not start a new period.
    late = ack("2025-04-01")
    lim = limitation("cn", D("2022-03-31"), [late], as_of=D("2025-05-01"))
    assert lim.expires == D("2025-03-31")
    assert lim.status == "expired"
    assert lim.basis is None
    assert lim.waived == late


def test_cn_letter_or_payment_after_expiry_neither_restarts_nor_waives():
    lim = limitation("cn", D("2022-03-31"), [letter("2025-04-01"), payment("2025-04-02")], as_of=D("2025-05-01"))
    assert lim.expires == D("2025-03-31")
    assert lim.status == "expired"
    assert lim.waived is None


def test_limitation_years_override():
    # cn with a policy of 2 years: due 2022-03-31 → 2024-03-31, a Sunday → Monday 2024-04-01.
    lim = limitation("cn", D("2022-03-31"), [], as_of=D("2024-01-01"), years=2)
    assert lim.expires == D("2024-04-01")


def test_limitation_years_override_applies_to_restarts_and_to_uk():
    # uk with 3 years: due 2020-01-15 → 2023-01-15; ack 2022-01-10 → 2025-01-10.
    lim = limitation("uk", D("2020-01-15"), [ack("2022-01-10")], as_of=D("2024-01-01"), years=3)
    assert lim.expires == D("2025-01-10")


# --- England & Wales, US, EU ------------------------------------------------------------


def test_uk_runs_six_years():
    # DOMAIN: due 2020-01-15 → 2026-01-15.
    lim = limitation("uk", D("2020-01-15"), [], as_of=D("2025-01-01"))
    assert lim.expires == D("2026-01-15")


def test_uk_reminder_letter_restarts_nothing():
    lim = limitation("uk", D("2020-01-15"), [letter("2024-05-02")], as_of=D("2025-01-01"))
    assert lim.expires == D("2026-01-15")
    assert lim.basis is None


def test_uk_acknowledgement_restarts_six_years():
    # s.29(5)/s.30: ack 2024-05-02 → 2030-05-02.
    lim = limitation("uk", D("2020-01-15"), [ack("2024-05-02")], as_of=D("2025-01-01"))
    assert lim.expires == D("2030-05-02")


def test_uk_part_payment_restarts_six_years():
    lim = limitation("uk", D("2020-01-15"), [payment("2021-07-30")], as_of=D("2025-01-01"))
    assert lim.expires == D("2027-07-30")


def test_uk_acknowledgement_on_the_last_day_restarts():
    # 2026-01-15 is the last day → 2032-01-15.
    lim = limitation("uk", D("2020-01-15"), [ack("2026-01-15")], as_of=D("2026-02-01"))
    assert lim.expires == D("2032-01-15")
    assert lim.status == "running"


def test_uk_acknowledgement_a_day_after_expiry_does_nothing():
    # s.29(7): nothing revives a barred debt; no waiver either.
    lim = limitation("uk", D("2020-01-15"), [ack("2026-01-16")], as_of=D("2026-02-01"))
    assert lim.expires == D("2026-01-15")
    assert lim.status == "expired"
    assert lim.basis is None
    assert lim.waived is None


def test_us_runs_four_years_and_ignores_letters():
    # UCC §2-725: due 2021-06-30 → 2025-06-30; letter nothing; payment 2023-02-01 → 2027-02-01.
    assert limitation("us", D("2021-06-30"), [letter("2022-01-03")], as_of=LATE).expires == D("2025-06-30")
    assert limitation("us", D("2021-06-30"), [payment("2023-02-01")], as_of=LATE).expires == D("2027-02-01")


def test_eu_is_three_years_like_uk_without_year_end():
    # due 2022-03-15 → 2025-03-15 (no rounding to 31 December); letter nothing; ack restarts.
    due = D("2022-03-15")
    assert limitation("eu", due, [letter("2024-01-10")], as_of=LATE).expires == D("2025-03-15")
    assert limitation("eu", due, [ack("2024-01-10")], as_of=LATE).expires == D("2027-01-10")


# --- Germany (BGB) ----------------------------------------------------------------------


def test_de_first_period_ends_on_31_december():
    # DOMAIN: due 2022-03-15 → end of 2022 + 3 years = 2025-12-31.
    lim = limitation("de", D("2022-03-15"), [], as_of=D("2025-12-31"))
    assert lim.expires == D("2025-12-31")
    assert lim.status == "running"
    assert limitation("de", D("2022-03-15"), [], as_of=D("2026-01-01")).status == "expired"


def test_de_part_payment_restarts_three_years_without_year_end():
    # DOMAIN: part payment 2024-05-10 → 2027-05-10 (§212, no year-end rounding).
    lim = limitation("de", D("2022-03-15"), [payment("2024-05-10")], as_of=D("2025-01-01"))
    assert lim.expires == D("2027-05-10")


def test_de_mahnung_restarts_nothing():
    lim = limitation("de", D("2022-03-15"), [letter("2024-05-10")], as_of=D("2025-01-01"))
    assert lim.expires == D("2025-12-31")


def test_de_acknowledgement_before_the_period_begins_restarts_nothing():
    # The period begins with the end of 2022; an ack on 2022-06-01 would otherwise give
    # 2025-06-01, *shorter* than 2025-12-31.
    lim = limitation("de", D("2022-03-15"), [ack("2022-06-01")], as_of=D("2024-01-01"))
    assert lim.expires == D("2025-12-31")
    assert lim.basis is None


def test_de_acknowledgement_on_the_last_day_restarts():
    # 2025-12-31 is the last day → 2028-12-31.
    lim = limitation("de", D("2022-03-15"), [ack("2025-12-31")], as_of=D("2026-01-05"))
    assert lim.expires == D("2028-12-31")


def test_de_acknowledgement_after_expiry_does_nothing():
    lim = limitation("de", D("2022-03-15"), [ack("2026-01-01")], as_of=D("2026-01-05"))
    assert lim.expires == D("2025-12-31")
    assert lim.status == "expired"
    assert lim.waived is None


def test_de_override_of_years_keeps_the_year_end():
    # de with 2 years: due 2022-03-15 → 2024-12-31.
    assert limitation("de", D("2022-03-15"), [], as_of=LATE, years=2).expires == D("2024-12-31")


# --- filing, events not yet known -----------------------------------------------------


def test_filed_before_expiry_stops_the_period():
    lim = limitation("cn", D("2022-03-31"), [], as_of=D("2026-01-01"), filed=D("2025-03-31"))
    assert lim == Limitation(None, "stopped", None, None, D("2025-03-31"), None)


def test_filed_within_a_period_extended_by_an_earlier_restart_stops_it():
    # Demand delivered 2024-11-07 → 2027-11-08; filed 2026-05-01 is in time.
    demand = letter("2024-11-07")
    lim = limitation("cn", D("2022-03-31"), [demand], as_of=D("2026-06-01"), filed=D("2026-05-01"))
    assert lim.status == "stopped"
    assert lim.expires is None
    assert lim.stopped_by == D("2026-05-01")
    assert lim.basis == demand


def test_filed_after_expiry_stays_expired():
    lim = limitation("cn", D("2022-03-31"), [], as_of=D("2025-06-01"), filed=D("2025-04-01"))
    assert lim.status == "expired"
    assert lim.expires == D("2025-03-31")
    assert lim.stopped_by is None


def test_events_after_the_filing_change_nothing():
    lim = limitation("uk", D("2020-01-15"), [ack("2024-01-01")], as_of=D("2025-01-01"), filed=D("2023-01-01"))
    assert lim.status == "stopped"
    assert lim.basis is None


def test_events_after_as_of_are_ignored():
    # The demand of 2024-11-07 is not known on 2024-11-06: expiry stays 2025-03-31.
    lim = limitation("cn", D("2022-03-31"), [letter("2024-11-07")], as_of=D("2024-11-06"))
    assert lim.expires == D("2025-03-31")
    assert lim.basis is None


def test_a_filing_after_as_of_is_ignored():
    lim = limitation("cn", D("2022-03-31"), [], as_of=D("2024-01-01"), filed=D("2024-06-01"))
    assert lim.status == "running"
    assert lim.expires == D("2025-03-31")


def test_unknown_jurisdiction_is_an_error():
    with pytest.raises(ValueError):
        limitation("fr", D("2022-03-31"), [], as_of=D("2024-01-01"))


# --- warnings ---------------------------------------------------------------------------


def test_warning_at_exactly_warn_days():
    # Expires 2025-03-31; 2025-01-30 is 60 days before (1 + 28 + 31).
    lim = limitation("cn", D("2022-03-31"), [], as_of=D("2025-01-30"))
    assert lim.days_left == 60
    assert limitation_warning(lim, D("2025-01-30"), 60)


def test_no_warning_one_day_beyond_warn_days():
    lim = limitation("cn", D("2022-03-31"), [], as_of=D("2025-01-29"))
    assert lim.days_left == 61
    assert not limitation_warning(lim, D("2025-01-29"), 60)


def test_no_warning_once_expired_or_stopped():
    expired = limitation("cn", D("2022-03-31"), [], as_of=D("2025-04-01"))
    stopped = limitation("cn", D("2022-03-31"), [], as_of=D("2025-04-01"), filed=D("2025-01-01"))
    assert not limitation_warning(expired, D("2025-04-01"), 60)
    assert not limitation_warning(stopped, D("2025-04-01"), 60)


# --- properties -------------------------------------------------------------------------

JURISDICTIONS = st.sampled_from(sorted(DEFAULT_YEARS))
DAYS = st.dates(min_value=D("2015-01-01"), max_value=D("2035-12-31"))
RESTARTS = st.builds(Restart, DAYS, st.sampled_from(["letter", "acknowledgement", "payment"]), st.just("x"))
HOLIDAYS = st.frozensets(DAYS, max_size=30)


def _not_earlier(after: Limitation, before: Limitation) -> bool:
    """A stopped claim is never worse than a running or expired one."""
    if after.expires is None:
        return True
    return before.expires is not None and after.expires >= before.expires


@settings(max_examples=400)
@given(
    JURISDICTIONS,
    DAYS,
    st.lists(RESTARTS, max_size=6),
    RESTARTS,
    DAYS,
    st.none() | st.integers(1, 10),
    HOLIDAYS,
    st.none() | DAYS,
)
def test_adding_a_restart_never_makes_expiry_earlier(j, due, events, extra, as_of, years, holidays, filed):
    before = limitation(j, due, events, as_of, years, holidays, filed)
    after = limitation(j, due, [*events, extra], as_of, years, holidays, filed)
    assert _not_earlier(after, before)


@settings(max_examples=400)
@given(JURISDICTIONS, DAYS, st.lists(RESTARTS, max_size=6), DAYS, st.none() | st.integers(1, 10), HOLIDAYS)
def test_expiry_is_never_before_the_plain_period_from_the_due_date(j, due, events, as_of, years, holidays):
    n = DEFAULT_YEARS[j] if years is None else years
    lim = limitation(j, due, events, as_of, years, holidays)
    assert lim.expires is not None and lim.expires >= add_years(due, n)
    assert lim.days_left == (lim.expires - as_of).days
    assert (lim.status == "expired") == (as_of > lim.expires)


@settings(max_examples=400)
@given(DAYS, st.lists(RESTARTS, max_size=6), DAYS, st.none() | st.integers(1, 10), HOLIDAYS)
def test_cn_expiry_is_never_a_weekend_or_a_holiday(due, events, as_of, years, holidays):
    lim = limitation("cn", due, events, as_of, years, holidays)
    assert lim.expires is not None
    assert lim.expires.weekday() < 5
    assert lim.expires not in holidays


@settings(max_examples=400)
@given(JURISDICTIONS, DAYS, st.lists(RESTARTS, max_size=6), DAYS, HOLIDAYS)
def test_events_after_as_of_change_nothing(j, due, events, as_of, holidays):
    known = [e for e in events if e.date <= as_of]
    assert limitation(j, due, events, as_of, holidays=holidays) == limitation(j, due, known, as_of, holidays=holidays)


@given(DAYS, st.integers(-20, 20))
def test_add_years_keeps_the_month_and_never_moves_more_than_the_leap_day(start, years):
    end = add_years(start, years)
    assert (end.year, end.month) == (start.year + years, start.month)
    assert end.day == start.day or (start.month, start.day, end.day) == (2, 29, 28)
