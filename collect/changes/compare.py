"""The difference between two computed ledgers: what a merge request changes.

Both sides are computed as of the same date, so every difference comes from the files:
a payment recorded, a letter noted, a promise written down too late, an invoice
corrected. ``compare`` is a pure function of the two sides.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path, PurePosixPath

from collect.compute.limitation import limitation_warning
from collect.compute.state import Escalation, LedgerState, Totals
from collect.model.ledger import Ledger


@dataclass(frozen=True, slots=True)
class Side:
    """One side of the comparison: the ledger as loaded, its state, and its folder."""

    ledger: Ledger
    state: LedgerState
    root: Path


@dataclass(frozen=True, slots=True)
class CustomerRow:
    id: str
    name: str


@dataclass(frozen=True, slots=True)
class InvoiceRow:
    number: str
    customer: str
    currency: str
    amount: Decimal
    issued: dt.date
    due: dt.date


@dataclass(frozen=True, slots=True)
class PaymentRow:
    date: dt.date
    customer: str
    kind: str
    amount: Decimal
    currency: str
    ref: str


@dataclass(frozen=True, slots=True)
class NoteRow:
    date: dt.date
    customer: str
    channel: str
    outcome: str | None
    letter: str | None
    path: str  # relative to the ledger folder


@dataclass(frozen=True, slots=True)
class EscalationMove:
    customer: str
    before: Escalation | None  # None: a customer new since the revision
    after: Escalation


@dataclass(frozen=True, slots=True)
class BrokenPromise:
    customer: str
    date: dt.date
    amount: Decimal
    currency: str
    instalment: int | None
    note: str  # relative to the ledger folder


@dataclass(frozen=True, slots=True)
class LimitationWarning:
    invoice: str
    customer: str
    expires: dt.date
    days_left: int
    outstanding: Decimal
    currency: str


@dataclass(frozen=True, slots=True)
class RiskMove:
    customer: str
    before_grade: str
    before_score: int
    after_grade: str
    after_score: int


@dataclass(slots=True)
class LedgerDiff:
    as_of: dt.date
    base_currency: str
    totals_before: Totals
    totals_after: Totals
    new_customers: list[CustomerRow] = field(default_factory=list)
    removed_customers: list[CustomerRow] = field(default_factory=list)
    new_invoices: list[InvoiceRow] = field(default_factory=list)
    removed_invoices: list[InvoiceRow] = field(default_factory=list)
    new_payments: list[PaymentRow] = field(default_factory=list)
    removed_payments: list[PaymentRow] = field(default_factory=list)
    new_notes: list[NoteRow] = field(default_factory=list)
    escalations: list[EscalationMove] = field(default_factory=list)
    broken_promises: list[BrokenPromise] = field(default_factory=list)
    limitation_warnings: list[LimitationWarning] = field(default_factory=list)
    risk: list[RiskMove] = field(default_factory=list)

    @property
    def unchanged(self) -> bool:
        return not any((self.new_customers, self.removed_customers, self.new_invoices, self.removed_invoices,
                        self.new_payments, self.removed_payments, self.new_notes, self.escalations,
                        self.broken_promises, self.limitation_warnings, self.risk))


def compare(before: Side, after: Side) -> LedgerDiff:
    """What ``after`` has that ``before`` had not (and the reverse for removals)."""
    diff = LedgerDiff(after.state.as_of, after.state.base_currency, before.state.totals, after.state.totals)
    old_customers, new_customers = _customers(before), _customers(after)
    diff.new_customers = [new_customers[c] for c in sorted(new_customers.keys() - old_customers.keys())]
    diff.removed_customers = [old_customers[c] for c in sorted(old_customers.keys() - new_customers.keys())]

    old_invoices, new_invoices = _invoices(before), _invoices(after)
    diff.new_invoices = [new_invoices[n] for n in sorted(new_invoices.keys() - old_invoices.keys())]
    diff.removed_invoices = [old_invoices[n] for n in sorted(old_invoices.keys() - new_invoices.keys())]

    # payments have no id of their own: an entry is new when no identical one was there
    old_payments, new_payments = Counter(_payments(before)), Counter(_payments(after))
    diff.new_payments = sorted((new_payments - old_payments).elements(), key=_payment_order)
    diff.removed_payments = sorted((old_payments - new_payments).elements(), key=_payment_order)

    old_notes = {row.path for row in _notes(before)}
    diff.new_notes = sorted((row for row in _notes(after) if row.path not in old_notes),
                            key=lambda r: (r.date, r.customer, r.path))

    old_states = {c.id: c for c in before.state.customers}
    for state in after.state.customers:
        old = old_states.get(state.id)
        if old is None:
            if state.escalation.reached or state.escalation.next:
                diff.escalations.append(EscalationMove(state.id, None, state.escalation))
            continue
        if _position(old.escalation) != _position(state.escalation):
            diff.escalations.append(EscalationMove(state.id, old.escalation, state.escalation))
        if old.risk.grade != state.risk.grade:
            diff.risk.append(RiskMove(state.id, old.risk.grade, old.risk.score, state.risk.grade, state.risk.score))

    was_broken = {key for key, _ in _broken(before)}
    diff.broken_promises = [row for key, row in _broken(after) if key not in was_broken]

    was_warned = {row.invoice for row in _warnings(before)}
    diff.limitation_warnings = [row for row in _warnings(after) if row.invoice not in was_warned]
    return diff


def _position(escalation: Escalation) -> tuple[str | None, str | None]:
    """Where a customer stands on the ladder: the step reached and the step due next."""
    return escalation.reached, escalation.next.step if escalation.next else None


def _customers(side: Side) -> dict[str, CustomerRow]:
    return {cid: CustomerRow(cid, c.name) for cid, c in side.ledger.customers.items()}


def _invoices(side: Side) -> dict[str, InvoiceRow]:
    return {i.number: InvoiceRow(i.number, i.customer, i.currency, i.amount, i.issued, i.due)
            for i in side.state.invoices}


def _payments(side: Side) -> list[PaymentRow]:
    ledger = side.ledger
    return [PaymentRow(p.date, p.customer, p.kind, p.amount, ledger.payment_currency(p), p.ref)
            for p in ledger.payments]


def _payment_order(row: PaymentRow) -> tuple:
    return row.date, row.customer, row.ref, row.kind, row.amount


def _notes(side: Side) -> list[NoteRow]:
    rows = []
    for note in side.ledger.notes:
        meta = note.meta
        rows.append(NoteRow(meta.date, meta.customer, meta.channel, meta.outcome,
                            meta.letter.type if meta.letter else None, _relative(note.path, side.root)))
    return rows


def _broken(side: Side) -> list[tuple[tuple, BrokenPromise]]:
    out = []
    for customer in side.state.customers:
        for promise in customer.promises:
            if promise.status != "broken":
                continue
            note = _relative(promise.note.path, side.root)
            key = (customer.id, note, promise.date, promise.instalment)
            out.append((key, BrokenPromise(customer.id, promise.date, promise.amount, customer.currency,
                                           promise.instalment, note)))
    return out


def _warnings(side: Side) -> list[LimitationWarning]:
    warn_days = side.ledger.policy.limitation_warn_days
    as_of = side.state.as_of
    rows = []
    for customer in side.state.customers:
        for invoice in customer.invoices:
            lim = invoice.limitation
            if invoice.outstanding > 0 and lim is not None and limitation_warning(lim, as_of, warn_days):
                rows.append(LimitationWarning(invoice.number, customer.id, lim.expires,
                                              (lim.expires - as_of).days, invoice.outstanding, invoice.currency))
    return sorted(rows, key=lambda r: (r.expires, r.invoice))


def _relative(path: str, root: Path) -> str:
    rel = os.path.relpath(os.path.abspath(path), os.path.abspath(root))
    return PurePosixPath(*Path(rel).parts).as_posix()
