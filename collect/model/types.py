"""Field types of ledger records: how the text a person wrote becomes a value.

The loader hands every scalar over as the text written in the file; these types parse
that text exactly (money into ``Decimal`` from its digits, dates strictly ISO, rates
only with a unit) and fail with a stable code, a message and a hint. Each type also
states its JSON Schema, so ``collect schema`` accepts what ``collect check`` accepts.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Annotated, Any

from pydantic import BeforeValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

# ------------------------------------------------------------------ helpers


def fail(code: str, message: str, hint: str = "") -> PydanticCustomError:
    return PydanticCustomError(code, message, {"hint": hint})


def _text_of(value: Any, what: str) -> str:
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool) or value is None or isinstance(value, (list, dict)):
        raise fail("E110", f"expected {what}, found {describe_value(value)}", _one_value_hint(value))
    if isinstance(value, float):
        raise fail("E110", f"{what} must not come from a float", "write the value as text in the file")
    return str(value)


def describe_value(value: Any) -> str:
    """How a message names a value found where another was expected."""
    if value is None:
        return "nothing"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"`{value}`"


def _one_value_hint(value: Any) -> str:
    if value is None:
        return "write the value after the colon, or remove the line"
    return "write a single value on this line, not a list or indented `key: value` lines"


_SCALAR_JSON = [{"type": "string"}, {"type": "number"}, {"type": "boolean"}]


def _remembered(parse):
    """``parse`` remembering its results for text: a ledger writes the same dates, ids,
    currencies and amounts over and over (typing 50,000 invoices parsed each date some
    twenty times). Values are immutable; a failure is not remembered, so each
    occurrence is reported at its own place."""
    known = lru_cache(maxsize=1 << 16)(parse)

    def validate(value: Any):
        if value.__class__ is str:
            return known(value)
        return parse(value)

    validate.__name__ = validate.__qualname__ = parse.__name__
    return validate

# ------------------------------------------------------------------ text and ids

ID_RE = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9._-]*")
NUMBER_RE = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9._/-]*")


def _text(value: Any) -> str:
    if value.__class__ is str:
        return value
    if isinstance(value, (list, dict)) or value is None:
        raise fail("E110", f"expected text, found {describe_value(value)}", _one_value_hint(value))
    return str(value)


def _id(value: Any, *, what: str, pattern: re.Pattern, allowed: str) -> str:
    text = _text_of(value, what)
    if not pattern.fullmatch(text) or ".." in text or "//" in text or text.endswith("/"):
        raise fail(
            "E108", f"`{text}` is not a valid {what}",
            f"use {allowed}; no leading dot and no `..`",
        )
    return text


def _customer_id(value: Any) -> str:
    return _id(value, what="customer id", pattern=ID_RE, allowed="Latin letters (a-z, A-Z), digits, `-`, `_` and `.`")


def _invoice_number(value: Any) -> str:
    return _id(value, what="invoice number", pattern=NUMBER_RE,
               allowed="Latin letters (a-z, A-Z), digits, `-`, `_`, `.` and `/` (not at the end)")


Text = Annotated[str, BeforeValidator(_text), WithJsonSchema({"anyOf": _SCALAR_JSON})]
CustomerId = Annotated[str, BeforeValidator(_remembered(_customer_id)), WithJsonSchema({"anyOf": [
    {"type": "string", "pattern": r"^(?!.*\.\.)[A-Za-z0-9_-][A-Za-z0-9._-]*$"},
    {"type": "integer", "minimum": 0},
]})]
InvoiceNumber = Annotated[str, BeforeValidator(_remembered(_invoice_number)), WithJsonSchema({"anyOf": [
    {"type": "string", "pattern": r"^(?!.*\.\.)(?!.*//)[A-Za-z0-9_-][A-Za-z0-9._/-]*(?<!/)$"},
    {"type": "integer", "minimum": 0},
]})]

# ------------------------------------------------------------------ numbers

_DECIMAL_RE = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
# Bounds that keep every sum exact in Decimal's 28 digits and every date computable:
# no receivable is a quadrillion, no term is a century, no ledger date is before 1900.
MAX_INTEGER_DIGITS = 15
MAX_DAYS = 36_500
MIN_YEAR, MAX_YEAR = 1900, 2199
_JSON_DECIMAL = {"anyOf": [
    {"type": "number", "minimum": 0, "exclusiveMaximum": 10 ** MAX_INTEGER_DIGITS},
    {"type": "string", "pattern": r"^\s*\+?(0*\d{1,%d}(\.\d*)?|\.\d+)\s*$" % MAX_INTEGER_DIGITS},
]}


def _decimal(value: Any, what: str) -> Decimal:
    text = _text_of(value, what)
    if not _DECIMAL_RE.fullmatch(text):
        hint = "write digits with a dot for decimals, e.g. 12000.50"
        if "," in text or "_" in text:
            hint = "write it without thousands separators and with a dot for decimals, e.g. 12000.50"
        elif re.fullmatch(r"[+-]?\d+(\.\d*)?[eE][+-]?\d+", text):
            hint = "write the number out in full, e.g. 1000 for 1e3"
        raise fail("E104", f"`{text}` is not {what}", hint)
    try:
        number = Decimal(text)
    except InvalidOperation:  # pragma: no cover - the pattern admits only valid decimals
        raise fail("E104", f"`{text}` is not {what}")
    if number < 0:
        raise fail("E105", f"{what} must not be negative (`{text}`)",
                   "record a reduction as a payment entry of kind credit_note or write_off")
    if number >= 10 ** MAX_INTEGER_DIGITS:
        raise fail("E104", f"`{text}` is too large for {what}",
                   f"write at most {MAX_INTEGER_DIGITS} digits before the decimal point")
    return number


def _money(value: Any) -> Decimal:
    return _decimal(value, "an amount")


def _quantity(value: Any) -> Decimal:
    number = _decimal(value, "a quantity")
    if number == 0:
        raise fail("E104", "a quantity must be more than zero", "remove the line or correct the quantity")
    return number


MAX_RATE_DIGITS = 7  # an exchange rate is below 10,000,000 (VND or IRR per USD)


def _positive_decimal(value: Any) -> Decimal:
    number = _decimal(value, "a positive number")
    if number == 0:
        raise fail("E104", "the number must be more than zero", "write a number above 0, e.g. \"7.10\"")
    if number >= 10 ** MAX_RATE_DIGITS:
        raise fail("E104", f"`{number}` is too large for an exchange rate",
                   "write the units of base currency per one unit of the other currency")
    return number


def _json_positive(digits: int) -> dict:
    return {"anyOf": [
        {"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 10 ** digits},
        {"type": "string", "pattern": r"^\s*\+?(?=[\d.]*[1-9])(0*\d{1,%d}(\.\d*)?|\.\d+)\s*$" % digits},
    ]}


Money = Annotated[Decimal, BeforeValidator(_remembered(_money)), WithJsonSchema(_JSON_DECIMAL)]
Quantity = Annotated[Decimal, BeforeValidator(_remembered(_quantity)), WithJsonSchema(_json_positive(MAX_INTEGER_DIGITS))]
PositiveDecimal = Annotated[Decimal, BeforeValidator(_remembered(_positive_decimal)), WithJsonSchema(_json_positive(MAX_RATE_DIGITS))]


def _days(value: Any) -> int:
    text = _text_of(value, "a number of days")
    if not re.fullmatch(r"[+-]?\d+", text):
        raise fail("E110", f"`{text}` is not a whole number of days", "write a whole number, e.g. 30")
    if abs(int(text)) > MAX_DAYS:
        raise fail("E104", f"`{text}` is too large (more than {MAX_DAYS:,} days, a century)",
                   f"write a number up to {MAX_DAYS}")
    return int(text)


def _non_negative_days(value: Any) -> int:
    days = _days(value)
    if days < 0:
        raise fail("E105", f"a number of days must not be negative (`{days}`)", "write 0 or more days")
    return days


def _years(value: Any) -> int:
    text = _text_of(value, "a number of years")
    if not re.fullmatch(r"\+?\d+", text) or not 1 <= int(text) <= 100:
        raise fail("E104", f"`{text}` is not a number of years from 1 to 100", "write a whole number, e.g. 3")
    return int(text)


_UP_TO_MAX_DAYS = r"0*(\d{1,4}|[0-2]\d{4}|3[0-5]\d{3}|36[0-4]\d{2}|36500)"  # 0 … MAX_DAYS as text
_JSON_INT = {"anyOf": [{"type": "integer", "minimum": -MAX_DAYS, "maximum": MAX_DAYS},
                       {"type": "string", "pattern": r"^\s*[+-]?%s\s*$" % _UP_TO_MAX_DAYS}]}
_JSON_NNINT = {"anyOf": [{"type": "integer", "minimum": 0, "maximum": MAX_DAYS},
                         {"type": "string", "pattern": r"^\s*\+?%s\s*$" % _UP_TO_MAX_DAYS}]}
Days = Annotated[int, BeforeValidator(_remembered(_non_negative_days)), WithJsonSchema(_JSON_NNINT)]
SignedDays = Annotated[int, BeforeValidator(_remembered(_days)), WithJsonSchema(_JSON_INT)]
Years = Annotated[int, BeforeValidator(_remembered(_years)), WithJsonSchema({"anyOf": [
    {"type": "integer", "minimum": 1, "maximum": 100},
    {"type": "string", "pattern": r"^\s*\+?0*([1-9]\d?|100)\s*$"},
]})]

_TRUE = {"true", "yes", "on"}
_FALSE = {"false", "no", "off"}


def _flag(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = _text_of(value, "true or false").lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise fail("E110", f"`{text}` is not true or false", "write true or false")


def _any_case(word: str) -> str:
    return "".join(f"[{c.upper()}{c}]" for c in word)  # JSON Schema regexes have no (?i)


Flag = Annotated[bool, BeforeValidator(_remembered(_flag)), WithJsonSchema({"anyOf": [
    {"type": "boolean"},
    {"type": "string", "pattern": r"^\s*(" + "|".join(_any_case(w) for w in sorted(_TRUE | _FALSE)) + r")\s*$"},
]})]

# ------------------------------------------------------------------ dates

_ISO_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
_OTHER_DATE_RE = re.compile(r"(\d{4})[/.年](\d{1,2})[/.月](\d{1,2})日?")


def parse_date(value: Any) -> dt.date:
    if isinstance(value, dt.date):
        return value
    text = _text_of(value, "a date")
    if _ISO_RE.fullmatch(text):
        try:
            day = dt.date.fromisoformat(text)
        except ValueError:
            raise fail("E103", f"`{text}` is not a real date", _real_date_hint(text))
        if not MIN_YEAR <= day.year <= MAX_YEAR:
            raise fail("E103", f"`{text}` is out of range",
                       f"ledger dates run from {MIN_YEAR}-01-01 to {MAX_YEAR}-12-31")
        return day
    other = _OTHER_DATE_RE.fullmatch(text)
    if other:
        y, m, d = (int(g) for g in other.groups())
        raise fail("E103", f"`{text}` is not an ISO date", f"write it as {y:04d}-{m:02d}-{d:02d}")
    raise fail("E103", f"`{text}` is not a date", "write dates as YYYY-MM-DD, e.g. 2026-10-31")


def _real_date_hint(text: str) -> str:
    y, m, d = (int(p) for p in text.split("-"))
    if not 1 <= m <= 12:
        return "the month must be 01 to 12"
    import calendar

    last = calendar.monthrange(y, m)[1]
    return f"{y:04d}-{m:02d} has {last} days"


Date = Annotated[dt.date, BeforeValidator(_remembered(parse_date)), WithJsonSchema({
    "type": "string", "pattern": r"^\s*(19|2[01])\d{2}-\d{2}-\d{2}\s*$", "format": "date",
})]

# ------------------------------------------------------------------ currency


@lru_cache(maxsize=None)
def minor_units(code: str) -> int:
    """ISO 4217 minor units (CNY 2, JPY 0), from Babel's CLDR data."""
    from babel.numbers import get_currency_precision

    return get_currency_precision(code)


