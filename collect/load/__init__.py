"""Load a ledger folder: files → raw records with marks → typed records → validated ledger."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from collect.diagnostics import Diagnostic, sorted_diagnostics
from collect.load.files import SourceFile, discover, read_file
from collect.model.build import build_record
from collect.model.ledger import Ledger
from collect.model.records import Company, Customer, Invoice, Note, Payment, Policy
from collect.validate.rules import at, validate


def load_ledger(root: Path, as_of: dt.date) -> tuple[Ledger, list[Diagnostic]]:
    """The ledger as far as it is valid, and every problem found, sorted by file and line."""
    files, problems = discover(root)
    results = [read_file(f.kind, str(f.path), f.display) for f in files]
    ledger = Ledger(root=root, company=None, policy=Policy())
    for result in results:
        ledger.sources[result.path] = result.digest
        problems.extend(result.problems)
        for raw in result.records:
            record, errors = build_record(raw)
            problems.extend(errors)
            if record is not None:
                _add(ledger, record, problems)
            else:
                _reject(ledger, raw)
    clean, rule_problems = validate(ledger, as_of)
    return clean, sorted_diagnostics(problems + rule_problems)


def _reject(ledger: Ledger, raw) -> None:
    if raw.kind == "customer":
        ledger.rejected_customers.add(Path(raw.path).stem)
        if isinstance(raw.data.get("id"), str):
            ledger.rejected_customers.add(raw.data["id"].strip())
    elif raw.kind == "invoices" and isinstance(raw.data.get("number"), str):
        ledger.rejected_invoices.add(raw.data["number"].strip())


def _add(ledger: Ledger, record, problems: list[Diagnostic]) -> None:
    from collect.diagnostics import error

    if isinstance(record, Company):
        ledger.company = record
    elif isinstance(record, Policy):
        ledger.policy = record
    elif isinstance(record, Customer):
        first = ledger.customers.get(record.id)
        if first is not None:
            problems.append(error("E202", at(record, "id"),
                                  f"customer id `{record.id}` is used twice (first in {at(first).path})",
                                  "each customer has one file customers/<id>.yaml"))
        else:
            ledger.customers[record.id] = record
    elif isinstance(record, Invoice):
        ledger.invoices.append(record)
    elif isinstance(record, Payment):
        ledger.payments.append(record)
    elif isinstance(record, Note):
        ledger.notes.append(record)


__all__ = ["load_ledger", "SourceFile"]
