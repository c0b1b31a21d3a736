"""``collect status``: the terminal summary a collector reads in the morning."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from collect.compute.limitation import limitation_warning
from collect.compute.money import round_money
from collect.compute.state import CustomerState, LedgerState

TOP_RISKS = 5


def money(amount: Decimal, currency: str) -> str:
    return f"{round_money(amount, currency):,} {currency}"


def table(headers: list[str], rows: list[list[str]], right: set[int] = frozenset()) -> list[str]:
    from collect.diagnostics import _display_width as width

    widths = [max([width(h)] + [width(r[i]) for r in rows]) for i, h in enumerate(headers)]

    def line(cells: list[str]) -> str:
        out = []
        for i, cell in enumerate(cells):
            pad = " " * (widths[i] - width(cell))
            out.append(pad + cell if i in right else cell + pad)
        return "  ".join(out).rstrip()

    return [line(headers), line(["-" * w for w in widths])] + [line(r) for r in rows]


def status_text(state: LedgerState, warn_days: int) -> str:
    base = state.base_currency
    t = state.totals
    out = [f"collect status as of {state.as_of}", ""]
    out.append(f"Outstanding  {money(t.outstanding, base):>22}")
    out.append(f"Overdue      {money(t.overdue, base):>22}")
    out.append(f"Provision    {money(t.provision, base):>22}")
    if len(t.by_currency) > 1:
        for cur, vals in t.by_currency.items():
            out.append(f"  in {cur}: outstanding {money(vals['outstanding'], cur)}, overdue {money(vals['overdue'], cur)}")
    out += ["", "Aging"]
    out += table(["bucket", f"amount ({base})", "share"],
                 [[name, f"{amount:,}", _share(amount, t.outstanding)] for name, amount in t.buckets.items()],
                 right={1, 2})
    out += ["", "Worklist"]
    if not state.worklist:
        out.append("  nothing to do")
    by_owner: dict[str, list] = defaultdict(list)
    for item in state.worklist:
        by_owner[item.owner or "(no owner)"].append(item)
    for owner in sorted(by_owner):
        out.append(f"  {owner}")
        for item in by_owner[owner]:
            late = item.date < state.as_of
            flag = "LATE " if late else "today" if item.date == state.as_of else "     "
            out.append(f"    {flag} {item.date}  {item.customer:<22} {item.step:<16} {item.reason.text()}")
    risky = sorted((c for c in state.customers if c.outstanding > 0), key=lambda c: (-c.risk.score, c.id))[:TOP_RISKS]
    if risky:
        out += ["", "Top risks"]
        out += table(["customer", "grade", "score", "overdue", "main factor"],
                     [[c.id, c.risk.grade, str(c.risk.score), money(c.overdue, c.currency),
                       c.risk.factors[0].detail if c.risk.factors else ""] for c in risky], right={2, 3})
    warnings = [(i, c) for c in state.customers for i in c.open_invoices
                if i.limitation is not None and (i.limitation.status == "expired" or
                                                 limitation_warning(i.limitation, state.as_of, warn_days))]
    if warnings:
        out += ["", "Limitation"]
        rows = []
        for inv, c in sorted(warnings, key=lambda w: w[0].limitation.expires or dt.date.max):
            lim = inv.limitation
            status = "EXPIRED" if lim.status == "expired" else f"{lim.days_left} days left"
            rows.append([c.id, inv.number, str(lim.expires), status, money(inv.outstanding, inv.currency)])
        out += table(["customer", "invoice", "expires", "", "outstanding"], rows, right={4})
    return "\n".join(out)


def _share(amount: Decimal, total: Decimal) -> str:
    if total <= 0:
        return "-"
    return f"{(amount / total * 100).quantize(Decimal('0.1'))}%"


def customer_text(c: CustomerState, as_of: dt.date) -> str:
    cur = c.currency
    cust = c.customer
    out = [f"{cust.full_name} ({c.id})", ""]
    out.append(f"Owner {cust.owner or '-'}  status {cust.status}  risk {c.risk.grade} ({c.risk.score})")
    out.append(f"Outstanding {money(c.outstanding, cur)}  overdue {money(c.overdue, cur)}"
               + (f"  unapplied credit {money(c.unapplied, cur)}" if c.unapplied else ""))
    if cust.credit_limit:
        out.append(f"Credit limit {money(cust.credit_limit, cur)}  used {(c.utilisation * 100).quantize(Decimal('0.1'))}%")
    for f in c.risk.factors:
        out.append(f"  +{f.points:<3} {f.code}: {f.detail}")
    esc = c.escalation
    out += ["", f"Escalation: reached {esc.reached or '-'}, target {esc.target or '-'}"
            + (f", paused by {esc.paused_by}" if esc.paused_by else "")]
    if esc.next:
        out.append(f"  next: {esc.next.step} on {esc.next.date} — {esc.next.reason.text()}")
    open_rows = [[i.number, str(i.issued), str(i.due), f"{i.amount:,}", f"{i.outstanding:,}", str(i.days_overdue),
                  i.bucket, f"{i.interest:,}", str(i.limitation_expires or "-"),
                  ("disputed " if i.disputed else "") + ("held" if i.on_hold else "")]
                 for i in c.open_invoices]
    if open_rows:
        out += ["", "Open invoices"]
        out += table(["number", "issued", "due", "amount", "outstanding", "days", "bucket", "interest", "limitation", ""],
                     open_rows, right={3, 4, 5, 7})
    if c.promises:
        out += ["", "Promises"]
        for p in c.promises:
            label = f"instalment {p.instalment}" if p.instalment else "promise"
            out.append(f"  {p.date}  {label:<14} {money(p.amount, cur):>18}  {p.status}")
    return "\n".join(out)
