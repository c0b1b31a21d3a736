"""Grouped digits without Babel on every call: always Babel's own text."""

from __future__ import annotations

import random
from decimal import Decimal

import pytest
from babel import Locale
from babel.numbers import format_currency, format_decimal

from collect.compute.money import round_money
from collect.render.digits import Digits
from collect.render.formatting import Formatter

CURRENCIES = ("CNY", "USD", "EUR", "GBP", "JPY", "HKD", "KRW", "CHF", "BHD", "KWD", "ISK", "TWD")


def values(seed: int, count: int = 3000):
    rng = random.Random(seed)
    specials = [Decimal(v) for v in ("0", "-0", "-0.00", "0.005", "-0.005", "999.995", "1000", "-1000.5",
                                       "123456789012345.67", "0.1", "5E+3")]
    yield from specials
    for _ in range(count):
        digits = rng.choice((0, 1, 3, 4, 6, 9, 13))
        yield Decimal(rng.randint(-10 ** digits, 10 ** digits)).scaleb(-rng.randint(0, 4))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_amounts_and_money_are_babels_text(lang):
    fmt = Formatter(lang)
    seed = {"zh": 1, "en": 2}[lang]
    rng = random.Random(seed)
    for value in values(seed):
        currency = rng.choice(CURRENCIES)
        rounded = round_money(value, currency)
        places = max(0, -rounded.as_tuple().exponent)
        pattern = "#,##0" + ("." + "0" * places if places else "")
        assert fmt.amount(value, currency) == format_decimal(rounded, format=pattern, locale=fmt.locale,
                                                            decimal_quantization=False), (value, currency)
        assert fmt.money(value, currency) == format_currency(rounded, currency, locale=fmt.locale,
                                                            currency_digits=True), (value, currency)


@pytest.mark.parametrize("name", ["de_DE", "fr_FR", "de_CH", "hi_IN", "ar_EG", "sv_SE"])
def test_other_locales_get_babels_text_too_or_babel_itself(name):
    digits = Digits(Locale.parse(name))
    for value in values(7, 800):
        for currency in ("EUR", "USD", "JPY"):
            rounded = round_money(value, currency)
            places = max(0, -rounded.as_tuple().exponent)
            pattern = "#,##0" + ("." + "0" * places if places else "")
            assert digits.grouped(rounded) == format_decimal(rounded, format=pattern, locale=digits.locale,
                                                             decimal_quantization=False)
            assert digits.currency(rounded, currency) == format_currency(rounded, currency, locale=digits.locale,
                                                                          currency_digits=True)
