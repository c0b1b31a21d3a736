"""``collect status --format json`` (SPEC §5): keys and their order, money as strings
with the currency's decimals (JPY 0, CNY 2), ISO dates, nulls, and the same bytes on
every run. The ledger is small and every figure is worked by hand.
"""

from __future__ import annotations

import json

import pytest

COMPANY_FX = """\
name: 上海澄远贸易有限公司
currency: CNY
language: zh
jurisdiction: cn
fx: {JPY: "0.048"}
"""

FILES = {
    "customers/acme.yaml": """\
        id: acme
        name: 华信电子
        owner: 李娜
    """,
    "customers/kaida.yaml": """\
        id: kaida
        name: Kaida Electric
        currency: JPY
        credit_limit: 1000000
        owner: Chen Yu
    """,
    "invoices/2026.yaml": """\
        - {number: A-1, customer: acme, issued: 2026-01-15, due: 2026-02-14, amount: 12000.50}
        - {number: A-2, customer: acme, issued: 2026-01-01, due: 2026-01-31, amount: 500.00}
        - {number: K-1, customer: kaida, issued: 2026-01-01, due: 2026-01-31, amount: 123457}
    """,
    "payments/2026.yaml": """\
        - {date: 2026-01-31, customer: acme, amount: 500.00, ref: R1, allocations: [{invoice: A-2, amount: 500.00}]}
        - {date: 2026-02-20, customer: acme, amount: 2000.00, ref: R2}
    """,
}
AS_OF = "2026-03-10"

TOTALS_KEYS = ["outstanding", "overdue", "provision", "buckets"]
INVOICE_KEYS = ["number", "customer", "currency", "amount", "paid", "credited", "written_off",
                "outstanding", "issued", "due", "days_overdue", "bucket", "settled", "days_late",
                "disputed", "on_hold", "interest", "limitation_expires", "provision"]
CUSTOMER_KEYS = ["id", "name", "currency", "outstanding", "overdue", "unapplied", "credit_limit",
                 "utilisation", "dso", "avg_days_late", "broken_promises", "open_disputes",
                 "risk", "escalation", "limitation", "promises"]
WORK_KEYS = ["customer", "step", "date", "owner", "reason"]
# Beyond SPEC §5, the renderer adds the per-currency totals and an instalment number on
# each promise; they come after the keys SPEC names, so its order is kept.
TOTALS_EXTRA = ["by_currency"]
PROMISE_KEYS = ["date", "amount", "status"]
PROMISE_EXTRA = ["instalment"]


@pytest.fixture
def status(ledger_dir, cli):
    root = ledger_dir(FILES, COMPANY_FX)

    def text() -> str:
        result = cli("status", "--format", "json", "--ledger", str(root), "--as-of", AS_OF)
        assert result.exit_code == 0, result.output
        return result.output

    return text


def test_top_level_and_totals_keys_in_spec_order(status):
    doc = json.loads(status())
    assert list(doc) == ["as_of", "base_currency", "totals", "invoices", "customers", "worklist"]
    assert (doc["as_of"], doc["base_currency"]) == ("2026-03-10", "CNY")
    assert list(doc["totals"]) == TOTALS_KEYS + TOTALS_EXTRA
    assert list(doc["totals"]["buckets"]) == ["current", "1-30", "31-60", "61-90", "91-180", "181-365", "365+"]


def test_totals_in_the_base_currency_as_strings(status):
    totals = json.loads(status())["totals"]
    # A-1 10000.50 (24 days) + K-1 123457 × 0.048 = 5925.936 (38 days) = 15926.436
    assert (totals["outstanding"], totals["overdue"]) == ("15926.44", "15926.44")
    # provision 5 %: A-1 500.025 → 500.03; K-1 6172.85 → 6173 yen = 296.304 → 796.334
    assert totals["provision"] == "796.33"
    assert totals["buckets"] == {"current": "0.00", "1-30": "10000.50", "31-60": "5925.94", "61-90": "0.00",
                                 "91-180": "0.00", "181-365": "0.00", "365+": "0.00"}
    assert totals["by_currency"]["JPY"] == {"outstanding": "123457", "overdue": "123457", "provision": "6173"}