@lru_cache(maxsize=None)
def _known_currencies() -> frozenset[str]:
    from babel.numbers import list_currencies

    return frozenset(list_currencies())


def _currency(value: Any) -> str:
    text = _text_of(value, "a currency code")
    if text.upper() != text or text not in _known_currencies():
        raise fail("E109", f"`{text}` is not an ISO 4217 currency code",
                   "write a three-letter code in capitals, e.g. CNY, USD, EUR, GBP")
    return text


Currency = Annotated[str, BeforeValidator(_remembered(_currency)), WithJsonSchema({
    "type": "string", "pattern": "^[A-Z]{3}$",
})]

# ------------------------------------------------------------------ percentages and rates

_PERCENT_RE = re.compile(r"(\d+(?:\.\d+)?)\s*%")
_RATE_RE = re.compile(r"(\d+(?:\.\d+)?)\s*%\s*(?:/\s*(day|year|annum|yr|d))?", re.IGNORECASE)
MAX_PERCENT = 1000
_UP_TO_MAX_PERCENT = r"0*(\d{1,3}(\.\d+)?|1000(\.0+)?)"
_PERCENT_JSON = {"type": "string", "pattern": r"^\s*%s\s*%%\s*$" % _UP_TO_MAX_PERCENT}
_RATE_UNITS = ("day", "year", "annum", "yr", "d")
_RATE_JSON = {"type": "string", "pattern": r"^\s*%s\s*%%\s*(/\s*(" % _UP_TO_MAX_PERCENT
              + "|".join(_any_case(u) for u in _RATE_UNITS) + r"))?\s*$"}


