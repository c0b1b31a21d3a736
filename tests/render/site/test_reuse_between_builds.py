"""What a build keeps for the next one (customers' computed states, rows of the pages about
the whole ledger) never shows in the output: after any edit, a build that reuses them
writes the very bytes of a build with no cache at all.

Which things were reused is checked too (a cache that is never hit would pass the first
test and cost time for nothing).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest
from sitekit import build, sample_copy, tree_hashes

from collect import cache
from collect.compute.engine import compute
from collect.compute.reuse import KeptStates
from collect.load import load_ledger
from collect.render import site as site_module
from collect.render.fingerprint import Fingerprints

AS_OF = dt.date(2026, 11, 22)


def uncached(ledger: Path, out: Path, *args: str, as_of: str = "2026-11-22") -> dict[str, str]:
    old = os.environ.get("COLLECT_CACHE")
    os.environ["COLLECT_CACHE"] = "0"
    try:
        result = build(ledger, out, *args, as_of=as_of)
    finally:
        if old is None:
            del os.environ["COLLECT_CACHE"]
        else:
            os.environ["COLLECT_CACHE"] = old
    return _built(result, out)


def _built(result, out: Path) -> dict[str, str]:
    # --keep-going builds a ledger with errors too, and still exits 1 for them
    assert result.exit_code in (0, 1) and "built " in result.output, result.output
    return tree_hashes(out)


def cached(ledger: Path, out: Path, *args: str, as_of: str = "2026-11-22") -> dict[str, str]:
    return _built(build(ledger, out, *args, as_of=as_of), out)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _first(folder: Path, pattern: str) -> Path:
    return sorted(folder.rglob(pattern))[0]


EDITS = {
    "a note's text": lambda root: _edit(_first(root / "notes", "*.md"), "\n---\n", "\n---\nCalled again.\n"),
    "a note removed": lambda root: _first(root / "notes", "*.md").unlink(),
    "a payment's amount": lambda root: _edit(_first(root / "payments", "*.yaml"), "amount: ", "amount: 1"),
    "an invoice's due date": lambda root: _edit(_first(root / "invoices", "*.yaml"), "due: 2023-12-29", "due: 2024-01-31"),
    "a customer's terms": lambda root: _edit(_first(root / "customers", "*.yaml"), "terms: 30", "terms: 7"),
    "the policy's grace days": lambda root: _edit(root / "policy.yaml", "grace_days: 3", "grace_days: 9"),
    "a customer file broken": lambda root: _edit(_first(root / "customers", "*.yaml"), "name:", "name: [oops\nx:"),
}


@pytest.fixture
def ledger(tmp_path, monkeypatch):
    monkeypatch.setenv("COLLECT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("COLLECT_CACHE", raising=False)
    return sample_copy(tmp_path)


@pytest.mark.parametrize("edit", list(EDITS), ids=list(EDITS))
@pytest.mark.parametrize("parallel", [False, True], ids=["one process", "workers"])
def test_a_build_that_reuses_writes_the_bytes_of_one_that_does_not(ledger, tmp_path, monkeypatch, edit, parallel):
    if parallel:  # render the sample's pages in forked workers, as a large ledger's are
        monkeypatch.setattr(site_module, "PARALLEL_MIN_INVOICES", 0)
        monkeypatch.setenv("COLLECT_JOBS", "2")
    args = ("--keep-going",)
    cached(ledger, tmp_path / "out", *args)  # keeps states and rows
    EDITS[edit](ledger)
    assert cached(ledger, tmp_path / "out", *args) == uncached(ledger, tmp_path / "fresh", *args)
    # and once more with nothing changed, then with another as-of date
    assert cached(ledger, tmp_path / "out", *args) == uncached(ledger, tmp_path / "fresh", *args)
    later = "2026-12-15"
    assert cached(ledger, tmp_path / "out", *args, as_of=later) == \
        uncached(ledger, tmp_path / "fresh", *args, as_of=later)


def computed(ledger: Path):
    """Load and compute as ``collect build`` does, keeping states for the next call."""
    loaded, diagnostics = load_ledger(ledger, AS_OF, jobs=1)
    fingerprints = Fingerprints(loaded, diagnostics, AS_OF)
    kept = KeptStates(loaded, fingerprints.customer, fingerprints.without_notes())
    state = compute(loaded, AS_OF, kept)
    kept.save()
    return loaded, state, kept


def test_unchanged_customers_keep_their_state_and_a_changed_one_is_computed(ledger):
    loaded, first, kept = computed(ledger)
    assert kept.reused == 0
    note = sorted((ledger / "notes" / "ruitai-medical").glob("*.md"))[0]
    note.write_text(note.read_text(encoding="utf-8") + "\nCalled again.\n", encoding="utf-8")
    loaded, second, kept = computed(ledger)
    assert kept.reused == len(loaded.customers) - 1
    assert kept.kept_kpis is kept.saved_kpis  # only a note changed: the KPIs stand
    assert second == compute(loaded, AS_OF)
    reused = next(c for c in second.customers if c.id != "ruitai-medical" and c.invoices)
    # a kept state points at the records just loaded, not at copies of them
    assert reused.customer is loaded.customers[reused.id]
    assert all(any(s.invoice is i for i in loaded.invoices) for s in reused.invoices)


def test_the_kpis_are_computed_again_when_a_payment_changes(ledger):
    computed(ledger)
    payments = sorted((ledger / "payments").rglob("*.yaml"))[-1]
    payments.write_text(payments.read_text(encoding="utf-8").replace("amount: ", "amount: 1", 1), encoding="utf-8")
    loaded, state, kept = computed(ledger)
    assert kept.kept_kpis is not kept.saved_kpis
    assert state.kpis == compute(loaded, AS_OF).kpis


def test_a_damaged_states_file_is_only_a_miss(ledger):
    loaded, diagnostics = load_ledger(ledger, AS_OF, jobs=1)
    fingerprints = Fingerprints(loaded, diagnostics, AS_OF)
    kept = KeptStates(loaded, fingerprints.customer)
    compute(loaded, AS_OF, kept)
    kept.save()
    path = cache.cache_file(ledger, "states")
    fmt, entries, kpis = cache.read_pickle(path)
    entries = {cid: (key, blob[: len(blob) // 2]) for cid, (key, blob) in entries.items()}  # cut short
    cache.write_pickle(path, (fmt, entries, kpis))
    again = KeptStates(loaded, fingerprints.customer)
    assert compute(loaded, AS_OF, again) == compute(loaded, AS_OF)
    assert again.reused == 0


def test_rows_are_kept_for_the_next_build(ledger, tmp_path):
    cached(ledger, tmp_path / "out")
    rows = cache.read_pickle(cache.cache_file(ledger, "fragments"))
    assert isinstance(rows, dict) and len(rows) >= 10
    assert all(html.lstrip().startswith("<tr") for html in rows.values())


def test_a_ledger_that_overrides_a_page_template_keeps_no_rows(ledger, tmp_path):
    own = ledger.parent / "site_templates" / "site"
    own.mkdir(parents=True)
    theme = Path(site_module.__file__).resolve().parents[2] / "site_templates" / "site" / "limitation.html"
    shutil.copy(theme, own / "limitation.html")
    cached(ledger, tmp_path / "out")
    assert cache.read_pickle(cache.cache_file(ledger, "fragments")) is None
