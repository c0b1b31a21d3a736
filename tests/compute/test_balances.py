"""Applying payments, credit notes and write-offs to invoices (SPEC §2 payment entry, §4).

Each test is a small ledger; the expected figures are worked by hand in the comments.
Conventions: an entry dated D counts from the end of day D; unallocated money goes to
the customer's open invoices in the same currency, oldest due first, ties by number;
what is left is unapplied credit, used for invoices issued later on their issue date.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from collect.compute.balances import apply_entries, settlement
from collect.model.records import Invoice, Payment

from inline_ledger import company

D = Decimal
day = dt.date.fromisoformat


def invoice(state, number):
    return next(i for i in state.invoices if i.number == number)


# ------------------------------------------------------------------ the four figures


def test_payment_credit_note_and_write_off_each_reduce_outstanding(run):
    state = run({
        "invoices/2026.yaml": """
            - number: HY26-0101
              customer: acme
              issued: 2026-01-01
              due: 2026-01-31
              amount: 10000.00
        """,
        "payments/2026.yaml": """
            - {date: 2026-02-10, customer: acme, amount: 6000.00, ref: BOC-0210,
               allocations: [{invoice: HY26-0101, amount: 6000.00}]}
            - {date: 2026-02-15, customer: acme, amount: 1500.00, ref: CN-0215, kind: credit_note,
               allocations: [{invoice: HY26-0101, amount: 1500.00}]}
            - {date: 2026-03-01, customer: acme, amount: 500.00, ref: WO-0301, kind: write_off,
               allocations: [{invoice: HY26-0101, amount: 500.00}]}
        """,
    }, "2026-03-10")
    inv = invoice(state, "HY26-0101")
    assert (inv.paid, inv.credited, inv.written_off) == (D("6000.00"), D("1500.00"), D("500.00"))
    # 10000.00 − 6000.00 − 1500.00 − 500.00 = 2000.00, still open
    assert inv.outstanding == D("2000.00")
    assert inv.settled is None and inv.days_late is None


def test_write_off_that_clears_the_balance_settles_the_invoice_on_its_date(run):
    state = run({
        "invoices/2026.yaml": """
            - {number: HY26-0102, customer: acme, issued: 2026-01-01, due: 2026-01-31, amount: 800.00}
        """,
        "payments/2026.yaml": """
            - {date: 2026-02-20, customer: acme, amount: 700.00, ref: BOC-0220}
            - {date: 2026-04-01, customer: acme, amount: 100.00, ref: WO-0401, kind: write_off}
        """,
    }, "2026-04-30")
    inv = invoice(state, "HY26-0102")
    # 800 − 700 − 100 = 0 on 2026-04-01; days_late = 04-01 − 01-31 = 28 + 31 + 1 = 60
    assert inv.outstanding == 0
    assert (inv.paid, inv.written_off) == (D("700.00"), D("100.00"))
    assert inv.settled == day("2026-04-01")
    assert inv.days_late == 60
    assert inv.days_overdue == 0


# ------------------------------------------------------------------ allocation order


def test_explicit_allocation_first_then_fifo_by_oldest_due_then_number(run):
    state = run({
        "invoices/2026.yaml": """
            - {number: B-2, customer: acme, issued: 2026-01-05, due: 2026-02-28, amount: 300.00}
            - {number: A-3, customer: acme, issued: 2026-01-01, due: 2026-01-31, amount: 400.00}
            - {number: A-1, customer: acme, issued: 2026-01-02, due: 2026-01-31, amount: 500.00}
            - {number: C-4, customer: acme, issued: 2026-03-01, due: 2026-03-31, amount: 1000.00}
        """,
        "payments/2026.yaml": """
            - {date: 2026-04-05, customer: acme, amount: 1300.00, ref: BOC-0405,
               allocations: [{invoice: C-4, amount: 600.00}]}
        """,
    }, "2026-04-10")
    # 600 to C-4 as allocated (although it is the newest); the other 700 oldest due first:
    # are both due 01-31, A-1 first by number (not by issue date): A-1 500 → 0,
    # A-3 takes the last 200 → 200 open; B-2 (due 02-28) gets nothing.
    assert invoice(state, "C-4").outstanding == D("400.00")
    assert invoice(state, "A-1").outstanding == 0
    assert invoice(state, "A-3").outstanding == D("200.00")
    assert invoice(state, "B-2").outstanding == D("300.00")
    assert [(a.amount, a.explicit) for a in invoice(state, "C-4").applications] == [(D("600.00"), True)]
    assert [(a.amount, a.explicit) for a in invoice(state, "A-3").applications] == [(D("200.00"), False)]


def test_allocation_beyond_the_remaining_balance_leaves_the_rest_to_fifo_then_credit(run):
    state = run({
        "invoices/2026.yaml": """
            - {number: A-1, customer: acme, issued: 2026-01-01, due: 2026-01-31, amount: 500.00}
            - {number: A-2, customer: acme, issued: 2026-02-01, due: 2026-03-03, amount: 500.00}
        """,
        "payments/2026.yaml": """
            - {date: 2026-02-05, customer: acme, amount: 800.00, ref: BOC-0205}
            - {date: 2026-03-10, customer: acme, amount: 400.00, ref: BOC-0310,
               allocations: [{invoice: A-2, amount: 400.00}]}
        """,
    }, "2026-03-10")
    # 02-05: 800 FIFO → A-1 500 (due 01-31), A-2 300 → A-2 has 200 left.
    # 03-10: 400 allocated to A-2, which takes only its 200; the other 200 find no open
    # invoice and stay unapplied credit.
    assert invoice(state, "A-1").outstanding == 0
    assert invoice(state, "A-2").outstanding == 0
    assert [(a.ref, a.amount, a.explicit) for a in invoice(state, "A-2").applications] == [
        ("BOC-0205", D("300.00"), False), ("BOC-0310", D("200.00"), True)]
    assert state.customer("acme").unapplied == D("200.00")


def test_deposit_allocated_to_an_invoice_not_yet_issued_applies_on_its_issue_date(run):
    state = run({
        "invoices/2026.yaml": """
            - {number: A-5, customer: acme, issued: 2026-03-01, due: 2026-03-31, amount: 1000.00}
        """,
        "payments/2026.yaml": """
            - {date: 2026-02-10, customer: acme, amount: 300.00, ref: DEP-0210,
               allocations: [{invoice: A-5, amount: 300.00}]}
        """,
    }, "2026-03-20")
    a5 = invoice(state, "A-5")
    # the 300 deposit waits for the invoice: applied 03-01, 1000 − 300 = 700 open
    assert [(a.date, a.amount) for a in a5.applications] == [(day("2026-03-01"), D("300.00"))]
    assert a5.outstanding == D("700.00")
    assert state.customer("acme").unapplied == 0


# ------------------------------------------------------------------ unapplied credit


def test_overpayment_leaves_unapplied_credit(run):
    state = run({
        "invoices/2026.yaml": """
            - {number: A-1, customer: acme, issued: 2026-01-01, due: 2026-01-31, amount: 1000.00}
        """,
        "payments/2026.yaml": """
            - {date: 2026-02-10, customer: acme, amount: 1200.00, ref: BOC-0210}
        """,
    }, "2026-02-20")
    acme = state.customer("acme")
    # 1200 − 1000 = 200 left over; the invoice is settled on the payment date.
    assert invoice(state, "A-1").outstanding == 0
    assert invoice(state, "A-1").settled == day("2026-02-10")
    assert acme.unapplied == D("200.00")
    assert acme.outstanding == 0


def test_unapplied_credit_is_applied_to_a_later_invoice_on_its_issue_date(run):
    state = run({
        "invoices/2026.yaml": """
            - {number: A-1, customer: acme, issued: 2026-01-01, due: 2026-01-31, amount: 1000.00}
            - {number: A-2, customer: acme, issued: 2026-03-01, due: 2026-03-31, amount: 500.00}
            - {number: A-3, customer: acme, issued: 2026-03-05, due: 2026-04-04, amount: 150.00}
        """,
        "payments/2026.yaml": """
            - {date: 2026-02-10, customer: acme, amount: 1200.00, ref: BOC-0210}
        """,
    }, "2026-03-20")
    # 200 left after A-1; on 03-01 A-2 is issued and takes it: 500 − 200 = 300 open,
    # the application dated 2026-03-01 (not the payment's date). A-3 finds no credit left.
    a2 = invoice(state, "A-2")
    assert a2.outstanding == D("300.00")
    assert [(a.date, a.amount, a.ref) for a in a2.applications] == [(day("2026-03-01"), D("200.00"), "BOC-0210")]
    assert invoice(state, "A-3").outstanding == D("150.00")
    assert state.customer("acme").unapplied == 0


def test_credit_that_covers_a_later_invoice_settles_it_on_its_issue_date(run):
    state = run({
        "invoices/2026.yaml": """
            - {number: A-1, customer: acme, issued: 2026-01-01, due: 2026-01-31, amount: 1000.00}
            - {number: A-2, customer: acme, issued: 2026-03-01, due: 2026-03-31, amount: 150.00}
        """,
        "payments/2026.yaml": """
            - {date: 2026-02-10, customer: acme, amount: 1200.00, ref: BOC-0210}
        """,
    }, "2026-03-20")
    a2 = invoice(state, "A-2")
    # 200 credit ≥ 150: settled on 03-01, 30 days before its due date → days_late 0
    assert (a2.outstanding, a2.settled, a2.days_late) == (0, day("2026-03-01"), 0)
    assert state.customer("acme").unapplied == D("50.00")  # 200 − 150


def test_payment_in_another_currency_is_not_applied_fifo_to_this_currency(run):
    state = run({
        "invoices/2026.yaml": """
            - {number: A-1, customer: acme, issued: 2026-01-01, due: 2026-01-31, amount: 1000.00, currency: CNY}
        """,
        "payments/2026.yaml": """
            - {date: 2026-02-10, customer: acme, amount: 100.00, currency: USD, ref: HSBC-0210}
        """,
    }, "2026-02-20", company(fx='{USD: "7.10"}'))
    acme = state.customer("acme")
    # the USD 100 does not touch the CNY invoice; it stays as USD credit,
    # shown in the customer's currency (CNY): 100 × 7.10 = 710.00
    assert invoice(state, "A-1").outstanding == D("1000.00")
    assert invoice(state, "A-1").applications == ()
    assert acme.unapplied == D("710.00")


def test_entry_dated_after_as_of_is_not_counted_but_one_on_as_of_is(run):
    files = {
        "invoices/2026.yaml": """
            - {number: A-1, customer: acme, issued: 2026-01-01, due: 2026-01-31, amount: 1000.00}
        """,
        "payments/2026.yaml": """
            - {date: 2026-03-11, customer: acme, amount: 400.00, ref: BOC-0311}
        """,
    }
    before = invoice(run(files, "2026-03-10"), "A-1")
    assert (before.paid, before.outstanding) == (0, D("1000.00"))
    on_the_day = invoice(run(files, "2026-03-11"), "A-1")
    assert (on_the_day.paid, on_the_day.outstanding) == (D("400.00"), D("600.00"))


# ------------------------------------------------------------------ invoice lines


def test_invoice_lines_are_quantity_times_price_plus_tax_rounded_once_half_up(run):
    state = run({
        "invoices/2026.yaml": """
            - number: L-1
              customer: acme
              issued: 2026-01-01
              due: 2026-01-31
              lines:
                - {description: 温控器 XMT-7100, quantity: 2, unit_price: 100.25, tax_rate: "13%"}
            - number: L-2
              customer: acme
              issued: 2026-01-01
              due: 2026-01-31
              lines:
                - {description: 温控器 XMT-7100, quantity: 2, unit_price: 100.25, tax_rate: "13%"}
                - {description: 垫片, quantity: 1, unit_price: 0.35, tax_rate: "13%"}
        """,
    }, "2026-01-10")
    # L-1: 2 × 100.25 × 1.13 = 226.565 → 226.57 (half-up; half-even would give 226.56)
    assert invoice(state, "L-1").amount == D("226.57")
    # L-2: 226.565 + 0.35 × 1.13 (= 0.3955) = 226.9605 → 226.96 once per invoice;
    # rounding each line first would give 226.57 + 0.40 = 226.97.
    assert invoice(state, "L-2").amount == D("226.96")


# ------------------------------------------------------------------ properties

CUSTOMER = "acme"
AS_OF = day("2026-06-30")


def _invoice(n: int, issued: int, terms: int, cents: int) -> Invoice:
    issued_on = day("2026-01-01") + dt.timedelta(days=issued)
    return Invoice.model_validate({
        "number": f"I-{n:02d}", "customer": CUSTOMER, "issued": issued_on.isoformat(),
        "due": (issued_on + dt.timedelta(days=terms)).isoformat(), "amount": str(D(cents) / 100),
    })


def _payment(n: int, on: int, cents: int, kind: str, target: int | None, share: int) -> Payment:
    fields = {"date": (day("2026-01-01") + dt.timedelta(days=on)).isoformat(), "customer": CUSTOMER,
              "amount": str(D(cents) / 100), "ref": f"R-{n:02d}", "kind": kind}
    if target is not None:
        fields["allocations"] = [{"invoice": f"I-{target:02d}", "amount": str(D(cents * share // 100) / 100)}]
    return Payment.model_validate(fields)


invoices_st = st.lists(st.tuples(st.integers(0, 200), st.integers(0, 60), st.integers(1, 500_000)),
                       min_size=1, max_size=6)
payments_st = st.lists(
    st.tuples(st.integers(0, 220), st.integers(1, 400_000), st.sampled_from(["payment", "credit_note", "write_off"]),
              st.one_of(st.none(), st.integers(0, 5)), st.integers(1, 150)),
    max_size=8)


def _build(inv_rows, pay_rows):
    invoices = [_invoice(n, *row) for n, row in enumerate(inv_rows)]
    payments = [_payment(n, *row) for n, row in enumerate(pay_rows)]
    prepared = [(i, "CNY", i.amount, i.due) for i in invoices]
    return invoices, payments, prepared


@settings(max_examples=200, deadline=None)
@given(invoices_st, payments_st)
def test_property_outstanding_is_amount_minus_applied_never_negative_and_money_is_conserved(inv_rows, pay_rows):
    invoices, payments, prepared = _build(inv_rows, pay_rows)
    applied = apply_entries(prepared, [(p, "CNY") for p in payments], AS_OF)
    total_applied = D(0)
    for inv in (i for i in invoices if i.issued <= AS_OF):
        apps = applied.applications[inv.number]
        paid, credited, written_off, outstanding, _settled = settlement(inv.amount, apps)
        assert outstanding == inv.amount - sum((a.amount for a in apps), D(0))
        assert outstanding >= 0
        assert paid + credited + written_off == sum((a.amount for a in apps), D(0))
        assert all(a.date >= inv.issued for a in apps)  # credit waits for the invoice
        total_applied += sum((a.amount for a in apps), D(0))
    # every unit received is either applied or unapplied credit
    received = sum((p.amount for p in payments if p.date <= AS_OF), D(0))
    assert total_applied + applied.unapplied.get("CNY", D(0)) == received


@settings(max_examples=150, deadline=None)
@given(invoices_st, payments_st, st.randoms(use_true_random=False))
def test_property_file_order_of_entries_does_not_change_the_result(inv_rows, pay_rows, rnd: random.Random):
    invoices, payments, prepared = _build(inv_rows, pay_rows)
    first = apply_entries(prepared, [(p, "CNY") for p in payments], AS_OF)
    shuffled_payments = payments[:]
    rnd.shuffle(shuffled_payments)
    shuffled_invoices = prepared[:]
    rnd.shuffle(shuffled_invoices)
    second = apply_entries(shuffled_invoices, [(p, "CNY") for p in shuffled_payments], AS_OF)
    assert first.applications == second.applications
    assert first.unapplied == second.unapplied
