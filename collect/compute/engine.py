"""The engine: one pass per customer from the validated ledger to its computed state.

``compute(ledger, as_of)`` is a pure function: it reads no file and no clock.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from collect.compute import aging
from collect.compute.balances import apply_entries, settlement
from collect.compute.coverage import concerns
from collect.compute.escalation import escalate
from collect.compute.fx import Converter
from collect.compute.interest import choose_rate, fixed_sum, invoice_interest
from collect.compute.ar_metrics import company_kpis
from collect.compute.limitation import Restart, limitation
from collect.compute.money import invoice_amount, round_money, zero_money
from collect.compute.promises import promise_states
from collect.compute.risk import RiskInputs, payment_index, risk_score
from collect.compute.reuse import NothingKept
from collect.gcpause import no_collection
from collect.compute.state import (
    CustomerState, Fee, InvoiceState, LedgerState, Reason, Totals, WorkItem,
)
from collect.model.ledger import Ledger
from collect.model.records import Customer, Invoice, Note, Payment, Policy

ZERO = Decimal(0)
ONE_DP = Decimal("0.1")


def compute(ledger: Ledger, as_of: dt.date, kept=None) -> LedgerState:
    """``kept`` (``collect.compute.reuse.KeptStates``): customers' states from the last run,
    taken where the customer's inputs did not change; the states computed are handed to it."""
    # The engine builds a few hundred thousand small objects and no reference cycles:
    # collections during the run would only walk the whole ledger again and again.
    with no_collection():
        return _compute(ledger, as_of, kept if kept is not None else NothingKept())


def _compute(ledger: Ledger, as_of: dt.date, kept) -> LedgerState:
    policy = ledger.policy
    fx = Converter(ledger.base_currency, ledger.company.fx if ledger.company else {})
    invoices_by: dict[str, list[Invoice]] = defaultdict(list)
    payments_by: dict[str, list[Payment]] = defaultdict(list)
    notes_by: dict[str, list[Note]] = defaultdict(list)
    for invoice in ledger.invoices:
        invoices_by[invoice.customer].append(invoice)
    for payment in ledger.payments:
        payments_by[payment.customer].append(payment)
    for note in ledger.notes:
        if note.meta.date <= as_of:
            notes_by[note.meta.customer].append(note)
    jurisdiction = ledger.company.jurisdiction if ledger.company else "cn"
    customers = []
    for cid, customer in sorted(ledger.customers.items()):
        state = kept.get(cid)
        if state is None:
            state = _customer(ledger, customer, invoices_by[cid], payments_by[cid], notes_by[cid], fx,
                              jurisdiction, as_of)
            kept.put(cid, state)
        customers.append(state)
    totals = _totals(customers, policy, fx)
    state = LedgerState(as_of, ledger.base_currency, customers, totals, _worklist(customers, as_of))
    state.kpis = kept.kpis(lambda: company_kpis(state, fx, as_of))
    return state


# ------------------------------------------------------------------ one customer


def _customer(ledger: Ledger, customer: Customer, invoices: list[Invoice], payments: list[Payment],
              notes: list[Note], fx: Converter, company_jurisdiction: str, as_of: dt.date) -> CustomerState:
    policy = ledger.policy
    currency = customer.currency or ledger.base_currency
    notes = sorted(notes, key=lambda n: (n.meta.date, n.path))
    payments = sorted(payments, key=lambda p: (p.date, p.ref))
    prepared = []
    for invoice in invoices:
        if invoice.issued > as_of:
            continue
        inv_currency = ledger.invoice_currency(invoice)
        due = invoice.due or invoice.issued + dt.timedelta(days=_terms(invoice, customer, policy))
        prepared.append((invoice, inv_currency, invoice_amount(invoice, inv_currency), due))
    applied = apply_entries(prepared, [(p, ledger.payment_currency(p)) for p in payments], as_of)
    jurisdiction = customer.jurisdiction or company_jurisdiction
    restarting = [n for n in notes if _may_restart(n)]
    states = [
        _invoice_state(invoice, cur, amount, due, applied.applications[invoice.number], customer, policy,
                       restarting, jurisdiction, as_of)
        for invoice, cur, amount, due in prepared
    ]
    states.sort(key=lambda s: (s.due, s.number))

    def conv(amount: Decimal, cur: str) -> Decimal:
        return fx.convert(amount, cur, currency)

    outstanding = round_money(sum((conv(s.outstanding, s.currency) for s in states), ZERO), currency)
    overdue = round_money(sum((conv(s.outstanding, s.currency) for s in states if s.days_overdue > 0), ZERO), currency)
    unapplied = round_money(sum((conv(v, cur) for cur, v in applied.unapplied.items()), ZERO), currency)
    promises = promise_states(notes, payments, policy.grace_days, as_of,
                              lambda p: conv(p.amount, ledger.payment_currency(p)))
    escalation = escalate(customer, currency, states, notes, promises, policy, as_of, fx)
    fees = _fees(policy, notes, as_of)
    earliest = min(((s.limitation.expires, s.number) for s in states
                    if s.outstanding > 0 and s.limitation is not None and s.limitation.expires is not None),
                   default=None)
    last_contact = notes[-1].meta.date if notes else None
    index_now = payment_index(_index_items(states, as_of - dt.timedelta(days=365), as_of, as_of))
    index_before = payment_index(_index_items(states, as_of - dt.timedelta(days=730), as_of - dt.timedelta(days=365)))
    utilisation = (outstanding / customer.credit_limit).quantize(Decimal("0.0001"), ROUND_HALF_UP) \
        if customer.credit_limit else None
    broken = [p for p in promises if p.status == "broken"]
    open_disputes = sum(1 for s in states if s.disputed and s.outstanding > 0)
    max_overdue = max((s.days_overdue for s in states), default=0)
    risk = risk_score(
        RiskInputs(
            max_days_overdue=max_overdue,
            overdue_share=(overdue / outstanding) if outstanding > 0 else None,
            broken_promises=sum(1 for p in broken if p.broken_on and (as_of - p.broken_on).days < 365),
            open_disputes=open_disputes,
            payment_index_now=index_now,
            payment_index_before=index_before,
            utilisation=utilisation,
            days_to_limitation=(earliest[0] - as_of).days if earliest else None,
            days_since_contact=(as_of - last_contact).days if last_contact else None,
            has_overdue=max_overdue > 0,
        ),
        weights=policy.risk.weights or None,
        grades=policy.risk.grades,
    )
    return CustomerState(
        customer=customer, currency=currency, invoices=states, notes=notes, payments=payments,
        outstanding=outstanding, overdue=overdue, unapplied=unapplied, utilisation=utilisation,
        dso=_dso(states, outstanding, currency, conv, as_of), avg_days_late=_avg_days_late(states, as_of),
        promises=promises, broken_promises=len(broken), open_disputes=open_disputes,
        interest=round_money(sum((conv(s.interest, s.currency) for s in states), ZERO), currency),
        fees=fees, escalation=escalation, risk=risk, earliest_expiry=earliest, last_contact=last_contact,
        payment_index=index_now,
    )


