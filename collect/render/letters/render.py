"""A letter's text: its template filled in as Markdown (to edit) or HTML (to print).

One template per letter type (``site_templates/letters/<type>.jinja``) serves both formats:
it extends ``letters/base.md`` or ``letters/base.html`` and builds its body from the
format's macros (``letters/macros.md`` / ``letters/macros.html``) and the shared pieces of
``letters/parts.jinja``. A ledger repository's own ``site_templates/letters/`` overrides
any of these files. The HTML environment autoescapes; the Markdown one does not (its
output is a plain-text draft, never served as HTML).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal
from pathlib import Path

import jinja2
from babel.numbers import get_currency_name
from markupsafe import Markup

from collect.render.env import make_env
from collect.render.i18n import translations
from collect.render.letters.content import LetterData
from collect.render.letters.rates import rate_text

FORMATS = ("md", "html")
CSS_TEMPLATE = "letters/letter.css"
_BLANK_RUNS = re.compile(r"\n{3,}")


class LetterRenderer:
    """The two template environments of one language and the helpers letters use."""

    def __init__(self, lang: str, ledger_root: Path | None):
        self.lang = lang
        self.ledger_root = ledger_root
        self.envs = {fmt: self._env(fmt) for fmt in FORMATS}

    def _env(self, fmt: str) -> jinja2.Environment:
        env = make_env(self.lang, self.ledger_root)
        env.add_extension("jinja2.ext.do")
        env.autoescape = fmt == "html"
        helpers = LetterHelpers(self.lang, env.globals["fmt"])
        env.globals.update(
            money=helpers.money, money_cap=helpers.money_cap, amount=helpers.amount, unit=helpers.unit,
            rate=helpers.rate, long_date=helpers.long_date, join=helpers.join, timedelta=dt.timedelta,
        )
        env.filters["long_date"] = helpers.long_date
        return env

    def css(self) -> str:
        env = self.envs["html"]
        source, _, _ = env.loader.get_source(env, CSS_TEMPLATE)
        return source

    def render(self, data: LetterData, fmt: str, *, css_inline: bool = False, css_href: str = "../letter.css") -> str:
        env = self.envs[fmt]
        context = dict(
            d=data, format=fmt, meta_json=meta_json(data),
            css_inline=Markup(self.css()) if css_inline else None, css_href=css_href,
        )
        context["m"] = env.get_template(f"letters/macros.{fmt}").module
        context["parts"] = env.get_template("letters/parts.jinja").make_module(dict(context))
        text = env.get_template(f"letters/{data.type}.jinja").render(context)
        return _BLANK_RUNS.sub("\n\n", text).strip() + "\n"


class LetterHelpers:
    """Money, dates and lists the way a letter in this language writes them."""

    def __init__(self, lang: str, fmt):
        self.lang = lang
        self.fmt = fmt
        self.gettext = translations(lang).gettext

    def amount(self, value: Decimal, currency: str) -> str:
        return self.fmt.amount(value, currency)

    def money(self, value: Decimal, currency: str) -> str:
        """zh: 人民币209,050.00元 / 英镑5,000.00; en: £5,000.00, €40.00, USD 16,820.00."""
        figures = self.fmt.amount(value, currency)
        if self.lang == "zh":
            if currency == "CNY":
                return f"人民币{figures}元"
            return f"{self._currency_name(currency)}{figures}"
        if currency in ("GBP", "EUR"):
            return self.fmt.money(value, currency)
        return f"{currency} {figures}"

    def money_cap(self, value: Decimal, currency: str) -> str:
        """In zh letters a CNY amount also in capital figures; other currencies have none
        (the PBOC rules are for renminbi)."""
        text = self.money(value, currency)
        if self.lang == "zh" and currency == "CNY" and value >= 0:
            from collect.render.capital import rmb_capital

            return f"{text}（大写：{rmb_capital(value)}）"
        return text

    def unit(self, currency: str) -> str:
        if self.lang == "zh":
            return "人民币元" if currency == "CNY" else self._currency_name(currency)
        return currency

    def _currency_name(self, currency: str) -> str:
        return get_currency_name(currency, locale=self.fmt.locale)

    def rate(self, label: str) -> str:
        return rate_text(label, self.gettext, self.lang)

    def long_date(self, day: dt.date | None) -> str:
        return self.fmt.long_date(day)

    def join(self, items) -> str:
        return ("、" if self.lang == "zh" else ", ").join(str(i) for i in items)


def meta_json(data: LetterData) -> str:
    """What ``collect note --letter`` reads back from a draft."""
    return json.dumps({
        "customer": data.customer.id, "type": data.type, "date": data.date.isoformat(),
        "ref": data.reference, "invoices": list(data.invoice_numbers), "lang": data.lang,
    }, ensure_ascii=True, separators=(",", ":"))
