"""Small ledgers and helpers shared by the tests of load, model, validate and check.

(Imported by name: ``tests/compute/conftest.py`` makes ``from conftest import …``
ambiguous, so the helpers the check tests share live here.)
"""

from __future__ import annotations

import datetime as dt
import os
import textwrap
from pathlib import Path

from hypothesis import strategies as st

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


# ------------------------------------------------------------------ damaged files


@st.composite
def damage(draw, data: bytes, stray: list[bytes], replacements: list[bytes]) -> bytes:
    """``data`` damaged once: a line deleted, doubled, swapped, re-indented or replaced, the
    text cut short, or ``stray`` or random bytes put in (``replacements`` after a key)."""
    lines = data.split(b"\n")
    n = len(lines)
    kind = draw(st.sampled_from(["delete", "double", "swap", "indent", "truncate", "insert", "replace",
                                 "bytes", "insert_bytes"]))
    i = draw(st.integers(0, max(0, n - 1)))
    if kind == "delete" and n:
        del lines[i]
    elif kind == "double" and n:
        lines.insert(i, lines[i])
    elif kind == "swap" and n:
        j = draw(st.integers(0, n - 1))
        lines[i], lines[j] = lines[j], lines[i]
    elif kind == "indent" and n:
        stripped = lines[i].lstrip(b" ")
        lead = len(lines[i]) - len(stripped) + draw(st.integers(-4, 4))
        lines[i] = b" " * max(0, lead) + stripped
    elif kind == "truncate":
        return data[: draw(st.integers(0, len(data)))]
    elif kind == "insert":
        at = draw(st.integers(0, len(data)))
        return data[:at] + draw(st.sampled_from(stray)) + data[at:]
    elif kind == "replace" and n:
        line = lines[i]
        colon = line.find(b": ")
        if colon >= 0:
            lines[i] = line[: colon + 2] + draw(st.sampled_from(replacements))
        else:
            lines[i] = draw(st.sampled_from(replacements))
    elif kind == "bytes":
        return draw(st.binary(max_size=200))
    elif kind == "insert_bytes":
        at = draw(st.integers(0, len(data)))
        return data[:at] + draw(st.binary(min_size=1, max_size=8)) + data[at:]
    return b"\n".join(lines)
