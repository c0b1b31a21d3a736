"""The import map (``--map MAP.yaml``): which CSV column fills which record field, and
how the cells are written.

```yaml
columns:              # record field: CSV column name
  number: invoiceNumber
  customer: customerID
  issued: InvoiceDate
  due: DueDate
  amount: InvoiceAmount
date_format: "%m/%d/%Y"   # strptime; default ISO (YYYY-MM-DD)
decimal: "."              # or ","; the other mark, spaces and NBSP then group thousands
encoding: utf-8           # default; gbk and utf-8-sig (and any Python codec) accepted
delimiter: ","            # default
defaults: {currency: USD, terms: 30}     # field values for every row, as in a ledger file
customers: {苏州华信电子有限公司: huaxin-electronics}   # CSV value → customer id
```

The map is read with the ledger's own YAML reader, so its problems carry
``file:line:col`` like any ledger file's. Without ``--map`` the CSV's header names are
the field names themselves.
"""

from __future__ import annotations

import codecs
import datetime as dt
import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from collect.diagnostics import Diagnostic, Mark, display_path, error
from collect.load.source import decode
from collect.load.yamltree import Marks, parse

# field → how its cell is read
FIELDS: dict[str, dict[str, str]] = {
    "invoices": {
        "number": "text", "customer": "customer", "issued": "date", "due": "date", "terms": "text",
        "currency": "text", "amount": "money", "contract": "text", "po": "text", "delivered": "date",
        "description": "text", "interest_rate": "text", "interest_profile": "text",
    },
    "payments": {
        "date": "date", "customer": "customer", "amount": "money", "currency": "text", "ref": "text",
        "kind": "text", "memo": "text",
        "invoice": "text",  # one allocation of the whole amount to this invoice
    },
}
# columns that fill no record field: the name given to a customer --create-customers adds
EXTRA_COLUMNS = ("customer_name",)
REQUIRED: dict[str, tuple[str, ...]] = {
    "invoices": ("number", "customer", "issued", "amount"),
    "payments": ("date", "customer", "amount", "ref"),
}
KEYS = ("columns", "date_format", "decimal", "encoding", "delimiter", "defaults", "customers")
PROBE_DAY = dt.date(2026, 11, 22)  # a day whose year, month and day all differ


@dataclass(slots=True)
class Mapping:
    kind: str
    path: str | None  # None: no map file, the header names are the fields
    columns: dict[str, str] = field(default_factory=dict)
    column_marks: dict[str, Mark] = field(default_factory=dict)
    date_format: str | None = None
    decimal: str = "."
    encoding: str = "utf-8"
    delimiter: str = ","
    defaults: dict[str, str] = field(default_factory=dict)
    default_marks: dict[str, Mark] = field(default_factory=dict)
    customers: dict[str, str] = field(default_factory=dict)

    @property
    def python_encoding(self) -> str:
        """The codec to decode with: a UTF-8 BOM is dropped, GBK read as its superset GB18030."""
        name = codecs.lookup(self.encoding).name
        if name in ("utf-8", "utf-8-sig"):
            return "utf-8-sig"
        if name in ("gbk", "gb2312", "gb18030"):
            return "gb18030"
        return name


def load_mapping(path: Path, kind: str) -> tuple[Mapping | None, list[Diagnostic]]:
    """The map file read and checked on its own (columns are checked against a header later)."""
    display = display_path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [error("E013", display, f"the map file cannot be read: {exc.strerror}",
                            "check the path given to --map")]
    text = decode(raw, display)
    if text.problems:
        return None, list(text.problems)
    parsed = parse(text.text, display)
    if parsed.problems:
        return None, parsed.problems
    if not isinstance(parsed.data, dict):
        return None, [error("E602", parsed.marks.root, "the map must be `key: value` lines (columns, defaults, …)",
                            "start with `columns:` and one `field: CSV column` line per field")]
    reader = _MapReader(kind, display, parsed.data, parsed.marks)
    mapping = reader.read()
    return (None if reader.problems else mapping), reader.problems


