"""Fingerprints of what each output file is made from, for rebuilding only what changed.

A customer's page and letters are made from that customer's records, the company and
policy files, the templates, the as-of date and the build settings. Each fingerprint is a
SHA-256 over those inputs, so an unchanged fingerprint means an unchanged file:

* **shared** (part of every fingerprint): the tool's version and a digest of its own code,
  message catalogues and rendering libraries; the as-of date; every template and static
  file in use (the ledger's own ``site_templates/`` and the theme); every ledger file that
  holds no customer's record (``company.yaml``, ``policy.yaml``, files whose records were
  all rejected); and every diagnostic (pages show their count, and a record another one
  invalidates changes figures without its own file changing);
* **a customer's inputs**: the shared part and the digest of every file holding one of
  its records (its customer file, its notes, and the invoice and payment files with its
  entries; a file shared by several customers counts for each of them);
* **its page**: its inputs, the site's language and redaction, the letters drafted for it
  and its git history;
* **a letter**: its inputs and the letter type (the as-of date, its own date, is shared).

Paths are taken relative to the ledger folder, so the same ledger elsewhere gives the
same fingerprints (and the manifest the same bytes). A customer one of whose records
cannot be traced to a file read gets no fingerprint: its files are always rendered.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import sys
from collections.abc import Iterable
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from collect import __version__
from collect.diagnostics import Diagnostic
from collect.model.ledger import Ledger
from collect.render.env import default_templates, template_dirs

FORMAT = 1
_UNSEEN = object()
PACKAGE = Path(__file__).resolve().parent.parent  # collect/
LIBRARIES = ("jinja2", "markupsafe", "babel", "markdown", "nh3")


def digest(*parts) -> str:
    """SHA-256 of the parts written as canonical JSON (dates as ISO strings)."""
    text = json.dumps(parts, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=_plain)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _plain(value):
    if isinstance(value, (dt.date, Path)):
        return str(value)
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    raise TypeError(f"cannot fingerprint {type(value).__name__}")


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@lru_cache(maxsize=1)
def code_digest() -> str:
    """The tool itself: its version, its Python code and catalogues, the libraries that
    shape its output. A development install keeps its version number while its code
    changes; a page rendered by other code must not be reused."""
    files = sorted(p for p in PACKAGE.rglob("*") if p.is_file() and p.suffix in (".py", ".po", ".json", ".jinja",
                                                                                   ".html", ".css", ".js", ".md"))
    versions = {}
    for name in LIBRARIES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return digest(__version__, sys.version_info[:2], versions,
                  [(p.relative_to(PACKAGE).as_posix(), file_digest(p)) for p in files])


def templates_digest(ledger_root: Path | None) -> str:
    """Every file of every template folder in use (overrides first, then the theme)."""
    rows = []
    for index, folder in enumerate(template_dirs(ledger_root)):
        name = "theme" if folder == default_templates() else f"own{index}"
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                rows.append((name, path.relative_to(folder).as_posix(), file_digest(path)))
    return digest(rows)


def site_overrides(ledger_root: Path | None) -> bool:
    """Whether the ledger overrides a page template: an overriding page may show anything
    of the whole ledger's state, so no page of it can be reused safely."""
    for folder in template_dirs(ledger_root):
        if folder == default_templates():
            continue
        if (folder / "site").is_dir() and any(p.is_file() for p in (folder / "site").rglob("*")):
            return True
    return False


