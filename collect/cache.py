"""The cache folder: files that only make later runs faster.

``COLLECT_CACHE_DIR``, else ``$XDG_CACHE_HOME/collect``, else ``~/.cache/collect``; one
subfolder per tool version, one file per ledger and kind (the check snapshot, the typed
ledger, computed customer states, rendered rows). Every file is a pickle written
atomically, read only when nobody else could have written it, and never trusted
blindly: anything missing, unreadable or of another format is a miss, not an error.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import tempfile
from pathlib import Path

from collect import __version__

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


def identity(root: Path) -> str:
    """What tells one ledger from another: its absolute path and the working directory
    (messages show paths relative to it)."""
    return f"{root.resolve()}\0{os.getcwd()}"


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


def cache_file(root: Path, kind: str) -> Path | None:
    """A cache file of this ledger for ``kind`` (None when caching is off)."""
    base = cache_root()
    if base is None:
        return None
    name = hashlib.sha256(identity(root).encode("utf-8", "surrogateescape")).hexdigest()[:24]
    return base / __version__ / f"{kind}-{name}.pickle"


def read_pickle(path: Path | None):
    """What ``write_pickle`` saved at ``path``; None when it is missing, unreadable, of
    another format or not private to us."""
    if path is None or not _private(path):
        return None
    try:
        with open(path, "rb") as handle:
            fmt, value = pickle.load(handle)
    except Exception:  # a missing, partial, corrupt or foreign cache file is only a miss
        return None
    return value if fmt == FORMAT else None


def write_pickle(path: Path | None, value) -> None:
    if path is None:
        return
    with contextlib.suppress(OSError, pickle.PicklingError, RecursionError):
        path.parent.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        path.parent.mkdir(mode=0o700, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                pickle.dump((FORMAT, value), handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        finally:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
