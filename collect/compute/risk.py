"""Customer risk: a 0–100 payment index and an explained 0–100 risk score with grade A–E.

Everything here is a pure function of numbers the caller has already computed from the
ledger (as of a date). Keeping the ledger walk out of this module lets the scoring rules
be read, tested and tuned on their own, and guarantees SPEC §4's promise — more overdue,
broken promises and worse payment behaviour never lower the score — by construction:
every factor below is a monotone step or linear function of one input, and the score is
their clamped sum.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

__all__ = [
    "DEFAULT_GRADES",
    "DEFAULT_WEIGHTS",
    "FACTOR_ORDER",
    "Factor",
    "RiskInputs",
    "RiskScore",
    "grade_for",
    "payment_index",
    "risk_score",
]

_ZERO = Decimal(0)
_ONE = Decimal(1)

# --- payment index ---------------------------------------------------------------------

#: (days beyond terms, index) breakpoints of the 0–100 scale in DOMAIN.md, linear between.
#: DOMAIN.md fixes 80 on time and 70/50/40/30/20 at 15/30/60/90/120 days late. It says
#: only that 100 "pays early" and stops at 120 days, so we choose: 30 or more days early
#: is 100, and beyond 120 days the line keeps falling to 0 at 240 days (and stays there),
#: so that a customer paying a year late still scores below one paying four months late.
PAYMENT_INDEX_POINTS: tuple[tuple[int, int], ...] = (
    (-30, 100),
    (0, 80),
    (15, 70),
    (30, 50),
    (60, 40),
    (90, 30),
    (120, 20),
    (240, 0),
)


def _index_for_days(days: Decimal) -> Decimal:
    """Piecewise-linear lookup in PAYMENT_INDEX_POINTS, flat beyond both ends."""
    first_days, first_index = PAYMENT_INDEX_POINTS[0]
    if days <= first_days:
        return Decimal(first_index)
    for (x0, y0), (x1, y1) in zip(PAYMENT_INDEX_POINTS, PAYMENT_INDEX_POINTS[1:]):
        if days <= x1:
            return Decimal(y0) + Decimal(y1 - y0) * (days - x0) / Decimal(x1 - x0)
    return Decimal(PAYMENT_INDEX_POINTS[-1][1])


def payment_index(items: Iterable[tuple[Decimal, int]]) -> int | None:
    """Amount-weighted payment index (0–100) of settled invoices; None when there are none.

    ``items`` are ``(amount, days_late)`` pairs; ``days_late`` is negative for an invoice
    paid that many days before its due date. Weighting by amount (as DOMAIN.md asks:
    "dollar-weighted") keeps a string of small invoices paid on time from hiding one
    large invoice paid months late. If every amount is zero the plain mean is used, so
    the result is still defined. The mean days are mapped through
    PAYMENT_INDEX_POINTS and rounded half-up to an int.

    This is *a* payment index on the familiar scale, not any vendor's trademarked score.
    """
    pairs = list(items)
    if not pairs:
        return None
    for amount, _days in pairs:
        if amount < 0:
            raise ValueError(f"payment_index: negative amount {amount}")
    total = sum((amount for amount, _ in pairs), _ZERO)
    if total == 0:
        mean = Decimal(sum(days for _, days in pairs)) / len(pairs)
    else:
        mean = sum((amount * days for amount, days in pairs), _ZERO) / total
    index = _index_for_days(mean)
    return int(index.quantize(_ONE, rounding=ROUND_HALF_UP))


# --- risk score ------------------------------------------------------------------------


@dataclass(frozen=True)
class RiskInputs:
    """What the score looks at, already computed by the caller for one customer.

    The caller decides the scope of each figure (e.g. whether disputed invoices count
    towards ``max_days_overdue``); this module only scores them. Validation below
    rejects impossible values early, because a negative count here means a bug upstream.
    """

    max_days_overdue: int
    overdue_share: Decimal | None  # overdue / outstanding, 0..1; None: nothing outstanding
    broken_promises: int  # in the last 365 days
    open_disputes: int
    payment_index_now: int | None  # last 365 days
    payment_index_before: int | None  # the 365 days before that
    utilisation: Decimal | None  # outstanding / credit_limit, may exceed 1
    days_to_limitation: int | None  # earliest expiry − as_of; negative when expired
    days_since_contact: int | None  # since the last case note; None: never contacted
    has_overdue: bool

    def __post_init__(self) -> None:
        for name in ("max_days_overdue", "broken_promises", "open_disputes"):
            if getattr(self, name) < 0:
                raise ValueError(f"RiskInputs.{name} must be >= 0, got {getattr(self, name)}")
        if self.overdue_share is not None and not (_ZERO <= self.overdue_share <= _ONE):
            raise ValueError(f"RiskInputs.overdue_share must be in 0..1, got {self.overdue_share}")
        for name in ("payment_index_now", "payment_index_before"):
            value = getattr(self, name)
            if value is not None and not 0 <= value <= 100:
                raise ValueError(f"RiskInputs.{name} must be in 0..100, got {value}")
        if self.utilisation is not None and self.utilisation < 0:
            raise ValueError(f"RiskInputs.utilisation must be >= 0, got {self.utilisation}")
        if self.days_since_contact is not None and self.days_since_contact < 0:
            raise ValueError(f"RiskInputs.days_since_contact must be >= 0, got {self.days_since_contact}")


@dataclass(frozen=True)
class Factor:
    """One reason the score is what it is: a stable ``code``, its points, and a sentence
    with the figures so a collector can repeat it to the customer or a manager."""

    code: str
    points: int
    detail: str


@dataclass(frozen=True)
class RiskScore:
    """The score (0–100), its grade, and the factors that contributed (points > 0),
    always in FACTOR_ORDER so reports and diffs are stable."""

    score: int
    grade: str
    factors: tuple[Factor, ...]


#: Maximum points of each factor. They add up to 125 on purpose: a customer bad on
#: most counts should reach 100 without being bad on all of them, so the clamp matters.
DEFAULT_WEIGHTS: dict[str, int] = {
    "days_overdue": 35,
    "overdue_share": 15,
    "broken_promises": 20,
    "disputes": 10,
    "payment_trend": 10,
    "credit_use": 10,
    "limitation": 15,
    "no_contact": 10,
}

#: The order factors are evaluated and reported in.
FACTOR_ORDER: tuple[str, ...] = tuple(DEFAULT_WEIGHTS)

#: Lowest score of each grade; anything below the lowest listed grade is "A".
DEFAULT_GRADES: dict[str, int] = {"B": 20, "C": 40, "D": 60, "E": 80}

_HALF = Decimal("0.5")


def _points(weight: int, fraction: Decimal) -> int:
    return int((Decimal(weight) * fraction).quantize(_ONE, rounding=ROUND_HALF_UP))


def _percent(value: Decimal) -> str:
    """``Decimal("0.625")`` → ``"62.5%"``, ``Decimal("1")`` → ``"100%"``."""
    q = (value * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    text = str(int(q)) if q == q.to_integral_value() else str(q)
    return f"{text}%"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


# Each factor function returns (fraction of its weight in 0..1, detail sentence).


def _days_overdue(i: RiskInputs) -> tuple[Decimal, str]:
    """Steps on the aging buckets of SPEC §4, so the factor reads like the aging report.

    ======================  ========
    max_days_overdue        fraction
    ======================  ========
    0                       0
    1–30                    20 %
    31–60                   40 %
    61–90                   60 %
    91–180                  80 %
    > 180                   100 %
    ======================  ========
    """
    d = i.max_days_overdue
    if d <= 0:
        f = _ZERO
    elif d <= 30:
        f = Decimal("0.2")
    elif d <= 60:
        f = Decimal("0.4")
    elif d <= 90:
        f = Decimal("0.6")
    elif d <= 180:
        f = Decimal("0.8")
    else:
        f = _ONE
    return f, f"oldest overdue invoice {_plural(d, 'day')} past due"


def _overdue_share(i: RiskInputs) -> tuple[Decimal, str]:
    """Linear: the fraction is the overdue share itself (0 when nothing is outstanding).

    A step function would make 49 % and 51 % overdue score very differently; the share
    is already a 0..1 fraction, so using it directly is the simplest monotone choice.
    """
    share = i.overdue_share if i.overdue_share is not None else _ZERO
    return share, f"{_percent(share)} of the outstanding balance is overdue"


def _broken_promises(i: RiskInputs) -> tuple[Decimal, str]:
    """The first broken promise weighs most: it is the clearest signal of intent.

    ======  ========
    broken  fraction
    ======  ========
    0       0
    1       50 %
    2       80 %
    ≥ 3     100 %
    ======  ========
    """
    n = i.broken_promises
    f = {0: _ZERO, 1: _HALF, 2: Decimal("0.8")}.get(n, _ONE)
    return f, f"{_plural(n, 'broken promise')} in the last 365 days"


def _disputes(i: RiskInputs) -> tuple[Decimal, str]:
    """Open disputes delay payment even when the customer is willing.

    ========  ========
    disputes  fraction
    ========  ========
    0         0
    1         50 %
    ≥ 2       100 %
    ========  ========
    """
    n = i.open_disputes
    f = _ZERO if n <= 0 else _HALF if n == 1 else _ONE
    return f, _plural(n, "open dispute")


def _payment_trend(i: RiskInputs) -> tuple[Decimal, str]:
    """Payment behaviour over two years, the last year weighted double.

    combined = (2 × now + before) / 3, or now alone when the year before has nothing
    settled (None: nothing settled in the last year → 0):

    =========  ========
    combined   fraction
    =========  ========
    ≥ 70       0
    50 – <70   40 %
    30 – <50   70 %
    < 30       100 %
    =========  ========

    Why not points for a *fall* from the year before: SPEC §4 requires that worse payment
    behaviour never lowers the score, and a fall-based factor gives a customer who also
    paid badly the year before (a smaller fall) fewer points. Weighting the recent year
    double keeps the trend — a customer who got worse scores higher than one who was
    always at the same two-year average — while staying monotone in both years.
    """
    now, before = i.payment_index_now, i.payment_index_before
    if now is None:
        return _ZERO, "no invoices settled in the last 365 days"
    combined = Decimal(now) if before is None else (Decimal(2 * now) + Decimal(before)) / 3
    f = _ONE if combined < 30 else Decimal("0.7") if combined < 50 else Decimal("0.4") if combined < 70 else _ZERO
    if before is not None:
        detail = f"payment index {now} over the last 365 days ({before} the year before)"
    else:
        detail = f"payment index {now} over the last 365 days"
    return f, detail


def _credit_use(i: RiskInputs) -> tuple[Decimal, str]:
    """Near or over the credit limit (None: no limit → 0).

    ============  ========
    utilisation   fraction
    ============  ========
    ≤ 80 %        0
    > 80 %        50 %
    > 100 %       100 %
    ============  ========
    """
    u = i.utilisation
    if u is None:
        return _ZERO, "no credit limit"
    f = _ONE if u > 1 else _HALF if u > Decimal("0.8") else _ZERO
    return f, f"outstanding is {_percent(u)} of the credit limit"


def _limitation(i: RiskInputs) -> tuple[Decimal, str]:
    """The claim is running out — only counted while something is overdue, since an
    expiring claim on invoices nobody is chasing yet needs no action (None → 0).

    ===================  ========
    days_to_limitation   fraction
    ===================  ========
    > 180                0
    91–180               50 %
    31–90                80 %
    ≤ 30 or expired      100 %
    ===================  ========
    """
    d = i.days_to_limitation
    if d is None:
        return _ZERO, "no limitation period running"
    if not i.has_overdue:
        f = _ZERO
    elif d <= 30:
        f = _ONE
    elif d <= 90:
        f = Decimal("0.8")
    elif d <= 180:
        f = _HALF
    else:
        f = _ZERO
    if d < 0:
        detail = f"limitation of the oldest claim expired {_plural(-d, 'day')} ago"
    elif d == 0:
        detail = "limitation of the oldest claim expires today"
    else:
        detail = f"limitation of the oldest claim expires in {_plural(d, 'day')}"
    return f, detail


def _no_contact(i: RiskInputs) -> tuple[Decimal, str]:
    """Overdue invoices nobody has chased — only counted while something is overdue.

    ======================  ========
    days_since_contact      fraction
    ======================  ========
    ≤ 60                    0
    never contacted         50 %
    61–120                  50 %
    > 120                   100 %
    ======================  ========

    "Never" scores like 61–120 days rather than the maximum: a customer never contacted
    is usually one whose first invoice has only just fallen due.
    """
    d = i.days_since_contact
    if not i.has_overdue:
        f = _ZERO
    elif d is None:
        f = _HALF
    elif d > 120:
        f = _ONE
    elif d > 60:
        f = _HALF
    else:
        f = _ZERO
    if d is None:
        detail = "never contacted while invoices are overdue"
    else:
        detail = f"no contact for {_plural(d, 'day')} while invoices are overdue"
    return f, detail


_FACTORS = {
    "days_overdue": _days_overdue,
    "overdue_share": _overdue_share,
    "broken_promises": _broken_promises,
    "disputes": _disputes,
    "payment_trend": _payment_trend,
    "credit_use": _credit_use,
    "limitation": _limitation,
    "no_contact": _no_contact,
}
assert tuple(_FACTORS) == FACTOR_ORDER


def grade_for(score: int, grades: Mapping[str, int] | None = None) -> str:
    """The grade whose lowest score is the highest one not above ``score``; "A" below all.

    ``grades`` replaces DEFAULT_GRADES as a whole (a policy that defines grades defines
    all of them).
    """
    table = DEFAULT_GRADES if grades is None else grades
    best: tuple[int, str] | None = None
    for letter, lowest in table.items():
        if lowest <= score and (best is None or lowest > best[0]):
            best = (lowest, letter)
    return "A" if best is None else best[1]


def risk_score(
    inputs: RiskInputs,
    weights: Mapping[str, int] | None = None,
    grades: Mapping[str, int] | None = None,
) -> RiskScore:
    """Score one customer: the sum of factor points, clamped to 100, with its grade.

    ``weights`` overrides DEFAULT_WEIGHTS key by key (a policy may tune one factor
    without restating the rest); an unknown key or a negative weight is an error, since
    either would silently change the meaning of the score. Points per factor are
    ``weight × fraction`` rounded half-up, the fraction from the factor's table.
    """
    merged = dict(DEFAULT_WEIGHTS)
    if weights:
        unknown = set(weights) - set(DEFAULT_WEIGHTS)
        if unknown:
            raise ValueError(f"unknown risk factor(s): {', '.join(sorted(unknown))}")
        for code, weight in weights.items():
            if weight < 0:
                raise ValueError(f"risk weight {code} must be >= 0, got {weight}")
        merged.update(weights)
    factors: list[Factor] = []
    for code in FACTOR_ORDER:
        fraction, detail = _FACTORS[code](inputs)
        points = _points(merged[code], fraction)
        if points > 0:
            factors.append(Factor(code, points, detail))
    score = min(100, sum(f.points for f in factors))
    return RiskScore(score=score, grade=grade_for(score, grades), factors=tuple(factors))
