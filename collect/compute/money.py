"""Rounding money: half-up to the currency's minor unit, once, after summing."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from collect.model.records import Invoice
from collect.model.types import minor_units

ZERO = Decimal(0)


@lru_cache(maxsize=None)
def quantum(currency: str) -> Decimal:
    return Decimal(1).scaleb(-minor_units(currency))


def round_money(amount: Decimal, currency: str) -> Decimal:
    return amount.quantize(quantum(currency), rounding=ROUND_HALF_UP)


@lru_cache(maxsize=None)
def zero_money(currency: str) -> Decimal:
    """``round_money(0, currency)``: zero with the currency's decimals (``0.00``)."""
    return round_money(ZERO, currency)


def invoice_amount(invoice: Invoice, currency: str) -> Decimal:
    """Gross amount: as written, or the sum of its lines with tax, rounded once."""
    if invoice.amount is not None:
        return round_money(invoice.amount, currency)
    if not invoice.lines:
        raise ValueError(f"invoice {invoice.number} has neither amount nor lines")
    total = sum((line.quantity * line.unit_price * (1 + line.tax_rate) for line in invoice.lines), ZERO)
    return round_money(total, currency)


def format_money(amount: Decimal, currency: str) -> str:
    """Plain machine form: the currency's decimals, no grouping (``12000.50``)."""
    return str(round_money(amount, currency))
