"""The check cache: what the last full load of a ledger found, to re-check only what changed.

A case note is a leaf of the ledger: nothing refers to a note, so when only notes were
added, edited or removed since the last full load, every other diagnostic stands and the
changed notes are checked alone against the saved index of customers and invoices. Any
other change (a customer, invoice, payment, company or policy file, the as-of date, the
tool's version) means a full load, which writes a new snapshot.

Files are recognised by (size, mtime, ctime, inode), as git's index does: an edit always
changes ctime. As in git, a file whose times fall within ``RACY_NS`` of the moment its
table was taken is "racily clean": it may have been edited again within the same tick of
the file system's clock, after it was read, with the same size. Such a file is judged by
its bytes instead: its SHA-256 against the one recorded when it was read (``digests``).
Every record also keeps the SHA-256 of its file (``Ledger.sources``), which the build's
fingerprints and kept states are keyed on. The cache is never trusted blindly: one
pickle per ledger, written atomically; anything unreadable, of another version or for
another ledger is ignored.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from collect import __version__
from collect.cache import cache_file, identity, read_pickle, write_pickle
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
    taken: int = 0  # when ``files`` was taken (ns since the epoch): see RACY_NS
    digests: dict = field(default_factory=dict)  # display path → SHA-256 of the bytes read
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


# Coarser than any file system's clock (FAT: 2 s; ext4 stamps in kernel ticks).
RACY_NS = 2_000_000_000


def file_table(files: list[SourceFile]) -> tuple[int, dict[str, tuple[str, tuple | None]]]:
    """When the table is taken (ns since the epoch, read first) and each file's stat key."""
    taken = time.time_ns()
    return taken, {f.display: (f.kind, stat_key(f.path)) for f in files}


def _settled(key: tuple, before: int) -> bool:
    """Last changed (mtime and ctime) well before ``before``."""
    return key[1] < before and key[2] < before


def _same_bytes(display: str, digest: str | None) -> bool:
    """Whether the file (a path as displayed: relative to the same working directory, which
    the snapshot is kept for) still holds the bytes that were read."""
    if digest is None:
        return False
    try:
        with open(display, "rb") as handle:
            return hashlib.sha256(handle.read()).hexdigest() == digest
    except OSError:
        return False


def changed_notes(snapshot: Snapshot, table: dict[str, tuple[str, tuple | None]]) -> set[str] | None:
    """The notes added, edited or removed since the snapshot; None when anything else
    changed too (a full load is needed)."""
    old = snapshot.files
    settled_before = snapshot.taken - RACY_NS
    changed: set[str] = set()
    for display in old.keys() | table.keys():
        before, now = old.get(display), table.get(display)
        if before == now and now is not None and now[1] is not None and (
                _settled(now[1], settled_before) or _same_bytes(display, snapshot.digests.get(display))):
            continue
        kinds = {entry[0] for entry in (before, now) if entry is not None}
        if kinds != {"note"}:
            return None
        changed.add(display)
    return changed
