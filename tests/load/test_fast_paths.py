"""The loader's fast paths give exactly what its careful paths give.

Bulk loading composes with C-level callbacks (``_QuickLoader``), builds plain data without
marks (``_quick``), remembers parsed field values, keeps records' marks compact, and
shares files out to workers by size. Each is checked here against the slow way.
"""

from __future__ import annotations

import datetime as dt
import os
import pickle
import string
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import collect.load as load_module
from collect.load import load_cached, load_ledger, snapshot
from collect.load.files import SourceFile
from collect.load import yamltree
from collect.load.yamltree import Marks, parse

AS_OF = dt.date(2026, 11, 22)
SAMPLE = Path(__file__).resolve().parents[2] / "ledger"


# ------------------------------------------------------------------ parsing


def both(text: str):
    """(bulk result, careful result) of the same text."""
    quick = parse(text, "f.yaml", with_marks=False)
    careful = parse(text, "f.yaml", with_marks=True)
    return quick, careful


CASES = {
    "plain nulls": "a: ~\nb: null\nc:\nd: NULL\ne: Null\n",
    "quoted nulls stay text": "a: '~'\nb: \"null\"\nc: ''\n",
    "tagged text stays text": "a: !!str null\nb: !!str ~\n",
    "numbers and dates stay text": "a: 0012\nb: 10.10\nc: 2026-11-22\nd: NO\ne: 1e3\n",
    "quoted merge key is a key": "'<<': x\nb: y\n",
    "merge key": "base: &b {x: 1}\nc:\n  <<: *b\n",
    "merge word as a value": "a: <<\nb: ['<<', <<]\n",
    "alias": "a: &x 5\nb: *x\n",
    "duplicate key": "a: 1\na: 2\n",
    "list as key": "? [a, b]\n: c\n",
    "explicit map tag": "a: !!map {b: c}\n",
    "explicit seq tag": "a: !!seq [b]\n",
    "foreign tag": "a: !!python/object:os.system x\n",
    "list of records": "- {number: A-1, amount: '5'}\n- number: A-2\n  amount: 7\n",
    "tagged list of records": "!!seq\n- {number: A-1}\n",
    "empty": "",
    "scalar document": "just text\n",
}


@pytest.mark.parametrize("text", list(CASES.values()), ids=list(CASES))
def test_short_and_long_text_are_read_alike(text, monkeypatch):
    # text long enough to hold MAX_NODES nodes is composed by the counting loader, which
    # resolves every node as it goes; shorter text is resolved afterwards (_tag)
    short = [parse(text, "f.yaml", with_marks=marks) for marks in (True, False)]
    monkeypatch.setattr(yamltree, "_COUNT_ABOVE", 0)
    long = [parse(text, "f.yaml", with_marks=marks) for marks in (True, False)]
    assert [(p.data, p.problems) for p in short] == [(p.data, p.problems) for p in long]


@pytest.mark.parametrize("text", list(CASES.values()), ids=list(CASES))
def test_bulk_parsing_reads_what_careful_parsing_reads(text):
    quick, careful = both(text)
    assert quick.data == careful.data
    assert quick.problems == careful.problems
    if careful.items is not None:
        assert [m.root for m in quick.items] == [m.root for m in careful.items]
        assert [(m.dropped, m.merged) for m in quick.items] == [(m.dropped, m.merged) for m in careful.items]


def test_null_and_merge_are_read_from_plain_text_only():
    data = parse("a: ~\nb: '~'\nc: !!str null\n'<<': k\n", "f.yaml", with_marks=False).data
    assert data == {"a": None, "b": "~", "c": "null", "<<": "k"}
    merged = parse("c:\n  <<: {x: 1}\n", "f.yaml", with_marks=False)
    assert [p.code for p in merged.problems] == ["E005"]


_WORDS = st.sampled_from(["", "~", "null", "Null", "<<", "yes", "0012", "10.10", "2026-11-22", "a b",
                          "x: y", "#", "-", "[", "'", '"', "é", "催款", "&a", "*a", "!!str"])
_TEXT = st.one_of(_WORDS, st.text(string.printable + "中文", max_size=12))
_KEYS = st.one_of(_WORDS, st.text(string.ascii_letters + "_<~", min_size=1, max_size=8))
_DATA = st.recursive(
    st.one_of(st.none(), _TEXT),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(_KEYS, inner, max_size=4)),
    max_leaves=20,
)


def _yaml(value, style: int) -> str:
    import yaml

    return yaml.safe_dump(value, allow_unicode=True, default_flow_style=bool(style & 1),
                          default_style=(None, "'", '"')[style % 3] if style & 2 else None)


@settings(max_examples=300, deadline=None)
@given(_DATA, st.integers(0, 5))
def test_bulk_and_careful_parsing_agree_on_any_document(value, style):
    quick, careful = both(_yaml(value, style))
    assert quick.data == careful.data
    assert quick.problems == careful.problems


# ------------------------------------------------------------------ typed records


def test_records_keep_compact_marks_that_become_the_full_ones(ledger_dir):
    root = ledger_dir({"invoices/2026.yaml": "- number: A-1\n  customer: acme\n  issued: 2026-01-05\n"
                                             "  amount: '100.00'\n\n- number: A-2\n  customer: acme\n"
                                             "  issued: 2026-02-05\n  amount: '250.00'\n",
                       "customers/acme.yaml": "id: acme\nname: Acme\n"})
    ledger, _ = load_ledger(root, AS_OF, jobs=1)
    second = ledger.invoices[1]
    assert isinstance(second.__pydantic_private__["_origin"], tuple)  # nothing asked for it yet
    assert second.origin_path.endswith("invoices/2026.yaml")
    marks = second.origin
    assert isinstance(marks, Marks)
    assert (marks.root.line, marks.root.col) == (6, 3)
    assert (marks.value(("amount",)).line, marks.value(("amount",)).col) == (9, 11)  # re-read on demand


