"""Amounts in Chinese capital figures (大写金额), written by the PBOC rules for bills.

Letters, statements and repayment agreements state the debt "in figures and
capitals"; the capitals are what a court or bank reads when the two disagree, so
they must follow the PBOC rules (《支付结算办法》附一) exactly and be unambiguous.

Choices where the rules allow more than one form (documented so letters stay
consistent from one run to the next):

* ``整`` is written after ``元`` when there is no 角/分 (required), and also after
  ``角`` when 分 is zero (the rules allow either; writing it leaves no room to
  append a 分 figure later): 1.50 -> 人民币壹元伍角整. Never after ``分``.
* Where the 元 or 万 (or 亿) place is zero but the next lower place is not, the
  optional ``零`` is left out: 1,680.32 -> 人民币壹仟陆佰捌拾元叁角贰分,
  107,000.53 -> 人民币壹拾万柒仟元伍角叁分, 1,050,000,000 -> 人民币壹拾亿伍仟万元整.
  This is also the ordinary way the integer part is read aloud.
* A zero run that swallows a whole 万 group (so no 万 character marks the
  place) keeps its ``零``: 100,005,000 -> 人民币壹亿零伍仟元整.
* ``零`` is written when 角 is zero and 分 is not (required): 325.04 -> 人民币叁佰贰拾伍元零肆分.
* Amounts below one yuan are written without ``零元``: 0.50 -> 人民币伍角整,
  0.05 -> 人民币伍分. Zero is 人民币零元整.
* The tens digit always carries its ``壹``: 10 -> 人民币壹拾元整 (bills write it so
  that nothing can be prefixed).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext

__all__ = ["rmb_capital", "MAX_AMOUNT"]

DIGITS = "零壹贰叁肆伍陆柒捌玖"
_SMALL_UNITS = ("仟", "佰", "拾", "")  # for the digits of one four-digit group, high to low
_CENT = Decimal("0.01")

#: Amounts at or above this (after rounding) are refused: 亿 of 亿 is not a unit
#: the bill rules define, and no receivable comes anywhere near it.
MAX_AMOUNT = Decimal(10) ** 16


def rmb_capital(amount: Decimal | int | str, *, prefix: str = "人民币") -> str:
    """Return ``amount`` in capital figures, e.g. ``人民币壹万贰仟元整``.

    The amount is rounded half-up to 分 first, because the capitals must agree
    with the figures printed beside them, which are rounded the same way.

    ``prefix`` defaults to ``人民币`` (the rules require it directly before the
    figures); pass ``""`` where the form already prints it.

    Raises TypeError for floats (binary fractions cannot state money exactly)
    and other non-money types; ValueError for negative, non-finite, malformed or
    too large (>= 1e16) amounts — letters never show negative capital figures.
    """
    value = _to_decimal(amount)
    if value < 0:
        raise ValueError(f"capital figures cannot express a negative amount: {value}")
    if value >= MAX_AMOUNT:
        raise ValueError(f"amount too large for capital figures (must be < 1e16): {value}")
    with localcontext() as ctx:
        ctx.prec = 40  # enough for 16 integer digits + 2 decimals, so quantize never fails
        cents_value = value.quantize(_CENT, rounding=ROUND_HALF_UP)
    if cents_value >= MAX_AMOUNT:  # e.g. 9999999999999999.995 rounds up to 1e16
        raise ValueError(f"amount too large for capital figures (must be < 1e16): {value}")

    total_cents = int(cents_value * 100)
    yuan, rest = divmod(total_cents, 100)
    jiao, fen = divmod(rest, 10)
    return prefix + _write(yuan, jiao, fen)


def _to_decimal(amount: object) -> Decimal:
    """Accept Decimal, int or str; refuse float (and bool, which is an int by accident)."""
    if isinstance(amount, float):
        raise TypeError("pass money as Decimal, int or str, never float")
    if isinstance(amount, bool) or not isinstance(amount, (Decimal, int, str)):
        raise TypeError(f"expected Decimal, int or str, got {type(amount).__name__}")
    if isinstance(amount, str):
        try:
            value = Decimal(amount)
        except InvalidOperation:
            raise ValueError(f"not a decimal amount: {amount!r}") from None
    else:
        value = Decimal(amount)
    if not value.is_finite():
        raise ValueError(f"not a finite amount: {amount!r}")
    return value


def _write(yuan: int, jiao: int, fen: int) -> str:
    """Assemble integer part, 元, 角/分 and 整 by the rules in the module docstring."""
    if yuan == 0 and jiao == 0 and fen == 0:
        return "零元整"
    text = _integer(yuan) + "元" if yuan else ""
    if jiao == 0 and fen == 0:
        return text + "整"
    if jiao:
        # 元 place zero with 角 non-zero: the optional 零 is left out.
        text += DIGITS[jiao] + "角"
        return text + (DIGITS[fen] + "分" if fen else "整")
    # 角 zero, 分 non-zero: 零 is required after 元 (none when there is no 元).
    return text + ("零" if yuan else "") + DIGITS[fen] + "分"


def _integer(n: int) -> str:
    """Write a positive integer below 1e16 with 亿 and 万 groups.

    A lower part gets a leading 零 only when its top place is zero (e.g. the
    万 group 0001 after 亿); when the 万/亿 place itself is the only gap, the
    unit character already marks it and the optional 零 is left out.
    """
    if n >= 10**8:
        high, low = divmod(n, 10**8)
        text = _integer(high) + "亿"
        if low:
            text += ("零" if low < 10**7 else "") + _integer(low)
        return text
    if n >= 10**4:
        high, low = divmod(n, 10**4)
        text = _group(high) + "万"
        if low:
            text += ("零" if low < 10**3 else "") + _group(low)
        return text
    return _group(n)


def _group(n: int) -> str:
    """Write 1..9999: one 零 for any run of zeros between non-zero digits, none trailing."""
    parts: list[str] = []
    pending_zero = False
    for digit, unit in zip(f"{n:04d}", _SMALL_UNITS):
        d = int(digit)
        if d == 0:
            pending_zero = bool(parts)  # a zero only counts once something is written
            continue
        if pending_zero:
            parts.append("零")
            pending_zero = False
        parts.append(DIGITS[d] + unit)
    return "".join(parts)
