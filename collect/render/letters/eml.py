"""The .eml draft: an RFC 5322 message with the letter as text and HTML, never sent.

``X-Unsent: 1`` makes mail clients (Outlook, Thunderbird with an add-on, Apple Mail)
open it as a draft to review and send. Every header value is stripped of control
characters first, so a customer name with a line break cannot add a header; an address
that is not a plain ``local@domain`` is left out rather than passed on.
"""

from __future__ import annotations

import datetime as dt
import email.policy
import hashlib
import re
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime

from collect.render.letters.content import LetterData

_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029\x85]+")
_ADDRESS = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")


def header_text(value: str) -> str:
    """One line of text: control characters (CR, LF, tabs, …) become a space."""
    return " ".join(_CONTROL.sub(" ", value).split())


def address(name: str | None, mail: str | None) -> Address | None:
    mail = (mail or "").strip()
    if not _ADDRESS.match(mail):
        return None
    local, domain = mail.rsplit("@", 1)
    return Address(display_name=header_text(name or ""), username=local, domain=domain)


def eml_bytes(data: LetterData, title: str, text: str, html: str, meta: str) -> bytes:
    msg = EmailMessage(policy=email.policy.SMTP)
    company = data.company
    sender = address(company.name, company.contact.email if company.contact else None)
    recipient = address(data.contact.name if data.contact else data.customer.full_name,
                        data.contact.email if data.contact else None)
    if sender is not None:
        msg["From"] = sender
    if recipient is not None:
        msg["To"] = recipient
    msg["Subject"] = header_text(f"{title} – {company.name} – {data.reference}")
    msg["Date"] = format_datetime(dt.datetime.combine(data.date, dt.time(9, 0), dt.timezone.utc))
    domain = sender.domain if sender is not None else "collect.invalid"
    msg["Message-ID"] = f"<{header_text(data.reference)}@{domain}>"
    msg["X-Unsent"] = "1"
    msg["X-Collect-Letter"] = header_text(meta)
    msg.set_content(text)
    msg.add_alternative(html, subtype="html")
    # a fixed boundary: the same letter gives the same bytes (builds are deterministic)
    msg.set_boundary("=_collect_" + hashlib.sha256(data.reference.encode()).hexdigest()[:24])
    return msg.as_bytes(policy=email.policy.SMTP)
