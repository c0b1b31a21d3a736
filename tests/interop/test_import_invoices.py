"""`collect import invoices` end to end on temporary ledgers: an accounting system's export
(US dates, quoted cells, leading zeros, CRLF, BOM) into a new file the ledger reads."""

from __future__ import annotations

from interopkit import ACME, collect_args, csv_bytes, fingerprint, imported_files, status, write

ERP_CSV = """\
Invoice No,Customer,Invoice Date,Due Date,Amount,Description,PO
0000611365,acme,4/6/2026,5/6/2026,"$1,234.50","Widgets, blue",PO-1
0000611366,acme,4/20/2026,5/20/2026,"12,000.00","Two-line
description",
0000611367,acme,7/1/2026,,980.00,Gears: 齿轮,PO-3

"""

ERP_MAP = """\
columns:
  number: Invoice No
  customer: Customer
  issued: Invoice Date
  due: Due Date
  amount: Amount
  description: Description
  po: PO
date_format: "%m/%d/%Y"
defaults:
  currency: CNY
"""


def setup(tmp_path, ledger_dir, csv_text=ERP_CSV, map_text=ERP_MAP, files=None):
    root = ledger_dir({"customers/acme.yaml": ACME, **(files or {})})
    csv_path = write(tmp_path / "erp.csv", csv_bytes(csv_text, bom=True, crlf=True))
    map_path = write(tmp_path / "erp-map.yaml", map_text)
    return root, csv_path, map_path


def test_an_accounting_export_becomes_a_new_invoice_file(tmp_path, ledger_dir, cli):
    root, csv_path, map_path = setup(tmp_path, ledger_dir)
    before = (root / "customers/acme.yaml").read_bytes()
    result = cli(*collect_args(root, "import", "invoices", str(csv_path), "--map", str(map_path)))
    assert result.exit_code == 0, result.output
    target = root / "invoices/imported/erp-20261122.yaml"
    assert imported_files(root) == [target]
    assert f"{target}: 3 invoices added" in result.output
    text = target.read_text(encoding="utf-8")
    assert '- number: "0000611365"\n  customer: acme\n  issued: 2026-04-06\n  due: 2026-05-06\n' in text
    assert '  po: PO-1\n  description: "Widgets, blue"\n  amount: 1234.50\n' in text
    assert 'description: "Two-line\\ndescription"' in text
    assert 'description: "Gears: 齿轮"' in text  # Chinese as is, not \u escapes
    assert "!!" not in text and "&" not in text
    assert (root / "customers/acme.yaml").read_bytes() == before
    assert cli(*collect_args(root, "check")).exit_code == 0
    invoices = {i["number"]: i for i in status(cli, root)["invoices"]}
    assert invoices["0000611365"]["amount"] == "1234.50"
    assert invoices["0000611366"]["amount"] == "12000.00"
    assert invoices["0000611367"]["due"] == "2026-07-31"  # blank due: the policy's 30 days


def test_a_second_run_adds_nothing_and_names_what_it_skipped(tmp_path, ledger_dir, cli):
    root, csv_path, map_path = setup(tmp_path, ledger_dir)
    args = collect_args(root, "import", "invoices", str(csv_path), "--map", str(map_path))
    assert cli(*args).exit_code == 0
    before = fingerprint(root)
    again = cli(*args)
    assert again.exit_code == 0, again.output
    assert fingerprint(root) == before
    assert "3 rows skipped, invoice numbers already in the ledger:" in again.output
    assert "line 2: 0000611365" in again.output and "line 5: 0000611367" in again.output
    assert "nothing to add" in again.output


def test_only_the_new_rows_of_a_grown_export_are_added_to_a_second_file(tmp_path, ledger_dir, cli):
    root, csv_path, map_path = setup(tmp_path, ledger_dir)
    args = collect_args(root, "import", "invoices", str(csv_path), "--map", str(map_path))
    assert cli(*args).exit_code == 0
    write(csv_path, csv_bytes(ERP_CSV.rstrip("\n") + "\n0000611368,acme,8/1/2026,8/31/2026,50.00,Bolts,\n"))
    result = cli(*args)
    assert result.exit_code == 0, result.output
    second = root / "invoices/imported/erp-20261122-2.yaml"
    assert f"{second}: 1 invoice added" in result.output
    assert "3 rows skipped" in result.output
    assert second.read_text(encoding="utf-8").count("- number:") == 1
    assert cli(*collect_args(root, "check")).exit_code == 0


def test_dry_run_reports_the_same_and_writes_nothing(tmp_path, ledger_dir, cli):
    root, csv_path, map_path = setup(tmp_path, ledger_dir)
    before = fingerprint(root)
    result = cli(*collect_args(root, "import", "invoices", str(csv_path), "--map", str(map_path), "--dry-run"))
    assert result.exit_code == 0, result.output
    assert "erp-20261122.yaml: 3 invoices would be added" in result.output
    assert "dry run: nothing was written" in result.output
    assert fingerprint(root) == before


def test_bad_rows_are_each_located_and_nothing_is_written(tmp_path, ledger_dir, cli):
    bad = ERP_CSV.rstrip("\n") + (
        "\n0000611370,acme,13/45/2026,,10.00,,\n"       # line 6: no such date
        "0000611371,acme,8/1/2026,,-25.00,,\n"          # line 7: negative
        "0000611372,acmee,8/1/2026,,25.00,,\n")         # line 8: unknown customer
    root, csv_path, map_path = setup(tmp_path, ledger_dir, csv_text=bad)
    before = fingerprint(root)
    result = cli(*collect_args(root, "import", "invoices", str(csv_path), "--map", str(map_path)))
    assert result.exit_code == 1
    out = result.output
    assert f"{csv_path}:6:17: error[E103]: column `Invoice Date`: `13/45/2026` is not a date" in out
    assert f"{csv_path}:7:27: error[E105]: column `Amount`: the amount `-25.00` is negative" in out
    assert f"{csv_path}:8:12: error[E201]: column `Customer`: there is no customer `acmee`" in out
    assert "did you mean `acme`?" in out and "--create-customers" in out
    assert "3 errors; nothing was written" in out
    assert fingerprint(root) == before


