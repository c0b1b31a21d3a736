"""Every letter type in both languages: each figure equals the engine's."""

from __future__ import annotations

from decimal import Decimal

import pytest

from collect.compute.money import round_money
from collect.render.capital import rmb_capital
from collect.render.formatting import Formatter
from collect.render.letters.content import has_content
from letter_fixtures import CUSTOMER_FOR

ZERO = Decimal(0)
CLAIM_TYPES = [t for t in CUSTOMER_FOR if t != "statement"]


def claimed_by_engine(c):
    """What a claim letter must claim: open, overdue, undisputed, not held (SPEC §4, issue #5)."""
    return [s for s in c.open_invoices if s.days_overdue > 0 and not s.disputed and not s.on_hold]


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("letter_type", CLAIM_TYPES)
def test_claim_letter_figures_equal_the_engine(sample, letter, letter_type, lang):
    state, _ = sample
    customer = CUSTOMER_FOR[letter_type]
    c = state.customer(customer)
    data, draft = letter(customer, letter_type, lang)
    assert has_content(data)
    expected = claimed_by_engine(c)
    if data.plan is not None and not data.plan.proposal:  # a recorded plan covers its note's invoices
        listed = set(next(n for n in reversed(c.notes) if n.meta.plan).meta.invoices)
        expected = [s for s in c.open_invoices if s.number in listed and not s.disputed and not s.on_hold]
    assert [i.number for i in data.items] == [s.number for s in expected]
    fmt = Formatter(lang)
    for item, s in zip(data.items, expected):
        assert (item.outstanding, item.interest, item.fixed_sum, item.amount) == \
               (s.outstanding, s.interest, s.fixed_sum, s.amount)
        assert item.paid == s.paid + s.credited + s.written_off
        for value in (s.amount, s.outstanding, s.interest):
            assert fmt.amount(value, s.currency) in draft.md
            assert fmt.amount(value, s.currency) in draft.html
    (total,) = data.totals
    principal = sum((s.outstanding for s in expected), ZERO)
    interest = sum((s.interest for s in expected), ZERO)
    fixed = sum((s.fixed_sum for s in expected), ZERO)
    fees = sum((f.amount for f in c.fees), ZERO)
    assert (total.principal, total.interest, total.fixed_sums, total.fees) == (principal, interest, fixed, fees)
    assert total.total == round_money(principal + interest + fixed + fees, total.currency)
    assert fmt.amount(total.total, total.currency) in draft.md
    if lang == "zh" and total.currency == "CNY":
        assert total.total_capital == rmb_capital(total.total)
        assert rmb_capital(total.total) in draft.md and rmb_capital(total.total) in draft.html
    else:
        assert total.total_capital is None and "人民币" not in draft.md


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_statement_closing_balance_is_outstanding_less_unapplied_credit(sample, letter, lang):
    state, _ = sample
    for customer in ("xinhe-food", "lion-gate-trading", "jiangnan-machinery", "dongfang-plastics"):
        c = state.customer(customer)
        data, draft = letter(customer, "statement", lang)
        (account,) = data.statement.accounts
        assert account.closing == c.outstanding - c.unapplied
        assert account.opening + account.debits - account.credits == account.closing
        running = account.opening
        for line in account.lines:
            running += line.debit - line.credit
            assert line.balance == running
        assert Formatter(lang).amount(account.closing, c.currency) in draft.md
        if lang == "zh" and c.currency == "CNY" and account.closing >= 0:
            assert rmb_capital(account.closing) in draft.md


def test_statement_lists_disputed_invoices_and_marks_them(letter):
    data, draft = letter("krause-gmbh", "statement", "en")
    disputed = [line for a in data.statement.accounts for line in a.lines if line.disputed]
    assert [line.ref for line in disputed] == ["HY26-0276"]
    assert "Invoice *" in draft.md and "Disputed invoice" in draft.md


def test_proposed_plan_is_three_monthly_instalments_adding_up_to_the_principal(letter):
    data, draft = letter("ruitai-medical", "payment_plan", "zh")
    plan = data.plan
    assert plan.proposal and len(plan.instalments) == 3
    assert plan.total == plan.principal == data.totals[0].principal
    assert [i.due.isoformat() for i in plan.instalments] == ["2026-12-22", "2027-01-22", "2027-02-22"]
    assert "方案草稿" in draft.md


def test_recorded_plan_schedules_the_instalments_not_yet_kept(letter):
    data, draft = letter("xinhe-food", "payment_plan", "en")
    plan = data.plan
    assert not plan.proposal and plan.agreed_on.isoformat() == "2026-08-20"
    assert [(i.number, i.due.isoformat()) for i in plan.instalments] == [(3, "2026-11-30"), (4, "2026-12-31")]
    assert [i.number for i in plan.kept] == [1, 2]
    assert plan.total == plan.principal == Decimal("60000.00") and not plan.mismatch
    assert "PROPOSAL" not in draft.md


def test_fee_of_the_letter_step_is_added_once(sample, tmp_path):
    """A ladder fee: charged by the letter of its step, and not again once a note records it."""
    import datetime as dt

    from collect.compute.engine import compute
    from collect.load import load_ledger
    from collect.render.letters.content import letter_data
    from letter_fixtures import write_small_ledger

    root = write_small_ledger(tmp_path, fee="25.00")
    ledger, _ = load_ledger(root, dt.date(2026, 6, 30))
    state = compute(ledger, dt.date(2026, 6, 30))
    data = letter_data("demand", state.customer("acme"), state, ledger)
    assert [(f.amount, f.new) for f in data.fees] == [(Decimal("25.00"), True)]
    assert data.totals[0].fees == Decimal("25.00")
    assert data.totals[0].total == data.totals[0].principal + data.totals[0].interest + Decimal("25.00")
