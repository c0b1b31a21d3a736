"""Shared test helpers: small ledgers written inline, the CLI run in-process."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from collect.cli import main

REPO = Path(__file__).resolve().parent.parent
SAMPLE_LEDGER = REPO / "ledger"
SAMPLE_AS_OF = "2026-11-22"

COMPANY = """\
name: 上海澄远贸易有限公司
currency: CNY
language: zh
jurisdiction: cn
"""


def write_ledger(root: Path, files: dict[str, str], company: str | None = COMPANY) -> Path:
    """Write a ledger: ``files`` maps paths inside the ledger to their (dedented) text."""
    root.mkdir(parents=True, exist_ok=True)
    if company is not None and "company.yaml" not in files:
        (root / "company.yaml").write_text(company, encoding="utf-8")
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


@pytest.fixture
def ledger_dir(tmp_path):
    """``ledger_dir(files)`` → path of a new ledger holding those files."""
    counter = iter(range(1000))

    def make(files: dict[str, str], company: str | None = COMPANY) -> Path:
        return write_ledger(tmp_path / f"ledger{next(counter)}", files, company)

    return make


def load(root: Path, as_of: str | dt.date = SAMPLE_AS_OF):
    from collect.load import load_ledger

    day = dt.date.fromisoformat(as_of) if isinstance(as_of, str) else as_of
    return load_ledger(root, day)


def compute_state(root: Path, as_of: str | dt.date = SAMPLE_AS_OF):
    """Load and compute; fails the test on any ledger error."""
    from collect.compute.engine import compute

    ledger, diagnostics = load(root, as_of)
    errors = [d for d in diagnostics if d.is_error]
    assert not errors, "\n".join(f"{d.location}: {d.code} {d.message}" for d in errors)
    return compute(ledger, ledger_as_of(as_of))


def ledger_as_of(as_of: str | dt.date) -> dt.date:
    return dt.date.fromisoformat(as_of) if isinstance(as_of, str) else as_of


@pytest.fixture
def cli():
    """``cli(*args)`` → click Result of ``collect args`` run in-process."""
    runner = CliRunner()

    def run(*args: str, env: dict | None = None):
        return runner.invoke(main, list(args), env=env, catch_exceptions=False)

    return run


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory):
    """Tests never read or write the user's ~/.cache: the check cache lives in a session
    folder (on, as for users; tests of the cache itself switch it per test)."""
    import os

    folder = tmp_path_factory.mktemp("collect-cache")
    previous = os.environ.get("COLLECT_CACHE_DIR")
    os.environ["COLLECT_CACHE_DIR"] = str(folder)
    yield folder
    if previous is None:
        os.environ.pop("COLLECT_CACHE_DIR", None)
    else:
        os.environ["COLLECT_CACHE_DIR"] = previous
