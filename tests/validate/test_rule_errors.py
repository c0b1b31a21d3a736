"""One small ledger per rule across fields and files: the diagnostics expected at their
exact file, line and column, and what the message and hint must say."""

from __future__ import annotations

import pytest

from checkkit import ACME, AS_OF, INVOICE, NOTE, run_load, where, with_files
from collect.load import load_ledger

A = "invoices/a.yaml"
B = "invoices/b.yaml"
P = "payments/p.yaml"
N = "notes/n.md"
ACME_FILE = "customers/acme.yaml"
COMPANY_FX = "name: 上海澄远贸易有限公司\ncurrency: CNY\nfx: {USD: \"7.10\"}\n"
LINES = "lines:\n  - description: 伺服电机\n    quantity: 2\n    unit_price: 50\n    tax_rate: \"13%\"\n"
BOLT_INVOICE = INVOICE.replace("A-1", "B-1").replace("acme", "bolt")
PAYMENT = "date: 2026-02-10\ncustomer: acme\namount: 100\nref: R1\n"


def paid(amount: str = "100", invoice: str = "A-1", allocated: str | None = None, head: str = PAYMENT) -> str:
    """A payment of ``amount`` with one allocation (lines 5-7 when ``head`` is PAYMENT)."""
    return (head.replace("amount: 100", f"amount: {amount}")
            + f"allocations:\n  - invoice: {invoice}\n    amount: {allocated or amount}\n")


