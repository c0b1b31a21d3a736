"""The typed ledger: everything the compute step needs, and nothing about files."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from collect.model.records import Company, Customer, Invoice, Note, Payment, Policy


@dataclass(slots=True)
class Ledger:
    root: Path
    company: Company | None
    policy: Policy
    customers: dict[str, Customer] = field(default_factory=dict)
    invoices: list[Invoice] = field(default_factory=list)
    payments: list[Payment] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    # ids and numbers of records whose own errors kept them out: references to them
    # are not reported again as unknown
    rejected_customers: set[str] = field(default_factory=set)
    rejected_invoices: set[str] = field(default_factory=set)
    # every file read, as displayed in messages → sha256 of its bytes: lets a rebuild tell
    # which customers' inputs changed (a record's file is record.origin.root.path)
    sources: dict[str, str] = field(default_factory=dict)

    @property
    def base_currency(self) -> str:
        return self.company.currency if self.company else "CNY"

    def customer_currency(self, customer_id: str) -> str:
        customer = self.customers.get(customer_id)
        if customer and customer.currency:
            return customer.currency
        return self.base_currency

    def invoice_currency(self, invoice: Invoice) -> str:
        return invoice.currency or self.customer_currency(invoice.customer)

    def payment_currency(self, payment: Payment) -> str:
        return payment.currency or self.customer_currency(payment.customer)
