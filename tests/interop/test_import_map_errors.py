"""The map file is checked first, each problem at its line and column in the map."""

from __future__ import annotations

from interopkit import ACME, collect_args, write

CSV = "Invoice No,Customer,Invoice Date,Amount\nI-1,acme,2026-01-05,10.00\n"


def run(tmp_path, ledger_dir, cli, map_text):
    root = ledger_dir({"customers/acme.yaml": ACME})
    csv_path = write(tmp_path / "i.csv", CSV)
    map_path = write(tmp_path / "map.yaml", map_text)
    return cli(*collect_args(root, "import", "invoices", str(csv_path), "--map", str(map_path))), map_path


def test_unknown_keys_and_fields_are_located_with_a_suggestion(tmp_path, ledger_dir, cli):
    result, map_path = run(tmp_path, ledger_dir, cli, (
        "columns:\n"
        "  number: Invoice No\n"
        "  custmer: Customer\n"
        "  customer: Customer\n"
        "  issued: Invoice Date\n"
        "  amount: Amount\n"
        "date_fromat: \"%Y-%m-%d\"\n"
        "defaults: {curency: CNY}\n"))
    assert result.exit_code == 2
    out = result.output
    assert f"{map_path}:3:3: error[E601]: unknown field of invoices `custmer`" in out
    assert f"{map_path}:7:1: error[E601]: unknown map key `date_fromat`" in out and "`date_format`?" in out
    assert f"{map_path}:8:12: error[E601]: unknown field of invoices `curency`" in out and "`currency`?" in out


def test_a_column_the_csv_lacks_is_located_in_the_map(tmp_path, ledger_dir, cli):
    result, map_path = run(tmp_path, ledger_dir, cli, (
        "columns:\n  number: Invoice No\n  customer: Customer\n  issued: Invoice date\n  amount: Total\n"))
    assert result.exit_code == 2
    assert f"{map_path}:4:11: error[E603]: the column `Invoice date` (for `issued`) is not in the header" in result.output
    assert "did you mean `Invoice Date`?" in result.output
    assert f"{map_path}:5:11: error[E603]: the column `Total`" in result.output


def test_bad_values_and_missing_required_fields(tmp_path, ledger_dir, cli):
    result, map_path = run(tmp_path, ledger_dir, cli, (
        "columns:\n  number: Invoice No\n  customer: Customer\n"
        "date_format: \"%m/%Y\"\ndecimal: \";\"\nencoding: klingon\n"))
    assert result.exit_code == 2
    out = result.output
    assert f"{map_path}:1:1: error[E602]: nothing fills the required field `issued`" in out
    assert "nothing fills the required field `amount`" in out
    assert f"{map_path}:4:14: error[E602]: `%m/%Y` is not a date format" in out
    assert f"{map_path}:5:10: error[E602]: `decimal` must be one of" in out
    assert f"{map_path}:6:11: error[E602]: `klingon` is not a known encoding" in out


def test_a_map_default_that_breaks_a_record_points_at_the_map(tmp_path, ledger_dir, cli):
    result, map_path = run(tmp_path, ledger_dir, cli, (
        "columns: {number: Invoice No, customer: Customer, issued: Invoice Date, amount: Amount}\n"
        "defaults:\n  currency: usd\n"))
    assert result.exit_code == 1
    assert f"{map_path}:3:13: error[E109]: `defaults.currency` in the map: currency: `usd`" in result.output
