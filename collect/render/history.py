"""Who changed each customer's files and when, from the ledger repository's git history.

The customer page lists the commits that touched any file with that customer's records:
its own ``customers/<id>.yaml``, its notes, and the invoice and payment files holding
its entries (found through the loaded records' origins, since such files may be named
and grouped any way). One ``git log`` over the ledger folder gives every commit with
the files it changed; ledgers have thousands of files, so there is no call per file.

Outside a git repository, or without git, there is no history: an empty mapping.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from collect.changes.git import GitError, log_files
from collect.model.ledger import Ledger

MAX_PER_CUSTOMER = 20


@dataclass(frozen=True, slots=True)
class Change:
    """One commit that changed files of one customer."""

    date: str  # ISO date of the commit in its author's own timezone
    author: str
    summary: str  # the commit message's first line
    commit: str
    files: tuple[str, ...] = ()  # that customer's files it changed, relative to the ledger


def ledger_log(ledger: Ledger) -> list | None:
    """Every commit that changed a file of the ledger, newest first (``log_files``); None
    outside a git repository or without git."""
    root = Path(ledger.root)
    if not root.is_dir():
        return None
    try:
        return log_files(root)
    except GitError:
        return None


def customer_history(ledger: Ledger, owners: dict[str, tuple[str, ...]] | None = None,
                     commits: list | None = None) -> dict[str, list[Change]]:
    """Customer id → the commits that changed its files, newest first, at most 20 each.

    ``owners``: ``file_owners(ledger)`` when the caller has it already (a build works it
    out for its fingerprints); ``commits``: ``ledger_log(ledger)``, likewise."""
    if commits is None:
        commits = ledger_log(ledger)
    if commits is None:
        return {}
    if owners is None:
        owners = file_owners(ledger)
    history: dict[str, list[Change]] = {}
    for commit in commits:
        touched: dict[str, list[str]] = {}
        for name in commit.files:
            for customer in owners.get(name) or _owner_by_layout(name, ledger):
                touched.setdefault(customer, []).append(name)
        for customer, files in touched.items():
            changes = history.setdefault(customer, [])
            if len(changes) < MAX_PER_CUSTOMER:
                changes.append(Change(commit.date, commit.author, commit.summary, commit.commit, tuple(files)))
    return dict(sorted(history.items()))


def note_authors(ledger: Ledger, commits: list | None = None) -> dict[str, str]:
    """A note's path (as ``Note.path``) → who wrote it, for the notes whose front matter
    names no ``author``: SPEC §2 makes the default "the git author of the file", read as
    the author of the commit that added the file (the first to touch it; later commits
    may only correct it). A note not yet committed has no default."""
    if commits is None:
        commits = ledger_log(ledger)
    if not commits:
        return {}
    first: dict[str, str] = {}
    for commit in commits:  # newest first: what is left is the oldest commit of each file
        for name in commit.files:
            if name.startswith("notes/"):
                first[name] = commit.author
    relative = _Relative(ledger)
    authors = {}
    for note in ledger.notes:
        author = None if note.meta.author else first.get(relative(note.path))
        if author:
            authors[note.path] = author
    return authors


def file_owners(ledger: Ledger) -> dict[str, tuple[str, ...]]:
    """Each ledger file (POSIX path relative to the ledger root) → the customers it holds records of."""
    relative = _Relative(ledger)
    owners: dict[str, set[str]] = {}

    def own(display: str | None, customer: str) -> None:
        rel = relative(display) if display else None
        if rel is not None:
            owners.setdefault(rel, set()).add(customer)

    for customer in ledger.customers.values():
        own(customer.origin_path, customer.id)
    for record in (*ledger.invoices, *ledger.payments):
        own(record.origin_path, record.customer)
    for note in ledger.notes:
        own(note.path, note.meta.customer)
    return {name: tuple(sorted(ids)) for name, ids in owners.items()}


class _Relative:
    """A path as displayed → its POSIX path relative to the ledger root (None outside it),
    remembered: many records share a file."""

    def __init__(self, ledger: Ledger):
        self.base = os.path.abspath(ledger.root)
        self.known: dict[str, str | None] = {}

    def __call__(self, display: str) -> str | None:
        if display not in self.known:
            rel = os.path.relpath(os.path.abspath(display), self.base)
            self.known[display] = None if rel.startswith("..") else PurePosixPath(*Path(rel).parts).as_posix()
        return self.known[display]


def _owner_by_layout(name: str, ledger: Ledger) -> tuple[str, ...]:
    """A file no loaded record comes from (deleted, renamed, or now invalid): its customer
    where the layout says it, ``customers/<id>.yaml`` or ``notes/<id>/…``."""
    parts = PurePosixPath(name).parts
    if len(parts) == 2 and parts[0] == "customers":
        candidate = PurePosixPath(parts[1]).stem
    elif len(parts) >= 3 and parts[0] == "notes":
        candidate = parts[1]
    else:
        return ()
    return (candidate,) if candidate in ledger.customers else ()
