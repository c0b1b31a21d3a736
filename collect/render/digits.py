"""Grouped digits without a trip through Babel for every figure.

A large site shows a few hundred thousand amounts; Babel's number formatting costs
several microseconds each (pattern parsing, locale look-ups), Python's own
``format(value, ",.2f")`` a fraction of that. For a value that already has the decimals
it is shown with, the two agree except for the locale's symbols, which are swapped in.
Each shortcut is checked against Babel on probe values when it is first needed and
used only where it gives Babel's text exactly; otherwise Babel formats as before.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from babel import Locale
from babel.numbers import format_currency, format_decimal

PROBES = ("0", "7", "-7", "1234567.25", "-1234567.25", "-0", "999.5", "1000000000000.75", "0.05")


class Digits:
    """``grouped(value)``: Babel's ``format_decimal`` with a ``#,##0.00…`` pattern of as
    many decimals as the value has; ``currency(value, code)``: Babel's
    ``format_currency`` with the currency's digits, for values already rounded to them."""

    def __init__(self, locale: Locale):
        self.locale = locale
        self._fast = self._check_grouping()
        self._affixes: dict[tuple[str, int], tuple[str, str] | None] = {}

    # ------------------------------------------------------------ plain grouped digits

    def grouped(self, value: Decimal, places: int | None = None) -> str:
        """``places``: the value's decimals, when the caller knows them (a quantized value)."""
        if places is None:
            places = _places(value)
        if self._fast is not None:
            return self._fast(format(value, f",.{places}f"))
        return self._babel_grouped(value, places)

    def _babel_grouped(self, value: Decimal, places: int) -> str:
        pattern = "#,##0" + ("." + "0" * places if places else "")
        return format_decimal(value, format=pattern, locale=self.locale, decimal_quantization=False)

    def _check_grouping(self) -> Callable[[str], str] | None:
        symbols = self.locale.number_symbols
        try:
            group, decimal, minus = (symbols.get("latn", symbols)[k] for k in ("group", "decimal", "minusSign"))
        except (KeyError, TypeError, AttributeError):
            return None
        if (group, decimal, minus) == (",", ".", "-"):
            swap = _same
        else:
            table = str.maketrans({",": group, ".": decimal, "-": minus})

            def swap(text: str) -> str:
                return text.translate(table)
        for probe in PROBES:
            for places in (0, 1, 2, 3):
                value = Decimal(probe).quantize(Decimal(1).scaleb(-places))
                if swap(format(value, f",.{places}f")) != self._babel_grouped(value, places):
                    return None
        return swap

    # ------------------------------------------------------------ with a currency symbol

    def currency(self, value: Decimal, code: str, places: int | None = None) -> str:
        if places is None:
            places = _places(value)
        positive = not value.is_signed() and self._fast is not None
        affixes = self._currency_affixes(code, places) if positive else None
        if affixes is None:
            return format_currency(value, code, locale=self.locale, currency_digits=True)
        prefix, suffix = affixes
        return prefix + self._fast(format(value, f",.{places}f")) + suffix

    def _currency_affixes(self, code: str, places: int) -> tuple[str, str] | None:
        """What Babel writes around the digits of a non-negative amount in ``code``; None
        when the digits it writes are not the value's own (another number of decimals)."""
        key = (code, places)
        if key not in self._affixes:
            self._affixes[key] = self._find_affixes(code, places)
        return self._affixes[key]

    def _find_affixes(self, code: str, places: int) -> tuple[str, str] | None:
        quantum = Decimal(1).scaleb(-places)
        first = Decimal("1234567.25").quantize(quantum)
        text = format_currency(first, code, locale=self.locale, currency_digits=True)
        digits = self.grouped(first)
        if text.count(digits) != 1:
            return None
        prefix, suffix = text.split(digits)
        if any(ch.isdigit() for ch in prefix + suffix):
            return None
        for probe in PROBES:
            value = Decimal(probe).quantize(quantum)
            if value < 0 or value.is_signed():
                continue
            if prefix + self.grouped(value) + suffix != format_currency(value, code, locale=self.locale,
                                                                          currency_digits=True):
                return None
        return prefix, suffix


def _places(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def _same(text: str) -> str:
    return text
