"""``collect export --format csv``: the computed ledger as one table for spreadsheets.

RFC 4180 (CRLF, quoted where needed) with a header row, in UTF-8 with a byte-order
mark so that Excel opens Chinese names correctly (without it Excel guesses the
system's code page). Money is a plain decimal with the currency's places, dates are
ISO, true/false for flags, an empty cell where SPEC §5 has null. The figures are those
of ``collect status --format json``: each row is built from ``status_dict``.

``--what invoices`` (default): SPEC §5's invoice object plus contract, po, the interest
rate applied and the limitation status. ``customers``: every scalar of the customer
object, nested ones flattened (``risk_score``, ``escalation_next_step``, …).
``payments``: one row per application of an entry to an invoice, and one for what of
the entry is still unapplied.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import Any, Iterable

from collect.compute.money import format_money
from collect.compute.state import LedgerState
from collect.render.status_json import status_dict

BOM = "\ufeff"

INVOICE_COLUMNS = (
    "number", "customer", "currency", "amount", "paid", "credited", "written_off", "outstanding",
    "issued", "due", "days_overdue", "bucket", "settled", "days_late", "disputed", "on_hold",
    "interest", "limitation_expires", "provision",
    "contract", "po", "interest_rate_label", "limitation_status",
)
CUSTOMER_COLUMNS = (
    "id", "name", "currency", "outstanding", "overdue", "unapplied", "credit_limit", "utilisation",
    "dso", "avg_days_late", "broken_promises", "open_disputes", "risk_score", "risk_grade",
    "escalation_target", "escalation_reached", "escalation_paused_by", "escalation_next_step",
    "escalation_next_date", "escalation_next_reason", "limitation_earliest_expiry", "limitation_invoice",
)
PAYMENT_COLUMNS = (
    "date", "customer", "ref", "kind", "currency", "entry_amount", "invoice", "amount", "applied_on", "how",
)


def export_csv(state: LedgerState, what: str = "invoices") -> str:
    columns, rows = {"invoices": (INVOICE_COLUMNS, invoice_rows),
                     "customers": (CUSTOMER_COLUMNS, customer_rows),
                     "payments": (PAYMENT_COLUMNS, payment_rows)}[what]
    return table_text(columns, rows(state))


def table_text(columns: tuple[str, ...], rows: Iterable[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(c)) for c in columns])
    return BOM + out.getvalue()


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def invoice_rows(state: LedgerState) -> Iterable[dict[str, Any]]:
    figures = status_dict(state)["invoices"]
    for row, s in zip(figures, state.invoices):
        lim = s.limitation
        yield {
            **row,
            "contract": s.invoice.contract,
            "po": s.invoice.po,
            "interest_rate_label": s.rate_label or None,
            "limitation_status": getattr(lim, "status", None),
        }


def customer_rows(state: LedgerState) -> Iterable[dict[str, Any]]:
    figures = status_dict(state)["customers"]
    for row, c in zip(figures, state.customers):
        esc, nxt = row["escalation"], row["escalation"]["next"] or {}
        yield {
            **{k: v for k, v in row.items() if not isinstance(v, (dict, list))},
            # exact decimals rather than the JSON's floats
            "utilisation": c.utilisation, "dso": c.dso, "avg_days_late": c.avg_days_late,
            "risk_score": row["risk"]["score"], "risk_grade": row["risk"]["grade"],
            "escalation_target": esc["target"], "escalation_reached": esc["reached"],
            "escalation_paused_by": esc["paused_by"], "escalation_next_step": nxt.get("step"),
            "escalation_next_date": nxt.get("date"), "escalation_next_reason": nxt.get("reason"),
            "limitation_earliest_expiry": row["limitation"]["earliest_expiry"],
            "limitation_invoice": row["limitation"]["invoice"],
        }


def payment_rows(state: LedgerState) -> Iterable[dict[str, Any]]:
    """Entries dated up to as-of, in date order per customer: each application, then the rest."""
    for c in state.customers:
        applied: dict[str, list] = {}
        for s in c.invoices:
            for app in s.applications:
                applied.setdefault(app.ref, []).append((app, s))
        for entry in c.payments:
            if entry.date > state.as_of:
                continue
            currency = entry.currency or c.currency
            base = {"date": entry.date.isoformat(), "customer": c.id, "ref": entry.ref, "kind": entry.kind,
                    "currency": currency, "entry_amount": format_money(entry.amount, currency)}
            rest = entry.amount
            for app, s in sorted(applied.get(entry.ref, []), key=lambda a: (a[0].date, a[1].number)):
                rest -= app.amount
                yield {**base, "invoice": s.number, "amount": format_money(app.amount, currency),
                       "applied_on": app.date.isoformat(), "how": "allocated" if app.explicit else "oldest_first"}
            if rest > 0:
                yield {**base, "invoice": None, "amount": format_money(rest, currency), "applied_on": None,
                       "how": "unapplied"}
