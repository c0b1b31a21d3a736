"""`collect export`: each format read back by its consumer, figures equal to
`collect status --format json` on the sample ledger."""

from __future__ import annotations

import csv
import io
import json
import subprocess
from collections import defaultdict
from decimal import Decimal

import pytest

from interopkit import ACME, SAMPLE_AS_OF, SAMPLE_LEDGER, collect_args, status


@pytest.fixture(scope="module")
def sample_status():
    from click.testing import CliRunner

    from collect.cli import main

    result = CliRunner().invoke(main, collect_args(SAMPLE_LEDGER, "status", "--format", "json", as_of=SAMPLE_AS_OF))
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def export(cli, *args, root=SAMPLE_LEDGER, as_of=SAMPLE_AS_OF):
    result = cli(*collect_args(root, "export", *args, as_of=as_of))
    assert result.exit_code == 0, result.output
    return result.stdout_bytes


def read_csv(data: bytes) -> list[dict]:
    assert data.startswith(b"\xef\xbb\xbf"), "Excel needs the BOM to read UTF-8"
    assert b"\r\n" in data and b"\n" not in data.replace(b"\r\n", b"")
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


# ------------------------------------------------------------------ CSV


def test_invoice_csv_has_every_status_field_and_the_same_figures(cli, sample_status):
    rows = read_csv(export(cli, "--format", "csv"))
    expected = sample_status["invoices"]
    assert len(rows) == len(expected)
    for row, inv in zip(rows, expected):
        for key, value in inv.items():
            cell = {None: "", True: "true", False: "false"}.get(value, str(value)) \
                if not isinstance(value, int) or isinstance(value, bool) else str(value)
            assert row[key] == cell, (inv["number"], key)
    by_number = {r["number"]: r for r in rows}
    assert by_number["0000611365"]["customer"] == "jiangnan-machinery"  # leading zeros kept
    assert {r["limitation_status"] for r in rows} >= {"running", ""}
    assert any(r["interest_rate_label"] for r in rows) and any(r["contract"] for r in rows)


def test_customer_csv_flattens_every_scalar(cli, sample_status):
    rows = read_csv(export(cli, "--format", "csv", "--what", "customers"))
    assert [r["id"] for r in rows] == [c["id"] for c in sample_status["customers"]]
    for row, c in zip(rows, sample_status["customers"]):
        assert (row["outstanding"], row["unapplied"], row["overdue"]) == (c["outstanding"], c["unapplied"], c["overdue"])
        assert row["risk_score"] == str(c["risk"]["score"]) and row["risk_grade"] == c["risk"]["grade"]
        assert row["escalation_target"] == (c["escalation"]["target"] or "")
        assert row["escalation_next_step"] == ((c["escalation"]["next"] or {}).get("step") or "")
        assert row["limitation_earliest_expiry"] == (c["limitation"]["earliest_expiry"] or "")
        assert (float(row["dso"]) if row["dso"] else None) == c["dso"]
    names = {r["id"]: r["name"] for r in rows}
    assert names["huaxin-electronics"] == "华信电子"


def test_payment_csv_rows_add_up_to_each_invoices_reductions_and_the_unapplied_credit(cli, sample_status):
    rows = read_csv(export(cli, "--format", "csv", "--what", "payments"))
    per_invoice = defaultdict(Decimal)
    unapplied = defaultdict(Decimal)
    for r in rows:
        assert r["date"] <= SAMPLE_AS_OF
        if r["how"] == "unapplied":
            unapplied[r["customer"]] += Decimal(r["amount"])
        else:
            per_invoice[r["invoice"]] += Decimal(r["amount"])
    for inv in sample_status["invoices"]:
        reductions = Decimal(inv["paid"]) + Decimal(inv["credited"]) + Decimal(inv["written_off"])
        assert per_invoice[inv["number"]] == reductions, inv["number"]
    for c in sample_status["customers"]:
        assert unapplied[c["id"]] == Decimal(c["unapplied"]), c["id"]
    assert {r["kind"] for r in rows} == {"payment", "credit_note", "write_off"}


# ------------------------------------------------------------------ JSON


def test_json_is_exactly_status_json(cli):
    status_out = cli(*collect_args(SAMPLE_LEDGER, "status", "--format", "json", as_of=SAMPLE_AS_OF)).stdout_bytes
    assert export(cli, "--format", "json") == status_out


# ------------------------------------------------------------------ Beancount


def receivable_balances(text: str) -> dict[str, dict[str, Decimal]]:
    """Beancount's own reading: account → currency → balance, from its realization."""
    from beancount import loader
    from beancount.core import realization

    entries, errors, options = loader.load_string(text)
    assert not errors, errors
    root = realization.realize(entries)
    out = {}
    for real in realization.iter_children(realization.get(root, "Assets:Receivables")):
        if real.account == "Assets:Receivables":
            continue
        out[real.account] = {pos.units.currency: pos.units.number for pos in real.balance}
    return out, entries, options


def customer_accounts(entries) -> dict[str, str]:
    from beancount.core import data

    return {e.meta["customer"]: e.account for e in entries
            if isinstance(e, data.Open) and e.account.startswith("Assets:Receivables:")}


