"""One small ledger per problem of a single record's fields: what the typed model
reports, at the exact line and column of the value (or the key) that is wrong, with a
hint that says how to write it."""

from __future__ import annotations

import pytest

from checkkit import ACME, INVOICE, NOTE, run_load, where, with_files

A = "invoices/a.yaml"
ACME_FILE = "customers/acme.yaml"
JPY_COMPANY = "name: 上海澄远贸易有限公司\ncurrency: CNY\nfx: {JPY: \"0.048\"}\n"
LINES = "lines:\n  - description: 伺服电机\n    quantity: 2\n    unit_price: 2600.00\n    tax_rate: \"13%\"\n"


def invoice(old: str, new: str) -> dict:
    assert old in INVOICE
    return {A: INVOICE.replace(old, new)}


CASES = [
    # (files, expected diagnostics, words the hint must contain)
    pytest.param(invoice("amount", "amuont"), [("E101", A, 5, 1)], "did you mean `amount`", id="unknown-key"),
    pytest.param({ACME_FILE: ACME + "  - name: Li Na\n    emial: li@acme.example\n"},
                 [("E101", ACME_FILE, 7, 5)], "did you mean `email`", id="unknown-key-in-a-contact"),
    pytest.param(invoice("customer: acme\n", ""), [("E102", A, 1, 1)], "customer:", id="missing-field"),
    pytest.param({A: "- " + INVOICE.replace("issued: 2026-01-05\n", "").replace("\n", "\n  ").rstrip() + "\n"},
                 [("E102", A, 1, 3)], "issued:", id="missing-field-in-a-list-item"),
    pytest.param({ACME_FILE: ACME + "hold:\n  until: 2026-12-01\n"},
                 [("E102", ACME_FILE, 7, 3)], "reason:", id="missing-nested-field"),
    pytest.param(invoice("due: 2026-02-04", "due: 2026-02-30"), [("E103", A, 4, 6)], "2026-02 has 28 days",
                 id="date-not-in-calendar"),
    pytest.param(invoice("due: 2026-02-04", "due: 2026/10/31"), [("E103", A, 4, 6)], "write it as 2026-10-31",
                 id="date-with-slashes"),
    pytest.param(invoice("due: 2026-02-04", "due: 2026年10月31日"), [("E103", A, 4, 6)], "2026-10-31",
                 id="chinese-date"),
    pytest.param(invoice("due: 2026-02-04", "due: 2026-13-01"), [("E103", A, 4, 6)], "month", id="month-13"),
    pytest.param(invoice("due: 2026-02-04", "due: 31.10.2026"), [("E103", A, 4, 6)], "YYYY-MM-DD",
                 id="european-date"),
    pytest.param(invoice("due: 2026-02-04", "due: 2026-02-04 10:00:00"), [("E103", A, 4, 6)], "YYYY-MM-DD",
                 id="timestamp-is-not-a-date"),
    pytest.param(invoice("amount: 100", "amount: 12,000.50"), [("E104", A, 5, 9)], "thousands separators",
                 id="money-with-comma"),
    pytest.param(invoice("amount: 100", "amount: abc"), [("E104", A, 5, 9)], "12000.50", id="money-not-a-number"),
    pytest.param(invoice("amount: 100", "amount: ¥100"), [("E104", A, 5, 9)], "12000.50", id="money-with-symbol"),
    pytest.param(invoice("amount: 100", "amount: .nan"), [("E104", A, 5, 9)], "12000.50", id="money-nan"),
    pytest.param(invoice("amount: 100", "amount: -100"), [("E105", A, 5, 9)], "credit_note", id="negative-amount"),
    pytest.param(invoice("amount: 100", "amount: 1000000000000000"), [("E104", A, 5, 9)], "15 digits",
                 id="amount-too-large"),
    pytest.param(invoice("due: 2026-02-04", "terms: 99999999999"), [("E104", A, 4, 8)], "36500",
                 id="days-too-large"),
    pytest.param({"policy.yaml": "ladder:\n  - {step: early, after_days: -40000, letter: reminder}\n"},
                 [("E104", "policy.yaml", 2, 31)], "36500", id="negative-days-too-large"),
    pytest.param(invoice("due: 2026-02-04", "due: 9999-12-31"), [("E103", A, 4, 6)], "2199-12-31",
                 id="date-out-of-range"),
    pytest.param(invoice("issued: 2026-01-05", "issued: 0026-01-05"), [("E103", A, 3, 9)], "1900-01-01",
                 id="year-typo"),
    pytest.param({ACME_FILE: ACME + 'interest_rate: "5000%"\n'}, [("E104", ACME_FILE, 6, 16)], "decimal point",
                 id="rate-over-1000-percent"),
    pytest.param({"company.yaml": "name: X\ncurrency: CNY\nfx: {USD: 71000000}\n"},
                 [("E104", "company.yaml", 3, 11)], "base currency per one unit", id="fx-rate-too-large"),
    pytest.param({"company.yaml": "name: X\ncurrency: CNY\nfx: {USD: 0}\n"},
                 [("E104", "company.yaml", 3, 11)], "above 0", id="fx-rate-zero"),
    pytest.param({"policy.yaml": "limitation_years: 0\n"}, [("E104", "policy.yaml", 1, 19)], "e.g. 3",
                 id="limitation-years-zero"),
    pytest.param(invoice("due: 2026-02-04", "terms: -5"), [("E105", A, 4, 8)], "0 or more", id="negative-terms"),
    pytest.param(invoice("amount: 100", "amount: 10.005"), [("E106", A, 5, 9)], "2 decimals", id="cny-3-decimals"),
    pytest.param({A: INVOICE.replace("amount: 100", "amount: 10.5\ncurrency: JPY"), "company.yaml": JPY_COMPANY},
                 [("E106", A, 5, 9)], "whole number", id="jpy-decimals"),
    pytest.param({ACME_FILE: ACME + "interest_rate: 18\n"}, [("E107", ACME_FILE, 6, 16)], '"18%"',
                 id="rate-without-unit"),
    pytest.param({ACME_FILE: ACME + "interest_rate: 0.05/day\n"}, [("E107", ACME_FILE, 6, 16)], "0.05%/day",
                 id="daily-rate-without-percent"),
    pytest.param({A: INVOICE.replace("amount: 100\n", LINES.replace('"13%"', "13"))}, [("E107", A, 9, 15)],
                 '"13%"', id="tax-rate-without-unit"),
    pytest.param({"policy.yaml": "provision:\n  1-30: 0.01\n"}, [("E107", "policy.yaml", 2, 9)], "%",
                 id="provision-without-unit"),
    pytest.param({ACME_FILE: ACME.replace("id: acme", "id: ../x")}, [("E108", ACME_FILE, 1, 5)], "`..`",
                 id="id-climbing-up"),
    pytest.param({ACME_FILE: ACME.replace("id: acme", "id: .hidden")}, [("E108", ACME_FILE, 1, 5)],
                 "no leading dot", id="id-hidden"),
    pytest.param({ACME_FILE: ACME.replace("id: acme", "id: a..b")}, [("E108", ACME_FILE, 1, 5)], "`..`",
                 id="id-double-dot"),
    pytest.param({ACME_FILE: ACME.replace("id: acme", "id: a/b")}, [("E108", ACME_FILE, 1, 5)], "digits",
                 id="customer-id-with-slash"),
    pytest.param({ACME_FILE: ACME.replace("id: acme", "id: 客户")}, [("E108", ACME_FILE, 1, 5)], "a-z",
                 id="id-not-latin"),
    pytest.param(invoice("number: A-1", "number: ../A-1"), [("E108", A, 1, 9)], "`..`", id="number-climbing-up"),
    pytest.param(invoice("number: A-1", "number: A-1/"), [("E108", A, 1, 9)], "not at the end",
                 id="number-ending-in-slash"),
    pytest.param(invoice("number: A-1", "number: A 1"), [("E108", A, 1, 9)], "digits", id="number-with-space"),
    pytest.param({"notes/n.md": NOTE.replace("channel: phone", "channel: phne")}, [("E109", "notes/n.md", 4, 10)],
                 "did you mean `phone`", id="enum-did-you-mean"),
    pytest.param({ACME_FILE: ACME + "status: onhold\n"}, [("E109", ACME_FILE, 6, 9)], "use one of",
                 id="enum-options"),
    pytest.param(invoice("amount: 100", "amount: 100\ncurrency: rmb"), [("E109", A, 6, 11)], "CNY",
                 id="currency-code"),
    pytest.param({ACME_FILE: ACME.replace("name: Acme Trading", "name: [Acme, Trading]")},
                 [("E110", ACME_FILE, 2, 7)], "single value", id="list-where-text-belongs"),
    pytest.param({ACME_FILE: ACME.replace("name: Acme Trading", "name:\n  en: Acme")},
                 [("E110", ACME_FILE, 3, 3)], "single value", id="mapping-where-text-belongs"),
    pytest.param({ACME_FILE: ACME.replace("name: Acme Trading", "name:")},
                 [("E110", ACME_FILE, 2, 6)], "after the colon", id="empty-value"),
    pytest.param({ACME_FILE: "id: acme\nname: Acme\ncontacts: Zhang Wei\n"}, [("E110", ACME_FILE, 3, 11)],
                 "- ", id="text-where-a-list-belongs"),
    pytest.param({ACME_FILE: ACME + "hold: until March\n"}, [("E110", ACME_FILE, 6, 7)], "", id="text-where-a-mapping-belongs"),
    pytest.param(invoice("due: 2026-02-04", "terms: 30 days"), [("E110", A, 4, 8)], "whole number",
                 id="days-with-words"),
    pytest.param({ACME_FILE: ACME.replace("primary: true", "primary: sure")}, [("E110", ACME_FILE, 5, 14)],
                 "true or false", id="flag-not-a-boolean"),
]


