"""The cache (``COLLECT_CACHE_DIR``) is not a way to run code.

The cache holds pickles, and unpickling runs whatever the file says. A cache folder
that others can write to (a shared or CI cache restored from another branch's run, a
folder under /tmp) must therefore not be read: collect is then only slower, never
someone else's program.
"""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest
from seckit import VALID, run, write_ledger


class _Payload:
    def __init__(self, sentinel: Path):
        self.sentinel = sentinel

    def __reduce__(self):
        return (os.system, (f"touch {self.sentinel}",))


# check keeps what it found; build also the typed ledger, customers' states and table rows
KINDS = {"check": {"check"}, "build": {"check", "ledger", "states", "fragments"}}


@pytest.mark.parametrize("command", list(KINDS))
def test_a_cache_others_can_write_to_is_never_unpickled(tmp_path, monkeypatch, command):
    ledger = write_ledger(tmp_path / "ledger", VALID)
    cache = tmp_path / "shared-cache"
    monkeypatch.setenv("COLLECT_CACHE_DIR", str(cache))
    monkeypatch.delenv("COLLECT_CACHE", raising=False)
    assert run(ledger, tmp_path / "out", command).exit_code == 0
    pickles = [p for p in cache.rglob("*") if p.is_file()]
    assert {p.name.split("-")[0] for p in pickles} == KINDS[command], pickles
    sentinel = tmp_path / "code-ran"
    for path in pickles:  # what a co-user of the cache (or another branch's CI job) can do
        path.write_bytes(pickle.dumps(_Payload(sentinel)))
        os.chmod(path, 0o666)
    for folder in [cache, *(p for p in cache.rglob("*") if p.is_dir())]:
        os.chmod(folder, 0o777)
    result = run(ledger, tmp_path / "out", command)
    assert result.exit_code == 0, result.output
    assert not sentinel.exists(), "collect unpickled a cache file that anyone could have written"