def test_beancount_receivables_equal_outstanding_less_unapplied(cli, sample_status):
    text = export(cli, "--format", "beancount").decode("utf-8")
    balances, entries, options = receivable_balances(text)
    assert options["operating_currency"] == ["CNY"]
    accounts = customer_accounts(entries)
    for c in sample_status["customers"]:
        expected = Decimal(c["outstanding"]) - Decimal(c["unapplied"])
        held = balances.get(accounts[c["id"]], {})
        assert held.get(c["currency"], Decimal(0)) == expected, c["id"]
        assert set(held) <= {c["currency"]}
    assert accounts["huaxin-electronics"] == "Assets:Receivables:Huaxin-Electronics"
    assert balances["Assets:Receivables:Lion-Gate-Trading"]["USD"] < 0  # unapplied credit


def test_beancount_invoice_transactions_carry_their_metadata(cli):
    from beancount import loader
    from beancount.core import data

    entries, errors, _ = loader.load_string(export(cli, "--format", "beancount").decode("utf-8"))
    invoices = {e.meta["invoice"]: e for e in entries if isinstance(e, data.Transaction) and "invoice" in e.meta}
    hx = invoices["HX/2025/0117"]
    assert str(hx.date) == "2025-04-18" and str(hx.meta["due"]) == "2025-05-18"
    assert hx.meta["contract"] == "HYXS-2024-031" and "HX/2025/0117" in hx.links
    assert {p.account for p in hx.postings} == {"Assets:Receivables:Huaxin-Electronics", "Income:Sales"}
    accounts = {e.account for e in entries if isinstance(e, data.Open)}
    assert {"Income:Sales:Returns", "Expenses:BadDebts", "Assets:Bank:CNY", "Assets:Bank:USD"} <= accounts


def test_bean_check_accepts_the_export(cli, tmp_path):
    out = tmp_path / "receivables.beancount"
    result = cli(*collect_args(SAMPLE_LEDGER, "export", "--format", "beancount", "--out", str(out),
                               as_of=SAMPLE_AS_OF))
    assert result.exit_code == 0, result.output
    checked = subprocess.run(["bean-check", str(out)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_entries_after_as_of_are_not_exported(cli):
    from beancount import loader

    early = "2026-06-30"
    text = export(cli, "--format", "beancount", as_of=early).decode("utf-8")
    entries, errors, _ = loader.load_string(text)
    assert not errors
    dated = [e.date.isoformat() for e in entries if type(e).__name__ in ("Transaction", "Open", "Commodity")]
    assert max(dated) <= early


def test_a_customer_with_two_currencies_balances_in_each(cli, ledger_dir):
    root = ledger_dir({
        "company.yaml": "name: X\ncurrency: CNY\nfx: {USD: \"7.10\"}\n",
        "customers/0000-x.yaml": "id: 0000-x\nname: Zero\ncurrency: CNY\n",
        "invoices/i.yaml": ("- {number: C-1, customer: 0000-x, issued: 2026-01-05, amount: 100.00}\n"
                            "- {number: U-1, customer: 0000-x, issued: 2026-01-06, currency: USD, amount: 20.00}\n"),
        "payments/p.yaml": ("- {date: 2026-02-01, customer: 0000-x, amount: 150.00, ref: R1}\n"
                            "- {date: 2026-02-02, customer: 0000-x, amount: 5.00, currency: USD, ref: R2}\n"),
    })
    text = export(cli, "--format", "beancount", root=root).decode("utf-8")
    balances, _entries, _ = receivable_balances(text)
    assert balances == {"Assets:Receivables:C0000-X": {"CNY": Decimal("-50.00"), "USD": Decimal("15.00")}}
    assert "balance Assets:Receivables:C0000-X -50.00 CNY" in text


# ------------------------------------------------------------------ options


def test_out_writes_the_file_and_refuses_the_ledger_folder(cli, tmp_path, ledger_dir):
    root = ledger_dir({"customers/acme.yaml": ACME})
    out = tmp_path / "inv.csv"
    assert cli(*collect_args(root, "export", "--format", "csv", "--out", str(out))).exit_code == 0
    assert out.read_bytes().startswith(b"\xef\xbb\xbfnumber,customer,")
    inside = cli(*collect_args(root, "export", "--format", "csv", "--out", str(root / "x.csv")))
    assert inside.exit_code == 2


def test_what_is_for_csv_only(cli):
    result = cli(*collect_args(SAMPLE_LEDGER, "export", "--format", "json", "--what", "customers"))
    assert result.exit_code == 2


def test_a_ledger_with_errors_is_not_exported(cli, ledger_dir):
    root = ledger_dir({"invoices/bad.yaml": "number: X\n"})
    assert cli(*collect_args(root, "export", "--format", "csv")).exit_code == 1


def test_status_helper_reads_a_fresh_ledger(cli, ledger_dir):
    root = ledger_dir({"customers/acme.yaml": ACME})
    assert status(cli, root)["customers"][0]["id"] == "acme"
