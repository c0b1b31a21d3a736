"""Ledger text made safe for the Markdown draft (which is also the .eml's text part).

The HTML letter escapes what it prints; Markdown has no escaping, and its structure is
made of line starts: a customer name written in the ledger as ``"Acme\\n# Paid in full"``
would put a heading into the letter, an address starting with ``>`` a quotation. So
before the Markdown is rendered, every text from the ledger is made one line (each line
break, including U+2028, U+2029 and U+0085, becomes a space) and a name or address that
starts like a Markdown block (``#``, ``>``, ``-``, ``1.``, ``|`` …) gets a backslash in
front of it. Table cells escape ``|`` themselves (``letters/macros.md``).

Ids and invoice numbers never contain a line break (validation refuses them), so they
pass unchanged and the letter's ``collect-letter`` marker still names them exactly.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from pydantic import BaseModel

# everything str.splitlines() breaks at, and the other control characters but the tab
_BREAKS = re.compile(r"[\r\n\v\f\x1c-\x1e\x85\u2028\u2029]+")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f]")
# how a Markdown block can start: heading, quote, list item, rule, table row, fence, setext
_BLOCK_START = re.compile(r"^(?:#{1,6}(?:\s|$)|>|[-+*](?:\s|$)|\d{1,9}[.)](?:\s|$)|[-*_=](?:\s*[-*_=]){2,}\s*$|\||`{3}|~{3})")
# the fields a template may put at the start of a line (the letterhead, the salutation)
LINE_START_FIELDS = frozenset({"name", "legal_name", "full_name", "address", "title", "account_name", "bank_name"})


def one_line(text: str) -> str:
    """``text`` without line breaks or control characters, trimmed."""
    flat = _CONTROL.sub("", _BREAKS.sub(" ", text))
    if flat == text:
        return text
    return flat.strip()


def inert_start(text: str) -> str:
    """``text`` that cannot start a Markdown block when put at the start of a line."""
    stripped = text.lstrip()
    if _BLOCK_START.match(stripped):
        return "\\" + stripped
    return text


def markdown_safe(value: Any, field: str = "") -> Any:
    """A copy of ``value`` (a :class:`LetterData`, or any part of one) whose texts from the
    ledger are safe in Markdown; parts that need no change are the same objects."""
    if isinstance(value, str):
        text = one_line(value)
        return inert_start(text) if field in LINE_START_FIELDS else text
    if isinstance(value, (tuple, list)):
        items = [markdown_safe(item, field) for item in value]
        if all(new is old for new, old in zip(items, value)):
            return value
        return type(value)(items)
    if isinstance(value, BaseModel):
        updates = _changed(value, type(value).model_fields)
        return value.model_copy(update=updates) if updates else value
    if dataclasses.is_dataclass(value) and not isinstance(value, type) \
            and type(value).__module__.startswith("collect.render."):
        # the letter's own records (items, totals, statement lines, plan, evidence);
        # the engine's state objects they point at are not printed as text
        updates = _changed(value, [f.name for f in dataclasses.fields(value)])
        return dataclasses.replace(value, **updates) if updates else value
    return value


def _changed(record: Any, names) -> dict[str, Any]:
    updates = {}
    for name in names:
        old = getattr(record, name)
        new = markdown_safe(old, name)
        if new is not old:
            updates[name] = new
    return updates
