"""Records → YAML that reads like the hand-written ledger.

Keys in the sample ledger's order, one blank line between records, dates ISO, money as
plain decimals, allocations in flow style, no tags or anchors, Chinese text as is.
A value is written plain only when YAML would read it back as that same text; anything
else (``0000611365``, ``yes``, ``a: b``, ``#1``) is double-quoted, so the record reads
back the same with our loader and with any other YAML tool.
"""

from __future__ import annotations

import re
import unicodedata

import yaml

ORDER: dict[str, tuple[str, ...]] = {
    "invoices": ("number", "customer", "issued", "due", "terms", "currency", "contract", "po", "delivered",
                 "description", "interest_rate", "interest_profile", "amount"),
    "payments": ("date", "customer", "amount", "currency", "ref", "kind", "memo", "allocations"),
    "customer": ("id", "name", "currency"),
}
# dates, amounts and day counts: normalised text, written plain as in the sample ledger
# (our loader keeps `55.94` and `2013-01-02` as the text written, never a float or a date)
RAW_KEYS = frozenset({"issued", "due", "delivered", "date", "amount", "terms"})
_ASCII_PLAIN = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 -_./()+%")
_RESOLVER = yaml.resolver.Resolver()
_STR = "tag:yaml.org,2002:str"
# numbers as YAML 1.2 tools (ruamel, Go, JS) read them, beyond PyYAML's YAML 1.1
_YAML12_NUMBER = re.compile(r"[-+]?(\.\d+|\d[\d_]*(\.\d*)?)([eE][-+]?\d+)?|0x[0-9a-fA-F]+|0o[0-7]+")


def scalar(value: str) -> str:
    """``value`` as a YAML scalar: plain when that is safe, else double-quoted."""
    if _plain_ok(value):
        return value
    return _double_quoted(value)


def _plain_ok(value: str) -> bool:
    if not value or value != value.strip() or value[0] in "-.%+(":
        return False
    for ch in value:
        if ch in _ASCII_PLAIN:
            continue
        if ord(ch) < 0x80 or unicodedata.category(ch)[0] in "CZ":  # ASCII punctuation, controls, odd spaces
            return False
    if _YAML12_NUMBER.fullmatch(value):
        return False
    return _RESOLVER.resolve(yaml.ScalarNode, value, (True, False)) == _STR


def _double_quoted(value: str) -> str:
    out = ['"']
    for ch in value:
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif unicodedata.category(ch)[0] == "C" or ch in "\u2028\u2029\u0085":
            code = ord(ch)
            out.append(f"\\u{code:04X}" if code <= 0xFFFF else f"\\U{code:08X}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def _value(key: str, value: str) -> str:
    return value if key in RAW_KEYS else scalar(value)


def record_lines(kind: str, data: dict, indent: str = "  ") -> list[str]:
    """One record's ``key: value`` lines; the first line starts with ``- ``."""
    lines = []
    for key in ORDER[kind]:
        if key not in data:
            continue
        value = data[key]
        if key == "allocations":
            lines.append("allocations:")
            for item in value:
                inner = ", ".join(f"{k}: {_value(k, v)}" for k, v in item.items())
                lines.append(f"  - {{{inner}}}")
        else:
            lines.append(f"{key}: {_value(key, value)}")
    return [("- " if i == 0 else indent) + line for i, line in enumerate(lines)]


def records_text(kind: str, records: list[dict], header: list[str]) -> str:
    """A file holding a list of records, after a comment header."""
    out = [f"# {line}" if line else "#" for line in header]
    for data in records:
        out.append("")
        out.extend(record_lines(kind, data))
    return "\n".join(out) + "\n"


def mapping_text(kind: str, data: dict, header: list[str]) -> str:
    """A file holding one record (a customer) as plain ``key: value`` lines."""
    out = [f"# {line}" if line else "#" for line in header]
    out.extend(f"{key}: {_value(key, data[key])}" for key in ORDER[kind] if key in data)
    return "\n".join(out) + "\n"
