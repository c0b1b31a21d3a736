"""``collect import``: CSV rows → validated ledger records → new YAML files.

``plan_import`` reads the map and the CSV, turns every row into a record with the same
typed models and cross-file rules as ``collect check`` (on the ledger plus the new
records), and decides what would be written; it writes nothing. ``write_plan`` writes
the files of a plan without errors, all or nothing. Existing files are never
rewritten: records go to a new file ``<kind>/imported/<csv-stem>-<yyyymmdd>.yaml`` (split
over ``-2``, ``-3``, … when one file would pass the loader's size limit).

Rows whose invoice number (ledger-wide) or payment ref (per customer) is already in the
ledger are skipped, so a re-run of the same CSV adds nothing.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import difflib
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from collect.diagnostics import Diagnostic, Mark, display_path, error, has_errors, sorted_diagnostics
from collect.interop.cells import CellError, amount_text, date_text
from collect.interop.csv_table import CsvRow, CsvTable, read_table
from collect.interop.mapping import (
    FIELDS, REQUIRED, Mapping, check_against_header, header_mapping, load_mapping,
)
from collect.interop.yaml_write import mapping_text, record_lines, records_text
from collect.load.files import RawRecord
from collect.load.yamltree import Marks, parse
from collect.model.build import build_record, errors_to_diagnostics
from collect.model.ledger import Ledger
from collect.model.records import Customer, Invoice, Payment, Record
from collect.validate.rules import validate

MODELS: dict[str, type[Record]] = {"invoices": Invoice, "payments": Payment}
MAX_IMPORT_FILE_BYTES = 4 * 1024 * 1024  # the loader reads files up to 5 MiB (collect.load.source)
NOUN = {"invoices": ("invoice", "invoices"), "payments": ("entry", "entries")}


class ImportUsageError(ValueError):
    """A problem with the command line itself (exit 2), e.g. an --out-file that exists."""


@dataclass(frozen=True, slots=True)
class Skipped:
    line: int
    key: str  # the invoice number, or the payment's customer and ref


@dataclass(frozen=True, slots=True)
class NewCustomer:
    id: str
    data: dict[str, str]
    path: Path
    line: int  # the first CSV line naming it


@dataclass(slots=True)
class ImportPlan:
    kind: str
    csv_display: str
    parts: list[tuple[Path, int, int]] = field(default_factory=list)  # (new file, rows[start:end])
    rows: list[tuple[int, dict]] = field(default_factory=list)  # (CSV line, record as it will be written)
    customers: list[NewCustomer] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)
    sources: dict[str, list[str]] = field(default_factory=dict)  # decoded lines of the CSV, for excerpts
    records: list[Record] = field(default_factory=list)  # the validated records, in the order of rows
    as_of: dt.date | None = None
    rows_read: bool = False  # False: the map or the file itself stopped the import (a usage problem)

    @property
    def ok(self) -> bool:
        return not has_errors(self.problems)

    def files(self) -> list[tuple[Path, str]]:
        """(path, text) of every file the plan writes: new customers first, then the records."""
        out = []
        stamp = self.as_of.isoformat() if self.as_of else ""
        source = Path(self.csv_display).name
        for new in self.customers:
            out.append((new.path, mapping_text("customer", new.data, [
                f"Created by `collect import --create-customers` from {source} (line {new.line}) on {stamp}.",
                "Add the legal name, address, terms and a primary contact: letters need them.",
            ])))
        for path, start, end in self.parts:
            rows = self.rows[start:end]
            plural = NOUN[self.kind][1] if len(rows) != 1 else NOUN[self.kind][0]
            part = f" (part {self.parts.index((path, start, end)) + 1} of {len(self.parts)})" \
                if len(self.parts) > 1 else ""
            out.append((path, records_text(self.kind, [data for _line, data in rows], [
                f"Imported by `collect import {self.kind}` from {source} on {stamp}{part}: "
                f"{len(rows)} {plural} (CSV lines {rows[0][0]}-{rows[-1][0]}).",
                "Edit freely; a re-run of the same CSV skips what is already in the ledger.",
            ])))
        return out


def plan_import(ledger: Ledger, kind: str, csv_path: Path, map_path: Path | None, *, as_of: dt.date,
                create_customers: bool = False, out_file: Path | None = None) -> ImportPlan:
    plan = ImportPlan(kind, display_path(csv_path), as_of=as_of)
    mapping = None
    if map_path is not None:
        mapping, problems = load_mapping(map_path, kind)
        if problems:
            plan.problems = problems
            return plan
    encoding = mapping.python_encoding if mapping else "utf-8-sig"
    table, problems = read_table(csv_path, plan.csv_display, encoding, mapping.delimiter if mapping else ",",
                                 encoding_label=mapping.encoding if mapping else "utf-8")
    if table is None:
        plan.problems = problems
        return plan
    plan.sources[table.path] = table.lines
    mapping = mapping or header_mapping(kind, table.header)
    plan.problems = check_against_header(mapping, table.header, table.path)
    if plan.problems:
        return plan
    plan.rows_read = True
    _Rows(plan, ledger, mapping, table, create_customers).run()
    if plan.ok and plan.rows:
        plan.parts = _parts(plan, *_target(ledger.root, kind, csv_path, as_of, out_file))
        _check_round_trip(plan)
    return plan


def write_plan(plan: ImportPlan) -> list[Path]:
    """Write every file of an error-free plan, all or nothing; never over an existing file.

    Every file is first written whole beside its place under a hidden temporary name, then
    all are renamed into place; if anything fails or is interrupted on the way, the files
    already renamed and the folders made are removed again, so the ledger is as it was."""
    if not plan.ok:
        raise ValueError("a plan with errors is never written")
    files = plan.files()
    for path, _text in files:
        if path.exists():
            raise ImportUsageError(f"{display_path(path)} appeared while importing; nothing was written")
    made: list[Path] = []  # folders this import created, outermost first
    staged: list[tuple[Path, Path]] = []  # (temporary file, its place)
    placed: list[Path] = []
    try:
        for path, text in files:
            made += _make_folders(path.parent)
            staged.append((_stage(path, text), path))
        for temporary, path in staged:
            if path.exists():
                raise ImportUsageError(f"{display_path(path)} appeared while importing; nothing was written")
            os.rename(temporary, path)
            placed.append(path)
    except BaseException:
        for path in placed + [temporary for temporary, _path in staged]:
            with contextlib.suppress(OSError):
                path.unlink()
        for folder in reversed(made):
            with contextlib.suppress(OSError):
                folder.rmdir()  # only if empty: a file someone else put there stays
        raise
    finally:
        for temporary, _path in staged:
            with contextlib.suppress(OSError):
                temporary.unlink()
    return [path for path, _text in files]


def _make_folders(folder: Path) -> list[Path]:
    missing = []
    while not folder.exists():
        missing.append(folder)
        folder = folder.parent
    for new in reversed(missing):
        new.mkdir(exist_ok=True)
    return list(reversed(missing))


def _stage(path: Path, text: str) -> Path:
    """``text`` in a new hidden file beside ``path``, with a shared file's permissions."""
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".import", dir=path.parent)
    temporary = Path(name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)  # mkstemp makes 0600; a ledger file is shared
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise
    return temporary


