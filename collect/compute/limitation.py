"""Limitation of a claim: the last day on which the creditor can still sue for it.

A missed date costs the creditor the whole claim, so every reading here errs towards the
*earlier* expiry wherever the law is unclear or the data could be incomplete: a warning
that comes a day early is harmless, one that comes a day late is not.

The rules per jurisdiction (DOMAIN.md, "Limitation of claims"):

- ``cn`` (民法典): 3 years (art. 188) from the due date; interrupted (art. 195) by a
  demand on the day it was *delivered*, by an acknowledgement or by a (part) payment, after
  which a full new period runs. The period ends on the same day of the month, or the
  month's last day where there is none (art. 201-202); a last day on a weekend or a
  policy holiday moves to the next working day (art. 203). An acknowledgement after
  expiry does not restart the period but costs the debtor the defence (art. 192 ¶2): we
  report it as ``waived``. Suspension (art. 194) is not modelled: it only lengthens.
- ``uk`` (Limitation Act 1980): 6 years (s.5); only a signed acknowledgement (s.30) or a
  part payment (s.29(5)) restarts; a reminder does nothing; nothing revives a barred debt
  (s.29(7)). No weekend roll: CPR 2.8 would let a claim be issued on the next day the
  court office is open, but we do not rely on it.
- ``de`` (BGB): 3 years (§195) from the end of the year in which the claim arose (§199):
  due 2022-03-15 → 2025-12-31. Acknowledgement or part payment starts a full new period
  from that day, without year-end rounding (§212). A Mahnung does nothing. Until the end
  of that first year the period has not begun, so an acknowledgement or payment in it
  restarts nothing (it could otherwise only *shorten* the period). No §193 roll. An
  acknowledgement after expiry revives nothing: §214(2) only stops the debtor reclaiming
  what it paid.
- ``us`` (UCC §2-725, sale of goods): 4 years; treated like ``uk``. State law varies for
  other debts, for tolling and for revival by a written promise: set ``limitation_years``.
- ``eu``: there is no union-wide period. A conservative generic default: 3 years (most
  member states allow as much or more), treated like ``uk`` (acknowledgement and payment
  restart, a letter does not, no year-end rounding, no weekend roll).

Policy ``limitation_years`` overrides the number of years in every jurisdiction.
"""

from __future__ import annotations

import calendar
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

DEFAULT_YEARS: dict[str, int] = {"cn": 3, "uk": 6, "de": 3, "eu": 3, "us": 4}
"""Years of the ordinary period: cn 民法典 art. 188; uk Limitation Act 1980 s.5;
de BGB §195; us UCC §2-725 (sale of goods); eu none union-wide, 3 as a conservative default."""

RestartKind = Literal["letter", "acknowledgement", "payment"]

_RESTARTING_KINDS: dict[str, frozenset[str]] = {
    "cn": frozenset({"letter", "acknowledgement", "payment"}),
    "uk": frozenset({"acknowledgement", "payment"}),
    "de": frozenset({"acknowledgement", "payment"}),
    "us": frozenset({"acknowledgement", "payment"}),
    "eu": frozenset({"acknowledgement", "payment"}),
}
"""Which events start a new period, per jurisdiction: a demand letter counts only in cn."""


@dataclass(frozen=True)
class Restart:
    """An event that may restart the period.

    ``date`` is the day it took effect: for a letter the day it was *delivered* (the
    caller passes that date, not the day it was sent). ``source`` is a human reference,
    e.g. ``notes/acme/2026-03-01-demand.md`` or ``payment R-123``, so that a report can
    show the evidence the date rests on.
    """

    date: date
    kind: RestartKind
    source: str


@dataclass(frozen=True)
class Limitation:
    """Where the period stands on the as-of date.

    ``expires`` is the last day on which a claim can still be filed (None once stopped by
    a filing). ``basis`` is the restart the current period runs from (None: from the due
    date). ``waived`` is a cn acknowledgement dated after expiry: the period is not
    restarted, but the debtor can no longer plead limitation (art. 192 ¶2); always None
    elsewhere. ``stopped_by`` is the filing date that stopped the period.
    ``days_left`` = expires − as_of, negative once expired.
    """

    expires: date | None
    status: Literal["running", "expired", "stopped"]
    basis: Restart | None
    waived: Restart | None
    stopped_by: date | None
    days_left: int | None


