"""Masking personal data for published sites (``collect build --redact``; PIPL / GDPR)."""

from __future__ import annotations

import re


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
