"""Masking personal data for published sites (``collect build --redact``; PIPL / GDPR).

``mask`` shortens one contact detail on the customer page. A :class:`Redactor` knows
every contact detail of a ledger and masks it wherever else it turns up: in a note's
text, a next action, the data-quality page's messages (which quote what was written),
or any finished page. In free text it also masks what looks like an e-mail address or a
phone number, known or not (a contact whose record has an error is not in the ledger,
but the error message may quote the detail).
"""

from __future__ import annotations

import html
import re
from dataclasses import replace
from typing import Iterable

from collect.diagnostics import Diagnostic

_EMAIL = re.compile(r"[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
# digits with + or separators, 7 or more of them; not inside a word or a decimal number
_PHONE = re.compile(r"(?<![\w.,/-])\+?\(?\d[\d ()-]{5,}\d(?![\w.,/])")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_CN_MOBILE = re.compile(r"1[3-9]\d{9}")
_QUOTED = re.compile(r"`([^`]+)`")
_ABOUT_CONTACT = re.compile(r"\bcontacts?(\[\d+\])?\.")  # contacts[1].primary: …, contact.email: …
# a contact detail shorter than this is not looked for in whole pages (a stray
# two-letter WeChat id would mask every word that contains it)
MIN_KNOWN = 6


def mask(value: str | None) -> str | None:
    """Keep enough to recognise a contact, not enough to reach them."""
    if not value:
        return value
    if "@" in value:
        local, _, domain = value.partition("@")
        return (local[:1] or "") + "***@" + domain
    digits = re.sub(r"\D", "", value)
    if len(digits) >= 7:
        return digits[:3] + "*" * (len(digits) - 5) + digits[-2:]
    return value[:1] + "***"


def contact_details(ledger) -> set[str]:
    """Every phone number, e-mail address and WeChat id of the ledger's customers'
    contacts, as written and (phones) as bare digits."""
    found: set[str] = set()
    for customer in ledger.customers.values():
        for contact in customer.contacts:
            for value in (contact.email, contact.wechat):
                if value and value.strip():
                    found.add(value.strip())
            if contact.phone and contact.phone.strip():
                found |= phone_forms(contact.phone.strip())
    return found


def phone_forms(phone: str) -> set[str]:
    """A phone number as written, as bare digits and, written with its country code, as
    dialled at home (``+86 138 0000 0101`` → ``138 0000 0101``, ``13800000101``,
    ``013800000101``): the ways a note may repeat it."""
    forms = {phone}
    digits = re.sub(r"\D", "", phone)
    if len(digits) >= 7:
        forms.add(digits)
    if phone.startswith("+"):
        code, _, national = phone[1:].partition(" ")
        national = national.strip()
        bare = re.sub(r"\D", "", national)
        if code.isdigit() and len(bare) >= 7:
            forms |= {national, "0" + national, bare, "0" + bare}
    return forms


class Redactor:
    """Masks the contact details of one ledger in text, HTML and diagnostics."""

    def __init__(self, known: Iterable[str]):
        self.known = sorted({k for k in known if len(k) >= MIN_KNOWN}, key=lambda k: (-len(k), k))
        self._known = re.compile("|".join(re.escape(k) for k in self.known)) if self.known else None
        escaped = {html.escape(k): mask(k) for k in self.known}
        escaped = {k: v for k, v in escaped.items() if k not in self.known}
        self._masks = {k: mask(k) for k in self.known} | escaped
        self._in_html = (re.compile("|".join(re.escape(k) for k in sorted(self._masks, key=lambda k: (-len(k), k))))
                         if self._masks else None)

    @classmethod
    def of(cls, ledger) -> "Redactor":
        return cls(contact_details(ledger))

    def text(self, value: str | None) -> str | None:
        """Free text (a note, a next action, a message): known details, e-mail addresses
        and phone numbers masked."""
        if not value:
            return value
        if self._known is not None:
            value = self._known.sub(lambda m: mask(m.group()), value)
        value = _EMAIL.sub(lambda m: mask(m.group()), value)
        return _PHONE.sub(_phone, value)

    def html(self, page: str) -> str:
        """A finished page: only the known details are masked (a pattern could match
        figures in markup, such as a chart's coordinates)."""
        if self._in_html is None:
            return page
        return self._in_html.sub(lambda m: self._masks[m.group()], page)

    def diagnostic(self, d: Diagnostic) -> Diagnostic:
        """A diagnostic as the published data-quality page may show it: a message about a
        contact quotes no value of it, and no message or hint quotes a detail."""
        message = d.message
        if _ABOUT_CONTACT.search(message):
            message = _QUOTED.sub(lambda m: f"`{mask(m.group(1))}`" if _is_value(m.group(1)) else m.group(), message)
        message, hint = self.text(message), self.text(d.hint)
        if message == d.message and hint == d.hint:
            return d
        return replace(d, message=message, hint=hint)

    def diagnostics(self, diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
        return [self.diagnostic(d) for d in diagnostics]


def _phone(match: re.Match) -> str:
    text = match.group()
    digits = re.sub(r"\D", "", text)
    if len(digits) < 7 or _DATE.search(text):
        return text
    if text.startswith("+") or re.search(r"[ ()]", text.strip()) or _CN_MOBILE.fullmatch(digits) or "-" in text:
        return mask(text)
    return text


_FIELD_PATH = re.compile(r"[a-z_]+(\[\d+\])?(\.[a-z_]+(\[\d+\])?)*")


def _is_value(quoted: str) -> bool:
    """A quoted value (not a field's name such as ``contacts[1].phone``)."""
    return not _FIELD_PATH.fullmatch(quoted)
