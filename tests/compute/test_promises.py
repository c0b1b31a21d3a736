"""Promises to pay and instalment plans (SPEC §4 "promises"), grace 3 days by default.

A promise is kept when the customer's payments dated from the note's date up to promise
date + grace reach the amount; broken once as_of is past that window; pending before.
Instalment k needs the sum of instalments 1..k by its due date + grace.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from inline_ledger import company

D = Decimal
day = dt.date.fromisoformat

INVOICE = """
    - {number: HY26-0201, customer: acme, issued: 2026-01-01, due: 2026-01-31, amount: 20000.00}
"""

PROMISE_NOTE = """\
    ---
    date: 2026-03-01
    customer: acme
    channel: phone
    outcome: promise
    promise: {date: 2026-03-10, amount: 5000.00}
    ---
    财务说 3 月 10 日前付 5000 元。
"""


def promises(run, payments: str, as_of: str, note: str = PROMISE_NOTE):
    files = {"invoices/2026.yaml": INVOICE, "notes/acme/2026-03-01.md": note}
    if payments:
        files["payments/2026.yaml"] = payments
    state = run(files, as_of)
    return state.customer("acme")


def test_promise_kept_by_two_payments_within_the_window(run):
    acme = promises(run, """
        - {date: 2026-03-05, customer: acme, amount: 2000.00, ref: R1}
        - {date: 2026-03-12, customer: acme, amount: 3000.00, ref: R2}
    """, "2026-03-20")
    # 2000 + 3000 = 5000 by 03-12 ≤ 03-10 + 3 = 03-13 → kept on 03-12
    [p] = acme.promises
    assert (p.status, p.kept_on, p.broken_on) == ("kept", day("2026-03-12"), None)
    assert acme.broken_promises == 0


def test_promise_broken_when_the_window_has_passed_unmet(run):
    acme = promises(run, """
        - {date: 2026-03-05, customer: acme, amount: 2000.00, ref: R1}
    """, "2026-03-14")
    # only 2000 of 5000 by 03-13; as_of 03-14 is past the window → broken from 03-14
    [p] = acme.promises
    assert (p.status, p.broken_on) == ("broken", day("2026-03-14"))
    assert acme.broken_promises == 1


def test_promise_pending_on_the_last_day_of_its_window(run):
    acme = promises(run, """
        - {date: 2026-03-05, customer: acme, amount: 2000.00, ref: R1}
    """, "2026-03-13")
    assert acme.promises[0].status == "pending"


@pytest.mark.parametrize("paid_on, status", [
    ("2026-03-13", "kept"),    # promise date + grace (3) = the last grace day
    ("2026-03-14", "broken"),  # one day later
])
def test_promise_paid_on_its_last_grace_day_is_kept_one_day_later_broken(run, paid_on, status):
    acme = promises(run, f"""
        - {{date: {paid_on}, customer: acme, amount: 5000.00, ref: R1}}
    """, "2026-03-20")
    assert acme.promises[0].status == status


def test_payment_before_the_note_does_not_count_towards_the_promise(run):
    acme = promises(run, """
        - {date: 2026-02-28, customer: acme, amount: 5000.00, ref: R0}
    """, "2026-03-20")
    # paid the day before the promise was made: not "from the note's date"
    assert acme.promises[0].status == "broken"


def test_credit_note_is_not_the_customer_paying(run):
    acme = promises(run, """
        - {date: 2026-03-05, customer: acme, amount: 5000.00, ref: CN1, kind: credit_note}
    """, "2026-03-20")
    assert acme.promises[0].status == "broken"


PLAN_NOTE = """\
    ---
    date: 2026-01-10
    customer: acme
    channel: meeting
    outcome: plan_agreed
    plan:
      - {due: 2026-02-01, amount: 3000.00}
      - {due: 2026-03-01, amount: 3000.00}
      - {due: 2026-04-01, amount: 4000.00}
    ---
    分三期付款。
"""


def plan_states(run, payments: str, as_of: str):
    acme = promises(run, payments, as_of, note=PLAN_NOTE)
    return acme, [(p.instalment, p.cumulative, p.status) for p in acme.promises]


def test_plan_instalment_paid_late_within_grace_is_kept_after_grace_broken(run):
    acme, got = plan_states(run, """
        - {date: 2026-02-04, customer: acme, amount: 3000.00, ref: R1}
        - {date: 2026-03-05, customer: acme, amount: 3000.00, ref: R2}
    """, "2026-03-20")
    # 1: 3000 needed by 02-01 + 3 = 02-04; paid 02-04 → kept (late but within grace)
    # 2: 6000 needed by 03-04; by then only 3000 (the second 3000 came 03-05) → broken
    # 3: 10000 by 04-04; as_of 03-20 → pending
    assert got == [(1, D("3000.00"), "kept"), (2, D("6000.00"), "broken"), (3, D("10000.00"), "pending")]
    assert acme.broken_promises == 1


def test_plan_instalments_are_judged_on_cumulative_sums(run):
    acme, got = plan_states(run, """
        - {date: 2026-01-20, customer: acme, amount: 7000.00, ref: R1}
        - {date: 2026-04-02, customer: acme, amount: 3000.00, ref: R2}
    """, "2026-04-10")
    # 7000 on 01-20 already covers instalments 1 (3000) and 2 (6000);
    # 3 needs 10000 by 04-04: 7000 + 3000 on 04-02 → kept
    assert got == [(1, D("3000.00"), "kept"), (2, D("6000.00"), "kept"), (3, D("10000.00"), "kept")]
    assert acme.broken_promises == 0


def test_broken_promises_counts_broken_promises_and_broken_instalments(run):
    state = run({
        "invoices/2026.yaml": INVOICE,
        "notes/acme/2026-01-10.md": PLAN_NOTE,
        "notes/acme/2026-03-01.md": PROMISE_NOTE,
    }, "2026-04-10")
    acme = state.customer("acme")
    # no payment at all: instalments 1, 2, 3 (windows ended 02-04, 03-04, 04-04) and the
    # promise of 03-10 (window ended 03-13) are all broken → 4
    assert [p.status for p in acme.promises] == ["broken"] * 4
    assert acme.broken_promises == 4


def test_promise_in_the_customer_currency_counts_a_payment_in_another_at_its_fx_value(run):
    state = run({
        "customers/acme.yaml": "id: acme\nname: Acme Inc.\ncurrency: USD\n",
        "invoices/2026.yaml": """
            - {number: U-1, customer: acme, issued: 2026-01-01, due: 2026-01-31, amount: 1000.00}
            - {number: U-2, customer: acme, issued: 2026-01-01, due: 2026-01-31, amount: 7100.00, currency: CNY}
        """,
        "notes/acme/2026-03-01.md": PROMISE_NOTE.replace("amount: 5000.00", "amount: 1000.00"),
        "payments/2026.yaml": """
            - {date: 2026-03-05, customer: acme, amount: 3550.00, currency: CNY, ref: R1}
        """,
    }, "2026-03-20", company(fx='{USD: "7.10"}'))
    # promised USD 1000; CNY 3550 / 7.10 = USD 500 → short of 1000 by 03-13 → broken
    assert state.customer("acme").promises[0].status == "broken"
