"""The collection ladder: which step a customer has reached, which is due next, and when.

Per customer, on its open invoices that are neither disputed nor on hold (SPEC §4):

* ``target``: the highest step whose threshold holds for the most overdue of them
  (days past due ≥ ``after_days``; overdue total ≥ ``min_amount`` and ≥ ``tolerance``),
  raised one step by a promise broken in the last 90 days (``broken_on`` within
  as_of − 89 … as_of, the same 90-day window as the customer's DSO);
* ``reached``: the highest step whose letter was sent about one of them; when several
  steps send the same letter type (a courtesy ``reminder`` before the due date and the
  ``reminder`` after it), a letter counts as the highest of them whose days had come
  on the day it was sent;
* ``next``: the step after ``reached``, never beyond ``target``, one at a time; a step
  without a letter (write-off) is proposed as soon as it is the target. Its date is the
  first day on which its threshold held — SPEC defines a step's threshold by its days
  alone (days_overdue ≥ after_days), so ``min_amount`` and ``tolerance`` decide whether
  a step is due, not since when — and at least ``min_gap_days`` after the last letter;
* ``paused_by``: hold / dispute / plan / promise when every overdue invoice is held,
  disputed, under an unbroken plan or under a pending promise; a customer hold also
  pauses a courtesy reminder when nothing is overdue yet.

``min_amount`` and ``tolerance`` are policy amounts, in the base currency: overdue
totals are converted with company.fx before they are compared (the figure in a reason
is in the customer's currency).

Readings of the spec that needed a decision are listed in docs/computations.md.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from collect.compute.coverage import concerned
from collect.compute.fx import Converter
from collect.compute.money import format_money
from collect.compute.promises import plan_active
from collect.compute.state import Escalation, InvoiceState, NextStep, PromiseState, Reason
from collect.model.records import Customer, LadderStep, Note, Policy

ZERO = Decimal(0)
PAUSE_ORDER = ("hold", "dispute", "plan", "promise")
BROKEN_PROMISE_WINDOW = 90


def customer_on_hold(customer: Customer, as_of: dt.date) -> bool:
    hold = customer.hold
    return hold is not None and (hold.until is None or as_of <= hold.until)


class _Money:
    """Outstanding amounts in the base currency (for the policy's thresholds) and in the
    customer's currency (for reasons)."""

    def __init__(self, fx: Converter | None, currency: str):
        self.fx, self.currency = fx, currency

    def base(self, state: InvoiceState) -> Decimal:
        if self.fx is None:
            return state.outstanding
        return self.fx.convert(state.outstanding, state.currency, self.fx.base)

    def customer(self, state: InvoiceState) -> Decimal:
        if self.fx is None:
            return state.outstanding
        return self.fx.convert(state.outstanding, state.currency, self.currency)


def escalate(customer: Customer, currency: str, invoices: list[InvoiceState], notes: list[Note],
             promises: list[PromiseState], policy: Policy, as_of: dt.date,
             fx: Converter | None = None) -> Escalation:
    """``fx`` converts amounts for the thresholds; without it they are summed as written."""
    ladder = policy.ladder
    money = _Money(fx, currency)
    open_ = [i for i in invoices if i.outstanding > 0]
    overdue = [i for i in open_ if i.days_overdue > 0]
    candidates = [i for i in open_ if not i.disputed and not i.on_hold]
    letters = sorted((n for n in notes if n.meta.letter and n.meta.letter.sent <= as_of),
                     key=lambda n: (n.meta.letter.sent, n.path))
    last_letter = letters[-1].meta.letter if letters else None

    target, via = _target(ladder, candidates, promises, policy, as_of, money)
    reached = _reached(ladder, letters, candidates)
    paused = _paused_by(customer, overdue, notes, promises, as_of)
    if paused is None and target is not None and customer_on_hold(customer, as_of):
        paused = "hold"  # nothing overdue yet, but a courtesy reminder is dunning too
    result = dict(target=_name(ladder, target), reached=_name(ladder, reached), paused_by=paused,
                  next=None, last_letter=last_letter.sent if last_letter else None)
    if target is None or paused is not None:
        return Escalation(**result)
    step_index = _next_index(ladder, reached, target)
    if step_index is None:
        return Escalation(**result)
    step = ladder[step_index]
    held_since, reason = _threshold(step, candidates, via, as_of, money)
    date = held_since
    params = dict(reason.params)
    if last_letter is not None and step.letter is not None:
        date = max(date, last_letter.sent + dt.timedelta(days=policy.min_gap_days))
        params["last_letter"] = last_letter.sent.isoformat()
        params["last_letter_type"] = last_letter.type
    if via.get("promise") and step_index == target and not _days_hold(step, candidates, as_of):
        params["raised"] = "promise_broken"
    result["next"] = NextStep(step.step, date, Reason(reason.code, tuple(params.items())), step.letter)
    return Escalation(**result)


def _name(ladder: list[LadderStep], index: int | None) -> str | None:
    return ladder[index].step if index is not None else None


# ------------------------------------------------------------------ target


def _dpd(state: InvoiceState, as_of: dt.date) -> int:
    return (as_of - state.due).days


def _basis(step: LadderStep, candidates: list[InvoiceState], as_of: dt.date) -> list[InvoiceState]:
    """The invoices a step's threshold looks at: overdue ones, or for a courtesy step
    (after_days ≤ 0) those within its days of falling due."""
    floor = _floor(step)
    return [i for i in candidates if _dpd(i, as_of) >= floor]


def _floor(step: LadderStep) -> int:
    """Days past due from which an invoice is in a step's basis."""
    return step.after_days if step.after_days <= 0 else 1


def _needed(step: LadderStep, policy: Policy) -> Decimal:
    return max(policy.tolerance, step.min_amount or ZERO)


def _amount_ok(step: LadderStep, basis: list[InvoiceState], policy: Policy, money: _Money) -> bool:
    total = sum((money.base(i) for i in basis), ZERO)
    return total > 0 and total >= _needed(step, policy)


def _days_hold(step: LadderStep, candidates: list[InvoiceState], as_of: dt.date) -> bool:
    return any(_dpd(i, as_of) >= step.after_days for i in candidates)


def _time_barred(candidates: list[InvoiceState]) -> list[InvoiceState]:
    return [i for i in candidates if getattr(i.limitation, "status", None) == "expired"]


def _holds(step: LadderStep, candidates: list[InvoiceState], policy: Policy, as_of: dt.date,
           money: _Money) -> bool:
    basis = _basis(step, candidates, as_of)
    if _days_hold(step, candidates, as_of) and _amount_ok(step, basis, policy, money):
        return True
    if step.when_time_barred:
        barred = _time_barred(candidates)
        return bool(barred) and _amount_ok(step, barred, policy, money)
    return False


def _target(ladder: list[LadderStep], candidates: list[InvoiceState], promises: list[PromiseState],
            policy: Policy, as_of: dt.date, money: _Money) -> tuple[int | None, dict]:
    target = None
    for index, step in enumerate(ladder):
        if _holds(step, candidates, policy, as_of, money):
            target = index
    via: dict = {}
    if target is None:
        return None, via
    recent = [p for p in promises if p.status == "broken" and p.broken_on is not None
              and (as_of - p.broken_on).days < BROKEN_PROMISE_WINDOW]
    if recent and target + 1 < len(ladder):
        raised = ladder[target + 1]
        basis = _basis(raised, candidates, as_of) or _basis(ladder[target], candidates, as_of)
        if _amount_ok(raised, basis, policy, money) or raised.min_amount is None:
            target += 1
            via["promise"] = max(recent, key=lambda p: p.broken_on)
    return target, via


# ------------------------------------------------------------------ reached and next


def _reached(ladder: list[LadderStep], letters: list[Note], candidates: list[InvoiceState]) -> int | None:
    """Highest step whose letter was sent about an invoice still being chased: a letter
    about debts since paid does not count for a new overdue invoice."""
    steps_of: dict[str, list[int]] = defaultdict(list)
    for index, step in enumerate(ladder):
        if step.letter is not None:
            steps_of[step.letter].append(index)
    reached = None
    for note in letters:
        sent = note.meta.letter.sent
        indices = steps_of.get(note.meta.letter.type)
        if not indices:
            continue
        about = concerned(note, candidates, sent)
        if not about:
            continue
        index = _step_of_letter(ladder, indices, about, sent)
        reached = index if reached is None else max(reached, index)
    return reached


def _step_of_letter(ladder: list[LadderStep], indices: list[int], about: list[InvoiceState],
                    sent: dt.date) -> int:
    """Which of the steps sending this letter type a letter was: the highest whose days
    had come on the day it was sent (a ``reminder`` sent before the due date is the
    courtesy step, one sent after it the overdue reminder), else the lowest."""
    most_overdue = max((sent - i.due).days for i in about)
    came = [index for index in indices if most_overdue >= ladder[index].after_days]
    return max(came) if came else min(indices)


def _next_index(ladder: list[LadderStep], reached: int | None, target: int) -> int | None:
    if ladder[target].letter is None:
        return target if reached is None or reached < target else None
    start = 0 if reached is None else reached + 1
    for index in range(start, target + 1):
        step = ladder[index]
        if step.letter is None:
            continue  # a letter-less step is proposed only as the target itself
        if step.after_days <= 0 and ladder[target].after_days > 0:
            continue  # the courtesy reminder is only for invoices not yet due
        return index
    return None


def _threshold(step: LadderStep, candidates: list[InvoiceState], via: dict, as_of: dt.date,
               money: _Money) -> tuple[dt.date, Reason]:
    """The first day the step's threshold held, and why it holds."""
    currency = money.currency
    basis = _basis(step, candidates, as_of)
    eligible = [i for i in candidates if _dpd(i, as_of) >= step.after_days]
    options: list[tuple[dt.date, Reason]] = []
    if eligible:
        oldest = min(eligible, key=lambda i: (i.due, i.number))
        total = sum((money.customer(i) for i in basis), ZERO)
        held = oldest.due + dt.timedelta(days=step.after_days)
        if step.after_days <= 0:
            reason = Reason("courtesy", (("invoice", oldest.number),
                                         ("amount", format_money(money.customer(oldest), currency)),
                                         ("currency", currency), ("due", oldest.due.isoformat())))
        else:
            reason = Reason("overdue", (("invoice", oldest.number), ("days", str(_dpd(oldest, as_of))),
                                        ("amount", format_money(total, currency)), ("currency", currency)))
        options.append((held, reason))
    if step.when_time_barred:
        for barred in _time_barred(candidates):
            expired = barred.limitation.expires
            options.append((expired + dt.timedelta(days=1),
                            Reason("time_barred", (("invoice", barred.number), ("expired", expired.isoformat())))))
    promise = via.get("promise")
    if promise is not None and not eligible:
        options.append((promise.broken_on, Reason("promise_broken", (
            ("promised", format_money(promise.amount, currency)), ("currency", currency),
            ("promise_date", promise.date.isoformat())))))
    if not options:  # raised by a promise although its own days have not come: the promise decides
        return as_of, Reason("promise_broken")
    return min(options, key=lambda o: o[0])


# ------------------------------------------------------------------ pauses


def _paused_by(customer: Customer, overdue: list[InvoiceState], notes: list[Note],
               promises: list[PromiseState], as_of: dt.date) -> str | None:
    if not overdue:
        return None
    if customer_on_hold(customer, as_of):
        return "hold"
    covered_plan: set[str] = set()
    covered_promise: set[str] = set()
    plan_notes = {id(p.note): p.note for p in promises if p.instalment is not None}
    for note in plan_notes.values():
        if plan_active(note, promises):
            covered_plan.update(i.number for i in concerned(note, overdue))
    for state in promises:
        if state.instalment is None and state.status == "pending":
            covered_promise.update(i.number for i in concerned(state.note, overdue))
    weight: dict[str, Decimal] = defaultdict(Decimal)
    for invoice in overdue:
        label = ("hold" if invoice.on_hold else "dispute" if invoice.disputed
                 else "plan" if invoice.number in covered_plan
                 else "promise" if invoice.number in covered_promise else None)
        if label is None:
            return None
        weight[label] += invoice.outstanding
    return max(PAUSE_ORDER, key=lambda label: (weight.get(label, ZERO), -PAUSE_ORDER.index(label)))