def _terms(invoice: Invoice, customer: Customer, policy: Policy) -> int:
    for terms in (invoice.terms, customer.terms):
        if terms is not None:
            return terms
    return policy.terms


def _invoice_state(invoice: Invoice, currency: str, amount: Decimal, due: dt.date, applications, customer: Customer,
                   policy: Policy, notes: list[Note], jurisdiction: str, as_of: dt.date) -> InvoiceState:
    """``notes``: the customer's notes that may restart or stop limitation (``_may_restart``)."""
    paid, credited, written_off, outstanding, settled = settlement(amount, applications)
    days_overdue = (as_of - due).days if outstanding > 0 and as_of > due else 0
    days_late = max(0, (settled - due).days) if settled else None
    bucket = aging.bucket(days_overdue, policy.buckets)
    choice = choose_rate(invoice, customer, policy, due)
    if choice.spec is not None:
        reductions = [(a.date, a.amount) for a in applications]
        interest = round_money(invoice_interest(amount, reductions, due, as_of, choice), currency)
    else:
        interest = zero_money(currency)
    late = days_overdue > 0 or (days_late or 0) > 0
    fixed = fixed_sum(choice.profile, amount, currency) if late else ZERO
    lim = _limitation(invoice, due, applications, notes, jurisdiction, policy, as_of) if outstanding > 0 else None
    return InvoiceState(
        invoice=invoice, currency=currency, amount=amount, due=due, applications=tuple(applications),
        paid=paid, credited=credited, written_off=written_off, outstanding=outstanding, settled=settled,
        days_late=days_late, days_overdue=days_overdue, bucket=bucket,
        disputed=_disputed(invoice, as_of), on_hold=_held(invoice, as_of),
        interest=interest, fixed_sum=fixed, rate_label=choice.label if choice.spec is not None else "",
        limitation=lim,
        provision=round_money(outstanding * policy.provision_rate(bucket), currency) if outstanding > 0 else ZERO,
    )


def _disputed(invoice: Invoice, as_of: dt.date) -> bool:
    dispute = invoice.dispute
    if dispute is None or dispute.opened > as_of:
        return False
    if dispute.status == "resolved":
        return dispute.resolved is not None and dispute.resolved > as_of
    return True


def _held(invoice: Invoice, as_of: dt.date) -> bool:
    hold = invoice.hold
    return hold is not None and (hold.until is None or as_of <= hold.until)


def _may_restart(note: Note) -> bool:
    """Whether a note can bear on limitation at all: a delivered letter, an
    acknowledgement or a claim filed (the others are left out before the per-invoice work)."""
    meta = note.meta
    letter = meta.letter
    return (letter is not None and letter.delivered is not None) or bool(meta.acknowledged) \
        or meta.legal is not None


