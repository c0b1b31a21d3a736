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

import contextlib
import datetime as dt
import hashlib
import os
import pickle
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from collect import __version__
from collect.diagnostics import Diagnostic
from collect.load.files import SourceFile

FORMAT = 1


def cache_root() -> Path | None:
    """``COLLECT_CACHE_DIR``, else ``$XDG_CACHE_HOME/collect``, else ``~/.cache/collect``;
    None when caching is switched off (``COLLECT_CACHE=0``)."""
    if os.environ.get("COLLECT_CACHE", "").strip().lower() in ("0", "off", "no", "false"):
        return None
    configured = os.environ.get("COLLECT_CACHE_DIR")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "collect"


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


def _identity(root: Path) -> str:
    return f"{root.resolve()}\0{os.getcwd()}"


def _path(root: Path, typed: bool = False) -> Path | None:
    base = cache_root()
    if base is None:
        return None
    name = hashlib.sha256(_identity(root).encode("utf-8", "surrogateescape")).hexdigest()[:24]
    return base / __version__ / f"{'ledger' if typed else 'check'}-{name}.pickle"


def _private(path: Path) -> bool:
    """Unpickling runs whatever the file says: read only a cache file that nobody but us
    can have written (ours, and neither it nor its folders writable by others)."""
    try:
        for item in (path, path.parent, path.parent.parent):
            st = os.stat(item)
            if st.st_uid != os.getuid() or st.st_mode & 0o022:
                return False
    except OSError:
        return False
    return True


def read(root: Path, typed: bool = False) -> Snapshot | None:
    path = _path(root, typed)
    if path is None or not _private(path):
        return None
    try:
        with open(path, "rb") as handle:
            fmt, snapshot = pickle.load(handle)
    except Exception:  # a missing, partial, corrupt or foreign cache file is only a miss
        return None
    if fmt != FORMAT or not isinstance(snapshot, Snapshot) or snapshot.version != __version__ \
            or snapshot.ledger != _identity(root):
        return None
    return snapshot


def write(root: Path, snapshot: Snapshot, typed: bool = False) -> None:
    """Atomically; a cache that cannot be written is only a slower next run. The light
    snapshot (for check) never carries the typed ledger."""
    path = _path(root, typed)
    if path is None:
        return
    with contextlib.suppress(OSError, pickle.PicklingError, RecursionError):
        path.parent.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        path.parent.mkdir(mode=0o700, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".check-", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                light = snapshot if typed or snapshot.clean is None else _without_ledger(snapshot)
                pickle.dump((FORMAT, light), handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        finally:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


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
