"""Safe file names and anchors for ids that may contain `/` (invoice numbers).

Validation already refuses `..` and leading dots; here every character outside a small
set is encoded, so no id can name a path outside ``output/`` or collide with another.
"""

from __future__ import annotations

import re
from functools import lru_cache

_SAFE = re.compile(r"[^A-Za-z0-9._-]")


@lru_cache(maxsize=65536)
def slug(identifier: str) -> str:
    """``HX/2025/0117`` → ``HX~2F2025~2F0117``: reversible, so two ids never share a name."""
    text = _SAFE.sub(lambda m: "".join(f"~{b:02X}" for b in m.group().encode("utf-8")), identifier)
    return text if not text.startswith(".") else "~2E" + text[1:]


def invoice_anchor(number: str) -> str:
    return "inv-" + slug(number)


def customer_page(customer_id: str) -> str:
    return f"customers/{slug(customer_id)}.html"
