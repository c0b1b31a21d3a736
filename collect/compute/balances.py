"""Applying payments, credit notes and write-offs to invoices.

Per customer and currency, in date order: an entry's explicit allocations first, then
what is left of it oldest-due first (ties by invoice number) to the open invoices; what
is still left is unapplied credit, which is applied the same way to invoices issued
later (on their issue date). An allocation to an invoice issued after the entry's date
(a deposit) is applied on that invoice's issue date. Entries dated after the as-of
date are not counted.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict, deque
from dataclasses import dataclass, field
from decimal import Decimal

from collect.compute.state import Application
from collect.model.records import Invoice, Payment

ZERO = Decimal(0)


@dataclass(slots=True)
class _Open:
    invoice: Invoice
    due: dt.date
    remaining: Decimal
    applications: list[Application] = field(default_factory=list)


@dataclass(slots=True)
class _Credit:
    payment: Payment
    remaining: Decimal


@dataclass(slots=True)
class Applied:
    """Result for one customer: applications per invoice number, unapplied credit per currency."""

    applications: dict[str, list[Application]]
    unapplied: dict[str, Decimal]


def apply_entries(
    invoices: list[tuple[Invoice, str, Decimal, dt.date]],
    payments: list[tuple[Payment, str]],
    as_of: dt.date,
) -> Applied:
    """``invoices``: (invoice, currency, gross amount, due); ``payments``: (entry, currency).

    Both belong to one customer; only records dated on or before ``as_of`` are used.
    """
    opened = {inv.number: _Open(inv, due, amount) for inv, _cur, amount, due in invoices if inv.issued <= as_of}
    currency_of = {inv.number: cur for inv, cur, _a, _d in invoices}
    events: list[tuple[dt.date, int, str, object]] = []
    for inv, cur, _amount, _due in invoices:
        if inv.issued <= as_of:
            events.append((inv.issued, 0, inv.number, ("invoice", inv.number)))
    for payment, cur in payments:
        if payment.date <= as_of:
            events.append((payment.date, 1, payment.ref, ("entry", payment, cur)))
    events.sort(key=lambda e: (e[0], e[1], e[2]))

    active: dict[str, list[_Open]] = defaultdict(list)  # currency → issued, still open
    credit: dict[str, deque[_Credit]] = defaultdict(deque)
    for day, _order, _key, event in events:
        if event[0] == "invoice":
            item = opened[event[1]]
            cur = currency_of[event[1]]
            active[cur].append(item)
            _apply_credit(credit[cur], active[cur], day)
            continue
        _tag, payment, cur = event
        left = payment.amount
        for allocation in payment.allocations:
            target = opened.get(allocation.invoice)
            if target is None or currency_of[allocation.invoice] != cur or target.remaining <= 0:
                continue
            take = min(allocation.amount, target.remaining, left)
            if take > 0:
                # a deposit allocated to an invoice not issued yet is held for it and
                # applied on its issue date: an invoice is never paid before it exists
                _record(target, max(day, target.invoice.issued), take, payment, explicit=True)
                left -= take
        if left > 0:
            credit[cur].append(_Credit(payment, left))
        _apply_credit(credit[cur], active[cur], day)
    return Applied(
        applications={n: o.applications for n, o in opened.items()},
        unapplied={cur: sum((c.remaining for c in q), ZERO) for cur, q in credit.items()},
    )


def _apply_credit(queue: deque[_Credit], active: list[_Open], day: dt.date) -> None:
    if not queue:
        return
    for target in sorted((o for o in active if o.remaining > 0), key=lambda o: (o.due, o.invoice.number)):
        while queue and target.remaining > 0:
            head = queue[0]
            take = min(head.remaining, target.remaining)
            _record(target, day, take, head.payment, explicit=False)
            head.remaining -= take
            if head.remaining <= 0:
                queue.popleft()
        if not queue:
            break


def _record(target: _Open, day: dt.date, amount: Decimal, payment: Payment, explicit: bool) -> None:
    target.remaining -= amount
    target.applications.append(Application(day, amount, payment.kind, payment.ref, explicit))


def settlement(amount: Decimal, applications: list[Application]) -> tuple[Decimal, Decimal, Decimal, Decimal, dt.date | None]:
    """(paid, credited, written_off, outstanding, settled date) of one invoice."""
    sums = {"payment": ZERO, "credit_note": ZERO, "write_off": ZERO}
    settled = None
    running = amount
    for app in applications:
        sums[app.kind] += app.amount
        running -= app.amount
        if running <= 0 and settled is None:
            settled = app.date
    outstanding = amount - sum(sums.values(), ZERO)
    return sums["payment"], sums["credit_note"], sums["write_off"], outstanding, settled if outstanding <= 0 else None
