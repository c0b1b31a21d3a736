"""Small ledgers and helpers shared by the tests of load, model, validate and check.

(Imported by name: ``tests/compute/conftest.py`` makes ``from conftest import …``
ambiguous, so the helpers the check tests share live here.)
"""

from __future__ import annotations

import datetime as dt
import os
import textwrap
from pathlib import Path

from collect.diagnostics import Diagnostic
from collect.load import load_ledger

AS_OF = dt.date(2026, 11, 22)

# A customer with a primary contact, so that a clean ledger has no warning at all.
ACME = """\
id: acme
name: Acme Trading
contacts:
  - name: Zhang Wei
    primary: true
"""

BOLT = ACME.replace("acme", "bolt").replace("Acme", "Bolt")

INVOICE = """\
number: A-1
customer: acme
issued: 2026-01-05
due: 2026-02-04
amount: 100
"""

NOTE = """\
---
date: 2026-03-01
customer: acme
channel: phone
---
Called Zhang Wei.
"""


def with_files(files: dict) -> dict:
    """The two clean customers, overridden or completed by ``files``."""
    return {"customers/acme.yaml": ACME, "customers/bolt.yaml": BOLT, **files}


def run_load(root: Path, as_of: dt.date = AS_OF) -> list[Diagnostic]:
    return load_ledger(root, as_of)[1]


def where(diagnostics: list[Diagnostic], root: Path) -> list[tuple]:
    """(code, path inside the ledger, line, col) of each diagnostic, in report order."""
    out = []
    for d in diagnostics:
        rel = os.path.relpath(os.path.abspath(d.path), os.path.abspath(root))
        out.append((d.code, d.path if rel.startswith("..") else Path(rel).as_posix(), d.line, d.col))
    return out


def dedent(text: str) -> str:
    return textwrap.dedent(text)