def header_mapping(kind: str, header: list[str]) -> Mapping:
    """No map file: every header name that is a field name fills that field."""
    known = set(FIELDS[kind]) | set(EXTRA_COLUMNS)
    columns = {name.strip(): name.strip() for name in header if name.strip() in known}
    return Mapping(kind, None, columns=columns)


def check_against_header(mapping: Mapping, header: list[str], csv_display: str) -> list[Diagnostic]:
    """Every mapped column must be in the CSV's header, once."""
    problems = []
    names = [h.strip() for h in header]
    where_default = Mark(csv_display, 1, 1)
    for fieldname, column in mapping.columns.items():
        where = mapping.column_marks.get(fieldname, where_default)
        count = names.count(column)
        if count == 1:
            continue
        if count > 1:
            problems.append(error("E603", where, f"the CSV header has the column `{column}` {count} times",
                                  "rename the columns so that each name is used once"))
            continue
        folded = [n for n in names if n.casefold() == column.casefold()]
        close = folded or difflib.get_close_matches(column, names, n=1, cutoff=0.6)
        hint = f"did you mean `{close[0]}`?" if close else "the header has: " + ", ".join(f"`{n}`" for n in names)
        problems.append(error("E603", where, f"the column `{column}` (for `{fieldname}`) is not in the header of "
                                             f"{csv_display}", hint))
    if mapping.path is None:
        problems.extend(_required_missing(mapping, Mark(csv_display, 1, 1), from_header=True))
    return problems


def _required_missing(mapping: Mapping, where: Mark, from_header: bool = False) -> list[Diagnostic]:
    out = []
    for name in REQUIRED[mapping.kind]:
        if name in mapping.columns or name in mapping.defaults:
            continue
        if from_header:
            out.append(error("E603", where, f"the CSV has no column `{name}` and no map was given",
                             f"name a column `{name}`, or give --map MAP.yaml with `columns: {{{name}: …}}`"))
        else:
            out.append(error("E602", where, f"nothing fills the required field `{name}`",
                             f"add `{name}: <CSV column>` under `columns`, or give it under `defaults`"))
    return out


