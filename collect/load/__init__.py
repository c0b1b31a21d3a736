"""Load a ledger folder: files → raw records with marks → typed records → validated ledger."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import gc
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_all_start_methods, get_context
from typing import Iterator

from collect.diagnostics import Diagnostic, sorted_diagnostics
from collect.cache import cache_root
from collect.gcpause import no_collection
from collect.lifetime import outlive
from collect.processes import can_fork, count_setting, workers
from collect.load.files import FileResult, SourceFile, discover, read_file
from collect.model.build import build_record
from collect.model.ledger import Ledger
from collect.model.records import Company, Customer, Invoice, Note, Payment, Policy
from collect import __version__
from collect.load import snapshot
from collect.validate.rules import at, begin, finish, validate_notes


def load_ledger(root: Path, as_of: dt.date, jobs: int | None = None,
                keep: bool = False) -> tuple[Ledger, list[Diagnostic]]:
    """The ledger as far as it is valid, and every problem found, sorted by file and line.

    ``jobs``: processes that parse and type files (default: COLLECT_JOBS, else the number
    of CPUs); their results are gathered in file order, so the result does not depend on
    how the work was shared. ``keep`` also saves the typed
    ledger, so that ``load_cached`` can reuse it when only notes change."""
    with no_collection():
        return _load_ledger(root, as_of, jobs, keep)


def _load_ledger(root: Path, as_of: dt.date, jobs: int | None, keep: bool) -> tuple[Ledger, list[Diagnostic]]:
    files, found = discover(root)
    taken, table = snapshot.file_table(files)  # before reading: an edit meanwhile shows next time
    ledger = Ledger(root=root, company=None, policy=Policy())
    problems: list[Diagnostic] = []
    sizes = [key[0] if key else 0 for _kind, key in table.values()]
    begun = None
    typed = read_files(files, workers() if jobs is None else jobs, sizes)
    for (path, digest, in_file, records, bad_customers, bad_invoices), f in zip(typed, files):
        if begun is None and f.kind == "note":  # the notes come last: check the rest while workers read them
            begun = begin(ledger, as_of)
        ledger.sources[path] = digest
        problems.extend(in_file)
        for record in records:
            _add(ledger, record, problems)
        ledger.rejected_customers.update(bad_customers)
        ledger.rejected_invoices.update(bad_invoices)
    clean, rule_problems = finish(begun or begin(ledger, as_of))
    outlive(ledger, clean)
    _remember(root, as_of, taken, table, ledger, clean, problems + rule_problems, keep)
    return clean, sorted_diagnostics(found + problems + rule_problems)


def type_file(result: FileResult) -> tuple:
    """One read file's records typed: ``(path, digest, problems, records, ids of customers
    and numbers of invoices that did not type)``. A plain tuple of plain values and
    records: in a pool it is what crosses back from the workers."""
    problems = list(result.problems)
    records: list = []
    bad_customers: list[str] = []
    bad_invoices: list[str] = []
    for index, raw in enumerate(result.records):
        if len(problems) > MAX_PROBLEMS_PER_FILE:  # the rest of a hopeless file is not typed
            problems.append(_too_many(result, index))
            for rest in result.records[index:]:
                _reject(rest, bad_customers, bad_invoices)
            break
        record, errors = build_record(raw)
        problems.extend(errors)
        if record is not None:
            records.append(record)
        else:
            _reject(raw, bad_customers, bad_invoices)
    return result.path, result.digest, problems, records, bad_customers, bad_invoices


MAX_PROBLEMS_PER_FILE = 200


def _too_many(result, index: int):
    from collect.diagnostics import error

    raw = result.records[index]
    return error("E014", raw.marks.root, f"over {MAX_PROBLEMS_PER_FILE} problems in this file: "
                 f"its {len(result.records) - index:,} records from here on are not checked",
                 "fix the problems above first (is this the file you meant to put in the ledger?)")


def load_cached(root: Path, as_of: dt.date, jobs: int | None = None) -> tuple[Ledger, list[Diagnostic]]:
    """``load_ledger``, but when only notes changed since the last load that kept the typed
    ledger, re-read just those notes and reuse the rest (status, build, letters).

    The saved ledger is not written again: the notes changed since it was saved are
    re-read on every run (a few milliseconds each) until the next full load, where
    rewriting it would cost more than the whole re-check."""
    with no_collection():
        return _load_cached(root, as_of, jobs)


def _load_cached(root: Path, as_of: dt.date, jobs: int | None) -> tuple[Ledger, list[Diagnostic]]:
    saved = snapshot.read(root, typed=True)
    if saved is not None and saved.as_of == as_of and saved.clean is not None:
        files, found = discover(root)
        taken, table = snapshot.file_table(files)
        notes = snapshot.changed_notes(saved, table)
        if notes is not None:
            fresh, digests = _recheck_notes(root, as_of, saved, files, (taken, table), notes)
            by_file: dict[str, list] = {}
            for note in saved.clean.notes:
                if note.path not in notes:
                    by_file.setdefault(note.path, []).append(note)
            for note in fresh:
                by_file.setdefault(note.path, []).append(note)
            clean = saved.clean
            clean.notes = [n for f in files if f.kind == "note" for n in by_file.get(f.display, ())]
            clean.sources = {k: v for k, v in clean.sources.items() if k not in notes or k in digests}
            clean.sources.update(digests)
            clean.sources = {f.display: clean.sources[f.display] for f in files if f.display in clean.sources}
            return clean, sorted_diagnostics(found + saved.diagnostics)
    return load_ledger(root, as_of, jobs, keep=True)


def check_ledger(root: Path, as_of: dt.date, jobs: int | None = None) -> list[Diagnostic]:
    """The diagnostics of ``load_ledger``, re-checking only the changed notes when nothing
    else changed since the last load (see ``collect.load.snapshot``)."""
    with no_collection():
        return _check_ledger(root, as_of, jobs)


def _check_ledger(root: Path, as_of: dt.date, jobs: int | None) -> list[Diagnostic]:
    saved = snapshot.read(root)
    if saved is not None and saved.as_of == as_of:
        files, found = discover(root)
        taken, table = snapshot.file_table(files)
        notes = snapshot.changed_notes(saved, table)
        if notes is not None:
            _recheck_notes(root, as_of, saved, files, (taken, table), notes)
            snapshot.write(root, saved)
            return sorted_diagnostics(found + saved.diagnostics)
    return load_ledger(root, as_of, jobs)[1]


def _recheck_notes(root: Path, as_of: dt.date, saved: snapshot.Snapshot, files: list[SourceFile],
                   table: tuple[int, dict], notes: set[str]) -> tuple[list, dict[str, str]]:
    """Re-read and check the changed notes; update ``saved`` (files and when they were
    taken, diagnostics) in place. Returns the notes that pass and the digests of the
    files read."""
    kept = [d for d in saved.diagnostics if d.path not in notes]
    ledger = Ledger(root=root, company=saved.company, policy=saved.policy, customers=saved.customers,
                    rejected_customers=saved.rejected_customers, rejected_invoices=saved.rejected_invoices)
    fresh: list[Diagnostic] = []
    digests: dict[str, str] = {}
    for f in files:
        if f.display not in notes:
            continue
        _path, digests[f.display], in_file, records, _customers, _invoices = type_file(
            read_file(f.kind, str(f.path), f.display, with_marks=False))
        fresh.extend(in_file)
        ledger.notes.extend(records)
    passed, problems = validate_notes(ledger, saved.invoice_customer, as_of)
    saved.taken, saved.files = table
    saved.digests.update(digests)
    saved.diagnostics = kept + fresh + problems
    return passed, digests


def _remember(root: Path, as_of: dt.date, taken: int, table: dict, ledger: Ledger, clean: Ledger,
              diagnostics: list[Diagnostic], keep: bool) -> None:
    """Save what checking a changed note needs (only when a cache is configured), and with
    ``keep`` the typed ledger too."""
    if cache_root() is None:
        return
    saved = snapshot.Snapshot(
        version=__version__, ledger=snapshot.identity(root), as_of=as_of, files=table, taken=taken,
        digests=dict(ledger.sources),
        diagnostics=diagnostics, company=ledger.company, policy=ledger.policy,
        # exactly what validate() checks notes against: every customer that typed, the
        # invoices that passed their rules, and the ids and numbers that did not type
        customers=ledger.customers, rejected_customers=ledger.rejected_customers,
        rejected_invoices=ledger.rejected_invoices,
        invoice_customer={i.number: i.customer for i in clean.invoices},
    )
    snapshot.write(root, saved)
    if keep:
        saved.clean = clean
        snapshot.write(root, saved, typed=True)


# Below this many files a pool costs more than it saves (start-up, pickling results).
POOL_MIN_FILES = 400
CHUNKS_PER_JOB = 8


def _pool_min_files() -> int:
    """``COLLECT_POOL_MIN_FILES`` overrides POOL_MIN_FILES (1 sends every load through the
    pool, as the test suite does in one of its runs)."""
    return count_setting("COLLECT_POOL_MIN_FILES", POOL_MIN_FILES)


def read_files(files: list[SourceFile], jobs: int, sizes: list[int] | None = None) -> Iterator[tuple]:
    """Every file read and typed (``type_file``), in the order given: in this process, or
    in ``jobs`` workers. ``sizes`` (bytes, as listed) share the work out evenly."""
    if jobs <= 1 or len(files) < _pool_min_files():
        for f in files:
            yield type_file(read_file(f.kind, str(f.path), f.display, with_marks=False))
        return
    chunks = _chunks(files, sizes or [0] * len(files), jobs * CHUNKS_PER_JOB)
    with ProcessPoolExecutor(max_workers=jobs, mp_context=_context()) as pool:
        for typed in pool.map(_read_chunk, chunks):
            yield from typed


def _context():
    """Fork (workers start at once and share what is loaded) where that is safe; else
    spawn workers afresh (another thread runs: ``collect serve`` loads on its watcher)."""
    if can_fork():
        return get_context("fork")
    return get_context("spawn" if "spawn" in get_all_start_methods() else None)


# What reading a file costs beyond its bytes (opening, hashing, a parser), in bytes.
FILE_COST = 512


def _chunks(files: list[SourceFile], sizes: list[int], count: int) -> list[list[tuple[str, str, str]]]:
    """About ``count`` runs of consecutive files of about equal cost. By cost, not number:
    a ledger's payments sit in a few dozen large files, which one chunk in sixteen of the
    files would hold all of, leaving one worker with a third of the work."""
    target = (sum(sizes) + FILE_COST * len(files)) / count
    chunks: list[list[tuple[str, str, str]]] = [[]]
    cost = 0
    for f, size in zip(files, sizes):
        if cost >= target:
            chunks.append([])
            cost = 0
        chunks[-1].append((f.kind, str(f.path), f.display))
        cost += size + FILE_COST
    return chunks


def _read_chunk(chunk: list[tuple[str, str, str]]) -> list[tuple]:
    # Workers parse and type (the parent only gathers): typed records pickle about as
    # fast as the raw data (collect.model.records._rebuilt, Marks.compact), and typing
    # in the parent made it the bottleneck.
    gc.disable()  # a worker only builds: see collect.gcpause
    return [type_file(read_file(kind, path, display, with_marks=False)) for kind, path, display in chunk]


def _reject(raw, bad_customers: list[str], bad_invoices: list[str]) -> None:
    if raw.kind == "customer":
        bad_customers.append(Path(raw.path).stem)
        if isinstance(raw.data.get("id"), str):
            bad_customers.append(raw.data["id"].strip())
    elif raw.kind == "invoices" and isinstance(raw.data.get("number"), str):
        bad_invoices.append(raw.data["number"].strip())


def _add(ledger: Ledger, record, problems: list[Diagnostic]) -> None:
    kind = record.__class__
    if kind is Invoice:
        ledger.invoices.append(record)
    elif kind is Payment:
        ledger.payments.append(record)
    elif kind is Note:
        ledger.notes.append(record)
    elif kind is Customer:
        first = ledger.customers.get(record.id)
        if first is not None:
            from collect.diagnostics import error

            problems.append(error("E202", at(record, "id"),
                                  f"customer id `{record.id}` is used twice (first in {at(first).path})",
                                  "each customer has one file customers/<id>.yaml"))
        else:
            ledger.customers[record.id] = record
    elif kind is Company:
        ledger.company = record
    elif kind is Policy:
        ledger.policy = record


__all__ = ["load_ledger", "SourceFile"]
