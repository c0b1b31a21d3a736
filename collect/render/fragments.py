"""Rows of the pages about the whole ledger, kept from one build to the next.

The pages about the whole ledger (limitation watch, promises) are rendered again
whenever anything changed, and on a large ledger they are long: 16,000 limitation rows at
50,000 invoices. Most rows belong to customers whose inputs did not change, so a template
may wrap a row in

    {% call fragment("limitation", c.id, i.number, warned) %} … {% endcall %}

and the row's HTML is taken from the last build when its key is the same. The key is a
SHA-256 over everything the row can show:

* the build's shared fingerprint (the tool's code and catalogues, every template, the
  as-of date, company and policy files, every diagnostic: see
  ``collect.render.fingerprint``), the language and redaction;
* the template and its ``root`` (links are relative);
* the customer's own inputs (every file holding one of its records);
* the values the template passes (the invoice number, a flag computed from the state).

So a row is reused only when the customer's files, and everything shared, are byte for
byte the same as when it was rendered. A customer that cannot be traced to its files,
a ledger that overrides page templates (an overriding row might show anything) and a
build without a cache render every row. The rows kept are those used by the last build
(in the cache folder, ``collect.cache``), so the file does not grow.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import jinja2
from markupsafe import Markup

from collect import cache
from collect.render.fingerprint import Fingerprints, digest

FORMAT = 1


class Fragments:
    def __init__(self, fingerprints: Fingerprints | None, lang: str, redact: bool, ledger_root: Path | None):
        usable = fingerprints is not None and fingerprints.reusable_pages and ledger_root is not None
        self.fingerprints = fingerprints if usable else None
        self.file = cache.cache_file(ledger_root, "fragments") if usable else None
        self.scope = digest(fingerprints.shared, "fragments", FORMAT, lang, redact) if usable else ""
        saved = cache.read_pickle(self.file) if self.file is not None else None
        self.saved: dict[str, str] = saved if isinstance(saved, dict) else {}
        self.loaded = set(self.saved)
        self.new: dict[str, str] = {}
        self.used: set[str] = set()
        self.fresh = False  # any row rendered in this build (here or in a worker)

    @jinja2.pass_context
    def __call__(self, context, name: str, customer_id: str, *parts, caller) -> Markup:
        key = self._key(context, name, customer_id, parts)
        if key is None:
            return caller()
        html = self.saved.get(key)
        if html is None:
            html = self.new.get(key)
        if html is None:
            html = self.new[key] = str(caller())
        self.used.add(key)
        return Markup(html)

    def _key(self, context, name: str, customer_id: str, parts: tuple) -> str | None:
        if self.fingerprints is None:
            return None
        inputs = self.fingerprints.customer(customer_id)
        if inputs is None:
            return None
        text = "\0".join((self.scope, context.name or "", str(context.resolve("root")), name, inputs,
                          *(str(p) for p in parts)))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    # ------------------------------------------------------------ across processes

    def taken(self) -> tuple[dict[str, str], set[str]]:
        """What was rendered and used since the last call (a render worker sends it back)."""
        news, used = self.new, self.used
        self.new, self.used = {}, set()
        return news, used

    def merge(self, news: dict[str, str], used: set[str]) -> None:
        self.fresh = self.fresh or bool(news)
        self.saved.update(news)
        self.used |= used

    def save(self) -> None:
        """Keep the rows this build used, for the next one (the file is left alone when
        that is what it holds already)."""
        if self.file is None or (not self.fresh and not self.new and self.used == self.loaded):
            return
        kept = {key: html for key in self.used
                if (html := self.new.get(key) or self.saved.get(key)) is not None}
        cache.write_pickle(self.file, kept)