def _limitation(invoice: Invoice, due: dt.date, applications, notes: list[Note], jurisdiction: str,
                policy: Policy, as_of: dt.date):
    """The limitation of an open invoice (one still owed: never settled)."""
    number, issued = invoice.number, invoice.issued
    restarts = [Restart(a.date, "payment", f"payment {a.ref}") for a in applications if a.kind == "payment"]
    filed = None
    for note in notes:
        meta = note.meta
        letter = meta.letter
        # A note listing no invoices concerns those open on its date (SPEC §4). A letter or
        # a claim covers only what was open when it was written or filed, so an earlier
        # `sent` or `filed` date narrows that: never those issued by the time it arrived.
        if letter is not None and letter.delivered is not None \
                and concerns(note, number, issued, None, min(meta.date, letter.sent)):
            restarts.append(Restart(letter.delivered, "letter", note.path))
        if meta.acknowledged and concerns(note, number, issued, None):
            restarts.append(Restart(meta.date, "acknowledgement", note.path))
        if meta.legal is not None and concerns(note, number, issued, None, min(meta.date, meta.legal.filed)):
            filed = meta.legal.filed if filed is None else min(filed, meta.legal.filed)
    return limitation(jurisdiction, due, restarts, as_of, years=policy.limitation_years,
                      holidays=policy.holidays, filed=filed)


def _fees(policy: Policy, notes: list[Note], as_of: dt.date) -> list[Fee]:
    fee_of = {s.letter: s for s in policy.ladder if s.letter and s.fee}
    out = []
    for note in notes:
        letter = note.meta.letter
        if letter is not None and letter.sent <= as_of and letter.type in fee_of:
            step = fee_of[letter.type]
            out.append(Fee(step.step, letter.sent, step.fee))
    return out


def _index_items(states: list[InvoiceState], start: dt.date, end: dt.date, as_of: dt.date | None = None):
    """(amount, days beyond terms) of the invoices settled in ``start < settled <= end``;
    with ``as_of`` (the current year) also of those still overdue, late by their days
    overdue so far. Without them a customer who stopped paying would score better than
    one who pays late, and removing a payment could lower the risk score (SPEC §4)."""
    for s in states:
        if s.settled is not None and start < s.settled <= end:
            yield s.amount, (s.settled - s.due).days
        elif as_of is not None and s.outstanding > 0 and s.days_overdue > 0:
            yield s.amount, s.days_overdue


def _dso(states, outstanding: Decimal, currency: str, conv, as_of: dt.date) -> Decimal | None:
    start = as_of - dt.timedelta(days=90)
    invoiced = sum((conv(s.amount, s.currency) for s in states if start < s.issued <= as_of), ZERO)
    if invoiced <= 0:
        return None
    return (outstanding / invoiced * 90).quantize(ONE_DP, ROUND_HALF_UP)


def _avg_days_late(states: list[InvoiceState], as_of: dt.date) -> Decimal | None:
    start = as_of - dt.timedelta(days=365)
    late = [s.days_late for s in states if s.settled is not None and start < s.settled <= as_of]
    if not late:
        return None
    return (Decimal(sum(late)) / len(late)).quantize(ONE_DP, ROUND_HALF_UP)


# ------------------------------------------------------------------ company


def _totals(customers: list[CustomerState], policy: Policy, fx: Converter) -> Totals:
    base = fx.base
    names = aging.bucket_names(policy.buckets)
    by_currency: dict[str, dict[str, Decimal]] = {}
    buckets = {name: ZERO for name in names}
    outstanding = overdue = provision = ZERO
    for customer in customers:
        for s in customer.invoices:
            if s.outstanding <= 0:
                continue
            per = by_currency.setdefault(s.currency, {"outstanding": ZERO, "overdue": ZERO, "provision": ZERO})
            per["outstanding"] += s.outstanding
            per["provision"] += s.provision
            value = fx.convert(s.outstanding, s.currency, base)
            outstanding += value
            buckets[s.bucket] += value
            provision += fx.convert(s.provision, s.currency, base)
            if s.days_overdue > 0:
                per["overdue"] += s.outstanding
                overdue += value
    return Totals(
        currency=base,
        outstanding=round_money(outstanding, base),
        overdue=round_money(overdue, base),
        provision=round_money(provision, base),
        buckets={k: round_money(v, base) for k, v in buckets.items()},
        by_currency={cur: {k: round_money(v, cur) for k, v in vals.items()} for cur, vals in sorted(by_currency.items())},
    )


def _worklist(customers: list[CustomerState], as_of: dt.date) -> list[WorkItem]:
    items = []
    for state in customers:
        owner = state.customer.owner
        nxt = state.escalation.next
        if nxt is not None:
            items.append(WorkItem(state.id, nxt.step, nxt.date, owner, nxt.reason))
        follow = _follow_up(state.notes, as_of)
        if follow is not None:
            note = follow
            items.append(WorkItem(state.id, "follow_up", note.meta.next.date, owner, Reason(
                "follow_up", (("action", note.meta.next.action), ("note_date", note.meta.date.isoformat())))))
    items.sort(key=lambda w: (w.date, w.owner or "", w.customer, w.step))
    return items


def _follow_up(notes: list[Note], as_of: dt.date) -> Note | None:
    """The latest note's planned next action, once it is due (a later note supersedes it)."""
    if not notes:
        return None
    last = notes[-1]
    nxt = last.meta.next
    if nxt is None or nxt.date > as_of:
        return None
    return last
