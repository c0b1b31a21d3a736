"""What the cache tests share: a copy of the sample ledger with a cache of its own."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

SAMPLE = Path(__file__).resolve().parents[2] / "ledger"


@pytest.fixture
def ledger(tmp_path, monkeypatch):
    """A copy of the sample ledger, its cache in the test's folder, caching on (even in a
    run of the suite with it off: these tests are about the cache)."""
    monkeypatch.setenv("COLLECT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("COLLECT_CACHE", raising=False)
    root = tmp_path / "ledger"
    shutil.copytree(SAMPLE, root)
    return root
