"""The .eml draft: an RFC 5322 message with the letter as text and HTML, never sent.

``X-Unsent: 1`` makes mail clients (Outlook, Thunderbird with an add-on, Apple Mail)
open it as a draft to review and send. Every header value is stripped of control
characters first, so a customer name with a line break cannot add a header; a name in an
address keeps no character that would need quoting (see ``display_name``); an address
that is not a plain ``local@domain`` is left out rather than passed on.
"""

from __future__ import annotations

import datetime as dt
import email.policy
import hashlib
import re
import unicodedata
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime

from collect.render.letters.content import LetterData

_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029\x85]+")
_NAME_PUNCTUATION = frozenset(" .-'&_+/")
MAX_NAME = 64
_ADDRESS = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")


def header_text(value: str) -> str:
    """One line of text: control characters (CR, LF, tabs, …) become a space."""
    return " ".join(_CONTROL.sub(" ", value).split())


def display_name(value: str) -> str:
    """A name for an address header: one line of letters, digits, spaces and ``.-'&_+/``.

    The other specials of RFC 5322 (``"(),:;<>@[\\]``) would need the name quoted, and
    Python's e-mail package drops those quotes when it folds a long header: a name such
    as ``x… <boss@evil.example> y…`` would then become the recipient. Without them no
    folding can change whom the draft is addressed to."""
    kept = "".join(ch if ch.isalnum() or ch in _NAME_PUNCTUATION or unicodedata.category(ch)[0] == "M" else " "
                   for ch in header_text(value))
    return " ".join(kept.split())[:MAX_NAME]


def address(name: str | None, mail: str | None) -> Address | None:
    mail = (mail or "").strip()
    if not _ADDRESS.match(mail):
        return None
    local, domain = mail.rsplit("@", 1)
    return Address(display_name=display_name(name or ""), username=local, domain=domain)


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