CASES = [
    # (files, expected diagnostics, words the message must contain, words the hint must contain)
    pytest.param({A: INVOICE.replace("customer: acme", "customer: acm")}, [("E201", A, 2, 11)],
                 "`acm`", "did you mean `acme`", id="unknown-customer"),
    pytest.param({P: PAYMENT.replace("customer: acme", "customer: acne")}, [("E201", P, 2, 11)],
                 "`acne`", "did you mean `acme`", id="unknown-customer-of-payment"),
    pytest.param({N: NOTE.replace("customer: acme", "customer: zeta")}, [("E201", N, 3, 11)],
                 "`zeta`", "customers/zeta.yaml", id="unknown-customer-of-note"),
    pytest.param({A: INVOICE, B: "# a copy\n" + INVOICE}, [("E202", B, 2, 9)],
                 "invoices/a.yaml:1", "unique", id="duplicate-invoice-number"),
    pytest.param({"customers/acme2.yaml": ACME}, [("E202", "customers/acme2.yaml", 1, 5)],
                 "customers/acme.yaml", "customers/<id>.yaml", id="duplicate-customer-id"),
    pytest.param({P: "- " + PAYMENT.replace("\n", "\n  ").rstrip() + "\n- "
                  + PAYMENT.replace("2026-02-10", "2026-02-11").replace("\n", "\n  ").rstrip() + "\n"},
                 [("E203", P, 8, 8)], "payments/p.yaml:1", "own ref", id="duplicate-payment-ref"),
    pytest.param({A: INVOICE, P: paid(invoice="A-9")}, [("E204", P, 6, 14)],
                 "`A-9`", "did you mean `A-1`", id="allocation-to-missing-invoice"),
    pytest.param({N: NOTE.replace("channel: phone", "channel: phone\ninvoices: [A-9]")}, [("E204", N, 5, 12)],
                 "`A-9`", "invoice number", id="note-names-missing-invoice"),
    pytest.param({B: BOLT_INVOICE, P: paid(invoice="B-1")}, [("E205", P, 6, 14)],
                 "`bolt`", "paying customer", id="allocation-to-another-customers-invoice"),
    pytest.param({B: BOLT_INVOICE, N: NOTE.replace("channel: phone", "channel: phone\ninvoices: [B-1]")},
                 [("E205", N, 5, 12)], "`bolt`", "this customer", id="note-names-another-customers-invoice"),
    pytest.param({"company.yaml": COMPANY_FX, A: INVOICE,
                  P: paid(head=PAYMENT.replace("ref: R1", "ref: R1\ncurrency: USD"))},
                 [("E206", P, 7, 14)], "USD", "currency", id="allocation-in-another-currency"),
    pytest.param({A: INVOICE, P: paid(amount="50", allocated="60")}, [("E207", P, 6, 3)],
                 "60", "reduce", id="allocations-over-payment"),
    pytest.param({A: INVOICE, P: paid(amount="60"),
                  "payments/p2.yaml": paid(amount="60", head=PAYMENT.replace("R1", "R2"))},
                 [("E208", "payments/p2.yaml", 7, 13)], "payments/p.yaml:1", "reduce",
                 id="allocations-over-invoice-across-payments"),
    pytest.param({ACME_FILE: ACME.replace("id: acme", "id: acme-trading")}, [("E209", ACME_FILE, 1, 5)],
                 "`acme`", "customers/acme-trading.yaml", id="id-differs-from-file-name"),
    pytest.param({ACME_FILE: ACME + "tax_id: 914403001922038217\ncountry: CN\n"}, [("E210", ACME_FILE, 6, 9)],
                 "check character", "business licence", id="bad-credit-code-check-digit"),
    pytest.param({ACME_FILE: ACME + "tax_id: 91440300192203821\ncountry: CN\n"}, [("E210", ACME_FILE, 6, 9)],
                 "18 characters", "business licence", id="credit-code-too-short"),
    pytest.param({ACME_FILE: ACME + "tax_id: 914403001922038217\ncountry: GB\n"}, [],
                 "", "", id="foreign-tax-id-not-checked"),
    pytest.param({"company.yaml": "name: 澄远\ncurrency: CNY\ntax_id: 914403001922038217\n"},
                 [("E210", "company.yaml", 3, 9)], "check character", "business licence", id="bad-company-credit-code"),
    pytest.param({A: INVOICE.replace("due: 2026-02-04", "due: 2026-01-04")}, [("E211", A, 4, 6)],
                 "before issued", "dates", id="due-before-issued"),
    pytest.param({A: INVOICE + "dispute:\n  opened: 2026-03-01\n  reason: quality\n  status: resolved\n"
                  "  resolved: 2026-02-01\n"}, [("E211", A, 10, 13)], "resolved before", "dates",
                 id="dispute-resolved-before-opened"),
    pytest.param({N: NOTE.replace("channel: phone", "channel: letter\nletter:\n  type: demand\n  sent: 2026-03-01\n"
                                  "  delivered: 2026-02-27\n  proof: EMS 1234")}, [("E211", N, 8, 14)],
                 "delivered before", "dates", id="letter-delivered-before-sent"),
    pytest.param({A: INVOICE + LINES}, [("E212", A, 1, 1)], "both", "amount", id="amount-and-lines"),
    pytest.param({A: INVOICE.replace("amount: 100\n", "")}, [("E212", A, 1, 1)], "neither", "amount",
                 id="neither-amount-nor-lines"),
    pytest.param({A: INVOICE + "terms: 30\n"}, [("E212", A, 6, 8)], "not both", "terms", id="due-and-terms"),
    pytest.param({A: INVOICE.replace("amount: 100\n", "lines: []\n")}, [("E212", A, 5, 8)], "no lines", "amount",
                 id="empty-lines"),
    pytest.param({A: INVOICE + "currency: USD\n"}, [("E214", A, 6, 11)], "USD", "never assume 1:1",
                 id="missing-fx-rate"),
    pytest.param({ACME_FILE: ACME + "currency: EUR\n"}, [("E214", ACME_FILE, 6, 11)], "EUR", "fx:",
                 id="missing-fx-rate-of-customer"),
    pytest.param({"company.yaml": COMPANY_FX, A: INVOICE + "currency: USD\n"}, [], "", "", id="fx-rate-given"),
    pytest.param({"policy.yaml": "buckets: [30, 20, 90]\n"}, [("E215", "policy.yaml", 1, 10)],
                 "increasing", "buckets:", id="buckets-not-increasing"),
    pytest.param({"policy.yaml": "buckets: [0, 30]\n"}, [("E215", "policy.yaml", 1, 10)],
                 "from 1", "buckets:", id="bucket-zero"),
    pytest.param({"policy.yaml": "buckets: [30, 60, 90]\n"}, [], "", "", id="fewer-buckets-with-default-provision"),
    pytest.param({"policy.yaml": "ladder:\n  - {step: a, after_days: 10, letter: reminder}\n"
                  "  - {step: b, after_days: 5, letter: demand}\n"}, [("E216", "policy.yaml", 3, 27)],
                 "order", "earliest", id="ladder-out-of-order"),
    pytest.param({"policy.yaml": "ladder:\n  - {step: a, after_days: 1, letter: reminder}\n"
                  "  - {step: a, after_days: 5, letter: demand}\n"}, [("E216", "policy.yaml", 3, 12)],
                 "twice", "own name", id="ladder-step-twice"),
    # the table names no rate for any real bucket: W106 (0 % used) beside the E217
    pytest.param({"policy.yaml": "provision:\n  1-31: \"1%\"\n"},
                 [("E217", "policy.yaml", 2, 3), ("W106", "policy.yaml", 2, 3)],
                 "`1-31`", "did you mean `1-30`", id="provision-key-not-a-bucket"),
    pytest.param({"policy.yaml": "interest_rate:\n  - {from: 2026-01-01, rate: \"5%\"}\n"
                  "  - {from: 2025-01-01, rate: \"6%\"}\n"}, [("E218", "policy.yaml", 3, 12)],
                 "order", "oldest", id="rate-table-unsorted"),
    pytest.param({ACME_FILE: ACME + "interest_rate:\n  - {from: 2026-01-01, rate: \"5%\"}\n"
                  "  - {from: 2026-01-01, rate: \"6%\"}\n"}, [("E218", ACME_FILE, 8, 12)],
                 "each date once", "oldest", id="rate-table-date-twice"),
    pytest.param({N: NOTE.replace("channel: phone", "channel: phone\nplan:\n  - {due: 2026-04-01, amount: 50}\n"
                                  "  - {due: 2026-03-15, amount: 50}")}, [("E218", N, 7, 11)],
                 "order", "sort", id="plan-unsorted"),
    pytest.param({"policy.yaml": "interest_profile: uk_late_payment\nreference_rates: []\n"},
                 [("E218", "policy.yaml", 2, 18)], "no rows", "from:", id="empty-reference-rates"),
    pytest.param({A: INVOICE + "interest_rate: []\n"}, [("E218", A, 6, 16)], "no rows", "from:",
                 id="empty-rate-table"),
    pytest.param({A: INVOICE.replace("amount: 100\n", LINES.replace("quantity: 2", "quantity: 999999999999999")
                                     .replace("unit_price: 50", "unit_price: 999999999999999"))},
                 [("E104", A, 6, 3)], "15 digits", "quantities", id="lines-add-up-to-too-much"),
    pytest.param({"policy.yaml": "interest_rate: \"5%\"\ninterest_profile: uk_late_payment\n"},
                 [("E219", "policy.yaml", 2, 19)], "both", "keep one", id="rate-and-profile"),
    pytest.param({A: INVOICE + "dispute:\n  opened: 2026-02-10\n  reason: quality\n  amount: 200\n"},
                 [("E220", A, 9, 11)], "200", "disputed amount", id="dispute-over-amount"),
    pytest.param({A: INVOICE.replace("amount: 100\n", LINES) + "dispute:\n  opened: 2026-02-10\n  reason: quality\n"
                  "  amount: 120\n"}, [("E220", A, 13, 11)], "113.00", "disputed amount",
                 id="dispute-over-amount-of-lines"),
    pytest.param({ACME_FILE: "id: acme\nname: Acme Trading\n"}, [("W101", ACME_FILE, 1, 1)],
                 "no contact", "primary: true", id="customer-without-contact"),
    pytest.param({ACME_FILE: ACME + "  - name: Li Na\n    primary: true\n"}, [("W102", ACME_FILE, 7, 14)],
                 "more than one", "primary: true", id="two-primary-contacts"),
    pytest.param({A: INVOICE.replace("2026-01-05", "2027-01-05").replace("2026-02-04", "2027-02-04")},
                 [("W103", A, 3, 9)], "2026-11-22", "--as-of", id="invoice-in-the-future"),
    pytest.param({P: PAYMENT.replace("2026-02-10", "2027-02-10")}, [("W103", P, 1, 7)], "2026-11-22", "--as-of",
                 id="payment-in-the-future"),
    pytest.param({N: NOTE.replace("2026-03-01", "2027-03-01")}, [("W103", N, 2, 7)], "2026-11-22", "--as-of",
                 id="note-in-the-future"),
    pytest.param({A: INVOICE + "dispute:\n  opened: 2026-02-10\n  reason: quality\n  status: resolved\n"},
                 [("W104", A, 9, 11)], "resolved", "resolved:", id="resolved-dispute-without-date"),
    pytest.param({N: NOTE.replace("channel: phone", "channel: letter\nletter:\n  type: demand\n  sent: 2026-03-01\n"
                                  "  delivered: 2026-03-03")}, [("W105", N, 8, 14)], "proof", "proof:",
                 id="delivery-without-proof"),
]


