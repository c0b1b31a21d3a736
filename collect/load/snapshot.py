"""The check cache: what the last full load of a ledger found, to re-check only what changed.

A case note is a leaf of the ledger: nothing refers to a note, so when only notes were
added, edited or removed since the last full load, every other diagnostic stands and the
changed notes are checked alone against the saved index of customers and invoices. Any
other change (a customer, invoice, payment, company or policy file, the as-of date, the
tool's version) means a full load, which writes a new snapshot.

Files are recognised by (size, mtime, ctime, inode), as git's index does: an edit always
changes ctime. The cache is never trusted blindly: one pickle per ledger, written
atomically; anything unreadable, of another version or for another ledger is ignored.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path

from collect import __version__
from collect.cache import cache_file, cache_root, identity, read_pickle, write_pickle
from collect.diagnostics import Diagnostic
from collect.load.files import SourceFile



def stat_key(path: Path) -> tuple | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


@dataclass
class Snapshot:
    version: str
    ledger: str  # absolute ledger path and working directory: display paths depend on both
    as_of: dt.date
    files: dict[str, tuple[str, tuple | None]]  # display path → (kind, stat key)
    diagnostics: list[Diagnostic]  # of loading and validation (not of finding the files)
    # what a note is checked against
    company: object = None
    policy: object = None
    customers: dict = field(default_factory=dict)
    rejected_customers: set = field(default_factory=set)
    rejected_invoices: set = field(default_factory=set)
    invoice_customer: dict = field(default_factory=dict)
    # the validated, typed ledger (only in the snapshot that status and build keep)
    clean: object = None


def _path(root: Path, typed: bool = False) -> Path | None:
    return cache_file(root, "ledger" if typed else "check")


def read(root: Path, typed: bool = False) -> Snapshot | None:
    snapshot = read_pickle(_path(root, typed))
    if not isinstance(snapshot, Snapshot) or snapshot.version != __version__ \
            or snapshot.ledger != identity(root):
        return None
    return snapshot


def write(root: Path, snapshot: Snapshot, typed: bool = False) -> None:
    """Atomically; a cache that cannot be written is only a slower next run. The light
    snapshot (for check) never carries the typed ledger."""
    write_pickle(_path(root, typed), snapshot if typed or snapshot.clean is None else _without_ledger(snapshot))


def _without_ledger(snapshot: Snapshot) -> Snapshot:
    from dataclasses import replace

    return replace(snapshot, clean=None)


def file_table(files: list[SourceFile]) -> dict[str, tuple[str, tuple | None]]:
    return {f.display: (f.kind, stat_key(f.path)) for f in files}


def changed_notes(snapshot: Snapshot, table: dict[str, tuple[str, tuple | None]]) -> set[str] | None:
    """The notes added, edited or removed since the snapshot; None when anything else
    changed too (a full load is needed)."""
    old = snapshot.files
    changed: set[str] = set()
    for display in old.keys() | table.keys():
        before, now = old.get(display), table.get(display)
        if before == now and now is not None and now[1] is not None:
            continue
        kinds = {entry[0] for entry in (before, now) if entry is not None}
        if kinds != {"note"}:
            return None
        changed.add(display)
    return changed
