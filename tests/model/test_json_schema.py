"""``collect schema KIND``: valid JSON Schema 2020-12 that an off-the-shelf validator can
use on the files as an editor reads them (YAML 1.2), agreeing with ``check`` file by file."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from checkkit import ACME, AS_OF, INVOICE, NOTE, with_files
from collect.load import load_ledger
from collect.model.schema import SCHEMA_KINDS

SAMPLE = Path(__file__).resolve().parents[2] / "ledger"
FOLDERS = {"customers": "customer", "invoices": "invoices", "payments": "payments", "notes": "note"}
PATHS = {"company": "company.yaml", "policy": "policy.yaml", "customer": "customers/acme.yaml",
         "invoices": "invoices/a.yaml", "payments": "payments/p.yaml", "note": "notes/n.md"}


@pytest.fixture(scope="module")
def schemas(cli_module):
    out = {}
    for kind in SCHEMA_KINDS:
        result = cli_module("schema", kind)
        assert result.exit_code == 0
        out[kind] = json.loads(result.output)
    return out


@pytest.fixture(scope="module")
def cli_module():
    from click.testing import CliRunner

    from collect.cli import main

    runner = CliRunner()
    return lambda *args: runner.invoke(main, list(args), catch_exceptions=False)


def as_editor_sees(text: str, kind: str):
    """The data of a file as a YAML editor hands it to a JSON Schema validator."""
    if kind == "note":
        lines = text.split("\n")
        end = next(i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "..."))
        text = "\n".join(lines[1:end])
    return json.loads(json.dumps(yaml.safe_load(text), default=str))


def validator(schemas, kind):
    return jsonschema.Draft202012Validator(schemas[kind])


@pytest.mark.parametrize("kind", SCHEMA_KINDS)
def test_schema_is_valid_2020_12(schemas, kind):
    schema = schemas[kind]
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


def test_schema_of_an_unknown_kind_is_a_usage_error(cli):
    assert cli("schema", "invoice").exit_code == 2


def _sample_files():
    if not (SAMPLE / "company.yaml").is_file():
        return []
    files = [(SAMPLE / "company.yaml", "company")]
    if (SAMPLE / "policy.yaml").is_file():
        files.append((SAMPLE / "policy.yaml", "policy"))
    for folder, kind in FOLDERS.items():
        files += [(p, kind) for p in sorted((SAMPLE / folder).rglob("*"))
                  if p.is_file() and not p.name.startswith(".")]
    return files


SAMPLE_FILES = _sample_files()


@pytest.mark.parametrize("path, kind", SAMPLE_FILES, ids=[str(p.relative_to(SAMPLE)) for p, _ in SAMPLE_FILES])
def test_schema_accepts_every_sample_file(schemas, path, kind):
    data = as_editor_sees(path.read_text(encoding="utf-8"), kind)
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator(schemas, kind).iter_errors(data)]
    assert errors == []


def test_the_sample_ledger_has_every_kind():
    assert {kind for _, kind in SAMPLE_FILES} >= {"company", "customer", "invoices", "payments", "note"}


# ---------------------------------------------------------------- schema and check agree

LINES = "lines:\n  - {description: 伺服电机, quantity: 2, unit_price: 50, tax_rate: \"13%\"}\n"

# (kind, file text, does check accept it): each is also checked against the schema.
AGREEMENT = [
    pytest.param("invoices", INVOICE, True, id="valid-invoice"),
    pytest.param("invoices", f"- {INVOICE.replace(chr(10), chr(10) + '  ').rstrip()}\n", True, id="list-of-one"),
    pytest.param("invoices", INVOICE.replace("amount", "amuont"), False, id="unknown-key"),
    pytest.param("invoices", INVOICE.replace("amount: 100", "amount: -100"), False, id="negative-amount"),
    pytest.param("invoices", INVOICE.replace("amount: 100", 'amount: "-100"'), False, id="negative-amount-text"),
    pytest.param("invoices", INVOICE.replace("amount: 100", "amount: 12,000.50"), False, id="money-with-comma"),
    pytest.param("invoices", INVOICE.replace("amount: 100", 'amount: "12000.50"'), True, id="money-as-text"),
    pytest.param("invoices", INVOICE.replace("2026-02-04", "2026/10/31"), False, id="date-with-slashes"),
    pytest.param("invoices", INVOICE.replace("customer: acme\n", ""), False, id="missing-customer"),
    pytest.param("invoices", INVOICE.replace("amount: 100\n", LINES), True, id="lines"),
    pytest.param("invoices", INVOICE.replace("amount: 100\n", LINES.replace('"13%"', "13")), False,
                 id="tax-rate-without-unit"),
    pytest.param("invoices", INVOICE + LINES, False, id="amount-and-lines"),
    pytest.param("invoices", INVOICE.replace("amount: 100\n", ""), False, id="neither-amount-nor-lines"),
    pytest.param("invoices", INVOICE.replace("amount: 100\n", "amount: ~\n" + LINES), True, id="null-amount-and-lines"),
    pytest.param("invoices", INVOICE.replace("amount: 100\n", "lines: []\n"), False, id="empty-lines"),
    pytest.param("invoices", INVOICE + "terms: 30\n", False, id="due-and-terms"),
    pytest.param("invoices", INVOICE.replace("due: 2026-02-04", "terms: 30"), True, id="terms-only"),
    pytest.param("invoices", INVOICE.replace("A-1", "../A-1"), False, id="number-climbing-up"),
    pytest.param("invoices", INVOICE.replace("A-1", "HD/2026/7"), True, id="number-with-slashes"),
    pytest.param("invoices", INVOICE + "currency: usd\n", False, id="currency-lower-case"),
    pytest.param("invoices", INVOICE + "interest_rate: 18\n", False, id="rate-without-unit"),
    pytest.param("invoices", INVOICE + 'interest_rate: "0.05%/day"\n', True, id="daily-rate"),
    pytest.param("invoices", INVOICE + 'interest_rate:\n  - {from: 2026-01-01, rate: "5%"}\n', True,
                 id="rate-table"),
    pytest.param("invoices", "A-1\n", False, id="scalar-file"),
    pytest.param("customer", ACME, True, id="valid-customer"),
    pytest.param("customer", ACME + "country: NO\n", True, id="country-no"),
    pytest.param("customer", ACME.replace("primary: true", "primary: yes"), True, id="flag-yes"),
    pytest.param("customer", ACME.replace("primary: true", "primary: sure"), False, id="flag-sure"),
    pytest.param("customer", ACME.replace("primary: true", 'primary: "Yes"'), True, id="flag-quoted-any-case"),
    pytest.param("customer", ACME + 'interest_rate: "0.05%/Day"\n', True, id="rate-unit-any-case"),
    pytest.param("customer", ACME + 'interest_rate: "0.05%/week"\n', False, id="rate-unit-unknown"),
    pytest.param("customer", ACME + "credit_limit: 0\n", True, id="zero-credit-limit"),
    pytest.param("customer", ACME + "status: onhold\n", False, id="bad-enum"),
    pytest.param("customer", ACME + "terms: -5\n", False, id="negative-terms"),
    pytest.param("customer", ACME.replace("name: Acme Trading", "name: [a, b]"), False, id="list-for-text"),
    pytest.param("customer", f"- {ACME.replace(chr(10), chr(10) + '  ').rstrip()}\n", False, id="list-file"),
    pytest.param("payments", "date: 2026-02-10\ncustomer: acme\namount: 100\nref: R1\n", True, id="valid-payment"),
    pytest.param("payments", "date: 2026-02-10\ncustomer: acme\namount: 100\nref: R1\nkind: refund\n", False,
                 id="bad-payment-kind"),
    pytest.param("note", NOTE, True, id="valid-note"),
    pytest.param("note", NOTE.replace("channel: phone", "channel: phne"), False, id="bad-channel"),
    pytest.param("note", NOTE.replace("channel: phone\n", ""), False, id="note-without-channel"),
    pytest.param("policy", "terms: 30\n", True, id="valid-policy"),
    pytest.param("policy", 'interest_rate: "5%"\ninterest_profile: uk_late_payment\n', False, id="rate-and-profile"),
    pytest.param("policy", "provision:\n  1-30: 0.01\n", False, id="provision-without-unit"),
    pytest.param("policy", "risk:\n  grades: {A: 10}\n", False, id="grade-a-has-no-bound"),
    pytest.param("policy", "limitation_years: 0\n", False, id="limitation-years-zero"),
    pytest.param("policy", "limitation_years: 6\n", True, id="limitation-years-six"),
    pytest.param("policy", "terms: 36500\n", True, id="terms-a-century"),
    pytest.param("policy", "terms: 36501\n", False, id="terms-over-a-century"),
    pytest.param("policy", 'terms: "36501"\n', False, id="terms-over-a-century-as-text"),
    pytest.param("policy", "interest_profile: uk_late_payment\nreference_rates: []\n", False,
                 id="empty-reference-rates"),
    pytest.param("invoices", INVOICE + "interest_rate: []\n", False, id="empty-rate-table"),
    pytest.param("invoices", INVOICE.replace("amount: 100", "amount: 999999999999999"), True,
                 id="largest-amount"),
    pytest.param("invoices", INVOICE.replace("amount: 100", "amount: 1000000000000000"), False,
                 id="amount-too-large"),
    pytest.param("invoices", INVOICE.replace("amount: 100", 'amount: "1000000000000000"'), False,
                 id="amount-too-large-as-text"),
    pytest.param("invoices", INVOICE.replace("2026-02-04", "2200-01-01"), False, id="date-after-2199"),
    pytest.param("invoices", INVOICE + 'interest_rate: "1000%/day"\n', True, id="rate-1000-percent"),
    pytest.param("invoices", INVOICE + 'interest_rate: "1000.5%"\n', False, id="rate-over-1000-percent"),
    pytest.param("company", "name: X\ncurrency: CNY\n", True, id="valid-company"),
    pytest.param("company", 'name: X\nfx: {USD: "0"}\n', False, id="zero-fx-rate"),
    pytest.param("company", 'name: X\nfx: {USD: "0.00"}\n', False, id="zero-fx-rate-with-decimals"),
    pytest.param("company", "name: X\nfx: {USD: 7.10}\n", True, id="fx-rate-as-number"),
    pytest.param("invoices", INVOICE.replace("amount: 100\n", LINES.replace("quantity: 2", "quantity: 0")), False,
                 id="zero-quantity"),
    pytest.param("company", "name: X\njurisdiction: fr\n", False, id="unknown-jurisdiction"),
]


@pytest.mark.parametrize("kind, text, accepted", AGREEMENT)
def test_schema_and_check_agree(schemas, ledger_dir, kind, text, accepted):
    path = PATHS[kind]
    files = {path: text} if kind != "company" else {}
    root = ledger_dir(with_files(files), **({"company": text} if kind == "company" else {}))
    _, diagnostics = load_ledger(root, AS_OF)
    errors = [d for d in diagnostics if d.is_error and d.path.endswith(path)]
    assert (not errors) == accepted, errors
    schema_errors = list(validator(schemas, kind).iter_errors(as_editor_sees(text, kind)))
    assert (not schema_errors) == accepted, [e.message for e in schema_errors]


def test_the_sample_ledger_is_there_to_validate():
    assert len(SAMPLE_FILES) > 100
