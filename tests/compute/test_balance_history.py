"""Receivables at several dates in one pass: exactly what InvoiceState.balance_on gives."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from collect.compute.balance_history import receivables_at
from collect.compute.state import Application, InvoiceState
from collect.model.records import Invoice

D = Decimal
day = dt.date.fromisoformat


def state(number: str, issued: str, due: str, amount: str, apps: list[tuple[str, str]], currency: str = "CNY"):
    invoice = Invoice.model_validate({"number": number, "customer": "acme", "issued": issued, "due": due,
                                      "amount": amount})
    applications = tuple(Application(day(d), D(a), "payment", f"R-{i}", False) for i, (d, a) in enumerate(apps))
    paid = sum((a.amount for a in applications), D(0))
    return InvoiceState(invoice=invoice, currency=currency, amount=D(amount), due=day(due),
                        applications=applications, paid=paid, credited=D(0), written_off=D(0),
                        outstanding=D(amount) - paid, settled=None, days_late=None, days_overdue=0,
                        bucket="current", disputed=False, on_hold=False)


def by_balance_on(states, days, value):
    total, current, overdue = {}, {}, {}
    for d in days:
        total[d] = sum((value(s.balance_on(d), s.currency) for s in states), D(0))
        current[d] = sum((value(s.balance_on(d), s.currency) for s in states if s.due >= d), D(0))
        overdue[d] = sum((value(s.balance_on(d), s.currency) for s in states if s.due < d), D(0))
    return total, current, overdue


def test_balances_before_issue_while_open_and_after_settlement():
    states = [
        state("I-1", "2026-03-01", "2026-03-31", "3000.00", [("2026-04-15", "3000.00")]),
        state("I-2", "2026-04-10", "2026-05-10", "6000.00", [("2026-05-20", "2000.00")]),
        state("I-3", "2026-06-15", "2026-07-15", "3000.00", []),
    ]
    days = [day("2026-02-28"), day("2026-03-31"), day("2026-04-30"), day("2026-05-31"), day("2026-06-30")]
    at = receivables_at(states, days, lambda amount, cur: amount, "CNY")
    assert [at.total[d] for d in days] == [D(0), D("3000.00"), D("6000.00"), D("4000.00"), D("7000.00")]
    assert [at.overdue[d] for d in days] == [D(0), D(0), D(0), D("4000.00"), D("4000.00")]
    assert [at.current[d] for d in days] == [D(0), D("3000.00"), D("6000.00"), D(0), D("3000.00")]


def test_random_ledgers_agree_with_balance_on_in_every_currency():
    rng = random.Random(11)
    rates = {"CNY": D(1), "USD": D("7.1234"), "EUR": D("7.77")}

    def value(amount, cur):
        return amount * rates[cur]

    for _ in range(30):
        states = []
        for n in range(40):
            issued = day("2025-01-01") + dt.timedelta(days=rng.randint(0, 600))
            due = issued + dt.timedelta(days=rng.choice((0, 30, 60)))
            amount = D(rng.randint(1, 10 ** 6)).scaleb(-2)
            left, apps, when = amount, [], issued
            for _k in range(rng.randint(0, 4)):
                when += dt.timedelta(days=rng.randint(0, 90))
                take = min(left, D(rng.randint(1, 10 ** 6)).scaleb(-2))
                if take > 0:
                    apps.append((when.isoformat(), str(take)))
                    left -= take
            if rng.random() < 0.1:
                apps.reverse()  # out of date order: the slow path must agree too
            states.append(state(f"I-{n}", issued.isoformat(), due.isoformat(), str(amount), apps,
                                rng.choice(tuple(rates))))
        days = sorted({day("2025-01-01") + dt.timedelta(days=rng.randint(-30, 800)) for _d in range(15)})
        at = receivables_at(states, days, value, "CNY")
        total, current, overdue = by_balance_on(states, days, value)
        assert at.total == total and at.current == current and at.overdue == overdue
