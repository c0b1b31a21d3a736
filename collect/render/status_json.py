"""``collect status --format json``: the machine-readable contract of SPEC §5.

Money is a string with the currency's decimals, dates are ISO strings, ``null`` where a
value does not apply; keys keep a stable order so the output diffs cleanly.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

from collect.compute.money import format_money
from collect.compute.state import CustomerState, InvoiceState, LedgerState


def status_dict(state: LedgerState, customer: str | None = None) -> dict[str, Any]:
    customers = [c for c in state.customers if customer is None or c.id == customer]
    base = state.base_currency
    totals = state.totals
    return {
        "as_of": state.as_of.isoformat(),
        "base_currency": base,
        "totals": {
            "outstanding": format_money(totals.outstanding, base),
            "overdue": format_money(totals.overdue, base),
            "provision": format_money(totals.provision, base),
            "buckets": {k: format_money(v, base) for k, v in totals.buckets.items()},
            "by_currency": {
                cur: {k: format_money(v, cur) for k, v in vals.items()} for cur, vals in totals.by_currency.items()
            },
        },
        "invoices": [_invoice(i) for c in customers for i in c.invoices],
        "customers": [_customer(c) for c in customers],
        "worklist": [
            {
                "customer": w.customer,
                "step": w.step,
                "date": w.date.isoformat(),
                "owner": w.owner,
                "reason": w.reason.text(),
            }
            for w in state.worklist
            if customer is None or w.customer == customer
        ],
    }


def status_json(state: LedgerState, customer: str | None = None) -> str:
    return json.dumps(status_dict(state, customer), ensure_ascii=False, indent=2)


def write_status_json(state: LedgerState, stream, customer: str | None = None) -> None:
    """``status_json`` and a newline, written out piece by piece: the JSON of a large
    ledger (hundreds of megabytes at 200,000 invoices) is never held whole as text."""
    pieces: list[str] = []
    for piece in json.JSONEncoder(ensure_ascii=False, indent=2).iterencode(status_dict(state, customer)):
        pieces.append(piece)
        if len(pieces) >= 8192:
            stream.write("".join(pieces))
            pieces.clear()
    pieces.append("\n")
    stream.write("".join(pieces))


def _money(amount: Decimal | None, currency: str) -> str | None:
    return None if amount is None else format_money(amount, currency)


def _date(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


def _number(value: Decimal | None) -> float | int | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() and value.as_tuple().exponent >= 0 else float(value)


def _invoice(s: InvoiceState) -> dict[str, Any]:
    cur = s.currency
    return {
        "number": s.number,
        "customer": s.customer,
        "currency": cur,
        "amount": _money(s.amount, cur),
        "paid": _money(s.paid, cur),
        "credited": _money(s.credited, cur),
        "written_off": _money(s.written_off, cur),
        "outstanding": _money(s.outstanding, cur),
        "issued": _date(s.issued),
        "due": _date(s.due),
        "days_overdue": s.days_overdue,
        "bucket": s.bucket,
        "settled": _date(s.settled),
        "days_late": s.days_late,
        "disputed": s.disputed,
        "on_hold": s.on_hold,
        "interest": _money(s.interest, cur),
        "limitation_expires": _date(s.limitation_expires),
        "provision": _money(s.provision, cur),
    }


def _customer(c: CustomerState) -> dict[str, Any]:
    cur = c.currency
    esc = c.escalation
    nxt = esc.next
    return {
        "id": c.id,
        "name": c.customer.name,
        "currency": cur,
        "outstanding": _money(c.outstanding, cur),
        "overdue": _money(c.overdue, cur),
        "unapplied": _money(c.unapplied, cur),
        "credit_limit": _money(c.customer.credit_limit, cur),
        "utilisation": _number(c.utilisation),
        "dso": _number(c.dso),
        "avg_days_late": _number(c.avg_days_late),
        "broken_promises": c.broken_promises,
        "open_disputes": c.open_disputes,
        "risk": {
            "score": c.risk.score,
            "grade": c.risk.grade,
            "factors": [{"code": f.code, "points": f.points, "detail": f.detail} for f in c.risk.factors],
        },
        "escalation": {
            "target": esc.target,
            "reached": esc.reached,
            "paused_by": esc.paused_by,
            "next": None if nxt is None else {"step": nxt.step, "date": nxt.date.isoformat(), "reason": nxt.reason.text()},
        },
        "limitation": {
            "earliest_expiry": _date(c.earliest_expiry[0]) if c.earliest_expiry else None,
            "invoice": c.earliest_expiry[1] if c.earliest_expiry else None,
        },
        "promises": [
            {"date": p.date.isoformat(), "amount": _money(p.amount, cur), "status": p.status,
             "instalment": p.instalment}
            for p in c.promises
        ],
    }
