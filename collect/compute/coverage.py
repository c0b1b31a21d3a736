"""Which invoices a case note concerns.

A note that lists ``invoices`` concerns those; one that lists none concerns all of the
customer's invoices open on its date (issued on or before it and not settled before it).
"""

from __future__ import annotations

import datetime as dt
from typing import Iterable

from collect.compute.state import InvoiceState
from collect.model.records import Note


def open_on(state: InvoiceState, day: dt.date) -> bool:
    return _open(state.invoice.issued, state.settled, day)


def _open(issued: dt.date, settled: dt.date | None, day: dt.date) -> bool:
    return issued <= day and (settled is None or settled >= day)


def concerned(note: Note, invoices: Iterable[InvoiceState], day: dt.date | None = None) -> list[InvoiceState]:
    listed = note.meta.invoices
    if listed:
        wanted = set(listed)
        return [i for i in invoices if i.number in wanted]
    when = day or note.meta.date
    return [i for i in invoices if open_on(i, when)]


def concerns(note: Note, number: str, issued: dt.date, settled: dt.date | None, day: dt.date | None = None) -> bool:
    """``concerned`` for one invoice given by its number, issue and settlement dates (for
    the engine, before the invoice's state exists)."""
    listed = note.meta.invoices
    if listed:
        return number in listed
    return _open(issued, settled, day or note.meta.date)