@pytest.mark.parametrize("files, expected, message, hint", CASES)
def test_rule_is_reported_at_its_place(ledger_dir, files, expected, message, hint):
    root = ledger_dir(with_files(files))
    diagnostics = run_load(root)
    assert where(diagnostics, root) == expected
    if expected:
        assert message in diagnostics[0].message
        assert hint in diagnostics[0].hint


def test_same_payment_ref_for_two_customers_is_allowed(ledger_dir):
    root = ledger_dir(with_files({P: PAYMENT, "payments/q.yaml": PAYMENT.replace("acme", "bolt")}))
    assert run_load(root) == []


def test_allocations_up_to_the_invoice_amount_are_fine(ledger_dir):
    root = ledger_dir(with_files({A: INVOICE, P: paid(amount="60"),
                                  "payments/p2.yaml": paid(amount="40", head=PAYMENT.replace("R1", "R2"))}))
    assert run_load(root) == []


def test_warnings_do_not_set_records_aside(ledger_dir):
    root = ledger_dir(with_files({A: INVOICE.replace("2026-01-05", "2027-01-05").replace("2026-02-04", "2027-02-04")}))
    ledger, diagnostics = load_ledger(root, AS_OF)
    assert [d.code for d in diagnostics] == ["W103"]
    assert [i.number for i in ledger.invoices] == ["A-1"]


