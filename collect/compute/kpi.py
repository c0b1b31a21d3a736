"""Company receivables metrics (DOMAIN.md "Payment behaviour"): DSO, best possible DSO,
average days delinquent and the collection effectiveness index.

Pure formulas over totals the caller has summed from the ledger, so that the
arithmetic can be checked by hand and reused for any period or currency. Results are
Decimals rounded half-up to one decimal (days or percent), the precision a report
shows; None where a formula would divide by zero, because "no sales, no DSO" is an
answer the report must show rather than a crash or a misleading 0.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

__all__ = [
    "average_days_delinquent",
    "best_possible_dso",
    "cei",
    "dso_countback",
    "dso_simple",
]

_ZERO = Decimal(0)
_TENTH = Decimal("0.1")


def _one_decimal(value: Decimal) -> Decimal:
    return value.quantize(_TENTH, rounding=ROUND_HALF_UP)


def _check_days(days: int) -> None:
    if days <= 0:
        raise ValueError(f"days must be > 0, got {days}")


def dso_simple(receivables: Decimal, sales: Decimal, days: int) -> Decimal | None:
    """Days sales outstanding = receivables / sales × days; None when sales are 0.

    ``sales`` are the (credit) sales of the ``days`` days up to the date of
    ``receivables``. Simple but distorted by seasonal sales; see dso_countback.
    """
    _check_days(days)
    if sales == 0:
        return None
    return _one_decimal(receivables / sales * days)


def dso_countback(receivables: Decimal, monthly_sales: Sequence[tuple[int, Decimal]]) -> Decimal | None:
    """DSO by the countback method: how many days of the latest sales the receivables equal.

    ``monthly_sales`` is newest first, each item ``(days in that month, sales of that
    month)``. Walking back, a month whose sales the remaining receivables cover is
    subtracted in full and its days added; the first month they don't cover adds
    ``days × remaining / sales`` and the walk stops. A month without sales is covered
    by any remaining receivables and adds its days (the receivables are older).

    None when there are no sales at all in the months given. When the receivables exceed
    all the months given, the result is the days of all those months: a *lower bound*
    (the true DSO is longer, but the months needed to show it were not supplied).

    Unlike dso_simple, the answer does not move when sales of older months change, so a
    seasonal peak three months ago does not flatter today's collection.
    """
    if receivables < 0:
        raise ValueError(f"dso_countback: negative receivables {receivables}")
    for days, sales in monthly_sales:
        _check_days(days)
        if sales < 0:
            raise ValueError(f"dso_countback: negative monthly sales {sales}")
    if sum((sales for _, sales in monthly_sales), _ZERO) == 0:
        return None
    remaining = receivables
    counted = _ZERO
    for days, sales in monthly_sales:
        if remaining <= 0:
            break
        if remaining >= sales:
            remaining -= sales
            counted += days
        else:
            counted += days * remaining / sales
            remaining = _ZERO
    return _one_decimal(counted)


def best_possible_dso(current_receivables: Decimal, sales: Decimal, days: int) -> Decimal | None:
    """DSO if every customer paid on its terms: current (not yet due) receivables /
    sales × days; None when sales are 0. The gap to the real DSO is what collection
    work can win back."""
    return dso_simple(current_receivables, sales, days)


def average_days_delinquent(dso: Decimal | None, best: Decimal | None) -> Decimal | None:
    """Average days delinquent = DSO − best possible DSO (None if either is None).

    Taken from the already-rounded figures so that the three numbers a report shows
    add up exactly.
    """
    if dso is None or best is None:
        return None
    return _one_decimal(dso - best)


def cei(
    opening_ar: Decimal,
    sales: Decimal,
    closing_ar: Decimal,
    closing_current_ar: Decimal,
) -> Decimal | None:
    """Collection effectiveness index, percent:
    (opening + sales − closing) / (opening + sales − closing current) × 100.

    What was collected over what could have been (everything except what is not yet
    due at the end); 100 means every collectable amount came in. None when the
    denominator is 0 (nothing was collectable).
    """
    denominator = opening_ar + sales - closing_current_ar
    if denominator == 0:
        return None
    return _one_decimal((opening_ar + sales - closing_ar) / denominator * 100)
