"""Stable letter reference numbers: ``<company prefix>-<customer id>-<type code>-<yyyymmdd>``.

The same ledger and as-of date always give the same reference, so a letter, its case
note and the printed copy in the file can be matched years later.
"""

from __future__ import annotations

import datetime as dt
import re

from collect.model.records import Company

TYPE_CODES: dict[str, str] = {
    "reminder": "RM1",
    "second_reminder": "RM2",
    "demand": "DEM",
    "final_notice": "FIN",
    "legal": "LEG",
    "statement": "STM",
    "acknowledgement": "ACK",
    "payment_plan": "PLN",
}

_WORD = re.compile(r"[A-Za-z0-9]+")


def company_prefix(company: Company | None) -> str:
    """Initials of the company's ASCII name (``Acme Trading Ltd`` → ``ATL``); for a name
    with no Latin letters (``恒岳电子``) the first label of its e-mail domain
    (``ar@hengyue.example.cn`` → ``HENGYUE``); else ``REF``."""
    if company is None:
        return "REF"
    for name in (company.name, company.legal_name or ""):
        words = _WORD.findall(name)
        if words and all(ord(ch) < 128 for ch in name if not ch.isspace()):
            return "".join(w[0] for w in words).upper()[:6]
    email = company.contact.email if company.contact else None
    if email and "@" in email:
        label = _WORD.findall(email.rsplit("@", 1)[1].split(".")[0])
        if label:
            return "".join(label).upper()[:8]
    return "REF"


def letter_reference(company: Company | None, customer_id: str, letter_type: str, day: dt.date) -> str:
    return f"{company_prefix(company)}-{customer_id}-{TYPE_CODES[letter_type]}-{day:%Y%m%d}"
