"""对账单 / statement of account: opening balance, every invoice and entry in the period
with a running balance, closing balance, per currency.

The period runs from 1 January of the as-of year, or from the first of the month in which
the oldest open invoice was issued when that is earlier, to the as-of date. Balances are
the plain ledger balance (invoices less every payment, credit note and write-off,
applied or not), so the closing balance equals the engine's outstanding less the
customer's unapplied credit.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from collect.compute.state import CustomerState
from collect.model.ledger import Ledger
from collect.render.capital import rmb_capital

ZERO = Decimal(0)


@dataclass(frozen=True, slots=True)
class StatementLine:
    date: dt.date
    kind: str  # invoice | payment | credit_note | write_off
    ref: str
    contract: str | None
    due: dt.date | None
    debit: Decimal
    credit: Decimal
    balance: Decimal
    disputed: bool = False


@dataclass(frozen=True, slots=True)
class StatementAccount:
    currency: str
    opening: Decimal
    lines: tuple[StatementLine, ...]
    closing: Decimal
    closing_capital: str | None
    debits: Decimal
    credits: Decimal


@dataclass(frozen=True, slots=True)
class StatementData:
    start: dt.date
    end: dt.date
    accounts: tuple[StatementAccount, ...]

    @property
    def has_disputed(self) -> bool:
        return any(line.disputed for a in self.accounts for line in a.lines)


def statement_start(c: CustomerState, as_of: dt.date) -> dt.date:
    start = dt.date(as_of.year, 1, 1)
    for s in c.open_invoices:
        start = min(start, s.issued.replace(day=1))
    return start


def statement(c: CustomerState, ledger: Ledger, as_of: dt.date, lang: str) -> StatementData:
    start = statement_start(c, as_of)
    # (currency, date, order, ref, debit, credit, contract, due, disputed)
    entries = []
    for s in c.invoices:
        entries.append((s.currency, s.issued, 0, s.number, s.amount, ZERO, s.invoice.contract, s.due,
                        s.disputed and s.outstanding > 0))
    for p in c.payments:
        if p.date <= as_of:
            entries.append((ledger.payment_currency(p), p.date, 1, p.ref, ZERO, p.amount, p.kind, None, False))
    accounts = []
    for cur in sorted({e[0] for e in entries}, key=lambda x: (x != c.currency, x)):
        mine = sorted((e for e in entries if e[0] == cur), key=lambda e: (e[1], e[2], e[3]))
        opening = sum((e[4] - e[5] for e in mine if e[1] < start), ZERO)
        balance = opening
        lines = []
        for _, day, order, ref, debit, credit, extra, due, disputed in mine:
            if day < start:
                continue
            balance += debit - credit
            kind = "invoice" if order == 0 else extra
            lines.append(StatementLine(day, kind, ref, extra if order == 0 else None, due, debit, credit,
                                       balance, disputed))
        if not lines and opening == 0:
            continue
        capital = rmb_capital(balance) if lang == "zh" and cur == "CNY" and balance >= 0 else None
        accounts.append(StatementAccount(cur, opening, tuple(lines), balance, capital,
                                         sum((ln.debit for ln in lines), ZERO),
                                         sum((ln.credit for ln in lines), ZERO)))
    return StatementData(start, as_of, tuple(accounts))