def test_records_survive_pickling_with_their_marks(ledger_dir):
    root = ledger_dir({"customers/acme.yaml": "id: acme\nname: Acme\nterms: 45\n",
                       "invoices/2026.yaml": "- number: A-1\n  customer: acme\n  issued: 2026-01-05\n"
                                             "  lines: [{description: Bolts, quantity: '3', unit_price: '2.50'}]\n"})
    ledger, _ = load_ledger(root, AS_OF, jobs=1)
    invoice = ledger.invoices[0]
    back = pickle.loads(pickle.dumps(invoice, protocol=pickle.HIGHEST_PROTOCOL))
    assert back == invoice and back.lines[0].unit_price == invoice.lines[0].unit_price
    assert back.model_fields_set == invoice.model_fields_set
    assert back.origin.root == invoice.origin.root
    customer = pickle.loads(pickle.dumps(ledger.customers["acme"]))
    assert customer.terms == 45 and customer.origin_path == ledger.customers["acme"].origin_path
    with pytest.raises(Exception):
        customer.terms = 10  # still frozen


def test_a_repeated_bad_value_is_reported_at_each_place(ledger_dir):
    # parsed values are remembered by their text; failures must not be
    root = ledger_dir({"customers/acme.yaml": "id: acme\nname: Acme\n",
                       "invoices/2026.yaml": "".join(f"- number: A-{i}\n  customer: acme\n  issued: 2026-02-30\n"
                                                     "  amount: '10'\n" for i in range(3))})
    _, diagnostics = load_ledger(root, AS_OF, jobs=1)
    assert [(d.code, d.line) for d in diagnostics if d.code == "E103"] == [("E103", 3), ("E103", 7), ("E103", 11)]


# ------------------------------------------------------------------ sharing out work


def test_files_are_shared_out_by_size_in_order():
    files = [SourceFile("invoices", Path(f"f{i}.yaml"), f"f{i}.yaml") for i in range(10)]
    sizes = [100_000, 100_000, 100_000] + [1_000] * 7
    chunks = load_module._chunks(files, sizes, 4)
    assert [display for chunk in chunks for _k, _p, display in chunk] == [f.display for f in files]
    assert [len(c) for c in chunks] == [1, 1, 1, 7]  # a large file is a share of its own


# ------------------------------------------------------------------ the kept ledger




def test_the_kept_ledger_is_not_rewritten_for_note_edits_and_stays_right(ledger):
    load_cached(ledger, AS_OF)  # a full load keeps the typed ledger
    kept = snapshot._path(ledger, typed=True)
    written = kept.stat().st_mtime_ns
    notes = sorted((ledger / "notes").rglob("*.md"))
    for step, path in enumerate(notes[:3]):
        path.write_text(path.read_text(encoding="utf-8") + f"\nEdit {step}.\n", encoding="utf-8")
        cached, cached_diags = load_cached(ledger, AS_OF)
        os.environ["COLLECT_CACHE"] = "0"
        try:
            fresh, fresh_diags = load_ledger(ledger, AS_OF, jobs=1)
        finally:
            del os.environ["COLLECT_CACHE"]
        assert cached_diags == fresh_diags
        assert [(n.path, n.meta, n.body) for n in cached.notes] == [(n.path, n.meta, n.body) for n in fresh.notes]
        assert cached.sources == fresh.sources
    assert kept.stat().st_mtime_ns == written


# ------------------------------------------------------------------ racily clean files


def _frozen_clock(monkeypatch):
    """A file system whose clock does not move while the test runs (a coarse one, FAT's
    two seconds, at its worst): an edit of the same size after the last load leaves the
    stat key unchanged. Everything is recent, so everything is racily clean."""
    frozen = time.time_ns()
    monkeypatch.setattr(snapshot, "stat_key", lambda path: (os.stat(path).st_size, frozen, frozen, os.stat(path).st_ino))
    monkeypatch.setattr(snapshot, "RACY_NS", 3600 * 10**9)


def test_a_same_size_edit_in_the_same_clock_tick_is_still_seen(ledger, monkeypatch):
    from collect.load import check_ledger

    _frozen_clock(monkeypatch)
    customer = ledger / "customers" / "ruitai-medical.yaml"
    text = customer.read_text(encoding="utf-8")
    assert "terms: 30" in text
    check_ledger(ledger, AS_OF)  # a full load: the snapshot's table is taken now
    customer.write_text(text.replace("terms: 30", "terms: 3X"), encoding="utf-8")  # same size, same tick
    diagnostics = check_ledger(ledger, AS_OF)
    assert any(d.code == "E110" and d.path.endswith("ruitai-medical.yaml") for d in diagnostics), diagnostics


def test_racily_clean_files_that_did_not_change_keep_the_fast_path(ledger, monkeypatch):
    from collect.load import check_ledger

    _frozen_clock(monkeypatch)
    check_ledger(ledger, AS_OF)
    read = []
    original = load_module.read_file
    monkeypatch.setattr(load_module, "read_file", lambda *a, **k: read.append(a[2]) or original(*a, **k))
    check_ledger(ledger, AS_OF)
    assert read == []  # judged by their bytes, found unchanged, nothing parsed again