# ------------------------------------------------------------------ rows


class _Rows:
    """Every row of the table into a record, or into located problems."""

    def __init__(self, plan: ImportPlan, ledger: Ledger, mapping: Mapping, table: CsvTable, create: bool):
        self.plan, self.ledger, self.mapping, self.table, self.create = plan, ledger, mapping, table, create
        self.kind = plan.kind
        self.index = {name: table.column(column) for name, column in mapping.columns.items()}
        self.labels: dict[tuple[str, int, int], str] = {}  # where → "column `X`" / "defaults.x in the map"
        self.numbers = {i.number for i in ledger.invoices}
        self.refs = {(p.customer, p.ref) for p in ledger.payments}
        self.by_name = _customers_by_name(ledger)
        self.new_customers: dict[str, NewCustomer] = {}
        self.customer_records: dict[str, Customer] = {}
        self.unknown: dict[str, list[Mark]] = {}  # customer id → where it is named, without --create-customers
        self.records: list[tuple[Record, int, dict]] = []

    def run(self) -> None:
        for row in self.table.rows:
            self._row(row)
        self._report_unknown()
        self.plan.problems.extend(self._cross_check())
        self.plan.problems = sorted_diagnostics(self._labelled(d) for d in self.plan.problems)
        if self.plan.ok:
            self.plan.rows = [(line, data) for _record, line, data in self.records]
            self.plan.records = [record for record, _line, _data in self.records]
            self.plan.customers = list(self.new_customers.values())

    def _row(self, row: CsvRow) -> None:
        width = len(self.table.header)
        extra = row.cells[width:]
        if len(row.cells) < width or any(c.strip() for c in extra):
            self._fail(error("E606", Mark(self.table.path, row.line, 1),
                             f"the row has {len(row.cells)} cells, the header {width}",
                             "a cell holding the delimiter must be quoted; check for a missing or extra delimiter"))
            return
        data, marks, reported, failed = self._data(row)
        if self._already_there(row.line, data):
            return
        model = MODELS[self.kind]
        try:
            record = model.model_validate(data)
        except ValidationError as exc:
            for problem in errors_to_diagnostics(exc, model, marks):
                if not (problem.code == "E102" and problem.message.split("`")[1] in reported):
                    self._fail(problem)
            return
        if failed:
            return
        record.located(marks)
        if self._customer_known(record, row, marks):
            self.records.append((record, row.line, data))

    def _data(self, row: CsvRow) -> tuple[dict, Marks, set[str], bool]:
        """The record's fields as ledger text, their marks, the fields already reported
        (blank or unreadable: not to be reported again as missing), and whether any was."""
        path = self.table.path
        marks = Marks(Mark(path, row.line, 1))
        data: dict = {}
        reported: set[str] = set()
        for name, how in FIELDS[self.kind].items():
            cell, where = self._cell(row, name)
            if cell is None and name in self.mapping.defaults:
                data[name] = self.mapping.defaults[name]
                marks.values[(name,)] = self.mapping.default_marks[name]
                self._label(self.mapping.default_marks[name], f"`defaults.{name}` in the map")
                continue
            if cell is None:
                if name in REQUIRED[self.kind] and name in self.index:
                    reported.add(name)
                    self._fail(error("E102", where, f"column `{self.mapping.columns[name]}` is blank: "
                                                    f"every {NOUN[self.kind][0]} needs its `{name}`",
                                     f"fill the cell, or give `{name}` under `defaults` in the map"))
                continue
            try:
                data[name] = self._convert(how, cell)
            except CellError as exc:
                self._fail(error(exc.code, where, exc.message, exc.hint))
                reported.add(name)
                continue
            marks.values[(name,)] = where
        if "invoice" in data:
            invoice = data.pop("invoice")
            invoice_mark = marks.values.pop(("invoice",), marks.root)
            if "amount" in data:
                data["allocations"] = [{"invoice": invoice, "amount": data["amount"]}]
                marks.values[("allocations", 0, "invoice")] = invoice_mark
                marks.values[("allocations", 0, "amount")] = marks.value(("amount",))
        return data, marks, reported, bool(reported)

    def _cell(self, row: CsvRow, name: str) -> tuple[str | None, Mark]:
        index = self.index.get(name)
        if index is None:
            return None, Mark(self.table.path, row.line, 1)
        where = row.mark(self.table.path, index)
        self._label(where, f"column `{self.mapping.columns[name]}`")
        cell = row.cells[index].strip() if index < len(row.cells) else ""
        cell = cell.replace("\r\n", "\n").replace("\r", "\n")  # a line break inside a quoted cell
        return (cell or None), where

    def _convert(self, how: str, cell: str) -> str:
        if how == "date":
            return date_text(cell, self.mapping.date_format)
        if how == "money":
            return amount_text(cell, self.mapping.decimal)
        if how == "customer":
            return self._customer_id(cell)
        return cell

    def _customer_id(self, cell: str) -> str:
        if cell in self.mapping.customers:
            return self.mapping.customers[cell]
        if cell in self.ledger.customers:
            return cell
        named = self.by_name.get(cell)
        return named if named is not None else cell

    def _already_there(self, line: int, data: dict) -> bool:
        if self.kind == "invoices":
            number = str(data.get("number", "")).strip()
            if number in self.numbers:
                self.plan.skipped.append(Skipped(line, number))
                return True
            return False
        key = (str(data.get("customer", "")).strip(), str(data.get("ref", "")))
        if key in self.refs:
            self.plan.skipped.append(Skipped(line, f"{key[1]} ({key[0]})"))
            return True
        return False

    def _customer_known(self, record, row: CsvRow, marks: Marks) -> bool:
        cid = record.customer
        if cid in self.ledger.customers or cid in self.new_customers:
            return True
        if not self.create:
            self.unknown.setdefault(cid, []).append(marks.value(("customer",)))
            return False
        self.new_customers[cid] = self._new_customer(record, row, marks)
        return True

    def _report_unknown(self) -> None:
        """One error per unknown customer, at its first row, naming the other rows."""
        for cid, places in self.unknown.items():
            close = difflib.get_close_matches(cid, list(self.ledger.customers), n=1)
            hint = f"did you mean `{close[0]}`? " if close else ""
            more = ""
            if len(places) > 1:
                lines = ", ".join(str(m.line) for m in places[1:6]) + (", …" if len(places) > 6 else "")
                more = f" (also on {len(places) - 1} more row{'s' if len(places) > 2 else ''}: line {lines})"
            self._fail(error("E201", places[0], f"there is no customer `{cid}`{more}",
                             hint + f"run with --create-customers to add a minimal customers/{cid}.yaml, "
                                    "or map the CSV value to an id under `customers:` in the map"))

    def _new_customer(self, record, row: CsvRow, marks: Marks) -> NewCustomer:
        cid = record.customer
        name, _where = self._cell(row, "customer_name")
        data = {"id": cid, "name": name or cid}
        currency = self.mapping.defaults.get("currency") or record.currency
        if currency:
            data["currency"] = currency
        path = self.ledger.root / "customers" / f"{cid}.yaml"
        customer = Customer.model_validate(data)
        customer.located(Marks(Mark(display_path(path), 1, 1), {("id",): marks.value(("customer",))}))
        self.customer_records[cid] = customer
        return NewCustomer(cid, data, path, row.line)

    def _cross_check(self) -> list[Diagnostic]:
        """The rules across records (duplicates, allocations, currencies, decimals) on the
        ledger with the new records in it; only problems of the new records are kept."""
        new = [record for record, _line, _data in self.records]
        customers = self.customer_records
        ledger = self.ledger
        combined = Ledger(
            root=ledger.root, company=ledger.company, policy=ledger.policy,
            customers={**ledger.customers, **customers},
            invoices=ledger.invoices + (new if self.kind == "invoices" else []),
            payments=ledger.payments + (new if self.kind == "payments" else []),
            notes=ledger.notes,
        )
        _clean, problems = validate(combined, self.plan.as_of)
        ours = {self.table.path} | {display_path(c.path) for c in self.new_customers.values()}
        if self.mapping.path:
            ours.add(self.mapping.path)
        return [d for d in problems if d.path in ours and d.code != "W101"]

    def _label(self, where: Mark, label: str) -> None:
        self.labels[(where.path, where.line, where.col)] = label

    def _labelled(self, d: Diagnostic) -> Diagnostic:
        from dataclasses import replace

        label = self.labels.get((d.path, d.line or 0, d.col or 0))
        hint = d.hint
        if d.code == "E108" and "customer" in d.message:
            hint += "; or map the CSV value to a customer id under `customers:` in the map"
        if label is None or d.message.startswith(label):
            return replace(d, hint=hint)
        return replace(d, message=f"{label}: {d.message}", hint=hint)

    def _fail(self, problem: Diagnostic) -> None:
        self.plan.problems.append(problem)


