"""The check cache and the parsing pool give exactly what a plain full load gives."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

import collect.load as load_module
from collect.load import check_ledger, load_ledger
from collect.diagnostics import display_path
from collect.load import snapshot

AS_OF = dt.date(2026, 11, 22)
SAMPLE = Path(__file__).resolve().parents[2] / "ledger"


def plain(root: Path, as_of: dt.date = AS_OF):
    """A full load with no cache and no pool: the reference."""
    old = os.environ.get("COLLECT_CACHE")
    os.environ["COLLECT_CACHE"] = "0"
    try:
        return load_ledger(root, as_of, jobs=1)[1]
    finally:
        if old is None:
            os.environ.pop("COLLECT_CACHE")
        else:
            os.environ["COLLECT_CACHE"] = old




def note(root: Path) -> Path:
    return sorted((root / "notes" / "ruitai-medical").glob("*.md"))[0]


NOTE_EDITS = {
    "body only": lambda text: text + "\nCalled again, no answer.\n",
    "unknown customer": lambda text: text.replace("customer: ruitai-medical", "customer: ruitai-medicl"),
    "unknown invoice": lambda text: text.replace("---\ndate:", "---\ninvoices: [HY26-9999]\ndate:", 1),
    "bad date": lambda text: text.replace("date: 2026", "date: 2026-02-30 #", 1),
    "no front matter": lambda text: "just text\n",
    "future date": lambda text: text.replace("date: 2026-", "date: 2027-", 1),
    "delivered without proof": lambda text: text.replace("---\ndate:", "---\nletter: {type: demand, sent: 2026-10-01, delivered: 2026-10-03}\ndate:", 1),
}


@pytest.mark.parametrize("edit", list(NOTE_EDITS), ids=list(NOTE_EDITS))
def test_a_changed_note_is_rechecked_alone_with_the_same_result(ledger, edit):
    assert check_ledger(ledger, AS_OF) == plain(ledger)  # full load, writes the snapshot
    path = note(ledger)
    path.write_text(NOTE_EDITS[edit](path.read_text(encoding="utf-8")), encoding="utf-8")
    saved = snapshot.read(ledger)
    _taken, table = snapshot.file_table(load_module.discover(ledger)[0])
    assert snapshot.changed_notes(saved, table) == {display_path(path)}
    assert check_ledger(ledger, AS_OF) == plain(ledger)


def test_new_and_removed_notes(ledger):
    check_ledger(ledger, AS_OF)
    note(ledger).unlink()
    (ledger / "notes" / "ruitai-medical" / "2026-11-21-new.md").write_text(
        "---\ndate: 2026-11-21\ncustomer: ruitai-medical\nchannel: phone\ninvoices: [HY26-0301]\n---\nNew.\n",
        encoding="utf-8")
    (ledger / "notes" / "nobody").mkdir()
    (ledger / "notes" / "nobody" / "x.md").write_text(
        "---\ndate: 2026-11-21\ncustomer: nobody\nchannel: phone\n---\n", encoding="utf-8")
    assert check_ledger(ledger, AS_OF) == plain(ledger)
    assert any(d.code == "E201" for d in check_ledger(ledger, AS_OF))


def test_the_fast_path_reads_only_the_changed_note(ledger, monkeypatch):
    check_ledger(ledger, AS_OF)
    path = note(ledger)
    path.write_text(path.read_text(encoding="utf-8") + "\nx\n", encoding="utf-8")
    read = []
    real = load_module.read_file
    monkeypatch.setattr(load_module, "read_file", lambda *a, **k: read.append(a[2]) or real(*a, **k))
    check_ledger(ledger, AS_OF)
    assert read == [display_path(path)]


@pytest.mark.parametrize("change", ["invoice", "customer", "policy", "as_of"])
def test_any_other_change_means_a_full_load(ledger, monkeypatch, change):
    check_ledger(ledger, AS_OF)
    as_of = AS_OF
    if change == "invoice":
        target = sorted((ledger / "invoices").rglob("*.yaml"))[0]
        target.write_text(target.read_text(encoding="utf-8").replace("amount:", "amount: 1 #", 1), encoding="utf-8")
    elif change == "customer":
        target = ledger / "customers" / "ruitai-medical.yaml"
        target.write_text(target.read_text(encoding="utf-8") + "colour: red\n", encoding="utf-8")
    elif change == "policy":
        (ledger / "policy.yaml").write_text("terms: 45\n", encoding="utf-8")
    else:
        as_of = AS_OF + dt.timedelta(days=40)
    calls = []
    real = load_module.load_ledger
    monkeypatch.setattr(load_module, "load_ledger", lambda *a, **k: calls.append(1) or real(*a, **k))
    assert check_ledger(ledger, as_of) == plain(ledger, as_of)
    assert calls == [1]


def test_a_corrupt_cache_is_ignored(ledger):
    check_ledger(ledger, AS_OF)
    files = list(Path(os.environ["COLLECT_CACHE_DIR"]).rglob("check-*.pickle"))
    assert len(files) == 1
    files[0].write_bytes(b"\x80\x04not a pickle")
    assert check_ledger(ledger, AS_OF) == plain(ledger)
    files[0].write_bytes(b"")
    assert check_ledger(ledger, AS_OF) == plain(ledger)


def test_no_cache_is_written_when_caching_is_off(ledger, monkeypatch):
    monkeypatch.setenv("COLLECT_CACHE", "0")
    check_ledger(ledger, AS_OF)
    assert not Path(os.environ["COLLECT_CACHE_DIR"]).exists()


def test_the_pool_gives_the_same_ledger_and_diagnostics(ledger, monkeypatch):
    # damage a few files so that diagnostics (and their marks, re-read on demand) matter
    (ledger / "customers" / "ruitai-medical.yaml").write_text(
        (ledger / "customers" / "ruitai-medical.yaml").read_text(encoding="utf-8") + "colour: red\n", encoding="utf-8")
    bad = sorted((ledger / "payments").rglob("*.yaml"))[0]
    bad.write_text(bad.read_text(encoding="utf-8").replace("amount:", "amount: -", 1), encoding="utf-8")
    serial_ledger, serial = load_ledger(ledger, AS_OF, jobs=1)
    monkeypatch.setattr(load_module, "POOL_MIN_FILES", 0)
    pooled_ledger, pooled = load_ledger(ledger, AS_OF, jobs=2)
    assert pooled == serial
    assert [d.code for d in serial if d.is_error] and all(d.line for d in serial if d.is_error)
    assert pooled_ledger.invoices == serial_ledger.invoices
    assert pooled_ledger.payments == serial_ledger.payments
    assert [n.meta for n in pooled_ledger.notes] == [n.meta for n in serial_ledger.notes]
    assert pooled_ledger.sources == serial_ledger.sources


def _same_ledger(a, b) -> None:
    assert a.company == b.company and a.policy == b.policy
    assert a.customers == b.customers
    assert a.invoices == b.invoices and a.payments == b.payments
    assert [(n.path, n.meta, n.body) for n in a.notes] == [(n.path, n.meta, n.body) for n in b.notes]
    assert a.sources == b.sources


@pytest.mark.parametrize("edit", list(NOTE_EDITS), ids=list(NOTE_EDITS))
def test_the_kept_ledger_with_a_changed_note_equals_a_fresh_load(ledger, edit):
    from collect.load import load_cached

    first, _ = load_cached(ledger, AS_OF)
    fresh, fresh_diags = load_ledger(ledger, AS_OF, jobs=1)
    _same_ledger(first, fresh)
    path = note(ledger)
    path.write_text(NOTE_EDITS[edit](path.read_text(encoding="utf-8")), encoding="utf-8")
    (ledger / "notes" / "ruitai-medical" / "2026-11-21-new.md").write_text(
        "---\ndate: 2026-11-21\ncustomer: ruitai-medical\nchannel: phone\n---\nNew.\n", encoding="utf-8")
    cached, cached_diags = load_cached(ledger, AS_OF)
    reference, reference_diags = load_ledger(ledger, AS_OF, jobs=1)
    _same_ledger(cached, reference)
    assert cached_diags == reference_diags


def test_status_and_build_output_are_the_same_with_and_without_the_cache(ledger, tmp_path, cli, monkeypatch):
    args = ["--ledger", str(ledger), "--as-of", "2026-11-22"]
    cli(*args, "status", "--format", "json")  # a full load that keeps the typed ledger
    path = note(ledger)  # a promise that is now broken changes the figures
    path.write_text(path.read_text(encoding="utf-8").replace(
        "---\ndate:", "---\npromise: {date: 2026-11-01, amount: 1000000}\ndate:", 1), encoding="utf-8")
    cached = cli(*args, "status", "--format", "json").output
    build_cached = cli(*args, "build", "--out", str(tmp_path / "a"))
    monkeypatch.setenv("COLLECT_CACHE", "0")
    assert cli(*args, "status", "--format", "json").output == cached
    assert '"status": "broken"' in cached
    cli(*args, "build", "--out", str(tmp_path / "b"))
    assert build_cached.exit_code == 0
    for page in (tmp_path / "a").rglob("*.html"):
        assert page.read_bytes() == (tmp_path / "b" / page.relative_to(tmp_path / "a")).read_bytes(), page


def test_the_pool_spawns_its_workers_while_another_thread_runs(ledger, monkeypatch):
    import threading

    serial_ledger, serial = load_ledger(ledger, AS_OF, jobs=1)
    monkeypatch.setattr(load_module, "POOL_MIN_FILES", 0)
    stop = threading.Event()
    watcher = threading.Thread(target=stop.wait, daemon=True)  # as collect serve's watcher
    watcher.start()
    try:
        assert load_module._context().get_start_method() != "fork"
        pooled_ledger, pooled = load_ledger(ledger, AS_OF, jobs=2)
    finally:
        stop.set()
        watcher.join()
    assert pooled == serial
    assert pooled_ledger.invoices == serial_ledger.invoices and pooled_ledger.sources == serial_ledger.sources

