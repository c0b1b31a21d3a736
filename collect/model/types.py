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
        raise fail("E110", f"expected {what}, found {_kind(value)}", _one_value_hint(value))
    if isinstance(value, float):
        raise fail("E110", f"{what} must not come from a float", "write the value as text in the file")
    return str(value)


def _kind(value: Any) -> str:
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

# ------------------------------------------------------------------ text and ids

ID_RE = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9._-]*")
NUMBER_RE = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9._/-]*")


def _text(value: Any) -> str:
    if isinstance(value, (list, dict)) or value is None:
        raise fail("E110", f"expected text, found {_kind(value)}", _one_value_hint(value))
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
CustomerId = Annotated[str, BeforeValidator(_customer_id), WithJsonSchema({"anyOf": [
    {"type": "string", "pattern": r"^(?!.*\.\.)[A-Za-z0-9_-][A-Za-z0-9._-]*$"},
    {"type": "integer", "minimum": 0},
]})]
InvoiceNumber = Annotated[str, BeforeValidator(_invoice_number), WithJsonSchema({"anyOf": [
    {"type": "string", "pattern": r"^(?!.*\.\.)(?!.*//)[A-Za-z0-9_-][A-Za-z0-9._/-]*(?<!/)$"},
    {"type": "integer", "minimum": 0},
]})]

# ------------------------------------------------------------------ numbers

_DECIMAL_RE = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
_JSON_DECIMAL = {"anyOf": [
    {"type": "number", "minimum": 0},
    {"type": "string", "pattern": r"^\s*\+?(\d+(\.\d*)?|\.\d+)\s*$"},
]}


def _decimal(value: Any, what: str) -> Decimal:
    text = _text_of(value, what)
    if not _DECIMAL_RE.fullmatch(text):
        hint = "write digits with a dot for decimals, e.g. 12000.50"
        if "," in text:
            hint = "write it without thousands separators and with a dot for decimals, e.g. 12000.50"
        raise fail("E104", f"`{text}` is not {what}", hint)
    try:
        number = Decimal(text)
    except InvalidOperation:  # pragma: no cover - the pattern admits only valid decimals
        raise fail("E104", f"`{text}` is not {what}")
    if number < 0:
        raise fail("E105", f"{what} must not be negative (`{text}`)",
                   "record a reduction as a payment entry of kind credit_note or write_off")
    return number


def _money(value: Any) -> Decimal:
    return _decimal(value, "an amount")


def _quantity(value: Any) -> Decimal:
    number = _decimal(value, "a quantity")
    if number == 0:
        raise fail("E104", "a quantity must be more than zero", "remove the line or correct the quantity")
    return number


def _positive_decimal(value: Any) -> Decimal:
    number = _decimal(value, "a positive number")
    if number == 0:
        raise fail("E104", "the number must be more than zero")
    return number


Money = Annotated[Decimal, BeforeValidator(_money), WithJsonSchema(_JSON_DECIMAL)]
Quantity = Annotated[Decimal, BeforeValidator(_quantity), WithJsonSchema(_JSON_DECIMAL)]
PositiveDecimal = Annotated[Decimal, BeforeValidator(_positive_decimal), WithJsonSchema(_JSON_DECIMAL)]


def _days(value: Any) -> int:
    text = _text_of(value, "a number of days")
    if not re.fullmatch(r"[+-]?\d+", text):
        raise fail("E110", f"`{text}` is not a whole number of days", "write a whole number, e.g. 30")
    return int(text)


def _non_negative_days(value: Any) -> int:
    days = _days(value)
    if days < 0:
        raise fail("E105", f"a number of days must not be negative (`{days}`)")
    return days


_JSON_INT = {"anyOf": [{"type": "integer"}, {"type": "string", "pattern": r"^\s*[+-]?\d+\s*$"}]}
_JSON_NNINT = {"anyOf": [{"type": "integer", "minimum": 0}, {"type": "string", "pattern": r"^\s*\+?\d+\s*$"}]}
Days = Annotated[int, BeforeValidator(_non_negative_days), WithJsonSchema(_JSON_NNINT)]
SignedDays = Annotated[int, BeforeValidator(_days), WithJsonSchema(_JSON_INT)]

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


Flag = Annotated[bool, BeforeValidator(_flag), WithJsonSchema({"anyOf": [
    {"type": "boolean"}, {"type": "string", "enum": sorted(_TRUE | _FALSE)},
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
            return dt.date.fromisoformat(text)
        except ValueError:
            raise fail("E103", f"`{text}` is not a real date", _real_date_hint(text))
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


Date = Annotated[dt.date, BeforeValidator(parse_date), WithJsonSchema({
    "type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$", "format": "date",
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


Currency = Annotated[str, BeforeValidator(_currency), WithJsonSchema({
    "type": "string", "pattern": "^[A-Z]{3}$",
})]

# ------------------------------------------------------------------ percentages and rates

_PERCENT_RE = re.compile(r"(\d+(?:\.\d+)?)\s*%")
_RATE_RE = re.compile(r"(\d+(?:\.\d+)?)\s*%\s*(?:/\s*(day|year|annum|yr|d))?", re.IGNORECASE)
_PERCENT_JSON = {"type": "string", "pattern": r"^\s*\d+(\.\d+)?\s*%\s*$"}
_RATE_JSON = {"type": "string", "pattern": r"^\s*\d+(\.\d+)?\s*%\s*(/\s*(day|year|annum|yr|d))?\s*$"}


def _percent(value: Any) -> Decimal:
    text = _text_of(value, "a percentage")
    match = _PERCENT_RE.fullmatch(text)
    if not match:
        raise fail("E107", f"`{text}` is not a percentage written with its unit",
                   f"write it with a percent sign, e.g. \"{text}%\"" if _DECIMAL_RE.fullmatch(text)
                   else "write it with a percent sign, e.g. \"13%\"")
    return Decimal(match.group(1)) / 100


Percent = Annotated[Decimal, BeforeValidator(_percent), WithJsonSchema(_PERCENT_JSON)]


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
    return Rate(Decimal(match.group(1)) / 100, unit in ("day", "d"), text)


RateText = Annotated[Rate, BeforeValidator(parse_rate), WithJsonSchema(_RATE_JSON)]
