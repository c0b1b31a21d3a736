"""CSV cell text → the text a ledger file would hold: ISO dates, plain decimal amounts.

Each function returns the ledger text or raises ``CellError`` (a code, what is wrong
and how to fix it); the typed models then read that text exactly as ``check`` does.
"""

from __future__ import annotations

import datetime as dt
import re

CURRENCY_SIGNS = "¥￥$£€"
# what may group thousands besides the other decimal mark: spaces, NBSP, narrow NBSP, '
_GROUPING_SPACES = " \u00a0\u202f\u2009'"
_TIME_OF_DAY = re.compile(r"[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:[AaPp][Mm])?\Z")
_ISO_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
_NEGATIVE = re.compile(r"\A(?:[-\u2212].*|.*[-\u2212]|\(.*\))\Z")


class CellError(ValueError):
    def __init__(self, code: str, message: str, hint: str = ""):
        super().__init__(message)
        self.code = code
        self.message = message
        self.hint = hint


def _amount_re(decimal: str) -> re.Pattern:
    group = re.escape("," if decimal == "." else ".") + "|[" + _GROUPING_SPACES + "]"
    mark = re.escape(decimal)
    return re.compile(rf"(?:\d{{1,3}}(?:(?:{group})\d{{3}})+|\d+)(?:{mark}\d+)?|{mark}\d+")


_AMOUNT_RE = {".": _amount_re("."), ",": _amount_re(",")}


def amount_text(cell: str, decimal: str = ".") -> str:
    """``"¥1,234.50"`` → ``"1234.50"``; with ``decimal=","``: ``"1.234,50"`` → ``"1234.50"``."""
    text = cell.strip()
    for sign in CURRENCY_SIGNS:
        text = text.replace(sign, "")
    text = text.strip().lstrip("+").strip()
    if _NEGATIVE.match(text):
        raise CellError("E105", f"the amount `{cell.strip()}` is negative",
                        "import credit notes as payments with `kind: credit_note` "
                        "(a `kind` column, or `defaults: {kind: credit_note}` in the map)")
    if not _AMOUNT_RE[decimal].fullmatch(text):
        other = "," if decimal == "." else "."
        hint = "write digits with the map's decimal mark, e.g. " + ("1234.50" if decimal == "." else "1234,50")
        if _AMOUNT_RE[other].fullmatch(text):
            hint = f"it looks like `{other}` is the decimal mark: set `decimal: \"{other}\"` in the map"
        raise CellError("E104", f"`{cell.strip()}` is not an amount", hint)
    for ch in _GROUPING_SPACES + ("," if decimal == "." else "."):
        text = text.replace(ch, "")
    if decimal == ",":
        text = text.replace(",", ".")
    return "0" + text if text.startswith(".") else text


def date_text(cell: str, date_format: str | None) -> str:
    """The cell's date as ISO text; a time of day after it (``1/2/2013 0:00``) is ignored."""
    text = _TIME_OF_DAY.sub("", cell.strip())
    if date_format is None:
        if _ISO_RE.fullmatch(text):
            try:
                return dt.date.fromisoformat(text).isoformat()
            except ValueError:
                raise CellError("E103", f"`{cell.strip()}` is not a real date", "check the month and the day")
        raise CellError("E103", f"`{cell.strip()}` is not an ISO date (YYYY-MM-DD)",
                        'set the map\'s `date_format`, e.g. "%m/%d/%Y" for 4/6/2013 or "%d.%m.%Y" for 06.04.2013')
    try:
        return dt.datetime.strptime(text, date_format).date().isoformat()
    except ValueError:
        example = dt.date(2026, 11, 22).strftime(date_format)
        raise CellError("E103", f"`{cell.strip()}` is not a date in the format `{date_format}`",
                        f"the map's date_format reads dates like {example} (22 November 2026)")
