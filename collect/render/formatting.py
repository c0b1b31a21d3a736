"""Locale-aware display of money, dates, numbers and percentages (Babel/CLDR).

Machine outputs (JSON, CSV) never go through here: they use the plain forms of
``collect.compute.money``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_currency, format_decimal, get_currency_symbol

from collect.compute.money import round_money
from collect.model.types import minor_units
from collect.render.digits import Digits
from collect.render.i18n import BABEL_LOCALE


class Formatter:
    def __init__(self, lang: str):
        self.lang = lang
        # parsed once: Babel re-parses a locale given by name on every call, which made
        # number formatting the slowest part of rendering a large site
        self.locale = Locale.parse(BABEL_LOCALE.get(lang, "en_GB"))
        self.digits = Digits(self.locale)

    def money(self, amount: Decimal | None, currency: str, symbol: bool = True) -> str:
        if amount is None:
            return "—"
        value = round_money(amount, currency)
        if not symbol:
            return format_decimal(value, format="#,##0.##", locale=self.locale, decimal_quantization=False) \
                if value == value.to_integral_value() and not value.as_tuple().exponent < 0 else \
                format_currency(value, currency, format="#,##0.00", locale=self.locale, currency_digits=True)
        return self.digits.currency(value, currency, minor_units(currency))

    def amount(self, amount: Decimal | None, currency: str) -> str:
        """Grouped digits with the currency's decimals and no symbol (table cells)."""
        if amount is None:
            return "—"
        # round_money quantizes to the currency's minor unit: that is how many decimals it has
        return self.digits.grouped(round_money(amount, currency), minor_units(currency))

    def symbol(self, currency: str) -> str:
        return get_currency_symbol(currency, locale=self.locale)

    def date(self, day: dt.date | None) -> str:
        """ISO in tables: unambiguous in both languages."""
        return "—" if day is None else day.isoformat()

    def long_date(self, day: dt.date | None) -> str:
        if day is None:
            return "—"
        return format_date(day, format="long", locale=self.locale)

    def number(self, value, places: int = 0) -> str:
        if value is None:
            return "—"
        pattern = "#,##0" + ("." + "0" * places if places else "")
        return format_decimal(Decimal(value), format=pattern, locale=self.locale)

    def percent(self, fraction: Decimal | None, places: int = 1) -> str:
        if fraction is None:
            return "—"
        value = (Decimal(fraction) * 100).quantize(Decimal(1).scaleb(-places))
        return f"{self.number(value, places)}%"