def _customers_by_name(ledger: Ledger) -> dict[str, str]:
    """Customer name or legal name → id, for names that belong to one customer only."""
    seen: dict[str, set[str]] = {}
    for customer in ledger.customers.values():
        for name in (customer.name, customer.legal_name):
            if name:
                seen.setdefault(name.strip(), set()).add(customer.id)
    return {name: next(iter(ids)) for name, ids in seen.items() if len(ids) == 1}


# ------------------------------------------------------------------ where records go


def _target(root: Path, kind: str, csv_path: Path, as_of: dt.date, out_file: Path | None) -> tuple[Path, str]:
    """The first new file, and the name further files are numbered from (``<base>-2.yaml``)."""
    folder = root / kind
    if out_file is not None:
        try:
            out_file.absolute().resolve().relative_to(folder.absolute().resolve())
        except ValueError:
            raise ImportUsageError(f"--out-file {out_file} is not inside {display_path(folder)}/: "
                                   f"the ledger reads {kind} only from there")
        if out_file.suffix.lower() not in (".yaml", ".yml"):
            raise ImportUsageError(f"--out-file {out_file} must end in .yaml")
        if out_file.exists():
            raise ImportUsageError(f"{out_file} exists: import never rewrites a file; name a new one")
        return out_file, out_file.stem
    stem = re.sub(r"[^\w.-]+", "-", csv_path.stem).strip("-.") or "import"
    base = f"{stem}-{as_of:%Y%m%d}"
    candidate, n = folder / "imported" / f"{base}.yaml", 1
    while candidate.exists():
        n += 1
        candidate = folder / "imported" / f"{base}-{n}.yaml"
    return candidate, base


