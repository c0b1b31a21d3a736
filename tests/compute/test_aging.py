"""Aging buckets from days overdue, and the provision for doubtful debts per bucket.

Default bounds [30, 60, 90, 180, 365]: `current` (not overdue), `1-30`, `31-60`,
`61-90`, `91-180`, `181-365`, `365+` (SPEC §4). Every boundary is checked through the
engine on a ledger as of 2026-06-30, with the due dates counted back by hand.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from collect.compute import aging

D = Decimal

# (days overdue on 2026-06-30, due date counted back by hand, bucket)
BOUNDARIES = [
    (0, "2026-06-30", "current"),
    (1, "2026-06-29", "1-30"),
    (30, "2026-05-31", "1-30"),      # June has 30 days: 06-30 − 30 = 05-31
    (31, "2026-05-30", "31-60"),
    (60, "2026-05-01", "31-60"),     # 05-31 − 30 = 05-01
    (61, "2026-04-30", "61-90"),
    (90, "2026-04-01", "61-90"),     # 05-01 − 30 = 04-01
    (91, "2026-03-31", "91-180"),
    (180, "2026-01-01", "91-180"),   # Jan 31 + Feb 28 + Mar 31 + Apr 30 + May 31 + Jun 29 = 180
    (181, "2025-12-31", "181-365"),
    (365, "2025-06-30", "181-365"),  # 2026 is not a leap year
    (366, "2025-06-29", "365+"),
]


def test_every_default_bucket_boundary_through_the_engine(run):
    rows = "\n".join(
        f"- {{number: D{days:03d}, customer: acme, issued: 2025-01-01, due: {due}, amount: 100.00}}"
        for days, due, _bucket in BOUNDARIES)
    state = run({"invoices/aging.yaml": rows + "\n"}, "2026-06-30")
    got = {i.number: (i.days_overdue, i.bucket) for i in state.invoices}
    assert got == {f"D{days:03d}": (days, bucket) for days, _due, bucket in BOUNDARIES}
    # each bucket's total: 100 per invoice; 2 each, except current (1) and 365+ (1)
    assert state.totals.buckets == {
        "current": D("100.00"), "1-30": D("200.00"), "31-60": D("200.00"), "61-90": D("200.00"),
        "91-180": D("200.00"), "181-365": D("200.00"), "365+": D("100.00")}


@pytest.mark.parametrize("days, bucket", [
    (-5, "current"), (0, "current"), (15, "1-15"), (16, "16-45"), (45, "16-45"), (46, "45+")])
def test_custom_policy_buckets(days, bucket):
    assert aging.bucket(days, [15, 45]) == bucket


def test_custom_buckets_from_policy_name_the_totals(run):
    state = run({
        "policy.yaml": """
            buckets: [15, 45]
        """,
        "invoices/2026.yaml": """
            - {number: A-1, customer: acme, issued: 2026-01-01, due: 2026-06-15, amount: 100.00}
            - {number: A-2, customer: acme, issued: 2026-01-01, due: 2026-06-14, amount: 200.00}
            - {number: A-3, customer: acme, issued: 2026-01-01, due: 2026-05-15, amount: 400.00}
        """,
    }, "2026-06-30")
    # A-1 15 days (1-15); A-2 16 (16-45); A-3 46 (45+): 06-30 − 05-15 = 16 + 30
    assert [i.bucket for i in state.invoices] == ["45+", "16-45", "1-15"]
    assert state.totals.buckets == {"current": 0, "1-15": D("100.00"), "16-45": D("200.00"), "45+": D("400.00")}


def test_provision_is_outstanding_times_the_policy_rate_of_its_bucket_rounded_half_up(run):
    state = run({
        "policy.yaml": """
            provision: {current: "0%", "1-30": "1%", "31-60": "3%", "61-90": "5%",
                        "91-180": "10%", "181-365": "30%", "365+": "80%"}
        """,
        "invoices/2026.yaml": """
            - {number: A-1, customer: acme, issued: 2026-01-01, due: 2026-06-20, amount: 1234.50}
            - {number: A-2, customer: acme, issued: 2026-01-01, due: 2026-03-01, amount: 2000.00}
            - {number: A-3, customer: acme, issued: 2026-01-01, due: 2026-07-31, amount: 5000.00}
            - {number: A-4, customer: acme, issued: 2025-01-01, due: 2025-01-31, amount: 999.99}
        """,
        "payments/2026.yaml": """
            - {date: 2026-06-01, customer: acme, amount: 500.00, ref: R1, allocations: [{invoice: A-2, amount: 500.00}]}
        """,
    }, "2026-06-30")
    prov = {i.number: i.provision for i in state.invoices}
    # 10 days, 1-30: 1234.50 × 1% = 12.345 → 12.35 (half-up)
    # 121 days (91-180), 1500.00 open × 10% = 150.00
    # not due, current 0%: 0.00
    # 515 days (365+): 999.99 × 80% = 799.992 → 799.99
    assert prov == {"A-1": D("12.35"), "A-2": D("150.00"), "A-3": D("0.00"), "A-4": D("799.99")}
    assert state.totals.provision == D("962.34")  # 12.35 + 150.00 + 0 + 799.99


def test_provision_defaults_are_five_percent_within_a_year_and_ten_beyond(run):
    state = run({
        "invoices/2026.yaml": """
            - {number: A-1, customer: acme, issued: 2026-06-01, due: 2026-07-01, amount: 1000.10}
            - {number: A-2, customer: acme, issued: 2026-01-01, due: 2026-01-31, amount: 333.30}
            - {number: A-3, customer: acme, issued: 2025-01-01, due: 2025-01-31, amount: 999.95}
        """,
    }, "2026-06-30")
    prov = {i.number: (i.bucket, i.provision) for i in state.invoices}
    # no provision in policy → built-in table (records.DEFAULT_PROVISION):
    # A-1 current 5 %: 50.005 → 50.01; A-2 150 days 5 %: 16.665 → 16.67;
    # A-3 515 days, 365+ 10 %: 99.995 → 100.00
    assert prov == {"A-1": ("current", D("50.01")), "A-2": ("91-180", D("16.67")), "A-3": ("365+", D("100.00"))}


def test_settled_invoice_has_no_provision_and_no_bucket_amount(run):
    state = run({
        "invoices/2026.yaml": """
            - {number: A-1, customer: acme, issued: 2026-01-01, due: 2026-01-31, amount: 1000.00}
        """,
        "payments/2026.yaml": """
            - {date: 2026-03-01, customer: acme, amount: 1000.00, ref: R1}
        """,
    }, "2026-06-30")
    inv = state.invoices[0]
    assert (inv.days_overdue, inv.bucket, inv.provision) == (0, "current", 0)
    assert state.totals.provision == 0 and state.totals.buckets["current"] == 0
