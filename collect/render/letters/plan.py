"""分期付款协议 / payment plan: the schedule a plan letter proposes or records.

The schedule comes from the customer's latest case note with a ``plan`` (the instalments
not yet kept; the ones kept are listed as paid), covering the invoices that note lists
(all open ones when it lists none). Without such a note the letter proposes equal
monthly instalments over three months of the overdue principal, clearly marked as a
proposal; the last instalment takes the rounding remainder.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

from collect.compute.money import quantum
from collect.compute.state import CustomerState, InvoiceState

ZERO = Decimal(0)
PROPOSED_INSTALMENTS = 3


@dataclass(frozen=True, slots=True)
class Instalment:
    number: int
    due: dt.date
    amount: Decimal
    status: str | None  # kept | pending | broken (recorded plans); None for a proposal


@dataclass(frozen=True, slots=True)
class PlanData:
    proposal: bool
    agreed_on: dt.date | None  # the date of the note that records the plan
    currency: str
    instalments: tuple[Instalment, ...]  # still to pay
    kept: tuple[Instalment, ...]  # already paid
    principal: Decimal  # balance of the invoices the plan covers
    grace_days: int

    @property
    def total(self) -> Decimal:
        return sum((i.amount for i in self.instalments), ZERO)

    @property
    def mismatch(self) -> bool:
        return self.total != self.principal


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def payment_plan(c: CustomerState, overdue: list[InvoiceState], as_of: dt.date,
                 grace_days: int) -> tuple[PlanData, list[InvoiceState]]:
    """The plan and the invoices it covers."""
    note = next((n for n in reversed(c.notes) if n.meta.plan), None)
    currency = c.currency
    if note is not None:
        listed = set(note.meta.invoices)
        covered = [s for s in c.open_invoices if not s.disputed and not s.on_hold
                   and (not listed or s.number in listed)]
        status = {p.instalment: p.status for p in c.promises
                  if p.instalment is not None and p.note.path == note.path}
        rows = [Instalment(k, i.due, i.amount, status.get(k)) for k, i in enumerate(note.meta.plan, start=1)]
        principal = sum((s.outstanding for s in covered if s.currency == currency), ZERO)
        return PlanData(False, note.meta.date, currency, tuple(r for r in rows if r.status != "kept"),
                        tuple(r for r in rows if r.status == "kept"), principal, grace_days), covered
    principal = sum((s.outstanding for s in overdue if s.currency == currency), ZERO)
    part = (principal / PROPOSED_INSTALMENTS).quantize(quantum(currency), rounding=ROUND_DOWN)
    rows = [Instalment(k, add_months(as_of, k), part if k < PROPOSED_INSTALMENTS
                       else principal - part * (PROPOSED_INSTALMENTS - 1), None)
            for k in range(1, PROPOSED_INSTALMENTS + 1)]
    return PlanData(True, None, currency, tuple(rows), (), principal, grace_days), overdue
