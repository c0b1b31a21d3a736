"""Load a ledger folder: files → raw records with marks → typed records → validated ledger."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import os
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_all_start_methods, get_context
from typing import Iterator

from collect.diagnostics import Diagnostic, Mark, sorted_diagnostics
from collect.load.files import FileResult, RawRecord, SourceFile, discover, read_file, record_marks
from collect.load.yamltree import Marks
from collect.model.build import build_record
from collect.model.ledger import Ledger
from collect.model.records import Company, Customer, Invoice, Note, Payment, Policy
from collect import __version__
from collect.load import snapshot
from collect.validate.rules import at, validate, validate_notes


def load_ledger(root: Path, as_of: dt.date, jobs: int | None = None,
                keep: bool = False) -> tuple[Ledger, list[Diagnostic]]:
    """The ledger as far as it is valid, and every problem found, sorted by file and line.

    ``jobs``: processes that parse files (default: COLLECT_JOBS, else the number of CPUs);
    records are typed in this process as the parsed files come back, in file order, so
    the result does not depend on how the work was shared. ``keep`` also saves the typed
    ledger, so that ``load_cached`` can reuse it when only notes change."""
    files, found = discover(root)
    table = snapshot.file_table(files)  # before reading: an edit meanwhile shows next time
    ledger = Ledger(root=root, company=None, policy=Policy())
    problems: list[Diagnostic] = []
    for result in read_files(files, default_jobs() if jobs is None else jobs):
        ledger.sources[result.path] = result.digest
        problems.extend(result.problems)
        found_here = len(result.problems)
        for index, raw in enumerate(result.records):
            if found_here > MAX_PROBLEMS_PER_FILE:  # the rest of a hopeless file is not typed
                problems.append(_too_many(result, index))
                for rest in result.records[index:]:
                    _reject(ledger, rest)
                break
            record, errors = build_record(raw)
            problems.extend(errors)
            found_here += len(errors)
            if record is not None:
                _add(ledger, record, problems)
            else:
                _reject(ledger, raw)
    clean, rule_problems = validate(ledger, as_of)
    _remember(root, as_of, table, ledger, clean, problems + rule_problems, keep)
    return clean, sorted_diagnostics(found + problems + rule_problems)


MAX_PROBLEMS_PER_FILE = 200


def _too_many(result, index: int):
    from collect.diagnostics import error

    raw = result.records[index]
    return error("E014", raw.marks.root, f"over {MAX_PROBLEMS_PER_FILE} problems in this file: "
                 f"its {len(result.records) - index:,} records from here on are not checked",
                 "fix the problems above first (is this the file you meant to put in the ledger?)")


def load_cached(root: Path, as_of: dt.date, jobs: int | None = None) -> tuple[Ledger, list[Diagnostic]]:
    """``load_ledger``, but when only notes changed since the last load that kept the typed
    ledger, re-read just those notes and reuse the rest (status, build, letters)."""
    saved = snapshot.read(root, typed=True)
    if saved is not None and saved.as_of == as_of and saved.clean is not None:
        files, found = discover(root)
        table = snapshot.file_table(files)
        notes = snapshot.changed_notes(saved, table)
        if notes is not None:
            fresh, digests = _recheck_notes(root, as_of, saved, files, table, notes)
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
            snapshot.write(root, saved, typed=True)
            return clean, sorted_diagnostics(found + saved.diagnostics)
    return load_ledger(root, as_of, jobs, keep=True)


def check_ledger(root: Path, as_of: dt.date, jobs: int | None = None) -> list[Diagnostic]:
    """The diagnostics of ``load_ledger``, re-checking only the changed notes when nothing
    else changed since the last load (see ``collect.load.snapshot``)."""
    saved = snapshot.read(root)
    if saved is not None and saved.as_of == as_of:
        files, found = discover(root)
        table = snapshot.file_table(files)
        notes = snapshot.changed_notes(saved, table)
        if notes is not None:
            _recheck_notes(root, as_of, saved, files, table, notes)
            snapshot.write(root, saved)
            return sorted_diagnostics(found + saved.diagnostics)
    return load_ledger(root, as_of, jobs)[1]


def _recheck_notes(root: Path, as_of: dt.date, saved: snapshot.Snapshot, files: list[SourceFile],
                   table: dict, notes: set[str]) -> tuple[list, dict[str, str]]:
    """Re-read and check the changed notes; update ``saved`` (files, diagnostics) in place.
    Returns the notes that pass and the digests of the files read."""
    kept = [d for d in saved.diagnostics if d.path not in notes]
    ledger = Ledger(root=root, company=saved.company, policy=saved.policy, customers=saved.customers,
                    rejected_customers=saved.rejected_customers, rejected_invoices=saved.rejected_invoices)
    fresh: list[Diagnostic] = []
    digests: dict[str, str] = {}
    for f in files:
        if f.display not in notes:
            continue
        result = read_file(f.kind, str(f.path), f.display, with_marks=False)
        digests[f.display] = result.digest
        fresh.extend(result.problems)
        for raw in result.records:
            record, errors = build_record(raw)
            fresh.extend(errors)
            if record is not None:
                ledger.notes.append(record)
    passed, problems = validate_notes(ledger, saved.invoice_customer, as_of)
    saved.files = table
    saved.diagnostics = kept + fresh + problems
    return passed, digests


def _remember(root: Path, as_of: dt.date, table: dict, ledger: Ledger, clean: Ledger,
              diagnostics: list[Diagnostic], keep: bool) -> None:
    """Save what checking a changed note needs (only when a cache is configured), and with
    ``keep`` the typed ledger too."""
    if snapshot.cache_root() is None:
        return
    saved = snapshot.Snapshot(
        version=__version__, ledger=snapshot._identity(root), as_of=as_of, files=table,
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


def default_jobs() -> int:
    configured = os.environ.get("COLLECT_JOBS", "").strip()
    if configured.isdigit() and int(configured) > 0:
        return int(configured)
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


def read_files(files: list[SourceFile], jobs: int) -> Iterator[FileResult]:
    """Every file parsed, in the order given: in this process, or in ``jobs`` workers."""
    if jobs <= 1 or len(files) < POOL_MIN_FILES:
        for f in files:
            yield read_file(f.kind, str(f.path), f.display, with_marks=False)
        return
    size = max(1, len(files) // (jobs * CHUNKS_PER_JOB))
    chunks = [[(f.kind, str(f.path), f.display) for f in files[i:i + size]] for i in range(0, len(files), size)]
    method = "fork" if "fork" in get_all_start_methods() else None
    with ProcessPoolExecutor(max_workers=jobs, mp_context=get_context(method)) as pool:
        for packed in pool.map(_read_chunk, chunks):
            for item in packed:
                yield _unpack(item)


def _read_chunk(chunk: list[tuple[str, str, str]]) -> list[tuple]:
    return [_pack(read_file(kind, path, display, with_marks=False)) for kind, path, display in chunk]


# Results cross the process boundary as plain tuples: pickling dataclasses goes through
# Python-level __getstate__ per object and cost as much as the parsing it saves.

def _pack(result: FileResult) -> tuple:
    return (result.path, result.digest, result.problems, [
        (r.kind, r.data, r.marks.root[1:], r.marks.dropped or None, r.marks.merged or None,
         r.marks.source[1] if r.marks.source else None, r.body, r.body_line)
        for r in result.records
    ])


def _unpack(item: tuple) -> FileResult:
    path, digest, problems, records = item
    result = FileResult(path, problems=problems, digest=digest)
    for kind, data, (line, col), dropped, merged, source, body, body_line in records:
        marks = Marks(Mark(path, line, col), dropped=dropped or set(), merged=merged or set(),
                      source=(record_marks, source) if source else None)
        result.records.append(RawRecord(kind, path, data, marks, body, body_line))
    return result


def _reject(ledger: Ledger, raw) -> None:
    if raw.kind == "customer":
        ledger.rejected_customers.add(Path(raw.path).stem)
        if isinstance(raw.data.get("id"), str):
            ledger.rejected_customers.add(raw.data["id"].strip())
    elif raw.kind == "invoices" and isinstance(raw.data.get("number"), str):
        ledger.rejected_invoices.add(raw.data["number"].strip())


def _add(ledger: Ledger, record, problems: list[Diagnostic]) -> None:
    from collect.diagnostics import error

    if isinstance(record, Company):
        ledger.company = record
    elif isinstance(record, Policy):
        ledger.policy = record
    elif isinstance(record, Customer):
        first = ledger.customers.get(record.id)
        if first is not None:
            problems.append(error("E202", at(record, "id"),
                                  f"customer id `{record.id}` is used twice (first in {at(first).path})",
                                  "each customer has one file customers/<id>.yaml"))
        else:
            ledger.customers[record.id] = record
    elif isinstance(record, Invoice):
        ledger.invoices.append(record)
    elif isinstance(record, Payment):
        ledger.payments.append(record)
    elif isinstance(record, Note):
        ledger.notes.append(record)


__all__ = ["load_ledger", "SourceFile"]
