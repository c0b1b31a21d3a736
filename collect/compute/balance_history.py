"""Receivables at several earlier dates, from each invoice's dated applications, in one pass.

``InvoiceState.balance_on(day)`` sums an invoice's applications anew for every date it is
asked about; the company metrics ask about 15 dates for every invoice of the ledger. Here
each invoice is visited once: its applications come in date order, so the balance at a
date is the amount less a prefix of them (found by bisection), and only the dates on which
the invoice was issued and not yet settled are looked at at all (its balance is zero on
the others).

The figures are exactly those of ``balance_on``: the same prefix sums in the same order,
converted with the same function, and added to each date's total in invoice order (zero
balances are left out: adding a zero changes no total's value, and every total is
rounded before it is shown).
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal

from collect.compute.state import InvoiceState

ZERO = Decimal(0)


class ReceivablesAt:
    """Totals per date: all receivables, those not yet due on that date (``due >= day``)
    and those overdue on it (``due < day``), each already converted by ``value``."""

    def __init__(self, days: Iterable[dt.date]):
        self.days = sorted(set(days))
        self.total = {day: ZERO for day in self.days}
        self.current = {day: ZERO for day in self.days}
        self.overdue = {day: ZERO for day in self.days}


def receivables_at(invoices: Iterable[InvoiceState], days: Iterable[dt.date],
                   value: Callable[[Decimal, str], Decimal], base: str | None = None) -> ReceivablesAt:
    """``value(amount, currency)`` converts a balance; it is not called for amounts already
    in ``base`` (it must return those unchanged)."""
    result = ReceivablesAt(days)
    ordered = result.days
    count = len(ordered)
    total, current, overdue = result.total, result.current, result.overdue
    for s in invoices:
        first = bisect.bisect_left(ordered, s.invoice.issued)
        if first == count:
            continue  # issued after every date asked about
        due, currency = s.due, s.currency
        for day, balance in _balances(s, ordered, first):
            if not balance:
                continue
            converted = balance if currency == base else value(balance, currency)
            total[day] += converted
            if due < day:
                overdue[day] += converted
            else:
                current[day] += converted
    return result


def _balances(s: InvoiceState, days: Sequence[dt.date], first: int) -> list[tuple[dt.date, Decimal]]:
    """(day, balance at the end of day) for the days from index ``first`` (on or after the
    issue date) on which the balance may be other than zero."""
    apps = s.applications
    amount = s.amount
    if not apps:
        return [(day, amount) for day in days[first:]] if amount else []
    dates = [a.date for a in apps]
    if any(later < earlier for earlier, later in zip(dates, dates[1:])):
        # not in date order (never made by the engine): sum the way balance_on does
        return [(day, s.balance_on(day)) for day in days[first:]]
    prefix = [ZERO]
    running = ZERO
    for a in apps:
        running = running + a.amount
        prefix.append(running)
    final = amount - running
    stop = len(days) if final else bisect.bisect_left(days, dates[-1], first)
    out = []
    for index in range(first, stop):
        day = days[index]
        out.append((day, amount - prefix[bisect.bisect_right(dates, day)]))
    return out