@pytest.mark.parametrize("files, expected, hint", CASES)
def test_field_problem_is_reported_at_the_value(ledger_dir, files, expected, hint):
    root = ledger_dir(with_files(files))
    diagnostics = run_load(root)
    assert where(diagnostics, root) == expected
    assert hint in diagnostics[0].hint
    assert diagnostics[0].message  # one sentence, never empty


def test_unknown_key_without_a_close_match_lists_the_fields(ledger_dir):
    root = ledger_dir(with_files({A: INVOICE + "colour: red\n"}))
    [d] = run_load(root)
    assert d.code == "E101" and "known fields here:" in d.hint and "amount" in d.hint


def test_field_message_names_the_nested_field(ledger_dir):
    root = ledger_dir(with_files({A: INVOICE.replace("amount: 100\n", LINES.replace("2600.00", "-1"))}))
    [d] = run_load(root)
    assert d.code == "E105" and d.message.startswith("lines[1].unit_price:")


def test_several_problems_in_one_record_are_all_reported(ledger_dir):
    text = INVOICE.replace("2026-02-04", "2026-02-30").replace("amount: 100", "amount: abc\ncolour: red")
    root = ledger_dir(with_files({A: text}))
    assert [(d.code, d.line) for d in run_load(root)] == [("E103", 4), ("E104", 5), ("E101", 6)]


def test_a_bad_record_does_not_hide_the_others_in_its_file(ledger_dir):
    good = INVOICE.replace("A-1", "A-2")
    text = "- " + INVOICE.replace("amount: 100", "amount: abc").replace("\n", "\n  ").rstrip() + "\n- " \
        + good.replace("\n", "\n  ").rstrip() + "\n"
    root = ledger_dir(with_files({A: text}))
    from checkkit import AS_OF
    from collect.load import load_ledger

    ledger, diagnostics = load_ledger(root, AS_OF)
    assert [d.code for d in diagnostics] == ["E104"]
    assert [i.number for i in ledger.invoices] == ["A-2"]
