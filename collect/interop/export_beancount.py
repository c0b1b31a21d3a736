"""``collect export --format beancount``: the receivables as a Beancount ledger.

One receivable account per customer, ``Assets:Receivables:<Customer>``. Each invoice is
a transaction on its issue date against ``Income:Sales`` (metadata: invoice number, due
date, contract, PO; a link ``^<number>`` joins it to the entries applied to it); each
receipt goes to ``Assets:Bank:<CUR>``, each credit note to ``Income:Sales:Returns``,
each write-off to ``Expenses:BadDebts``. Credit not yet applied stays on the receivable
account, so its balance per currency is the customer's outstanding − unapplied credit;
a ``balance`` assertion the day after as-of states it, and ``bean-check`` verifies it.
Interest, fees and provisions are figures of the report, not bookings: not exported.
Records dated after as-of are left out, like everywhere else.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from collect.compute.money import round_money
from collect.compute.state import CustomerState, LedgerState

RECEIVABLES = "Assets:Receivables"
SALES = "Income:Sales"
RETURNS = "Income:Sales:Returns"
BAD_DEBTS = "Expenses:BadDebts"
BANK = "Assets:Bank"
COUNTER = {"payment": None, "credit_note": RETURNS, "write_off": BAD_DEBTS}
_PART_RE = re.compile(r"[A-Za-z0-9]+")


def account_names(customer_ids: list[str]) -> dict[str, str]:
    """Customer id → account component: ``huaxin-electronics`` → ``Huaxin-Electronics``,
    ``0000-x`` → ``C0000-X``. Ids that would meet on one name (``a_b`` and ``a-b``,
    ``acme`` and ``Acme``) each get a short hash of the id, so no two ever share an account."""
    base = {cid: _component(cid) for cid in customer_ids}
    users: dict[str, list[str]] = defaultdict(list)
    for cid, name in base.items():
        users[name.casefold()].append(cid)
    out = {}
    for cid, name in base.items():
        if len(users[name.casefold()]) > 1:
            name = f"{name}-{hashlib.sha1(cid.encode()).hexdigest()[:6].upper()}"
        out[cid] = name
    if len({n.casefold() for n in out.values()}) != len(out):  # pragma: no cover - a hash collision
        raise ValueError("two customers would share one Beancount account")
    return out


def _component(cid: str) -> str:
    parts = [p[:1].upper() + p[1:] for p in _PART_RE.findall(cid)]
    name = "-".join(parts) or "Customer"
    return name if name[0].isalpha() else "C" + name


def _string(text: str) -> str:
    flat = " ".join(str(text).split())
    return '"' + flat.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _amount(amount: Decimal, currency: str) -> str:
    return f"{format(amount, 'f')} {currency}"


@dataclass(order=True)
class _Entry:
    date: dt.date
    order: int
    key: str
    lines: list[str] = field(compare=False)


@dataclass
class _Accounts:
    first_use: dict[str, dt.date] = field(default_factory=dict)
    currencies: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    meta: dict[str, list[str]] = field(default_factory=dict)

    def use(self, account: str, day: dt.date, currency: str) -> str:
        if account not in self.first_use or day < self.first_use[account]:
            self.first_use[account] = day
        self.currencies[account].add(currency)
        return account


def export_beancount(state: LedgerState, title: str = "") -> str:
    names = account_names([c.id for c in state.customers])
    accounts = _Accounts()
    entries: list[_Entry] = []
    balances: list[tuple[str, str, Decimal]] = []
    for c in state.customers:
        receivable = f"{RECEIVABLES}:{names[c.id]}"
        accounts.meta[receivable] = [f"customer: {_string(c.id)}", f"name: {_string(c.customer.name)}"]
        entries.extend(_invoices(c, receivable, accounts))
        entries.extend(_payments(c, receivable, accounts, state.as_of))
        for currency, balance in sorted(_receivable_balances(c, state.as_of).items()):
            if receivable in accounts.first_use:
                balances.append((receivable, currency, balance))
    out = [f"; Receivables exported by `collect export --format beancount` as of {state.as_of}.",
           "; Balance of each Assets:Receivables account = outstanding - unapplied credit.",
           f'option "title" {_string(title or "Receivables")}',
           f'option "operating_currency" "{state.base_currency}"', ""]
    commodities: dict[str, dt.date] = {}
    for account, day in accounts.first_use.items():
        for cur in accounts.currencies[account]:
            commodities[cur] = min(day, commodities.get(cur, day))
    for cur, day in sorted(commodities.items(), key=lambda kv: (kv[1], kv[0])):
        out.append(f"{day} commodity {cur}")
    out.append("")
    for account, day in sorted(accounts.first_use.items(), key=lambda kv: (kv[1], kv[0])):
        out.append(f"{day} open {account} {','.join(sorted(accounts.currencies[account]))}")
        out.extend(f"  {line}" for line in accounts.meta.get(account, []))
    for entry in sorted(entries):
        out.append("")
        out.extend(entry.lines)
    if balances:
        out.append("")
        check_day = state.as_of + dt.timedelta(days=1)
        for account, currency, balance in balances:
            out.append(f"{check_day} balance {account} {_amount(balance, currency)}")
    return "\n".join(out) + "\n"


def _invoices(c: CustomerState, receivable: str, accounts: _Accounts):
    for s in c.invoices:  # the engine holds only invoices issued up to as-of
        inv = s.invoice
        day = s.issued
        head = f"{day} * {_string(c.customer.name)} {_string(inv.description or f'Invoice {inv.number}')}"
        lines = [f"{head} ^{_link(inv.number)}", f"  invoice: {_string(inv.number)}", f"  due: {s.due}"]
        if inv.contract:
            lines.append(f"  contract: {_string(inv.contract)}")
        if inv.po:
            lines.append(f"  po: {_string(inv.po)}")
        lines.append(f"  {accounts.use(receivable, day, s.currency)}  {_amount(s.amount, s.currency)}")
        lines.append(f"  {accounts.use(SALES, day, s.currency)}  {_amount(-s.amount, s.currency)}")
        yield _Entry(day, 0, inv.number, lines)


def _payments(c: CustomerState, receivable: str, accounts: _Accounts, as_of: dt.date):
    applied: dict[str, list[str]] = defaultdict(list)
    for s in c.invoices:
        for app in s.applications:
            if s.number not in applied[app.ref]:
                applied[app.ref].append(s.number)
    for entry in c.payments:
        if entry.date > as_of:
            continue
        cur = entry.currency or c.currency
        counter = COUNTER[entry.kind] or f"{BANK}:{cur}"
        label = {"payment": "Payment", "credit_note": "Credit note", "write_off": "Write-off"}[entry.kind]
        links = "".join(f" ^{_link(n)}" for n in sorted(applied.get(entry.ref, [])))
        lines = [f"{entry.date} * {_string(c.customer.name)} {_string(entry.memo or f'{label} {entry.ref}')}{links}",
                 f"  ref: {_string(entry.ref)}"]
        lines.append(f"  {accounts.use(counter, entry.date, cur)}  {_amount(entry.amount, cur)}")
        lines.append(f"  {accounts.use(receivable, entry.date, cur)}  {_amount(-entry.amount, cur)}")
        yield _Entry(entry.date, 1, f"{c.id} {entry.ref}", lines)


def _link(number: str) -> str:
    return re.sub(r"[^A-Za-z0-9\-_/.]", "-", number)


def _receivable_balances(c: CustomerState, as_of: dt.date) -> dict[str, Decimal]:
    """Per currency, from the engine's figures: outstanding − unapplied credit, where
    unapplied = the entries up to as-of − what of them the engine applied to invoices."""
    outstanding: dict[str, Decimal] = defaultdict(Decimal)
    applied: dict[str, Decimal] = defaultdict(Decimal)
    entries: dict[str, Decimal] = defaultdict(Decimal)
    for s in c.invoices:
        outstanding[s.currency] += s.outstanding
        applied[s.currency] += sum((a.amount for a in s.applications), Decimal(0))
    for entry in c.payments:
        if entry.date <= as_of:
            entries[entry.currency or c.currency] += entry.amount
    currencies = set(outstanding) | set(entries)
    return {cur: round_money(outstanding[cur] - (entries[cur] - applied[cur]), cur) for cur in currencies}


__all__ = ["export_beancount", "account_names"]