def test_a_blank_required_cell_is_a_row_error(tmp_path, ledger_dir, cli):
    csv_text = "Invoice No,Customer,Invoice Date,Due Date,Amount,Description,PO\n0000611365,acme,4/6/2026,,,x,\n"
    root, csv_path, map_path = setup(tmp_path, ledger_dir, csv_text=csv_text)
    result = cli(*collect_args(root, "import", "invoices", str(csv_path), "--map", str(map_path)))
    assert result.exit_code == 1
    assert f"{csv_path}:2:27: error[E102]: column `Amount` is blank" in result.output
    assert imported_files(root) == []


def test_rules_across_records_are_checked_before_writing(tmp_path, ledger_dir, cli):
    csv_text = ("Invoice No,Customer,Invoice Date,Due Date,Amount,Description,PO\n"
                "A-1,acme,4/6/2026,5/6/2026,10.00,,\n"
                "A-1,acme,4/7/2026,5/7/2026,11.00,,\n"      # the same number twice in the CSV
                "A-2,acme,4/7/2026,3/7/2026,12.345,,\n")    # due before issued; three decimals
    root, csv_path, map_path = setup(tmp_path, ledger_dir, csv_text=csv_text)
    result = cli(*collect_args(root, "import", "invoices", str(csv_path), "--map", str(map_path)))
    assert result.exit_code == 1
    out = result.output
    assert f"{csv_path}:3:1: error[E202]: column `Invoice No`: invoice number `A-1` is used twice" in out
    assert f"{csv_path}:4:" in out and "E211" in out and "E106" in out
    assert imported_files(root) == []


def test_an_invoice_number_already_in_the_ledger_is_skipped_not_duplicated(tmp_path, ledger_dir, cli):
    existing = "number: \"0000611366\"\ncustomer: acme\nissued: 2026-04-20\namount: 12000.00\n"
    root, csv_path, map_path = setup(tmp_path, ledger_dir, files={"invoices/2026/acme.yaml": existing})
    result = cli(*collect_args(root, "import", "invoices", str(csv_path), "--map", str(map_path)))
    assert result.exit_code == 0, result.output
    assert "2 invoices added" in result.output
    assert "1 row skipped" in result.output and "line 3: 0000611366" in result.output


def test_without_a_map_the_header_names_are_the_fields(tmp_path, ledger_dir, cli):
    root = ledger_dir({"customers/acme.yaml": ACME})
    csv_path = write(tmp_path / "plain.csv", "number,customer,issued,amount,currency\nP-1,acme,2026-03-01,99.90,CNY\n")
    result = cli(*collect_args(root, "import", "invoices", str(csv_path)))
    assert result.exit_code == 0, result.output
    assert "plain-20261122.yaml: 1 invoice added" in result.output


def test_out_file_names_a_new_file_inside_the_invoices_folder(tmp_path, ledger_dir, cli):
    root, csv_path, map_path = setup(tmp_path, ledger_dir)
    base = collect_args(root, "import", "invoices", str(csv_path), "--map", str(map_path), "--out-file")
    outside = cli(*base, str(tmp_path / "elsewhere.yaml"))
    assert outside.exit_code == 2 and "not inside" in outside.output
    taken = write(root / "invoices/2026/taken.yaml", "number: T-1\ncustomer: acme\nissued: 2026-01-05\namount: 1\n")
    existing = cli(*base, str(taken))
    assert existing.exit_code == 2 and "never rewrites" in existing.output
    target = root / "invoices/2026/erp.yaml"
    assert cli(*base, str(target)).exit_code == 0
    assert target.read_text(encoding="utf-8").count("- number:") == 3


def test_a_ledger_with_errors_is_not_imported_into(tmp_path, ledger_dir, cli):
    root, csv_path, map_path = setup(tmp_path, ledger_dir, files={"invoices/bad.yaml": "number: X\n"})
    before = fingerprint(root)
    result = cli(*collect_args(root, "import", "invoices", str(csv_path), "--map", str(map_path)))
    assert result.exit_code == 1
    assert "fix them before importing" in result.output
    assert fingerprint(root) == before


def test_a_large_import_is_split_into_files_the_loader_accepts(tmp_path, ledger_dir, cli, monkeypatch):
    import collect.interop.csv_import as csv_import

    monkeypatch.setattr(csv_import, "MAX_IMPORT_FILE_BYTES", 100)  # one invoice a file
    root, csv_path, map_path = setup(tmp_path, ledger_dir)
    result = cli(*collect_args(root, "import", "invoices", str(csv_path), "--map", str(map_path)))
    assert result.exit_code == 0, result.output
    files = imported_files(root)
    assert [f.name for f in files] == ["erp-20261122-2.yaml", "erp-20261122-3.yaml", "erp-20261122.yaml"]
    assert sum(f.read_text(encoding="utf-8").count("- number:") for f in files) == 3
    assert "(part 1 of 3)" in (root / "invoices/imported/erp-20261122.yaml").read_text(encoding="utf-8")
    assert all(oct(f.stat().st_mode & 0o777) != "0o600" for f in files)
    assert cli(*collect_args(root, "check")).exit_code == 0