class Fingerprints:
    """The fingerprints of one build: ledger, diagnostics, as-of date and settings."""

    def __init__(self, ledger: Ledger, diagnostics: list[Diagnostic], as_of: dt.date):
        self.root = os.path.abspath(ledger.root)
        self._relative: dict[str, str | None] = {}
        sources = {self._key(path): sha for path, sha in ledger.sources.items()}
        self.customer_files, untraced = self._owners(ledger, sources)
        owned = set().union(*self.customer_files.values()) if self.customer_files else set()
        unowned = sorted((path, sha) for path, sha in sources.items() if path not in owned)
        self.sources = sources
        self.shared = digest(
            "collect-fingerprint", FORMAT, code_digest(), as_of, templates_digest(ledger.root), unowned,
            [self._diagnostic(d) for d in diagnostics],
        )
        self.untraced = untraced
        self.reusable_pages = not site_overrides(ledger.root)
        self._customers: dict[str, str | None] = {}
        self._as_of = as_of

    def without_notes(self) -> str:
        """Of everything but the notes: the tool's code, the as-of date and every other
        file read. What depends on invoices, payments, customers, company and policy alone
        (balances at earlier dates, the company KPIs) is the same while this is. Rules
        about those files never look at a note, so their diagnostics are functions of
        these files too."""
        files = sorted((path, sha) for path, sha in self.sources.items() if not path.startswith("notes/"))
        return digest("collect-fingerprint-without-notes", FORMAT, code_digest(), self._as_of, files)

    # ------------------------------------------------------------ fingerprints

    def customer(self, customer_id: str) -> str | None:
        """What all of a customer's output is made from; None: always render it."""
        if customer_id not in self._customers:
            if customer_id in self.untraced or customer_id not in self.customer_files:
                self._customers[customer_id] = None
            else:
                files = sorted((path, self.sources[path]) for path in self.customer_files[customer_id])
                self._customers[customer_id] = digest(self.shared, "customer", customer_id, files)
        return self._customers[customer_id]

    def page(self, customer_id: str, lang: str, redact: bool, letters: Iterable, history: Iterable,
             authors: Iterable = ()) -> str | None:
        """``authors``: (note path, git author) of its notes that name none themselves."""
        inputs = self.customer(customer_id)
        if inputs is None or not self.reusable_pages:
            return None
        return digest(inputs, "page", lang, redact, [_fields(x) for x in letters], [_fields(x) for x in history],
                      [list(pair) for pair in authors])

    def letter(self, customer_id: str, letter_type: str) -> str | None:
        inputs = self.customer(customer_id)
        return None if inputs is None else digest(inputs, "letter", letter_type)

    def whole(self, lang: str, redact: bool, letters: Iterable, history: dict) -> str:
        """Of the pages about the whole ledger: everything there is, so they are taken over
        only when nothing at all changed."""
        return digest(self.shared, "site", lang, redact, sorted(self.sources.items()),
                      [_fields(x) for x in letters],
                      {cid: [_fields(x) for x in changes] for cid, changes in (history or {}).items()})

    # ------------------------------------------------------------ which files are whose

    def _owners(self, ledger: Ledger, sources: dict[str, str]) -> tuple[dict[str, set[str]], set[str]]:
        files: dict[str, set[str]] = {}
        untraced: set[str] = set()

        # (file as displayed, customer) once each: a file holds many records of a customer
        pairs = {(customer.origin_path, customer.id) for customer in ledger.customers.values()}
        pairs.update((record.origin_path, record.customer) for record in ledger.invoices)
        pairs.update((record.origin_path, record.customer) for record in ledger.payments)
        pairs.update((note.meta.origin_path or note.path, note.meta.customer) for note in ledger.notes)
        for display, customer in pairs:
            if not display:
                untraced.add(customer)
                continue
            key = self._key(display)
            files.setdefault(customer, set()).add(key)
            if key not in sources:
                untraced.add(customer)
        return files, untraced

    def file_owners(self) -> dict[str, tuple[str, ...]]:
        """``collect.render.history.file_owners``: each file inside the ledger folder → the
        customers it holds records of."""
        owners: dict[str, set[str]] = {}
        for customer, files in self.customer_files.items():
            for key in files:
                if not key.startswith("/"):
                    owners.setdefault(key, set()).add(customer)
        return {key: tuple(sorted(ids)) for key, ids in owners.items()}

    def _key(self, display: str) -> str:
        """A file's name in fingerprints: relative to the ledger folder (the same ledger
        elsewhere gives the same fingerprints), or as displayed when it lies outside."""
        rel = self._rel(display)
        return os.path.abspath(display) if rel is None else rel  # absolute: never a relative name

    def _rel(self, display: str) -> str | None:
        rel = self._relative.get(display, _UNSEEN)
        if rel is _UNSEEN:
            path = os.path.abspath(display)
            prefix = self.root.rstrip(os.sep) + os.sep
            if path.startswith(prefix):
                rel = path[len(prefix):].replace(os.sep, "/")
            else:
                rel = None
            self._relative[display] = rel
        return rel

    def _diagnostic(self, d: Diagnostic) -> tuple:
        path = self._rel(d.path) if d.path else d.path
        return (d.code, str(getattr(d.severity, "value", d.severity)), path or d.path, d.line, d.col, d.message,
                d.hint)


def _fields(item) -> list:
    """A frozen dataclass (a letter link, a history entry) as plain values."""
    names = getattr(item, "__dataclass_fields__", None)
    if names is None:
        return [str(item)]
    return [getattr(item, name) for name in names]
