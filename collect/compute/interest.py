"""Late-payment interest: which rate applies to an invoice, and what it accrues.

Conventions (SPEC §4, DOMAIN.md "Late-payment interest"):

* **Which days.** Interest runs for every calendar day ``d`` from ``due + 1`` to
  ``as_of`` inclusive. Nothing accrues when ``as_of <= due``.
* **Which balance.** Day ``d`` is charged on the balance *carried into* ``d``: the
  amount minus the reductions (payments, credit notes, write-offs) dated ``<= d - 1``.
  An entry dated ``D`` takes effect at the end of day ``D`` (SPEC's convention), so
  the debtor still owes the money throughout day ``D``. Hence an invoice paid in full
  on day ``D`` accrues for exactly ``D - due`` days, and a payment on the due date
  leaves nothing to charge. This is what reproduces DOMAIN.md's worked example
  (£850 due 2025-08-15 paid 2025-10-14 → 60 days at 12.25 % = £17.12); charging day
  ``D`` on its own end-of-day balance would give 59 days and £16.83.
  Reductions dated after ``as_of`` cannot reach any charged day and are ignored. A
  negative balance (over-payment) is charged as zero: interest never runs backwards.
* **How much.** Simple interest, actual/365 — ``balance × annual / 365`` per day, also
  in leap years (the UK Act and most contracts say "/365"; a 366-day year at 18 %
  therefore yields slightly more than 18 %) — or ``balance × daily`` for a rate
  written per day (``"0.05%/day"``). No compounding.
* **No rounding here.** :func:`accrue` returns the exact (28-digit) sum; the caller
  rounds once per invoice with :func:`collect.compute.money.round_money`, so that the
  invoice's interest is not the sum of many rounded pieces.
* **Rate tables.** With a list of ``RateRow`` each day bears the row whose ``start``
  is the latest one ``<= d``. Days before the first row bear **no** interest: a table
  says when a rate begins, and we will not invent a rate for a time it does not cover.

The work is done by segments over which both the balance and the rate are constant,
so a ten-year-old invoice costs as little to compute as last week's.

Statutory profiles: ``uk_late_payment`` (Late Payment of Commercial Debts (Interest)
Act 1998, SI 2002/1675) and ``eu_late_payment`` (Directive 2011/7/EU) are resolved by
:func:`statutory_rate` into an ordinary ``Rate`` or rate table, from built-in
reference-rate tables (:data:`BANK_RATE`, :data:`ECB_MRO`) or the policy's own
``reference_rates``. The built-in tables end at their last known change; a later
change must be added here (or given in ``policy.reference_rates``), otherwise the last
row is assumed to stay in force.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Union

from collect.model.records import RateRow
from collect.model.types import Rate

if TYPE_CHECKING:  # only for annotations: the records are read, never built, here
    from collect.model.records import Customer, Invoice, Policy

ZERO = Decimal(0)
ONE_DAY = dt.timedelta(days=1)

RateSpec = Union[Rate, Sequence[RateRow]]
ReferenceTable = tuple[tuple[dt.date, Decimal], ...]
"""Rows ``(first day in force, rate in percent)``, sorted by date."""

UK_PROFILE = "uk_late_payment"
EU_PROFILE = "eu_late_payment"
STATUTORY_MARGIN = Decimal(8)
"""Percentage points over the reference rate, both in the UK Act (s.4 and SI 2002/1675
art. 4) and in Directive 2011/7/EU art. 2(6) (its minimum)."""

EU_HORIZON_YEARS = 20
"""How far ahead :func:`statutory_rate` writes EU half-year rows by default: longer
than any limitation period, so no open debt outlives its table."""

# ------------------------------------------------------------------ reference rates

# Bank of England Bank Rate, "Official Bank Rate history"
# (https://www.bankofengland.co.uk/boeapps/database/Bank-Rate.asp), each row the date
# the change took effect. Rows from 2023-08-03 are those listed in DOMAIN.md; the
# earlier ones are from the same Bank of England history (checked against press
# coverage of the MPC decisions; year-end values 2019 0.75, 2020 0.10, 2021 0.25,
# 2022 3.50, 2023 5.25, 2024 4.75 agree). The 2016–2018 rows exist so that a debt whose
# interest starts in the first half of 2020 can find its 31 December 2019 rate.
BANK_RATE: ReferenceTable = tuple((dt.date.fromisoformat(d), Decimal(r)) for d, r in (
    ("2016-08-04", "0.25"),
    ("2017-11-02", "0.50"),
    ("2018-08-02", "0.75"),
    ("2020-03-11", "0.25"),
    ("2020-03-19", "0.10"),
    ("2021-12-16", "0.25"),
    ("2022-02-03", "0.50"),
    ("2022-03-17", "0.75"),
    ("2022-05-05", "1.00"),
    ("2022-06-16", "1.25"),
    ("2022-08-04", "1.75"),
    ("2022-09-22", "2.25"),
    ("2022-11-03", "3.00"),
    ("2022-12-15", "3.50"),
    ("2023-02-02", "4.00"),
    ("2023-03-23", "4.25"),
    ("2023-05-11", "4.50"),
    ("2023-06-22", "5.00"),
    ("2023-08-03", "5.25"),
    ("2024-08-01", "5.00"),
    ("2024-11-07", "4.75"),
    ("2025-02-06", "4.50"),
    ("2025-05-08", "4.25"),
    ("2025-08-07", "4.00"),
    ("2025-12-18", "3.75"),
))

# ECB interest rate on the main refinancing operations (fixed rate tenders), "Key ECB
# interest rates" (https://www.ecb.europa.eu/stats/policy_and_exchange_rates/
# key_ecb_interest_rates/html/index.en.html), each row the date "with effect from".
# Only changes of the MRO rate are listed (e.g. 2019-09-18 moved the deposit rate, not
# the MRO rate, which stayed 0.00).
ECB_MRO: ReferenceTable = tuple((dt.date.fromisoformat(d), Decimal(r)) for d, r in (
    ("2013-11-13", "0.25"),
    ("2014-06-11", "0.15"),
    ("2014-09-10", "0.05"),
    ("2016-03-16", "0.00"),
    ("2022-07-27", "0.50"),
    ("2022-09-14", "1.25"),
    ("2022-11-02", "2.00"),
    ("2022-12-21", "2.50"),
    ("2023-02-08", "3.00"),
    ("2023-03-22", "3.50"),
    ("2023-05-10", "3.75"),
    ("2023-06-21", "4.00"),
    ("2023-08-02", "4.25"),
    ("2023-09-20", "4.50"),
    ("2024-06-12", "4.25"),
    ("2024-09-18", "3.65"),
    ("2024-10-23", "3.40"),
    ("2024-12-18", "3.15"),
    ("2025-02-05", "2.90"),
    ("2025-03-12", "2.65"),
    ("2025-04-23", "2.40"),
    ("2025-06-11", "2.15"),
))


def reference_rate_on(table: Sequence[tuple[dt.date, Decimal]], day: dt.date) -> Decimal:
    """The rate (in percent) in force on ``day``: the latest row dated ``<= day``.

    Raises ``ValueError`` before the first row rather than guessing, because a
    statutory rate fixed from a wrong reference would be wrong for the debt's life.
    """
    rows = sorted(table, key=lambda row: row[0])
    index = bisect.bisect_right([start for start, _ in rows], day) - 1
    if index < 0:
        first = rows[0][0].isoformat() if rows else "none"
        raise ValueError(
            f"no reference rate is known for {day.isoformat()}: the table starts on {first}; "
            "add earlier rows to policy reference_rates")
    return rows[index][1]


def _reference_table(reference: Sequence[RateRow] | None, default: ReferenceTable) -> ReferenceTable:
    """Policy ``reference_rates`` (rows of annual ``Rate``) as a percent table, else the default."""
    if reference is None:
        return default
    return tuple(sorted(((row.start, row.rate.annual * 100) for row in reference), key=lambda r: r[0]))


def _pct(value: Decimal) -> str:
    """A percentage as people write rates: at least two decimals (``4.75``, ``0.10``),
    more only when the value has them, never in exponent form."""
    value = value.normalize()
    if value.as_tuple().exponent >= -2:  # type: ignore[operator]
        value = value.quantize(Decimal("0.01"))
    return format(value, "f")


def _rate_row(start: dt.date, rate: Rate) -> RateRow:
    return RateRow.model_validate({"from": start, "rate": rate})


# ------------------------------------------------------------------ statutory rates


def _half_year_start(day: dt.date) -> dt.date:
    return dt.date(day.year, 1 if day.month <= 6 else 7, 1)


def _next_half_year(start: dt.date) -> dt.date:
    return dt.date(start.year, 7, 1) if start.month == 1 else dt.date(start.year + 1, 1, 1)


def statutory_rate(
    profile: str,
    due: dt.date,
    reference: Sequence[RateRow] | None = None,
    until: dt.date | None = None,
) -> Rate | list[RateRow]:
    """The statutory late-payment rate of a debt due on ``due``.

    ``uk_late_payment``: 8 % over the Bank Rate in force on 30 June (interest starting
    1 Jul–31 Dec) or on 31 December of the year before (starting 1 Jan–30 Jun),
    interest starting on ``due + 1``; the rate is fixed for the life of the debt, so
    the answer is a single annual ``Rate``.

    ``eu_late_payment``: 8 points over the ECB main refinancing rate in force on the
    first day of each half-year (1 January / 1 July); the rate moves each half-year,
    so the answer is a table: one row at the start of the half-year in which interest
    starts (the days of it before ``due + 1`` bear nothing anyway), then one at each
    following half-year start up to ``until`` (default: 20 years after the first row;
    the last row then stays in force).

    ``reference`` (policy ``reference_rates``) replaces the built-in table.
    """
    start = due + ONE_DAY
    if profile == UK_PROFILE:
        fixing = dt.date(start.year, 6, 30) if start.month >= 7 else dt.date(start.year - 1, 12, 31)
        bank = reference_rate_on(_reference_table(reference, BANK_RATE), fixing)
        total = STATUTORY_MARGIN + bank
        text = f"{_pct(total)}% (8% + Bank Rate {_pct(bank)}% on {fixing.isoformat()})"
        return Rate(total / 100, False, text)
    if profile == EU_PROFILE:
        table = _reference_table(reference, ECB_MRO)
        half = _half_year_start(start)
        last = until if until is not None else dt.date(half.year + EU_HORIZON_YEARS, half.month, 1)
        rows: list[RateRow] = []
        while half <= last or not rows:
            ecb = reference_rate_on(table, half)
            total = STATUTORY_MARGIN + ecb
            text = f"{_pct(total)}% (8% + ECB rate {_pct(ecb)}% on {half.isoformat()})"
            rows.append(_rate_row(half, Rate(total / 100, False, text)))
            half = _next_half_year(half)
        return rows
    raise ValueError(f"unknown interest profile `{profile}`; use {UK_PROFILE} or {EU_PROFILE}")


def fixed_sum(profile: str | None, amount: Decimal, currency: str) -> Decimal:
    """The statutory fixed compensation per late invoice (not interest; not accrued).

    UK (Act s.5A): £40 for a debt under £1,000, £70 under £10,000, £100 from £10,000,
    by the invoice's gross ``amount``. EU (Directive art. 6): €40. The statutes fix
    these sums in their own currency, so an invoice in another currency gets 0 here
    rather than a converted guess; the caller decides whether the invoice was late.
    """
    if profile == UK_PROFILE and currency == "GBP":
        if amount < 1000:
            return Decimal(40)
        if amount < 10000:
            return Decimal(70)
        return Decimal(100)
    if profile == EU_PROFILE and currency == "EUR":
        return Decimal(40)
    return ZERO


# ------------------------------------------------------------------ accrual


def _rate_rows(rate: RateSpec) -> list[tuple[dt.date | None, Rate]]:
    """Rows sorted by start; a single rate is one row with no start (always in force)."""
    if isinstance(rate, Rate):
        return [(None, rate)]
    return sorted(((row.start, row.rate) for row in rate), key=lambda r: r[0])


def accrue(
    amount: Decimal,
    reductions: Sequence[tuple[dt.date, Decimal]],
    due: dt.date,
    as_of: dt.date,
    rate: RateSpec,
) -> Decimal:
    """Unrounded interest on ``amount`` from ``due + 1`` to ``as_of`` inclusive.

    ``reductions`` are ``(date, amount)`` pairs; each lowers the balance from the day
    after its date (see the module docstring). Balance × days is summed exactly per
    rate row and divided once per row, so the result does not depend on how the days
    were split into segments.
    """
    first, last = due + ONE_DAY, as_of
    if last < first:
        return ZERO
    rows = _rate_rows(rate)
    if not rows:
        return ZERO  # an empty table covers no day
    starts = [start for start, _ in rows if start is not None]

    # A reduction dated D changes the balance charged from day D + 1.
    changes: dict[dt.date, Decimal] = {}
    balance = amount
    for day, value in reductions:
        effective = day + ONE_DAY
        if effective <= first:
            balance -= value
        elif effective <= last:
            changes[effective] = changes.get(effective, ZERO) + value

    cuts = sorted({first, *changes, *(s for s in starts if first < s <= last)})
    balance_days: dict[int, Decimal] = {}
    for index, begin in enumerate(cuts):
        balance -= changes.get(begin, ZERO)
        end = cuts[index + 1] if index + 1 < len(cuts) else last + ONE_DAY
        row = bisect.bisect_right(starts, begin) - 1 if starts else 0
        if row < 0 or balance <= 0:
            continue  # before the table's first row, or nothing owed
        balance_days[row] = balance_days.get(row, ZERO) + balance * (end - begin).days

    return sum((rows[row][1].interest(bd) for row, bd in balance_days.items()), ZERO)


# ------------------------------------------------------------------ choosing a rate


@dataclass(frozen=True)
class RateChoice:
    """The rate an invoice bears and where it came from, for figures and for reports.

    ``spec`` is what :func:`accrue` takes (``None``: no interest). ``profile`` is set
    only when a statutory profile was chosen, since only then is a fixed sum due.
    """

    spec: Rate | tuple[RateRow, ...] | None
    profile: str | None
    source: str  # "invoice" | "customer" | "policy" | "none"
    label: str


_PROFILE_NAMES = {UK_PROFILE: "UK late payment", EU_PROFILE: "EU late payment"}


def _table_label(rows: Sequence[RateRow]) -> str:
    return "; ".join(f"{row.rate.text} from {row.start.isoformat()}"
                     for row in sorted(rows, key=lambda r: r.start))


def choose_rate(
    invoice: Invoice,
    customer: Customer | None,
    policy: Policy | None,
    due: dt.date,
) -> RateChoice:
    """The invoice's rate: from the invoice, else the customer, else the policy.

    At each level either ``interest_rate`` or ``interest_profile`` counts. When one
    record gives both, the explicit ``interest_rate`` wins: a contractual rate beats
    the statutory default (under the UK Act s.8 a substantial contractual remedy
    displaces statutory interest, fixed sum included, so ``profile`` is then None).
    ``due`` is the effective due date (the invoice may give ``terms`` instead), used
    to fix a statutory rate; reference rates always come from the policy.
    """
    reference = policy.reference_rates if policy is not None else None
    for source, record in (("invoice", invoice), ("customer", customer), ("policy", policy)):
        if record is None:
            continue
        if record.interest_rate is not None:
            spec = record.interest_rate
            if isinstance(spec, Rate):
                return RateChoice(spec, None, source, spec.text)
            return RateChoice(tuple(spec), None, source, _table_label(spec))
        if record.interest_profile is not None:
            profile = record.interest_profile
            resolved = statutory_rate(profile, due, reference)
            name = _PROFILE_NAMES.get(profile, profile)
            if isinstance(resolved, Rate):
                return RateChoice(resolved, profile, source, f"{name}: {resolved.text}")
            label = f"{name}: 8% over the ECB rate, reset each half-year, from {resolved[0].rate.text}"
            return RateChoice(tuple(resolved), profile, source, label)
    return RateChoice(None, None, "none", "no interest")


def invoice_interest(
    amount: Decimal,
    reductions: Sequence[tuple[dt.date, Decimal]],
    due: dt.date,
    as_of: dt.date,
    choice: RateChoice,
) -> Decimal:
    """Unrounded interest under a :class:`RateChoice`; 0 when no rate applies."""
    if choice.spec is None:
        return ZERO
    return accrue(amount, reductions, due, as_of, choice.spec)
