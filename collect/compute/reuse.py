"""Customers' computed states kept from the last run, for customers whose inputs did not change.

A customer's state is a pure function of its own records, the company and policy files,
the as-of date and the tool's code (``collect.compute.engine._customer``). A run that
knows a key over all of those for each customer (``collect.render.fingerprint``: the
shared fingerprint, which holds every diagnostic too, and the digest of every file with
one of the customer's records) can take an unchanged customer's state from the last run
instead of computing it. Company totals and the worklist are always computed afresh from
the customers' states; the company KPIs, made of invoices and payments alone, are kept
while nothing but notes changed (``Fingerprints.without_notes``).

A kept state refers to the ledger's records by what identifies them (an invoice by its
number, a payment by customer and ref, a note by its file, a customer by its id), not by
copy: unpickled, it points at the records of the ledger just loaded, as a state computed
now would. A key that does not resolve, a file that cannot be read or any other doubt
means computing the state, never failing.
"""

from __future__ import annotations

import io
import pickle
from collections.abc import Callable

from collect import cache
from collect.compute.state import CustomerState
from collect.model.ledger import Ledger
from collect.model.records import Customer, Invoice, Note, NoteMeta, Payment

FORMAT = 2


class KeptStates:
    """``get`` a customer's state from the last run, ``put`` one just computed, ``save``."""

    def __init__(self, ledger: Ledger, key_of: Callable[[str], str | None], without_notes: str | None = None):
        """``key_of(customer id)``: the key of a customer's inputs (None: always compute);
        ``without_notes``: a key of everything but the notes, for the company KPIs."""
        self.ledger = ledger
        self.key_of = key_of
        self.without_notes = without_notes
        self.file = cache.cache_file(ledger.root, "states")
        saved = cache.read_pickle(self.file) if self.file is not None else None
        valid = isinstance(saved, tuple) and len(saved) == 3 and saved[0] == FORMAT
        self.saved: dict[str, tuple[str, bytes]] = saved[1] if valid else {}
        self.saved_kpis: tuple[str, dict] | None = saved[2] if valid else None
        self.kept: dict[str, tuple[str, bytes]] = {}
        self.kept_kpis: tuple[str, dict] | None = None
        self._records: dict | None = None
        self.reused = 0

    def get(self, customer_id: str) -> CustomerState | None:
        key = self.key_of(customer_id)
        entry = self.saved.get(customer_id)
        if key is None or entry is None or entry[0] != key:
            return None
        try:
            state = _Unpickler(io.BytesIO(entry[1]), self._index()).load()
        except Exception:  # a record it names is gone, a damaged entry: compute instead
            return None
        if not isinstance(state, CustomerState) or state.customer.id != customer_id:
            return None
        self.kept[customer_id] = entry
        self.reused += 1
        return state

    def put(self, customer_id: str, state: CustomerState) -> None:
        key = self.key_of(customer_id)
        if key is None or self.file is None:
            return
        buffer = io.BytesIO()
        try:
            _Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(state)
        except (pickle.PicklingError, TypeError, AttributeError):
            return
        self.kept[customer_id] = (key, buffer.getvalue())

    def kpis(self, compute: Callable[[], dict]) -> dict:
        """The company KPIs: they are made of invoices' amounts, dates and payments alone
        (``collect.compute.ar_metrics``), so they stand while nothing but notes changed."""
        key = self.without_notes
        if key is not None and self.saved_kpis is not None and self.saved_kpis[0] == key:
            self.kept_kpis = self.saved_kpis
            return self.saved_kpis[1]
        kpis = compute()
        if key is not None:
            self.kept_kpis = (key, kpis)
        return kpis

    def save(self) -> None:
        """Keep the states of this run's customers for the next run."""
        if self.file is not None and (self.kept != self.saved or self.kept_kpis != self.saved_kpis):
            cache.write_pickle(self.file, (FORMAT, self.kept, self.kept_kpis))

    def _index(self) -> dict:
        if self._records is None:
            ledger = self.ledger
            self._records = {
                "I": {i.number: i for i in ledger.invoices},
                "P": {(p.customer, p.ref): p for p in ledger.payments},
                "N": {n.path: n for n in ledger.notes},
                "M": {n.meta.origin_path: n.meta for n in ledger.notes},
                "C": ledger.customers,
            }
        return self._records


class NothingKept:
    """``KeptStates`` for a run without a cache: nothing to take, nothing to keep."""

    def get(self, customer_id: str) -> None:
        return None

    def put(self, customer_id: str, state: CustomerState) -> None:
        pass

    def kpis(self, compute: Callable[[], dict]) -> dict:
        return compute()


class _Pickler(pickle.Pickler):
    def persistent_id(self, obj):
        kind = obj.__class__
        if kind is Invoice:
            return "I", obj.number
        if kind is Payment:
            return "P", (obj.customer, obj.ref)
        if kind is Note:
            return "N", obj.path
        if kind is NoteMeta:
            return "M", obj.origin_path
        if kind is Customer:
            return "C", obj.id
        return None


class _Unpickler(pickle.Unpickler):
    def __init__(self, file, records: dict):
        super().__init__(file)
        self.records = records

    def persistent_load(self, pid):
        kind, key = pid
        return self.records[kind][key]  # KeyError: not in this ledger, the state is not used
