"""`collect import payments`: a Chinese bank's export (GBK, `;`, decimal comma, payer names)
and credit notes; customers found by name, by the map's table, or created."""

from __future__ import annotations

from interopkit import ACME, HUAXIN, collect_args, csv_bytes, fingerprint, imported_files, status, write

HX_INVOICES = """\
- number: HX-1
  customer: huaxin-electronics
  issued: 2026-10-01
  due: 2026-10-31
  amount: 63280.00
- number: HX-2
  customer: huaxin-electronics
  issued: 2026-10-15
  due: 2026-11-14
  amount: 5000.00
"""

BANK_CSV = """\
交易日期;付款人;金额;流水号;摘要;发票号
03.11.2026;苏州华信电子有限公司;"63.280,00";CMB-001;货款;HX-1
05.11.2026;华信电子;1.000,50;CMB-002;部分货款;
06.11.2026;杭州新客户有限公司;2 500,00;CMB-003;预付款 "定金";
"""

BANK_MAP = """\
columns:
  date: 交易日期
  customer: 付款人
  customer_name: 付款人
  amount: 金额
  ref: 流水号
  memo: 摘要
  invoice: 发票号
date_format: "%d.%m.%Y"
decimal: ","
delimiter: ";"
encoding: gbk
defaults:
  currency: CNY
customers:
  杭州新客户有限公司: xinke
"""


def bank_setup(tmp_path, ledger_dir, csv_text=BANK_CSV, map_text=BANK_MAP):
    root = ledger_dir({"customers/huaxin-electronics.yaml": HUAXIN, "invoices/2026/hx.yaml": HX_INVOICES})
    csv_path = write(tmp_path / "招行流水.csv", csv_bytes(csv_text, encoding="gbk", crlf=True))
    map_path = write(tmp_path / "bank-map.yaml", map_text)
    return root, csv_path, map_path


def test_a_gbk_bank_export_with_decimal_commas_and_chinese_names(tmp_path, ledger_dir, cli):
    root, csv_path, map_path = bank_setup(tmp_path, ledger_dir)
    result = cli(*collect_args(root, "import", "payments", str(csv_path), "--map", str(map_path),
                               "--create-customers"))
    assert result.exit_code == 0, result.output
    target = root / "payments/imported/招行流水-20261122.yaml"
    assert f"{target}: 3 entries added" in result.output
    text = target.read_text(encoding="utf-8")
    assert ("- date: 2026-11-03\n  customer: huaxin-electronics\n  amount: 63280.00\n  currency: CNY\n"
            "  ref: CMB-001\n  memo: 货款\n  allocations:\n    - {invoice: HX-1, amount: 63280.00}\n") in text
    assert 'memo: "预付款 \\"定金\\""' in text
    created = (root / "customers/xinke.yaml").read_text(encoding="utf-8")
    assert created.endswith("id: xinke\nname: 杭州新客户有限公司\ncurrency: CNY\n")
    assert cli(*collect_args(root, "check")).exit_code == 0
    figures = status(cli, root)
    customers = {c["id"]: c for c in figures["customers"]}
    invoices = {i["number"]: i for i in figures["invoices"]}
    assert invoices["HX-1"]["paid"] == "63280.00"
    assert invoices["HX-2"]["paid"] == "1000.50"  # no invoice named: oldest due first
    assert customers["xinke"]["unapplied"] == "2500.00"


def test_a_rerun_of_the_bank_export_skips_every_ref(tmp_path, ledger_dir, cli):
    root, csv_path, map_path = bank_setup(tmp_path, ledger_dir)
    args = collect_args(root, "import", "payments", str(csv_path), "--map", str(map_path), "--create-customers")
    assert cli(*args).exit_code == 0
    before = fingerprint(root)
    again = cli(*args)
    assert again.exit_code == 0, again.output
    assert "3 rows skipped, refs already in the ledger:" in again.output
    assert "line 2: CMB-001 (huaxin-electronics)" in again.output
    assert fingerprint(root) == before


def test_without_create_customers_an_unknown_payer_is_a_row_error(tmp_path, ledger_dir, cli):
    root, csv_path, map_path = bank_setup(tmp_path, ledger_dir)
    before = fingerprint(root)
    result = cli(*collect_args(root, "import", "payments", str(csv_path), "--map", str(map_path)))
    assert result.exit_code == 1
    assert f"{csv_path}:4:12: error[E201]: column `付款人`: there is no customer `xinke`" in result.output
    assert "4 | 06.11.2026;杭州新客户有限公司;" in result.output  # the GBK line shown as decoded
    assert fingerprint(root) == before


def test_a_payer_name_that_is_no_valid_id_asks_for_the_customers_table(tmp_path, ledger_dir, cli):
    root, csv_path, map_path = bank_setup(tmp_path, ledger_dir, map_text=BANK_MAP.split("customers:")[0])
    result = cli(*collect_args(root, "import", "payments", str(csv_path), "--map", str(map_path),
                               "--create-customers"))
    assert result.exit_code == 1
    assert "error[E108]: column `付款人`: customer: `杭州新客户有限公司` is not a valid customer id" in result.output
    assert "under `customers:` in the map" in result.output
    assert imported_files(root) == [] and not (root / "customers/xinke.yaml").exists()


def test_the_declared_encoding_is_checked_with_a_guess(tmp_path, ledger_dir, cli):
    root, csv_path, map_path = bank_setup(tmp_path, ledger_dir, map_text=BANK_MAP.replace("encoding: gbk", ""))
    result = cli(*collect_args(root, "import", "payments", str(csv_path), "--map", str(map_path)))
    assert result.exit_code == 2
    assert f"{csv_path}:1:1: error[E604]: the file is not valid utf-8" in result.output
    assert "set `encoding: gbk` in the map" in result.output


CREDITS_CSV = """\
date,customer,amount,ref,kind,invoice
2026-11-10,acme,"1,000.00",CN-7,credit_note,A-1
2026-11-11,acme,250.00,WO-1,write_off,A-1
2026-11-12,acme,100.00,R-9,,
"""


def test_credit_notes_and_write_offs_come_in_through_a_kind_column(tmp_path, ledger_dir, cli):
    root = ledger_dir({"customers/acme.yaml": ACME,
                       "invoices/a.yaml": "number: A-1\ncustomer: acme\nissued: 2026-10-01\namount: 2000.00\n"})
    csv_path = write(tmp_path / "credits.csv", CREDITS_CSV)
    map_path = write(tmp_path / "m.yaml", "columns: {date: date, customer: customer, amount: amount, ref: ref, "
                                          "kind: kind, invoice: invoice}\n")
    result = cli(*collect_args(root, "import", "payments", str(csv_path), "--map", str(map_path)))
    assert result.exit_code == 0, result.output
    invoice = status(cli, root)["invoices"][0]
    assert (invoice["credited"], invoice["written_off"], invoice["paid"]) == ("1000.00", "250.00", "100.00")


def test_an_allocation_to_a_missing_invoice_points_at_its_cell(tmp_path, ledger_dir, cli):
    root = ledger_dir({"customers/acme.yaml": ACME})
    csv_path = write(tmp_path / "p.csv", "date,customer,amount,ref,invoice\n2026-11-10,acme,10.00,R-1,NOPE\n")
    result = cli(*collect_args(root, "import", "payments", str(csv_path)))
    assert result.exit_code == 1
    assert f"{csv_path}:2:27: error[E204]: column `invoice`: allocation to invoice `NOPE`" in result.output
