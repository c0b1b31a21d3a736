"""Computed results: what the engine works out, kept apart from the input records."""

from __future__ import annotations

import datetime as dt
import operator
from dataclasses import dataclass, field, fields
from decimal import Decimal

from collect.model.records import Customer, Invoice, Note


def _pickled_by_fields(cls):
    """Pickle as the constructor and its field values. A slotted dataclass otherwise
    pickles through Python-level state functions that look its fields up for every
    object; customers' states are kept between runs (``collect.compute.reuse``), 50,000
    invoice states at a time."""
    values = operator.attrgetter(*(f.name for f in fields(cls)))

    def __reduce__(self):
        return cls, values(self)

    cls.__reduce__ = __reduce__
    return cls


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class Application:
    """Money from one entry applied to one invoice, effective from the end of ``date``."""

    date: dt.date
    amount: Decimal
    kind: str  # payment | credit_note | write_off
    ref: str
    explicit: bool


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class Reason:
    """Why a step is proposed: a code and its figures, worded by the renderer."""

    code: str
    params: tuple[tuple[str, str], ...] = ()

    def get(self, key: str, default: str = "") -> str:
        return dict(self.params).get(key, default)

    def text(self) -> str:
        from collect.compute.reasons import english

        return english(self)


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class InvoiceState:
    invoice: Invoice
    currency: str
    amount: Decimal
    due: dt.date
    applications: tuple[Application, ...]
    paid: Decimal
    credited: Decimal
    written_off: Decimal
    outstanding: Decimal
    settled: dt.date | None
    days_late: int | None
    days_overdue: int
    bucket: str
    disputed: bool
    on_hold: bool
    interest: Decimal = Decimal(0)
    fixed_sum: Decimal = Decimal(0)
    rate_label: str = ""
    limitation: object | None = None  # collect.compute.limitation.Limitation
    provision: Decimal = Decimal(0)

    @property
    def number(self) -> str:
        return self.invoice.number

    @property
    def customer(self) -> str:
        return self.invoice.customer

    @property
    def issued(self) -> dt.date:
        return self.invoice.issued

    @property
    def limitation_expires(self) -> dt.date | None:
        return getattr(self.limitation, "expires", None)

    def balance_on(self, day: dt.date) -> Decimal:
        """Outstanding at the end of ``day`` (zero before the invoice was issued)."""
        if day < self.invoice.issued:
            return Decimal(0)
        return self.amount - sum((a.amount for a in self.applications if a.date <= day), Decimal(0))


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class PromiseState:
    note: Note
    date: dt.date  # the promised date (or the instalment's due date)
    amount: Decimal  # promised amount (for an instalment: that instalment's own amount)
    cumulative: Decimal  # what must have been paid by then (instalments 1..k)
    instalment: int | None  # 1-based for plan instalments
    status: str  # kept | broken | pending
    kept_on: dt.date | None
    broken_on: dt.date | None  # the first day it counted as broken


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class NextStep:
    step: str
    date: dt.date
    reason: Reason
    letter: str | None


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class Escalation:
    target: str | None
    reached: str | None
    paused_by: str | None
    next: NextStep | None
    last_letter: dt.date | None = None


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class Fee:
    step: str
    date: dt.date
    amount: Decimal


@_pickled_by_fields
@dataclass(slots=True)
class CustomerState:
    customer: Customer
    currency: str
    invoices: list[InvoiceState]
    notes: list[Note]
    payments: list  # collect.model.records.Payment, in date order
    outstanding: Decimal
    overdue: Decimal
    unapplied: Decimal
    utilisation: Decimal | None
    dso: Decimal | None
    avg_days_late: Decimal | None
    promises: list[PromiseState]
    broken_promises: int
    open_disputes: int
    interest: Decimal
    fees: list[Fee]
    escalation: Escalation
    risk: object  # collect.compute.risk.RiskScore
    earliest_expiry: tuple[dt.date, str] | None
    last_contact: dt.date | None
    payment_index: int | None = None

    @property
    def id(self) -> str:
        return self.customer.id

    @property
    def open_invoices(self) -> list[InvoiceState]:
        return [i for i in self.invoices if i.outstanding > 0]

    @property
    def fee_total(self) -> Decimal:
        return sum((f.amount for f in self.fees), Decimal(0))


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class WorkItem:
    customer: str
    step: str
    date: dt.date
    owner: str | None
    reason: Reason


@_pickled_by_fields
@dataclass(slots=True)
class Totals:
    currency: str
    outstanding: Decimal
    overdue: Decimal
    provision: Decimal
    buckets: dict[str, Decimal]
    by_currency: dict[str, dict[str, Decimal]] = field(default_factory=dict)


@_pickled_by_fields
@dataclass(slots=True)
class LedgerState:
    as_of: dt.date
    base_currency: str
    customers: list[CustomerState]
    totals: Totals
    worklist: list[WorkItem]
    kpis: dict = field(default_factory=dict)

    def customer(self, customer_id: str) -> CustomerState | None:
        for state in self.customers:
            if state.id == customer_id:
                return state
        return None

    @property
    def invoices(self) -> list[InvoiceState]:
        return [i for c in self.customers for i in c.invoices]