def _parts(plan: ImportPlan, first: Path, base: str) -> list[tuple[Path, int, int]]:
    """Split the rows over files the loader accepts (it refuses files over 5 MiB): the
    first file, then the next free names after it (``-2``, ``-3``, …)."""
    sizes = [len("\n".join(record_lines(plan.kind, data)).encode()) + 2 for _line, data in plan.rows]
    bounds, start, total = [], 0, 0
    for index, size in enumerate(sizes):
        if total + size > MAX_IMPORT_FILE_BYTES and index > start:
            bounds.append((start, index))
            start, total = index, 0
        total += size
    bounds.append((start, len(sizes)))
    paths = [first]
    n = 1
    while len(paths) < len(bounds):
        n += 1
        candidate = first.parent / f"{base}-{n}{first.suffix}"
        if not candidate.exists() and candidate not in paths:
            paths.append(candidate)
    return [(path, start, end) for path, (start, end) in zip(paths, bounds)]


def _check_round_trip(plan: ImportPlan) -> None:
    """The YAML about to be written reads back as exactly the records validated."""
    texts = dict(plan.files())
    for path, start, end in plan.parts:
        parsed = parse(texts[path], display_path(path))
        items = parsed.data if isinstance(parsed.data, list) else []
        if parsed.problems or len(items) != end - start:
            raise AssertionError(f"the YAML written for {path} does not read back: {parsed.problems[:1]}")
        for item, (line, _data), expected in zip(items, plan.rows[start:end], plan.records[start:end]):
            back, problems = build_record(RawRecord(plan.kind, str(path), item, parsed.marks))
            if problems or back is None or back.model_dump() != expected.model_dump():
                raise AssertionError(f"CSV line {line} does not read back from the YAML written")


__all__ = ["ImportPlan", "ImportUsageError", "plan_import", "write_plan"]