def test_records_breaking_a_rule_are_set_aside(ledger_dir):
    root = ledger_dir(with_files({A: INVOICE.replace("due: 2026-02-04", "due: 2026-01-04"),
                                  B: BOLT_INVOICE}))
    ledger, diagnostics = load_ledger(root, AS_OF)
    assert [d.code for d in diagnostics] == ["E211"]
    assert [i.number for i in ledger.invoices] == ["B-1"]


# ---------------------------------------------------------------- no follow-on errors


def test_customer_with_an_error_does_not_make_its_invoices_unknown(ledger_dir):
    root = ledger_dir(with_files({ACME_FILE: ACME + "colour: red\n", A: INVOICE, P: PAYMENT,
                                  N: NOTE}))
    assert where(run_load(root), root) == [("E101", ACME_FILE, 6, 1)]


def test_invoice_with_an_error_is_not_reported_missing_by_its_payments(ledger_dir):
    root = ledger_dir(with_files({A: INVOICE.replace("amount: 100", "amount: abc"), P: paid(),
                                  N: NOTE.replace("channel: phone", "channel: phone\ninvoices: [A-1]")}))
    assert where(run_load(root), root) == [("E104", A, 5, 9)]


def test_invoice_breaking_a_rule_is_not_reported_missing_by_its_payments(ledger_dir):
    root = ledger_dir(with_files({A: INVOICE.replace("due: 2026-02-04", "due: 2026-01-04"), P: paid()}))
    assert where(run_load(root), root) == [("E211", A, 4, 6)]


def test_bad_buckets_do_not_flag_the_default_provision(ledger_dir):
    root = ledger_dir(with_files({"policy.yaml": "buckets: [30, 20, 90]\n"}))
    assert [d.code for d in run_load(root)] == ["E215"]
