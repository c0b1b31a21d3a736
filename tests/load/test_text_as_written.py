"""Values keep the text a person wrote: YAML 1.1 never turns an id into a number, a
country code into a boolean, or money into a float."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

import pytest
from pydantic import BaseModel

from checkkit import ACME, AS_OF, INVOICE, with_files
from collect.load import load_ledger
from collect.load.yamltree import parse


def _load(ledger_dir, files):
    return load_ledger(ledger_dir(with_files(files)), AS_OF)


def test_invoice_number_with_leading_zeros_stays_text(ledger_dir):
    ledger, diagnostics = _load(ledger_dir, {"invoices/a.yaml": INVOICE.replace("A-1", "0000611365")})
    assert diagnostics == []
    assert ledger.invoices[0].number == "0000611365"


def test_numeric_customer_id_stays_text(ledger_dir):
    files = {"customers/007.yaml": ACME.replace("id: acme", "id: 007"),
             "invoices/a.yaml": INVOICE.replace("customer: acme", "customer: 007")}
    ledger, diagnostics = _load(ledger_dir, files)
    assert diagnostics == []
    assert "007" in ledger.customers and ledger.invoices[0].customer == "007"


def test_country_no_is_norway_not_false(ledger_dir):
    ledger, diagnostics = _load(ledger_dir, {"customers/acme.yaml": ACME + "country: NO\n"})
    assert diagnostics == []
    assert ledger.customers["acme"].country == "NO"


@pytest.mark.parametrize("written", ["10.10", '"10.10"', "'10.10'"])
def test_money_keeps_its_digits(ledger_dir, written):
    ledger, diagnostics = _load(ledger_dir, {"invoices/a.yaml": INVOICE.replace("amount: 100", f"amount: {written}")})
    assert diagnostics == []
    amount = ledger.invoices[0].amount
    assert isinstance(amount, Decimal) and str(amount) == "10.10"


def test_large_amount_is_exact(ledger_dir):
    files = {"invoices/a.yaml": INVOICE.replace("amount: 100", "amount: 123456789012345.67")}
    ledger, _ = _load(ledger_dir, files)
    assert ledger.invoices[0].amount == Decimal("123456789012345.67")


def test_scalars_come_out_of_the_yaml_as_text():
    parsed = parse("a: 0000611365\nb: NO\nc: 10.10\nd: 2026-01-05\ne: yes\nf: ~\ng: ''\nh: 1e3\n", "x.yaml")
    assert parsed.problems == []
    assert parsed.data == {"a": "0000611365", "b": "NO", "c": "10.10", "d": "2026-01-05", "e": "yes",
                           "f": None, "g": "", "h": "1e3"}


def test_quoted_null_is_text():
    assert parse("a: 'null'\nb: '~'\n", "x.yaml").data == {"a": "null", "b": "~"}


# ---------------------------------------------------------------- never a float

# Every way YAML can write a number, in every kind of field that takes one.
NUMBER_FORMS = ["1e3", ".5", "0x1F", "1_000", "012", "0o17", "1.", "+12", "-0", ".inf", "-.inf", ".nan",
                "1.5e2", "0b101", "1:30", "12000.50", "7"]


def _walk(value, path="record"):
    """Every leaf value inside a record, with where it sits."""
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _walk(getattr(value, name), f"{path}.{name}")
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            yield from _walk(getattr(value, f.name), f"{path}.{f.name}")
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _walk(k, f"{path}[{k!r}]")
            yield from _walk(v, f"{path}[{k!r}]")
    elif isinstance(value, (list, tuple)):
        for i, v in enumerate(value):
            yield from _walk(v, f"{path}[{i}]")
    else:
        yield path, value


def _numbers_ledger(form: str) -> dict:
    return {
        "company.yaml": f"name: X\ncurrency: CNY\nfx: {{USD: {form}}}\n",
        "policy.yaml": (f"terms: {form}\ntolerance: {form}\nbuckets: [{form}, 400]\n"
                        f"ladder:\n  - {{step: s{form}, after_days: {form}, min_amount: {form}, fee: {form}}}\n"),
        "customers/acme.yaml": ACME + f"credit_limit: {form}\nterms: {form}\ntags: [{form}]\n",
        "invoices/a.yaml": (f"- number: {form}\n  customer: acme\n  issued: 2026-01-05\n  terms: {form}\n"
                            f"  lines:\n    - {{description: {form}, quantity: {form}, unit_price: {form}}}\n"
                            f"- number: B-{form}\n  customer: acme\n  issued: 2026-01-05\n  amount: {form}\n"
                            f"  dispute: {{opened: 2026-02-01, reason: other, amount: {form}}}\n"),
        "payments/p.yaml": (f"date: 2026-02-01\ncustomer: acme\namount: {form}\nref: {form}\n"
                            f"allocations: [{{invoice: B-{form}, amount: {form}}}]\n"),
        "notes/n.md": (f"---\ndate: 2026-03-01\ncustomer: acme\nchannel: phone\n"
                       f"promise: {{date: 2026-04-01, amount: {form}}}\n"
                       f"plan: [{{due: 2026-05-01, amount: {form}}}]\n---\n"),
    }


@pytest.mark.parametrize("form", NUMBER_FORMS)
def test_no_float_anywhere(ledger_dir, form):
    ledger, diagnostics = _load(ledger_dir, _numbers_ledger(form))
    for d in diagnostics:
        assert d.line is not None and d.line >= 1, d  # a located error, or …
    records = [ledger.company, ledger.policy, *ledger.customers.values(), *ledger.invoices, *ledger.payments,
               *ledger.notes]
    for record in records:
        for where, value in _walk(record):
            assert not isinstance(value, float), f"{where} is the float {value!r} (from {form!r})"
            assert isinstance(value, (str, Decimal, int, bool, dt.date, type(None))), (where, value)


@pytest.mark.parametrize("form, expected", [(".5", Decimal("0.5")), ("012", Decimal("12")), ("1.", Decimal("1")),
                                            ("+12", Decimal("12")), ("12000.50", Decimal("12000.50"))])
def test_number_forms_that_are_amounts_mean_their_digits(ledger_dir, form, expected):
    ledger, diagnostics = _load(ledger_dir, {"invoices/a.yaml": INVOICE.replace("amount: 100", f"amount: {form}")})
    assert diagnostics == []
    assert ledger.invoices[0].amount == expected


@pytest.mark.parametrize("form", ["1e3", "0x1F", "1_000", "0o17", ".inf", ".nan", "1.5e2", "0b101", "1:30"])
def test_number_forms_that_are_not_amounts_are_located_errors(ledger_dir, form):
    root = ledger_dir(with_files({"invoices/a.yaml": INVOICE.replace("amount: 100", f"amount: {form}")}))
    _, diagnostics = load_ledger(root, AS_OF)
    assert [(d.code, d.line, d.col) for d in diagnostics] == [("E104", 5, 9)]


def test_leading_zero_days_are_decimal_not_octal(ledger_dir):
    ledger, _ = _load(ledger_dir, {"invoices/a.yaml": INVOICE.replace("due: 2026-02-04", "terms: 012")})
    assert ledger.invoices[0].terms == 12


def test_dates_are_dates(ledger_dir):
    ledger, _ = _load(ledger_dir, {"invoices/a.yaml": INVOICE})
    assert ledger.invoices[0].issued == dt.date(2026, 1, 5)