def test_invoice_keys_money_dates_and_nulls(status):
    invoices = {i["number"]: i for i in json.loads(status())["invoices"]}
    assert all(list(i) == INVOICE_KEYS for i in invoices.values())
    # 12000.50 − 2000.00 (R2, FIFO: A-2 was already paid) = 10000.50, 02-14 → 03-10 = 24 days;
    # limitation restarted by R2 on 2026-02-20 → 2029-02-20 (a Tuesday)
    assert invoices["A-1"] == {
        "number": "A-1", "customer": "acme", "currency": "CNY", "amount": "12000.50", "paid": "2000.00",
        "credited": "0.00", "written_off": "0.00", "outstanding": "10000.50", "issued": "2026-01-15",
        "due": "2026-02-14", "days_overdue": 24, "bucket": "1-30", "settled": None, "days_late": None,
        "disputed": False, "on_hold": False, "interest": "0.00", "limitation_expires": "2029-02-20",
        "provision": "500.03"}
    # A-2 paid on its due date: settled, 0 days late, no limitation (nothing open)
    a2 = invoices["A-2"]
    assert (a2["outstanding"], a2["settled"], a2["days_late"], a2["limitation_expires"], a2["provision"]) == (
        "0.00", "2026-01-31", 0, None, "0.00")
    # JPY has no decimals: 123457 × 5 % = 6172.85 → 6173
    k1 = invoices["K-1"]
    assert (k1["amount"], k1["paid"], k1["outstanding"], k1["interest"], k1["provision"]) == (
        "123457", "0", "123457", "0", "6173")
    assert (k1["days_overdue"], k1["bucket"], k1["limitation_expires"]) == (38, "31-60", "2029-01-31")


def test_customer_keys_and_values(status):
    customers = {c["id"]: c for c in json.loads(status())["customers"]}
    assert all(list(c) == CUSTOMER_KEYS for c in customers.values())
    kaida = customers["kaida"]
    assert list(kaida["risk"]) == ["score", "grade", "factors"]
    assert list(kaida["escalation"]) == ["target", "reached", "paused_by", "next"]
    assert list(kaida["escalation"]["next"]) == ["step", "date", "reason"]
    assert list(kaida["limitation"]) == ["earliest_expiry", "invoice"]
    # utilisation 123457 / 1000000 = 0.1235; dso 123457 / 123457 × 90 = 90.0
    assert {k: kaida[k] for k in CUSTOMER_KEYS[:12]} == {
        "id": "kaida", "name": "Kaida Electric", "currency": "JPY", "outstanding": "123457",
        "overdue": "123457", "unapplied": "0", "credit_limit": "1000000", "utilisation": 0.1235,
        "dso": 90.0, "avg_days_late": None, "broken_promises": 0, "open_disputes": 0}
    # risk: 38 days overdue → 40 % of 35 = 14; all of it overdue → 15; payment index of the
    # unpaid K-1, 38 days late so far: 50 − 10 × 8 / 30 = 47.3 → 47, no year before →
    # 30 … <50 → 70 % of 10 = 7; never contacted → 5. 14 + 15 + 7 + 5 = 41 → grade C (40 … 59)
    assert kaida["risk"]["score"] == 41 and kaida["risk"]["grade"] == "C"
    assert [(f["code"], f["points"]) for f in kaida["risk"]["factors"]] == [
        ("days_overdue", 14), ("overdue_share", 15), ("payment_trend", 7), ("no_contact", 5)]
    assert all(list(f) == ["code", "points", "detail"] for f in kaida["risk"]["factors"])
    assert kaida["escalation"] == {
        "target": "demand", "reached": None, "paused_by": None,
        "next": {"step": "reminder", "date": "2026-02-01",
                 "reason": "invoice K-1 is 38 days overdue; 123457 JPY overdue in all"}}
    assert kaida["limitation"] == {"earliest_expiry": "2029-01-31", "invoice": "K-1"}
    assert kaida["promises"] == []
    acme = customers["acme"]
    # no credit limit → nulls; A-2 settled on time in the last year → avg 0.0
    assert (acme["credit_limit"], acme["utilisation"], acme["avg_days_late"], acme["unapplied"]) == (
        None, None, 0.0, "0.00")


def test_promise_entries(ledger_dir, cli):
    files = dict(FILES)
    files["notes/acme/0301.md"] = ("---\ndate: 2026-03-01\ncustomer: acme\nchannel: phone\n"
                                   "promise: {date: 2026-03-20, amount: 10000.50}\n---\n")
    root = ledger_dir(files, COMPANY_FX)
    doc = json.loads(cli("status", "--format", "json", "--ledger", str(root), "--as-of", AS_OF).output)
    acme = next(c for c in doc["customers"] if c["id"] == "acme")
    assert acme["promises"] == [{"date": "2026-03-20", "amount": "10000.50", "status": "pending", "instalment": None}]
    assert list(acme["promises"][0]) == PROMISE_KEYS + PROMISE_EXTRA
    assert acme["escalation"]["paused_by"] == "promise" and acme["escalation"]["next"] is None


def test_worklist_items(status):
    worklist = json.loads(status())["worklist"]
    assert all(list(w) == WORK_KEYS for w in worklist)
    # kaida's reminder has been due since 02-01, acme's since 02-15: late first
    assert [(w["customer"], w["step"], w["date"], w["owner"]) for w in worklist] == [
        ("kaida", "reminder", "2026-02-01", "Chen Yu"), ("acme", "reminder", "2026-02-15", "李娜")]


def test_two_runs_give_identical_text(status):
    assert status() == status()