class _MapReader:
    def __init__(self, kind: str, display: str, data: dict, marks: Marks):
        self.kind = kind
        self.data = data
        self.marks = marks
        self.problems: list[Diagnostic] = []
        self.mapping = Mapping(kind, display)

    def read(self) -> Mapping:
        for key in self.data:
            if key not in KEYS:
                self._unknown(key, (key,), KEYS, "map key")
        self._columns()
        self._defaults()
        self._date_format()
        self._choice("decimal", (".", ","), "write `decimal: \".\"` or `decimal: \",\"` (quoted)")
        self._encoding()
        self._delimiter()
        self._customers()
        if "columns" in self.data:
            self.problems.extend(_required_missing(self.mapping, self.marks.key(("columns",))))
        return self.mapping

    def _unknown(self, name: Any, loc: tuple, known, what: str) -> None:
        close = difflib.get_close_matches(str(name), list(known), n=1, cutoff=0.6)
        hint = f"did you mean `{close[0]}`?" if close else "known: " + ", ".join(known)
        self.problems.append(error("E601", self.marks.key(loc), f"unknown {what} `{name}`", hint))

    def _table(self, key: str, hint: str) -> dict | None:
        value = self.data.get(key)
        if value is None:
            return None
        if not isinstance(value, dict):
            self.problems.append(error("E602", self.marks.value((key,)), f"`{key}` must be `key: value` lines", hint))
            return None
        return value

    def _columns(self) -> None:
        if "columns" not in self.data:
            self.problems.append(error("E602", self.marks.root, "the map has no `columns`",
                                       "add `columns:` with one `field: CSV column` line per field"))
            return
        table = self._table("columns", "write one `field: CSV column` line per field")
        if table is None:
            return
        known = list(FIELDS[self.kind]) + list(EXTRA_COLUMNS)
        for name, column in table.items():
            if name not in known:
                self._unknown(name, ("columns", name), known, f"field of {self.kind}")
                continue
            if not isinstance(column, str) or not column.strip():
                self.problems.append(error("E602", self.marks.value(("columns", name)),
                                           f"`columns.{name}` must name one CSV column",
                                           "write the column's name as in the CSV's first line"))
                continue
            self.mapping.columns[name] = column.strip()
            self.mapping.column_marks[name] = self.marks.value(("columns", name))

    def _defaults(self) -> None:
        table = self._table("defaults", "write one `field: value` line per field, e.g. `currency: CNY`")
        if table is None:
            return
        for name, value in table.items():
            if name not in FIELDS[self.kind]:
                self._unknown(name, ("defaults", name), list(FIELDS[self.kind]), f"field of {self.kind}")
                continue
            if not isinstance(value, str) or not value.strip():
                self.problems.append(error("E602", self.marks.value(("defaults", name)),
                                           f"`defaults.{name}` must be one value", "write the value after the colon"))
                continue
            self.mapping.defaults[name] = value.strip()
            self.mapping.default_marks[name] = self.marks.value(("defaults", name))

    def _scalar(self, key: str) -> str | None:
        value = self.data.get(key)
        if value is None:
            return None
        if not isinstance(value, str):
            self.problems.append(error("E602", self.marks.value((key,)), f"`{key}` must be one value",
                                       "write the value after the colon"))
            return None
        return value

    def _date_format(self) -> None:
        fmt = self._scalar("date_format")
        if fmt is None:
            return
        try:
            back = dt.datetime.strptime(PROBE_DAY.strftime(fmt), fmt).date()
        except ValueError:
            back = None
        if back != PROBE_DAY:
            self.problems.append(error(
                "E602", self.marks.value(("date_format",)),
                f"`{fmt}` is not a date format that gives the year, month and day",
                'use strptime codes, e.g. "%m/%d/%Y" for 4/6/2013, "%d.%m.%Y" for 06.04.2013, "%Y/%m/%d"'))
            return
        self.mapping.date_format = fmt

    def _choice(self, key: str, options: tuple[str, ...], hint: str) -> None:
        value = self._scalar(key)
        if value is None:
            return
        if value not in options:
            self.problems.append(error("E602", self.marks.value((key,)), f"`{key}` must be one of "
                                       + " or ".join(f"`{o}`" for o in options) + f", not `{value}`", hint))
            return
        setattr(self.mapping, key, value)

    def _encoding(self) -> None:
        value = self._scalar("encoding")
        if value is None:
            return
        try:
            codecs.lookup(value.strip())
        except LookupError:
            self.problems.append(error("E602", self.marks.value(("encoding",)), f"`{value}` is not a known encoding",
                                       "use utf-8 (the default), utf-8-sig or gbk"))
            return
        self.mapping.encoding = value.strip()

    def _delimiter(self) -> None:
        value = self._scalar("delimiter")
        if value is None:
            return
        if value == "tab":
            value = "\t"
        if len(value) != 1 or value in "\"\r\n" or value.isalnum():
            self.problems.append(error("E602", self.marks.value(("delimiter",)),
                                       f"`{value}` cannot separate cells: use one character",
                                       'e.g. `delimiter: ";"` or `delimiter: tab`'))
            return
        self.mapping.delimiter = value

    def _customers(self) -> None:
        table = self._table("customers", "write one `CSV value: customer-id` line per customer")
        if table is None:
            return
        for name, value in table.items():
            if not isinstance(value, str) or not value.strip():
                self.problems.append(error("E602", self.marks.value(("customers", name)),
                                           f"`customers.{name}` must be a customer id",
                                           "write the id after the colon"))
                continue
            self.mapping.customers[str(name).strip()] = value.strip()
