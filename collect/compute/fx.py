"""Converting between currencies with company.fx (units of base currency per unit).

Validation refuses a currency without a rate, so a missing rate here is a bug, and
it raises instead of silently converting 1:1.
"""

from __future__ import annotations

from decimal import Decimal


class MissingRate(LookupError):
    pass


class Converter:
    def __init__(self, base: str, rates: dict[str, Decimal]):
        self.base = base
        self.rates = dict(rates)

    def rate(self, currency: str) -> Decimal:
        if currency == self.base:
            return Decimal(1)
        try:
            return self.rates[currency]
        except KeyError:
            raise MissingRate(f"no exchange rate for {currency} in company.fx") from None

    def convert(self, amount: Decimal, source: str, target: str) -> Decimal:
        """Unrounded: callers round once after summing."""
        if source == target:
            return amount
        return amount * self.rate(source) / self.rate(target)
