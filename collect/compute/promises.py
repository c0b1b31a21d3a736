"""Promises to pay and instalment plans: kept, broken or pending.

A promise is kept when the customer's payments dated from the note's date up to the
promised date + grace days reach the promised amount; broken once as-of is past that
window and they do not; pending otherwise. Instalment k of a plan is the promise of
the sum of instalments 1..k by its due date. Only entries of kind ``payment`` count:
a credit note is not the customer paying. Promised amounts are in the customer's
currency; a payment in another currency counts at its company.fx value.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Callable, Iterable

from collect.compute.state import PromiseState
from collect.model.records import Note, Payment

ZERO = Decimal(0)


def promise_states(notes: Iterable[Note], payments: list[Payment], grace_days: int,
                   as_of: dt.date, value: Callable[[Payment], Decimal] | None = None) -> list[PromiseState]:
    """``value`` gives a payment's amount in the customer's currency, the currency promises
    are written in (default: the amount as written)."""
    worth = value or (lambda p: p.amount)
    received = sorted((p.date, worth(p)) for p in payments if p.kind == "payment" and p.date <= as_of)
    out: list[PromiseState] = []
    for note in notes:
        meta = note.meta
        if meta.date > as_of:
            continue
        if meta.promise is not None:
            out.append(_judge(note, meta.promise.date, meta.promise.amount, meta.promise.amount, None,
                              received, grace_days, as_of))
        cumulative = ZERO
        for k, instalment in enumerate(meta.plan or [], start=1):
            cumulative += instalment.amount
            out.append(_judge(note, instalment.due, instalment.amount, cumulative, k, received, grace_days, as_of))
    out.sort(key=lambda p: (p.date, p.note.path, p.instalment or 0))
    return out


def _judge(note: Note, date: dt.date, amount: Decimal, cumulative: Decimal, instalment: int | None,
           received: list[tuple[dt.date, Decimal]], grace: int, as_of: dt.date) -> PromiseState:
    start = note.meta.date
    window_end = date + dt.timedelta(days=grace)
    total = ZERO
    kept_on = None
    for day, paid in received:
        if day < start:
            continue
        if day > window_end:
            break
        total += paid
        if total >= cumulative:
            kept_on = day
            break
    if kept_on is not None:
        return PromiseState(note, date, amount, cumulative, instalment, "kept", kept_on, None)
    if as_of > window_end:
        return PromiseState(note, date, amount, cumulative, instalment, "broken", None, window_end + dt.timedelta(days=1))
    return PromiseState(note, date, amount, cumulative, instalment, "pending", None, None)


def plan_active(note: Note, states: list[PromiseState]) -> bool:
    """A plan pauses escalation while none of its instalments is broken and one is still due."""
    mine = [s for s in states if s.note is note and s.instalment is not None]
    return bool(mine) and not any(s.status == "broken" for s in mine) and any(s.status == "pending" for s in mine)
