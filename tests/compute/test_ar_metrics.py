"""Company AR metrics (``state.kpis``) on small hand-worked ledgers (DOMAIN.md
"Payment behaviour"): DSO simple and countback over 90 days, best possible DSO,
average days delinquent, CEI and the overdue trend at the last 12 month-ends.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

D = Decimal
day = dt.date.fromisoformat

LEDGER = {
    "invoices/2026.yaml": """
        - {number: I-1, customer: acme, issued: 2026-03-01, due: 2026-03-31, amount: 3000.00}
        - {number: I-2, customer: acme, issued: 2026-04-10, due: 2026-05-10, amount: 6000.00}
        - {number: I-3, customer: acme, issued: 2026-06-15, due: 2026-07-15, amount: 3000.00}
    """,
    "payments/2026.yaml": """
        - {date: 2026-04-15, customer: acme, amount: 3000.00, ref: R1, allocations: [{invoice: I-1, amount: 3000.00}]}
        - {date: 2026-05-20, customer: acme, amount: 2000.00, ref: R2, allocations: [{invoice: I-2, amount: 2000.00}]}
    """,
}


def test_dso_best_possible_add_and_cei_over_the_last_90_days(run):
    kpis = run(LEDGER, "2026-06-30").kpis
    # period 04-01 (exclusive) … 06-30: sales I-2 + I-3 = 9000
    # AR today: I-2 4000 (overdue) + I-3 3000 (current) = 7000
    # DSO = 7000 / 9000 × 90 = 70.0; best = 3000 / 9000 × 90 = 30.0; ADD = 70 − 30 = 40.0
    assert kpis["sales"] == D("9000.00")
    assert (kpis["dso"], kpis["best_possible_dso"], kpis["average_days_delinquent"]) == (
        D("70.0"), D("30.0"), D("40.0"))
    # opening AR on 04-01: I-1 3000 (paid only 04-15)
    # CEI = (3000 + 9000 − 7000) / (3000 + 9000 − 3000) × 100 = 5000 / 9000 × 100 = 55.6
    assert kpis["cei"] == D("55.6")


def test_dso_countback_walks_back_calendar_months_from_a_month_end(run):
    kpis = run(LEDGER, "2026-06-30").kpis
    # AR 7000. June (30 days) sales 3000 → 4000 left, 30 days; May (31) no sales → 61;
    # April (30) sales 6000 > 4000 → 30 × 4000 / 6000 = 20 → 81.0
    assert kpis["dso_countback"] == D("81.0")


def test_dso_countback_months_do_not_drift_after_february(run):
    kpis = run({"invoices/a.yaml": """
        - {number: J-1, customer: acme, issued: 2025-12-15, due: 2026-01-14, amount: 3100.00}
        - {number: J-2, customer: acme, issued: 2026-02-10, due: 2026-03-12, amount: 2800.00}
        - {number: J-3, customer: acme, issued: 2026-03-05, due: 2026-04-04, amount: 3100.00}
    """}, "2026-03-31").kpis
    # AR 9000: March (31 days) 3100 → 5900; February (28) 2800 → 3100; January (31) none;
    # December (31) 3100 → 0: 31 + 28 + 31 + 31 = 121.0
    # (stepping back from 02-28 to 01-28, 12-28 … would give 123.0)
    assert kpis["dso_countback"] == D("121.0")


def test_overdue_trend_at_the_last_12_month_ends(run):
    trend = run(LEDGER, "2026-06-30").kpis["overdue_trend"]
    assert [d for d, _o, _t in trend] == [
        day(d) for d in ("2025-07-31", "2025-08-31", "2025-09-30", "2025-10-31", "2025-11-30", "2025-12-31",
                         "2026-01-31", "2026-02-28", "2026-03-31", "2026-04-30", "2026-05-31", "2026-06-30")]
    # (overdue, total) at each month-end:
    # 03-31: I-1 3000 due that day, not yet overdue;  04-30: I-1 paid, I-2 6000 current;
    # 05-31: I-2 4000 left, overdue since 05-11;      06-30: I-2 4000 overdue + I-3 3000 current
    zero = (D("0.00"), D("0.00"))
    assert [(o, t) for _d, o, t in trend] == [zero] * 8 + [
        (D("0.00"), D("3000.00")), (D("0.00"), D("6000.00")),
        (D("4000.00"), D("4000.00")), (D("4000.00"), D("7000.00"))]


def test_overdue_trend_ends_at_the_previous_month_end_mid_month(run):
    trend = run(LEDGER, "2026-06-20").kpis["overdue_trend"]
    assert (trend[0][0], trend[-1][0]) == (day("2025-06-30"), day("2026-05-31"))


def test_kpis_are_null_without_sales_in_the_period(run):
    kpis = run({"invoices/a.yaml": """
        - {number: Z-1, customer: acme, issued: 2025-01-01, due: 2025-01-31, amount: 100.00}
    """}, "2026-06-30").kpis
    # nothing issued in the 90 days: DSO, best possible and ADD are undefined;
    # CEI = (100 + 0 − 100) / (100 + 0 − 0) = 0.0: nothing collected of what was due
    assert (kpis["dso"], kpis["best_possible_dso"], kpis["average_days_delinquent"]) == (None, None, None)
    assert kpis["cei"] == D("0.0")
