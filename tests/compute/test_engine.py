"""The engine end to end on small ledgers: invoice state (due, settled, days late and
overdue), interest and fees, limitation via notes, customer metrics, the worklist and
totals in several currencies. Figures are worked by hand in the comments.

Company: CNY, jurisdiction cn unless a test says otherwise; Feb 2026 has 28 days.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from collect.compute.engine import compute
from collect.model.ledger import Ledger
from collect.model.records import Company, Customer, Invoice, Payment, Policy
from inline_ledger import company

D = Decimal
day = dt.date.fromisoformat


def invoice(state, number):
    return next(i for i in state.invoices if i.number == number)


# ------------------------------------------------------------------ due, settled, late


def test_payment_on_the_due_date_is_not_late_and_bears_no_interest(run):
    state = run({
        "policy.yaml": 'interest_rate: "18%"\n',
        "invoices/a.yaml": """
            - {number: A-1, customer: acme, issued: 2026-01-01, due: 2026-01-31, amount: 1000.00}
        """,
        "payments/p.yaml": "- {date: 2026-01-31, customer: acme, amount: 1000.00, ref: R1}\n",
    }, "2026-03-01")
    a1 = invoice(state, "A-1")
    assert (a1.settled, a1.days_late, a1.days_overdue, a1.interest) == (day("2026-01-31"), 0, 0, D("0.00"))


def test_entry_on_the_as_of_date_counts_but_that_day_still_bears_interest(run):
    files = {
        "policy.yaml": 'interest_rate: "0.05%/day"\n',
        "invoices/a.yaml": """
            - {number: A-1, customer: acme, issued: 2026-01-01, due: 2026-01-31, amount: 1000.00}
        """,
        "payments/p.yaml": "- {date: 2026-03-02, customer: acme, amount: 400.00, ref: R1}\n",
    }
    a1 = invoice(run(files, "2026-03-02"), "A-1")
    # outstanding 1000 − 400 = 600, overdue 03-02 − 01-31 = 30 days.
    # Interest days 02-01 … 03-02 = 30, each on the balance carried into it: the payment
    # counts from the end of 03-02, so all 30 days are on 1000: 1000 × 0.0005 × 30 = 15.00
    assert (a1.outstanding, a1.days_overdue, a1.interest) == (D("600.00"), 30, D("15.00"))


def test_full_payment_on_the_as_of_date_settles_with_days_late_and_its_interest(run):
    a1 = invoice(run({
        "policy.yaml": 'interest_rate: "0.05%/day"\n',
        "invoices/a.yaml": """
            - {number: A-1, customer: acme, issued: 2026-01-01, due: 2026-01-31, amount: 1000.00}
        """,
        "payments/p.yaml": "- {date: 2026-03-02, customer: acme, amount: 1000.00, ref: R1}\n",
    }, "2026-03-02"), "A-1")
    # settled 03-02 → days_late 30, days_overdue 0 (nothing outstanding), interest 15.00
    assert (a1.outstanding, a1.settled, a1.days_late, a1.days_overdue, a1.interest) == (
        0, day("2026-03-02"), 30, 0, D("15.00"))


def test_days_overdue_only_while_something_is_outstanding(run):
    state = run({
        "invoices/a.yaml": """
            - {number: A-1, customer: acme, issued: 2026-01-01, due: 2026-01-31, amount: 1000.00}
            - {number: A-2, customer: acme, issued: 2026-01-01, due: 2026-02-10, amount: 1000.00}
            - {number: A-3, customer: acme, issued: 2026-03-01, due: 2026-03-31, amount: 1000.00}
        """,
        "payments/p.yaml": "- {date: 2026-02-20, customer: acme, amount: 1500.00, ref: R1}\n",
    }, "2026-03-10")
    # FIFO: A-1 paid (settled 02-20, 20 days late), A-2 500 left: 03-10 − 02-10 = 28 days;
    # A-3 not due
    got = {i.number: (i.outstanding, i.days_overdue, i.days_late) for i in state.invoices}
    assert got == {"A-1": (0, 0, 20), "A-2": (D("500.00"), 28, None), "A-3": (D("1000.00"), 0, None)}


def test_due_from_terms_invoice_then_customer_then_policy(run):
    state = run({
        "policy.yaml": "terms: 20\n",
        "customers/acme.yaml": "id: acme\nname: Acme\nterms: 45\n",
        "customers/beta.yaml": "id: beta\nname: Beta\n",
        "invoices/a.yaml": """
            - {number: T-INV, customer: acme, issued: 2026-01-10, terms: 10, amount: 100.00}
            - {number: T-CUS, customer: acme, issued: 2026-01-10, amount: 100.00}
            - {number: T-POL, customer: beta, issued: 2026-01-10, amount: 100.00}
            - {number: T-DUE, customer: acme, issued: 2026-01-10, due: 2026-01-15, amount: 100.00}
        """,
    }, "2026-03-10")
    # 01-10 + 10 = 01-20; + 45 = 02-24; + 20 = 01-30; an explicit due date wins
    assert {i.number: i.due for i in state.invoices} == {
        "T-INV": day("2026-01-20"), "T-CUS": day("2026-02-24"), "T-POL": day("2026-01-30"),
        "T-DUE": day("2026-01-15")}


# ------------------------------------------------------------------ interest and fees


def test_interest_rate_from_invoice_else_customer_else_policy(run):
    state = run({
        "policy.yaml": 'interest_rate: "0.05%/day"\n',
        "customers/acme.yaml": 'id: acme\nname: Acme\ninterest_rate: "18%"\n',
        "customers/beta.yaml": "id: beta\nname: Beta\n",
        "invoices/a.yaml": """
            - {number: R-INV, customer: acme, issued: 2026-01-01, due: 2026-01-31, amount: 10000.00, interest_rate: "36%"}
            - {number: R-CUS, customer: acme, issued: 2026-01-01, due: 2026-01-31, amount: 10000.00}
            - {number: R-POL, customer: beta, issued: 2026-01-01, due: 2026-01-31, amount: 10000.00}
        """,
    }, "2026-03-02")
    # 30 days (02-01 … 03-02) on 10000:
    # invoice 36 %: 10000 × 0.36 × 30 / 365 = 108000 / 365 = 295.890… → 295.89
    # customer 18 %: 54000 / 365 = 147.945… → 147.95
    # policy 0.05 %/day: 10000 × 0.0005 × 30 = 150.00
    assert {i.number: i.interest for i in state.invoices} == {
        "R-INV": D("295.89"), "R-CUS": D("147.95"), "R-POL": D("150.00")}
    assert state.customer("acme").interest == D("443.84")  # 295.89 + 147.95


def test_rate_table_change_mid_period_charges_each_day_at_the_row_in_force(run):
    state = run({
        "customers/acme.yaml": """
            id: acme
            name: Acme
            interest_rate:
              - {from: 2026-01-01, rate: "12%"}
              - {from: 2026-02-15, rate: "24%"}
        """,
        "invoices/a.yaml": """
            - {number: R-1, customer: acme, issued: 2026-01-01, due: 2026-01-31, amount: 100000.00}
        """,
    }, "2026-03-02")
    # 02-01 … 02-14: 14 days at 12 %: 100000 × 0.12 × 14 / 365 = 168000 / 365
    # 02-15 … 03-02: 16 days at 24 %: 100000 × 0.24 × 16 / 365 = 384000 / 365
    # (168000 + 384000) / 365 = 1512.328… → 1512.33
    assert invoice(state, "R-1").interest == D("1512.33")


def test_uk_late_payment_worked_check_through_the_engine(run):
    state = run({
        "customers/acme.yaml": """
            id: acme
            name: Thornbury Components Ltd
            currency: GBP
            jurisdiction: uk
            interest_profile: uk_late_payment
        """,
        "invoices/a.yaml": """
            - {number: TC-1, customer: acme, issued: 2025-03-01, due: 2025-03-31, amount: 5000.00}
        """,
    }, "2025-06-29", company(fx='{GBP: "9.10"}'))
    tc1 = invoice(state, "TC-1")
    # Bank Rate on 2024-12-31 4.75 % + 8 = 12.75 %; 90 days (30 + 31 + 29):
    # 5000 × 0.1275 × 90 / 365 = 57375 / 365 = 157.191… → 157.19; fixed sum £70 (1,000–9,999.99)
    assert (tc1.currency, tc1.interest, tc1.fixed_sum) == ("GBP", D("157.19"), D(70))
    assert state.customer("acme").interest == D("157.19")


def test_fee_of_a_ladder_step_is_charged_once_its_letter_was_sent(run):
    state = run({
        "policy.yaml": """
            ladder:
              - {step: reminder, after_days: 1, letter: reminder}
              - {step: demand, after_days: 31, letter: demand, fee: 200}
        """,
        "invoices/a.yaml": """
            - {number: F-1, customer: acme, issued: 2026-01-01, due: 2026-01-31, amount: 10000.00}
        """,
        "notes/acme/0202.md": "---\ndate: 2026-02-02\ncustomer: acme\nchannel: email\n"
                              "letter: {type: reminder, sent: 2026-02-02}\n---\n",
        "notes/acme/0305.md": "---\ndate: 2026-03-05\ncustomer: acme\nchannel: letter\n"
                              "letter: {type: demand, sent: 2026-03-05}\n---\n",
    }, "2026-03-10")
    acme = state.customer("acme")
    # the reminder has no fee; the demand adds 200
    assert [(f.step, f.date, f.amount) for f in acme.fees] == [("demand", day("2026-03-05"), D(200))]
    assert acme.fee_total == D(200)


# ------------------------------------------------------------------ limitation via notes


def note(date: str, *lines: str, customer: str = "acme") -> str:
    return "---\n" + f"date: {date}\ncustomer: {customer}\nchannel: letter\n" + "".join(
        line + "\n" for line in lines) + "---\n"


def expires(run, files, as_of, company_text=None, number="L-1"):
    state = run(files, as_of) if company_text is None else run(files, as_of, company_text)
    return invoice(state, number).limitation


L1 = "- {number: L-1, customer: acme, issued: %s, due: %s, amount: 1000.00}\n"


@pytest.mark.parametrize("delivered, expiry", [
    ("2026-03-27", "2029-03-29"),  # before the due date: no restart; 2029-03-29 is a Thursday
    ("2026-04-02", "2029-04-02"),  # after it: a new 3 years from delivery (a Monday)
])
def test_letter_delivered_before_the_due_date_restarts_nothing(run, delivered, expiry):
    lim = expires(run, {
        "invoices/a.yaml": L1 % ("2026-02-27", "2026-03-29"),
        "notes/acme/l.md": note("2026-03-25", f"letter: {{type: reminder, sent: 2026-03-25, delivered: {delivered}}}"),
    }, "2026-04-10")
    assert lim.expires == day(expiry)


def test_delivered_demand_restarts_in_cn_but_a_letter_only_sent_does_not(run):
    files = {"invoices/a.yaml": L1 % ("2025-05-11", "2025-06-10")}
    # due 2025-06-10 → 2028-06-10, a Saturday → Monday 2028-06-12
    assert expires(run, files, "2026-06-30").expires == day("2028-06-12")
    sent_only = {**files, "notes/acme/l.md": note("2026-06-05", "letter: {type: demand, sent: 2026-06-05}")}
    assert expires(run, sent_only, "2026-06-30").expires == day("2028-06-12")
    delivered = {**files, "notes/acme/l.md": note(
        "2026-06-05", "letter: {type: demand, sent: 2026-06-05, delivered: 2026-06-12, proof: EMS1234}")}
    lim = expires(run, delivered, "2026-06-30")
    # delivered 2026-06-12 → 2029-06-12, a Tuesday
    assert (lim.expires, lim.basis.kind) == (day("2029-06-12"), "letter")


def test_the_same_demand_restarts_nothing_for_a_uk_customer(run):
    lim = expires(run, {
        "customers/acme.yaml": "id: acme\nname: Acme Ltd\njurisdiction: uk\n",
        "invoices/a.yaml": L1 % ("2025-05-11", "2025-06-10"),
        "notes/acme/l.md": note("2026-06-05", "letter: {type: demand, sent: 2026-06-05, delivered: 2026-06-12, proof: RM}"),
    }, "2026-06-30")
    # uk: 6 years from the due date, no weekend roll: 2031-06-10
    assert (lim.expires, lim.basis) == (day("2031-06-10"), None)


@pytest.mark.parametrize("ack_date, expiry, status, waived", [
    ("2024-06-03", "2024-04-01", "expired", "2024-06-03"),  # after expiry: no restart, defence waived
    ("2024-04-01", "2027-04-01", "running", None),          # on the (rolled) last day: restarts
])
def test_acknowledgement_after_expiry_restarts_nothing_but_waives_the_defence_in_cn(
        run, ack_date, expiry, status, waived):
    lim = expires(run, {
        "invoices/a.yaml": L1 % ("2021-03-01", "2021-03-31"),
        "notes/acme/ack.md": note(ack_date, "acknowledged: true"),
    }, "2024-07-01")
    # due 2021-03-31 → 2024-03-31, a Sunday → Monday 2024-04-01
    assert (lim.expires, lim.status) == (day(expiry), status)
    assert (lim.waived.date if lim.waived else None) == (day(waived) if waived else None)


@pytest.mark.parametrize("jurisdiction, expiry", [
    ("cn", "2023-02-28"),  # no Feb 29 in 2023 → the month's last day (a Tuesday)
    ("uk", "2026-02-28"),  # 6 years; 2026 has no Feb 29 either
])
def test_feb_29_due_date_expires_on_the_last_day_of_february(run, jurisdiction, expiry):
    lim = expires(run, {
        "customers/acme.yaml": f"id: acme\nname: Acme\njurisdiction: {jurisdiction}\n",
        "invoices/a.yaml": L1 % ("2020-01-30", "2020-02-29"),
    }, "2022-12-01")
    assert lim.expires == day(expiry)


def test_weekend_expiry_moves_to_monday_in_cn(run):
    lim = expires(run, {
        "invoices/a.yaml": L1 % ("2024-10-01", "2024-10-31"),
        "notes/acme/l.md": note("2024-11-04", "letter: {type: demand, sent: 2024-11-04, delivered: 2024-11-07, proof: EMS}"),
    }, "2025-01-10")
    # DOMAIN.md: demand delivered 2024-11-07 → 2027-11-07, a Sunday → 2027-11-08
    assert lim.expires == day("2027-11-08")


def test_policy_holiday_moves_the_expiry_to_the_next_working_day(run):
    lim = expires(run, {
        "policy.yaml": "holidays: [2026-10-01, 2026-10-02, 2026-10-05]\n",
        "invoices/a.yaml": L1 % ("2023-09-02", "2023-10-02"),
    }, "2026-06-30")
    # 2026-10-02 (Fri, holiday) → Sat, Sun → 10-05 (Mon, holiday) → Tue 2026-10-06
    assert lim.expires == day("2026-10-06")


def test_legal_filing_stops_the_period(run):
    state = run({
        "invoices/a.yaml": L1 % ("2025-01-01", "2025-01-31") + L1.replace("L-1", "L-2") % ("2025-02-01", "2025-03-03"),
        "notes/acme/legal.md": note("2026-05-20", "invoices: [L-1]",
                                    "legal: {filed: 2026-05-20, court: 上海市浦东新区人民法院, case_no: (2026)沪0115民初1234号}"),
    }, "2026-06-30")
    l1, l2 = invoice(state, "L-1"), invoice(state, "L-2")
    assert (l1.limitation.status, l1.limitation_expires) == ("stopped", None)
    # L-2 runs on: due 2025-03-03 → 2028-03-03 (a Friday); the customer's earliest open expiry
    assert l2.limitation_expires == day("2028-03-03")
    assert state.customer("acme").earliest_expiry == (day("2028-03-03"), "L-2")


def test_note_listing_invoices_concerns_those_one_listing_none_those_open_on_its_date(run):
    state = run({
        "invoices/a.yaml": L1 % ("2025-01-01", "2025-01-31") + L1.replace("L-1", "L-2") % ("2025-05-01", "2025-05-31"),
        # lists none: concerns what was open on 03-01 — L-1 only (L-2 not issued yet)
        "notes/acme/0301.md": note("2025-03-01", "acknowledged: true"),
        # lists L-2 only
        "notes/acme/0703.md": note("2025-07-03", "invoices: [L-2]", "acknowledged: true"),
    }, "2025-12-31")
    # L-1: 2025-03-01 → 2028-03-01 (a Wednesday); L-2: 2025-07-03 → 2028-07-03 (a Monday)
    assert invoice(state, "L-1").limitation_expires == day("2028-03-01")
    assert invoice(state, "L-2").limitation_expires == day("2028-07-03")


def test_letter_note_listing_none_concerns_the_invoices_open_on_the_note_date_not_on_delivery(run):
    state = run({
        "invoices/a.yaml": L1 % ("2025-01-01", "2025-01-31") + L1.replace("L-1", "L-2") % ("2025-03-03", "2025-03-03"),
        "notes/acme/0301.md": note("2025-03-01", "letter: {type: demand, sent: 2025-03-01, delivered: 2025-03-05, proof: EMS}"),
    }, "2025-12-31")
    # the demand was written 03-01 about what was open then: L-1 restarts from delivery
    # (2028-03-05 is a Sunday → 03-06); L-2, issued 03-03, was not in it: 2028-03-03 (Fri)
    assert invoice(state, "L-1").limitation_expires == day("2028-03-06")
    assert invoice(state, "L-2").limitation_expires == day("2028-03-03")


def test_payment_applied_to_an_invoice_restarts_its_period(run):
    lim = expires(run, {
        "invoices/a.yaml": L1 % ("2025-01-01", "2025-01-31"),
        "payments/p.yaml": "- {date: 2026-03-02, customer: acme, amount: 100.00, ref: R1}\n",
    }, "2026-06-30")
    # part payment 2026-03-02 → 2029-03-02 (a Friday)
    assert (lim.expires, lim.basis.kind) == (day("2029-03-02"), "payment")


# ------------------------------------------------------------------ customer metrics


def test_utilisation_is_outstanding_over_credit_limit(run):
    state = run({
        "customers/acme.yaml": "id: acme\nname: Acme\ncredit_limit: 50000\n",
        "customers/beta.yaml": "id: beta\nname: Beta\n",
        "invoices/a.yaml": """
            - {number: U-1, customer: acme, issued: 2026-06-01, due: 2026-07-01, amount: 37500.00}
            - {number: U-2, customer: beta, issued: 2026-06-01, due: 2026-07-01, amount: 100.00}
        """,
    }, "2026-06-30")
    assert state.customer("acme").utilisation == D("0.75")  # 37500 / 50000
    assert state.customer("beta").utilisation is None       # no credit limit


def test_dso_over_the_invoices_of_the_90_days_up_to_as_of(run):
    state = run({
        "invoices/a.yaml": """
            - {number: S-1, customer: acme, issued: 2026-04-01, due: 2026-05-01, amount: 10000.00}
            - {number: S-2, customer: acme, issued: 2026-05-15, due: 2026-06-14, amount: 20000.00}
            - {number: S-3, customer: acme, issued: 2026-06-30, due: 2026-07-30, amount: 10000.00}
        """,
        "payments/p.yaml": "- {date: 2026-06-20, customer: acme, amount: 5000.00, ref: R1, "
                           "allocations: [{invoice: S-2, amount: 5000.00}]}\n",
    }, "2026-06-30")
    # window 04-02 … 06-30 (90 days with as_of): S-1 (issued 04-01, 90 days before) is out.
    # outstanding 10000 + 15000 + 10000 = 35000; invoiced 20000 + 10000 = 30000
    # dso = 35000 / 30000 × 90 = 105.0
    assert state.customer("acme").dso == D("105.0")


def test_dso_is_null_when_nothing_was_invoiced_in_the_window(run):
    state = run({"invoices/a.yaml": """
        - {number: S-1, customer: acme, issued: 2026-04-01, due: 2026-05-01, amount: 10000.00}
    """}, "2026-06-30")
    assert state.customer("acme").dso is None


def test_avg_days_late_of_invoices_settled_in_the_last_365_days(run):
    state = run({
        "invoices/a.yaml": """
            - {number: K-1, customer: acme, issued: 2025-01-01, due: 2025-05-31, amount: 100.00}
            - {number: K-2, customer: acme, issued: 2025-06-01, due: 2025-07-01, amount: 100.00}
            - {number: K-3, customer: acme, issued: 2025-06-01, due: 2025-07-31, amount: 100.00}
            - {number: K-4, customer: acme, issued: 2026-01-01, due: 2026-01-31, amount: 100.00}
        """,
        "payments/p.yaml": """
            - {date: 2025-06-30, customer: acme, amount: 100.00, ref: R1, allocations: [{invoice: K-1, amount: 100.00}]}
            - {date: 2025-07-11, customer: acme, amount: 100.00, ref: R2, allocations: [{invoice: K-2, amount: 100.00}]}
            - {date: 2025-07-20, customer: acme, amount: 100.00, ref: R3, allocations: [{invoice: K-3, amount: 100.00}]}
            - {date: 2026-02-25, customer: acme, amount: 100.00, ref: R4, allocations: [{invoice: K-4, amount: 100.00}]}
        """,
    }, "2026-06-30")
    # window 2025-07-01 … 2026-06-30; K-1 settled 2025-06-30 (365 days ago) is out.
    # K-2 10 days late, K-3 early → 0, K-4 25 days → (10 + 0 + 25) / 3 = 11.67 → 11.7
    assert state.customer("acme").avg_days_late == D("11.7")


def test_open_disputes_count_open_ones_on_unpaid_invoices(run):
    state = run({"invoices/a.yaml": """
        - {number: Q-1, customer: acme, issued: 2026-01-01, due: 2026-01-31, amount: 100.00,
           dispute: {opened: 2026-02-05, reason: quality}}
        - {number: Q-2, customer: acme, issued: 2026-01-01, due: 2026-01-31, amount: 100.00,
           dispute: {opened: 2026-02-05, reason: pricing, status: resolved, resolved: 2026-02-20}}
        - {number: Q-3, customer: acme, issued: 2026-01-01, due: 2026-01-31, amount: 100.00,
           dispute: {opened: 2026-04-01, reason: billing_error}}
    """}, "2026-03-10")
    # Q-1 open; Q-2 resolved before as_of; Q-3 opened after as_of → 1
    assert [i.disputed for i in state.invoices] == [True, False, False]
    assert state.customer("acme").open_disputes == 1


def test_worklist_is_sorted_late_first_then_by_owner_with_follow_ups_due(run):
    owner = "id: {id}\nname: {id}\nowner: {owner}\n"
    overdue = "- {{number: {n}, customer: {c}, issued: 2026-01-01, due: {due}, amount: 1000.00}}\n"
    state = run({
        "customers/c1.yaml": owner.format(id="c1", owner="Wang"),
        "customers/c2.yaml": owner.format(id="c2", owner="Li"),
        "customers/c3.yaml": owner.format(id="c3", owner="Chen"),
        "invoices/a.yaml": overdue.format(n="W-1", c="c1", due="2026-02-28")
                           + overdue.format(n="W-2", c="c2", due="2026-01-31")
                           + overdue.format(n="W-3", c="c3", due="2026-02-28"),
        # c3: a follow-up due today; c1: one not due yet
        "notes/c3/0301.md": note("2026-03-01", "next: {date: 2026-03-10, action: 再次电话}", customer="c3")
                            .replace("channel: letter", "channel: phone"),
        "notes/c1/0301.md": note("2026-03-01", "next: {date: 2026-03-20, action: 上门拜访}", customer="c1")
                            .replace("channel: letter", "channel: phone"),
    }, "2026-03-10")
    # reminders due 02-01 (c2), 03-01 (c1, c3: Chen before Wang), the follow-up 03-10 (c3)
    assert [(w.customer, w.step, w.date, w.owner) for w in state.worklist] == [
        ("c2", "reminder", day("2026-02-01"), "Li"),
        ("c3", "reminder", day("2026-03-01"), "Chen"),
        ("c1", "reminder", day("2026-03-01"), "Wang"),
        ("c3", "follow_up", day("2026-03-10"), "Chen"),
    ]


# ------------------------------------------------------------------ several currencies


def test_totals_per_currency_and_in_the_base_currency_through_company_fx(run):
    state = run({
        "customers/us.yaml": "id: us\nname: Pacific Rim\ncurrency: USD\n",
        "customers/jp.yaml": "id: jp\nname: Kaida\ncurrency: JPY\n",
        "customers/cn.yaml": "id: cn\nname: 华信\n",
        "invoices/a.yaml": """
            - {number: X-USD, customer: us, issued: 2026-01-01, due: 2026-01-31, amount: 1000.50}
            - {number: X-JPY, customer: jp, issued: 2026-03-01, due: 2026-04-30, amount: 123457}
            - {number: X-CNY, customer: cn, issued: 2026-01-01, due: 2026-02-28, amount: 5000.00}
        """,
    }, "2026-03-10", company(fx='{USD: "7.10", JPY: "0.048"}'))
    t = state.totals
    assert t.by_currency == {
        "CNY": {"outstanding": D("5000.00"), "overdue": D("5000.00"), "provision": D("250.00")},
        "JPY": {"outstanding": D("123457"), "overdue": D("0"), "provision": D("6173")},
        "USD": {"outstanding": D("1000.50"), "overdue": D("1000.50"), "provision": D("50.03")},
    }
    # base: 1000.50 × 7.10 = 7103.55; 123457 × 0.048 = 5925.936; + 5000 = 18029.486 → 18029.49
    assert t.outstanding == D("18029.49")
    assert t.overdue == D("12103.55")  # 7103.55 + 5000
    # buckets: JPY current 5925.936 → 5925.94; USD 38 days (31-60) 7103.55; CNY 10 days (1-30)
    assert (t.buckets["current"], t.buckets["1-30"], t.buckets["31-60"]) == (
        D("5925.94"), D("5000.00"), D("7103.55"))
    # provision 5 % each: USD 50.025 → 50.03; JPY 6172.85 → 6173; CNY 250.00
    # base: 50.03 × 7.10 + 6173 × 0.048 + 250 = 355.213 + 296.304 + 250 = 901.517 → 901.52
    assert t.provision == D("901.52")


def test_customer_figures_are_in_its_own_currency(run):
    state = run({
        "customers/acme.yaml": "id: acme\nname: Acme Inc.\ncurrency: USD\n",
        "invoices/a.yaml": """
            - {number: Y-1, customer: acme, issued: 2026-01-01, due: 2026-01-31, amount: 100.00}
            - {number: Y-2, customer: acme, issued: 2026-01-01, due: 2026-01-31, amount: 710.00, currency: CNY}
        """,
    }, "2026-03-10", company(fx='{USD: "7.10"}'))
    # 100 USD + 710 CNY / 7.10 = 100 + 100 = 200.00 USD
    assert (state.customer("acme").currency, state.customer("acme").outstanding) == ("USD", D("200.00"))


# ------------------------------------------------------------------ property: risk


def _ledger(invoice_rows, payment_rows) -> Ledger:
    """One customer (credit limit 20000) with invoices (issued day, terms, amount) and
    payments (day, amount, invoice index to allocate to or None), days from 2024-01-01."""
    start = day("2024-01-01")
    invoices = [Invoice.model_validate({
        "number": f"I-{n:02d}", "customer": "acme", "issued": (start + dt.timedelta(days=issued)).isoformat(),
        "due": (start + dt.timedelta(days=issued + terms)).isoformat(), "amount": str(amount)})
        for n, (issued, terms, amount) in enumerate(invoice_rows)]
    payments = [Payment.model_validate({
        "date": (start + dt.timedelta(days=on)).isoformat(), "customer": "acme", "amount": str(amount),
        "ref": f"R-{n:02d}", **({"allocations": [{"invoice": f"I-{target:02d}", "amount": str(amount)}]}
                               if target is not None and target < len(invoice_rows) else {})})
        for n, (on, amount, target) in enumerate(payment_rows)]
    return Ledger(Path("."), Company.model_validate({"name": "X", "currency": "CNY"}), Policy(),
                  {"acme": Customer.model_validate({"id": "acme", "name": "Acme", "credit_limit": "20000"})},
                  invoices, payments, [])


_invoice_rows = st.lists(st.tuples(st.integers(0, 900), st.integers(0, 90), st.integers(1, 9000)),
                         min_size=1, max_size=5)
# Payments within the last year before as_of (day 639 = 2025-10-01 … 1003 = 2026-09-30), so that
# no payment falls in the year before it: the payment-trend factor compares the two years
# and rewards a worse earlier year with a smaller fall (risk.py's documented reading).
# Unallocated only: removing a payment allocated to a current invoice while another one
# is overdue adds to the outstanding but not to the overdue, so the overdue share (and the
# score) falls; that is not "more overdue", which is all SPEC's promise speaks of.
_payment_rows = st.lists(st.tuples(st.integers(639, 1003), st.integers(1, 9000), st.none()),
                         min_size=1, max_size=5)


@settings(max_examples=300, deadline=None)
@given(_invoice_rows, _payment_rows, st.data())
def test_property_removing_a_payment_never_lowers_the_risk_score(invoice_rows, payment_rows, data):
    as_of = day("2026-09-30")
    dropped = data.draw(st.integers(0, len(payment_rows) - 1))
    with_all = compute(_ledger(invoice_rows, payment_rows), as_of).customer("acme").risk
    without = compute(_ledger(invoice_rows, payment_rows[:dropped] + payment_rows[dropped + 1:]), as_of)
    assert without.customer("acme").risk.score >= with_all.score


def test_removing_a_payment_made_in_the_year_before_does_not_lower_the_score(run):
    files = {
        "customers/acme.yaml": "id: acme\nname: Acme\ncredit_limit: 20000\n",
        "invoices/a.yaml": """
            - {number: X-1, customer: acme, issued: 2024-10-01, due: 2024-11-01, amount: 100.00}
            - {number: Y-1, customer: acme, issued: 2025-12-01, due: 2026-01-01, amount: 9000.00}
            - {number: C-1, customer: acme, issued: 2025-07-27, due: 2025-08-26, amount: 1.00}
        """,
    }
    paid_y = "- {date: 2026-01-11, customer: acme, amount: 9000.00, ref: R2, allocations: [{invoice: Y-1, amount: 9000.00}]}\n"
    paid_x = "- {date: 2024-10-20, customer: acme, amount: 100.00, ref: R1, allocations: [{invoice: X-1, amount: 100.00}]}\n"
    both = run({**files, "payments/p.yaml": paid_x + paid_y}, "2026-09-30").customer("acme").risk
    without_x = run({**files, "payments/p.yaml": paid_y}, "2026-09-30").customer("acme").risk
    # With X-1 paid 12 days early in the year before (index 88) and this year's index ≈ 73
    # (Y-1 10 days late, C-1 400 days overdue), the fall of 15 gives payment_trend 10.
    # Without that payment X-1 is 698 days overdue: the index falls to ≈ 68 (level 0) and
    # there is no earlier year left to fall from → payment_trend 0; nothing else moves.
    assert without_x.score >= both.score