def _bounded_percent(text: str, number: str) -> Decimal:
    if Decimal(number) > MAX_PERCENT:
        raise fail("E104", f"`{text}` is more than {MAX_PERCENT}%", "check the number: is a decimal point missing?")
    return Decimal(number) / 100


def _percent(value: Any) -> Decimal:
    text = _text_of(value, "a percentage")
    match = _PERCENT_RE.fullmatch(text)
    if not match:
        raise fail("E107", f"`{text}` is not a percentage written with its unit",
                   f"write it with a percent sign, e.g. \"{text}%\"" if _DECIMAL_RE.fullmatch(text)
                   else "write it with a percent sign, e.g. \"13%\"")
    return _bounded_percent(text, match.group(1))


Percent = Annotated[Decimal, BeforeValidator(_remembered(_percent)), WithJsonSchema(_PERCENT_JSON)]


@dataclass(frozen=True, slots=True)
class Rate:
    """An interest rate as written: annual (``"18%"``) or daily (``"0.05%/day"``).

    ``fraction`` is the rate per its own period; interest for one day on a balance is
    ``balance × fraction / 365`` for an annual rate and ``balance × fraction`` for a
    daily one (actual/365, simple).
    """

    fraction: Decimal
    per_day: bool
    text: str

    def interest(self, balance_days: Decimal) -> Decimal:
        """Unrounded interest on a sum of (end-of-day balance × days)."""
        if self.per_day:
            return balance_days * self.fraction
        return balance_days * self.fraction / 365

    @property
    def annual(self) -> Decimal:
        return self.fraction * 365 if self.per_day else self.fraction

    def __str__(self) -> str:
        return self.text


def parse_rate(value: Any) -> Rate:
    if isinstance(value, Rate):
        return value
    text = _text_of(value, "an interest rate")
    match = _RATE_RE.fullmatch(text)
    if not match:
        hint = ('write an annual rate like "18%" or a daily one like "0.05%/day" '
                "(万分之五/日)")
        raise fail("E107", f"`{text}` is not a rate written with its unit", hint)
    unit = (match.group(2) or "year").lower()
    return Rate(_bounded_percent(text, match.group(1)), unit in ("day", "d"), text)


RateText = Annotated[Rate, BeforeValidator(_remembered(parse_rate)), WithJsonSchema(_RATE_JSON)]
