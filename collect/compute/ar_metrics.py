"""Company-wide AR metrics for the report: DSO (simple and countback), best possible DSO,
average days delinquent, CEI over the last 90 days and the overdue trend at month-ends.

Balances at earlier dates come from each invoice's dated applications, which depend only
on entries up to that date, so they equal what a run as of that date would show.
Amounts in other currencies are converted at today's company.fx rates (no history).
"""

from __future__ import annotations

import calendar
import datetime as dt
from decimal import Decimal

from collect.compute.balance_history import receivables_at
from collect.compute.fx import Converter
from collect.compute.kpi import average_days_delinquent, best_possible_dso, cei, dso_countback, dso_simple
from collect.compute.money import round_money

ZERO = Decimal(0)
PERIOD_DAYS = 90


def company_kpis(state, fx: Converter, as_of: dt.date) -> dict:
    invoices = state.invoices
    base = fx.base

    def value(amount: Decimal, currency: str) -> Decimal:
        return fx.convert(amount, currency, base)

    invoiced = [(s.invoice.issued, value(s.amount, s.currency)) for s in invoices]

    def sales(start: dt.date, end: dt.date) -> Decimal:
        return sum((amount for day, amount in invoiced if start < day <= end), ZERO)

    start = as_of - dt.timedelta(days=PERIOD_DAYS)
    trend_days = month_ends(as_of, 12)
    ar_at = receivables_at(invoices, [as_of, start, *trend_days], value, base)
    period_sales = sales(start, as_of)
    ar = ar_at.total[as_of]
    current = ar_at.current[as_of]
    dso = dso_simple(ar, period_sales, PERIOD_DAYS)
    best = best_possible_dso(current, period_sales, PERIOD_DAYS)
    months = []
    end = as_of
    for back in range(1, 13):
        begin = _months_back(as_of, back)
        months.append(((end - begin).days, sales(begin, end)))
        end = begin
    return {
        "period_days": PERIOD_DAYS,
        "sales": round_money(period_sales, base),
        "dso": dso,
        "dso_countback": dso_countback(ar, months),
        "best_possible_dso": best,
        "average_days_delinquent": average_days_delinquent(dso, best),
        "cei": cei(ar_at.total[start], period_sales, ar, current),
        "overdue_trend": [
            (day, round_money(ar_at.overdue[day], base), round_money(ar_at.total[day], base))
            for day in trend_days
        ],
    }


def _months_back(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` earlier (the month's last day where there is none); from a
    month's last day, that month's last day. Counted from ``day`` each time, so a short
    February does not shift every earlier month."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    last = calendar.monthrange(year, month)[1]
    if day.day == calendar.monthrange(day.year, day.month)[1]:
        return dt.date(year, month, last)
    return dt.date(year, month, min(day.day, last))


def month_ends(as_of: dt.date, count: int) -> list[dt.date]:
    """The last ``count`` month-ends on or before ``as_of``, oldest first."""
    last = calendar.monthrange(as_of.year, as_of.month)[1]
    end = as_of if as_of.day == last else dt.date(as_of.year, as_of.month, 1) - dt.timedelta(days=1)
    out = []
    for _ in range(count):
        out.append(end)
        end = dt.date(end.year, end.month, 1) - dt.timedelta(days=1)
    return out[::-1]
