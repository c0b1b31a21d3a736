"""Helpers for engine tests: a small inline ledger, computed as of a date.

``run(files, as_of)`` writes the files (paths inside the ledger → YAML or note text,
dedented; a leading blank line is dropped so a note starts with its ``---``), adds the
default CNY company (cn jurisdiction) and, when the test gives no customer file, a
customer ``acme`` with no terms of its own, then loads, validates and computes.
"""

from __future__ import annotations

import datetime as dt
import textwrap

import pytest

from inline_ledger import ACME, COMPANY


@pytest.fixture
def run(ledger_dir):
    def compute(files: dict[str, str], as_of: str, company_text: str = COMPANY):
        texts = {path: textwrap.dedent(text).lstrip("\n") for path, text in files.items()}
        if not any(path.startswith("customers/") for path in texts):
            texts["customers/acme.yaml"] = ACME
        return compute_state(ledger_dir(texts, company_text), as_of)

    return compute


def compute_state(root, as_of: str):
    """Load, validate and compute; any ledger error fails the test."""
    from collect.compute.engine import compute
    from collect.load import load_ledger

    day = dt.date.fromisoformat(as_of)
    ledger, diagnostics = load_ledger(root, day)
    errors = [d for d in diagnostics if d.is_error]
    assert not errors, "\n".join(f"{d.location}: {d.code} {d.message}" for d in errors)
    return compute(ledger, day)

    