def add_years(start: date, years: int) -> date:
    """The same month and day ``years`` later, or the month's last day where there is none.

    This is how cn (art. 202), uk, and de (§188(3)) count a period in years:
    2020-02-29 + 3 → 2023-02-28, + 4 → 2024-02-29.
    """
    year = start.year + years
    last = calendar.monthrange(year, start.month)[1]
    return date(year, start.month, min(start.day, last))


def next_working_day(day: date, holidays: Collection[date]) -> date:
    """``day`` itself if it is Monday to Friday and not a holiday, else the next such day.

    PRC Civil Code art. 203 moves a period ending on a statutory holiday to the day after
    the holiday; in prevailing practice Saturdays and Sundays count as holidays too.
    """
    while day.weekday() >= 5 or day in holidays:
        day += timedelta(days=1)
    return day


def limitation(
    jurisdiction: str,
    due: date,
    restarts: Iterable[Restart],
    as_of: date,
    years: int | None = None,
    holidays: Collection[date] = (),
    filed: date | None = None,
) -> Limitation:
    """The limitation of one claim due on ``due``, as known on ``as_of``.

    Events are taken in date order. One restarts the period only while the period is
    running: dated on or after the current period's start (before the due date the
    period has not begun) and on or before the current expiry (the last day counts). An
    event after expiry restarts nothing; in cn an acknowledgement after expiry is
    reported as ``waived``. Events and a filing dated after ``as_of`` are not known yet
    and are ignored.

    A filing (``legal.filed``) on or before the expiry as it stands on the filing date
    stops the period (``expires`` None, status "stopped"). A filing after expiry does not
    bring an expired claim back: the status stays "expired" (the debtor can plead it).
    """
    if jurisdiction not in DEFAULT_YEARS:
        raise ValueError(f"unknown jurisdiction {jurisdiction!r}; expected one of {sorted(DEFAULT_YEARS)}")
    n = DEFAULT_YEARS[jurisdiction] if years is None else years
    if n < 1:
        raise ValueError(f"limitation years must be at least 1, not {n}")
    rest_days = frozenset(holidays)
    kinds = _RESTARTING_KINDS[jurisdiction]

    def period_end(start: date) -> date:
        end = add_years(start, n)
        return next_working_day(end, rest_days) if jurisdiction == "cn" else end

    if jurisdiction == "de":
        # §199(1): the period begins with the end of the year the claim arose in.
        start = date(due.year + 1, 1, 1)
        expires = date(due.year + n, 12, 31)
    else:
        start = due
        expires = period_end(due)
    basis: Restart | None = None
    waived: Restart | None = None

    known = sorted((r for r in restarts if r.date <= as_of), key=lambda r: r.date)
    if filed is not None and filed > as_of:
        filed = None

    for event in known:
        if filed is not None and event.date >= filed and filed <= expires:
            break  # stopped by the filing: later events change nothing
        if event.kind not in kinds or event.date < start:
            continue
        if event.date <= expires:
            start, expires, basis = event.date, period_end(event.date), event
        elif jurisdiction == "cn" and event.kind == "acknowledgement" and waived is None:
            waived = event

    if filed is not None and filed <= expires:
        return Limitation(None, "stopped", basis, waived, filed, None)
    status: Literal["running", "expired"] = "expired" if as_of > expires else "running"
    return Limitation(expires, status, basis, waived, None, (expires - as_of).days)


def limitation_warning(lim: Limitation, as_of: date, warn_days: int) -> bool:
    """True while the claim is still running and expires within ``warn_days`` of as_of.

    An expired or stopped claim gets no warning: there is nothing left to rescue by acting
    before a date (an expired one is reported as expired instead).
    """
    return lim.status == "running" and lim.expires is not None and (lim.expires - as_of).days <= warn_days
