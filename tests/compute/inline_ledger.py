"""Texts for inline test ledgers: the default company and customer, and a company with
extra lines (``fx``, another jurisdiction). A plain module, so that test modules can
import it by name (``conftest`` cannot be: there are several)."""

from __future__ import annotations

# The same company as tests/conftest.py.
COMPANY = """\
name: 上海澄远贸易有限公司
currency: CNY
language: zh
jurisdiction: cn
"""

ACME = """\
id: acme
name: Acme Trading
owner: Li Na
contacts:
  - {name: Zhang Wei, role: accounts_payable, email: ap@acme.example, primary: true}
"""


def company(**extra: str) -> str:
    """The default company text with extra top-level lines (``fx``, ``jurisdiction``…)."""
    text = COMPANY
    for key, value in extra.items():
        if key == "jurisdiction":
            text = text.replace("jurisdiction: cn", f"jurisdiction: {value}")
        elif key == "currency":
            text = text.replace("currency: CNY", f"currency: {value}")
        else:
            text += f"{key}: {value}\n"
    return text
