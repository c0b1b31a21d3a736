"""The engine's rate labels (``0.05%/day``, ``UK late payment: 11.75% (…)``) in the words
of a letter, in its language. A label this module does not recognise is shown as it is."""

from __future__ import annotations

import re
from decimal import Decimal

from collect.render.i18n import N_

_NUM = r"(\d+(?:\.\d+)?)"
_DAILY = re.compile(rf"^{_NUM}%/day$")
_ANNUAL = re.compile(rf"^{_NUM}%$")
_ROW = re.compile(r"^(.+) from (\d{4}-\d\d-\d\d)$")
_UK = re.compile(rf"^UK late payment: {_NUM}% \({_NUM}% \+ Bank Rate {_NUM}% on (\d{{4}}-\d\d-\d\d)\)$")
_EU = re.compile(rf"^EU late payment: .* from {_NUM}% \({_NUM}% \+ ECB rate {_NUM}% on (\d{{4}}-\d\d-\d\d)\)$")

DAILY = N_("{rate} per day")
ANNUAL = N_("{rate} a year")
FROM = N_("{rate} from {date}")
UK = N_("statutory interest at {rate} a year ({margin} over the Bank of England Bank Rate of {ref} "
        "in force on {date}), under the Late Payment of Commercial Debts (Interest) Act 1998")
EU = N_("statutory interest at {margin} over the European Central Bank reference rate, reset each "
        "half-year ({rate} a year from {date})")
NONE = N_("no interest")

_CN_DIGITS = "零一二三四五六七八九"


def rate_text(label: str, gettext, lang: str) -> str:
    if not label or label == "no interest":
        return gettext(NONE)
    if m := _UK.match(label):
        rate, margin, ref, date = m.groups()
        return gettext(UK).format(rate=f"{rate}%", margin=f"{margin}%", ref=f"{ref}%", date=date)
    if m := _EU.match(label):
        rate, margin, ref, date = m.groups()
        return gettext(EU).format(rate=f"{rate}%", margin=f"{margin}%", ref=f"{ref}%", date=date)
    rows = label.split("; ")
    if len(rows) > 1 and all(_ROW.match(r) for r in rows):
        sep = "；" if lang == "zh" else "; "
        return sep.join(gettext(FROM).format(rate=_single(m.group(1), gettext, lang), date=m.group(2))
                        for m in map(_ROW.match, rows))
    return _single(label, gettext, lang)


def _single(text: str, gettext, lang: str) -> str:
    if m := _DAILY.match(text):
        shown = gettext(DAILY).format(rate=f"{m.group(1)}%")
        wan = _wan_fen(m.group(1))
        return f"{shown}（{wan}）" if wan and lang == "zh" else shown
    if m := _ANNUAL.match(text):
        return gettext(ANNUAL).format(rate=f"{m.group(1)}%")
    return text


def _wan_fen(percent: str) -> str | None:
    """0.05 (% a day) → 万分之五, the way Chinese contracts write daily rates."""
    value = Decimal(percent) * 100
    if value != int(value) or not 1 <= value <= 99:
        return None
    n = int(value)
    tens, units = divmod(n, 10)
    text = ("" if tens == 1 else _CN_DIGITS[tens]) + "十" if tens else ""
    return "万分之" + text + (_CN_DIGITS[units] if units else "")
