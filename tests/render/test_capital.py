"""Tests for capital figures: the PBOC's own examples, rounding, limits, and a round trip
through an independent parser so that every generated string is shown to mean its amount."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from collect.render.capital import rmb_capital

CENT = Decimal("0.01")


# --- PBOC examples (《支付结算办法》附一), in the forms this module chooses ---------------


def test_middle_zero_is_written_and_zheng_follows_jiao():
    # PBOC writes 人民币壹仟肆佰零玖元伍角; 整 after 角 is allowed and we choose it.
    assert rmb_capital(Decimal("1409.50")) == "人民币壹仟肆佰零玖元伍角整"


def test_run_of_middle_zeros_gets_one_ling():
    assert rmb_capital(Decimal("6007.14")) == "人民币陆仟零柒元壹角肆分"


def test_zero_yuan_place_before_nonzero_jiao_omits_optional_ling():
    assert rmb_capital(Decimal("1680.32")) == "人民币壹仟陆佰捌拾元叁角贰分"


def test_zero_wan_and_yuan_places_omit_optional_ling():
    assert rmb_capital(Decimal("107000.53")) == "人民币壹拾万柒仟元伍角叁分"


def test_zero_jiao_before_fen_needs_ling():
    assert rmb_capital(Decimal("16409.02")) == "人民币壹万陆仟肆佰零玖元零贰分"


def test_zero_jiao_before_fen_needs_ling_small_amount():
    assert rmb_capital(Decimal("325.04")) == "人民币叁佰贰拾伍元零肆分"


# --- other fixed cases ------------------------------------------------------------


def test_round_yuan_ends_with_zheng():
    assert rmb_capital(Decimal("12000")) == "人民币壹万贰仟元整"


def test_zero_is_ling_yuan_zheng():
    assert rmb_capital(Decimal("0")) == "人民币零元整"
    assert rmb_capital(0) == "人民币零元整"
    assert rmb_capital(Decimal("-0")) == "人民币零元整"


def test_ten_keeps_yi_before_shi():
    assert rmb_capital(10) == "人民币壹拾元整"
    assert rmb_capital(15) == "人民币壹拾伍元整"


def test_below_one_yuan_has_no_ling_yuan():
    assert rmb_capital(Decimal("0.50")) == "人民币伍角整"
    assert rmb_capital(Decimal("0.05")) == "人民币伍分"
    assert rmb_capital(Decimal("0.55")) == "人民币伍角伍分"


def test_zero_jiao_and_zero_yuan_place_before_fen_needs_one_ling():
    assert rmb_capital(Decimal("1680.02")) == "人民币壹仟陆佰捌拾元零贰分"


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (9999, "人民币玖仟玖佰玖拾玖元整"),
        (10000, "人民币壹万元整"),
        (10001, "人民币壹万零壹元整"),
        (10500, "人民币壹万零伍佰元整"),
        (105000, "人民币壹拾万伍仟元整"),
        (1005000, "人民币壹佰万伍仟元整"),
        (99999999, "人民币玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元整"),
        (100000000, "人民币壹亿元整"),
        (100010000, "人民币壹亿零壹万元整"),
        (100005000, "人民币壹亿零伍仟元整"),
        (105000000, "人民币壹亿零伍佰万元整"),
        (100500000, "人民币壹亿零伍拾万元整"),
        (1000000001, "人民币壹拾亿零壹元整"),
        (1050000000, "人民币壹拾亿伍仟万元整"),
        (1000000000000, "人民币壹万亿元整"),
        (1000100000000, "人民币壹万零壹亿元整"),
    ],
)
def test_wan_and_yi_group_boundaries(amount, expected):
    assert rmb_capital(amount) == expected


def test_largest_amount_accepted():
    assert rmb_capital(Decimal("9999999999999999.99")) == (
        "人民币玖仟玖佰玖拾玖万玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分"
    )


# --- rounding -----------------------------------------------------------------------


def test_half_cent_rounds_up_to_one_fen():
    assert rmb_capital(Decimal("0.005")) == "人民币壹分"


def test_below_half_cent_rounds_down():
    assert rmb_capital(Decimal("1.994")) == "人民币壹元玖角玖分"
    assert rmb_capital(Decimal("0.004")) == "人民币零元整"


def test_rounding_carries_into_yuan():
    assert rmb_capital(Decimal("1.995")) == "人民币贰元整"


def test_rounding_carries_across_groups():
    assert rmb_capital(Decimal("99999999.995")) == "人民币壹亿元整"


# --- inputs -------------------------------------------------------------------------


def test_accepts_str_and_int():
    assert rmb_capital("1409.5") == "人民币壹仟肆佰零玖元伍角整"
    assert rmb_capital(12000) == "人民币壹万贰仟元整"


def test_prefix_can_be_dropped():
    assert rmb_capital(Decimal("325.04"), prefix="") == "叁佰贰拾伍元零肆分"


@pytest.mark.parametrize("bad", [1.5, 0.0, True, None, [1]])
def test_float_and_non_money_types_rejected(bad):
    with pytest.raises(TypeError):
        rmb_capital(bad)


@pytest.mark.parametrize("bad", [Decimal("-0.01"), Decimal("-0.001"), -1, "-5"])
def test_negative_rejected(bad):
    with pytest.raises(ValueError):
        rmb_capital(bad)


@pytest.mark.parametrize(
    "bad", [Decimal("1e16"), 10**16, Decimal("9999999999999999.995"), Decimal("1e30")]
)
def test_too_large_rejected(bad):
    with pytest.raises(ValueError):
        rmb_capital(bad)


@pytest.mark.parametrize("bad", ["abc", "", Decimal("NaN"), Decimal("Infinity"), "inf"])
def test_malformed_or_non_finite_rejected(bad):
    with pytest.raises(ValueError):
        rmb_capital(bad)


# --- an independent parser for round trips ------------------------------------------

_DIGIT = {ch: i for i, ch in enumerate("零壹贰叁肆伍陆柒捌玖")}
_SMALL = {"拾": 10, "佰": 100, "仟": 1000}


def _parse_integer(text: str) -> int:
    """Read a capital-figure integer left to right, accumulating 万 and 亿 sections."""
    total = 0  # everything already multiplied by 亿
    wan = 0  # the 万 section of the current 亿 section
    section = 0  # the current four-digit section
    digit: int | None = None
    for ch in text:
        if ch in _DIGIT:
            assert digit is None, f"two digits in a row in {text!r}"
            digit = _DIGIT[ch] or None  # 零 only marks a gap
        elif ch in _SMALL:
            assert digit is not None, f"{ch} without a digit in {text!r}"
            section += digit * _SMALL[ch]
            digit = None
        elif ch == "万":
            wan += (section + (digit or 0)) * 10**4
            section, digit = 0, None
        elif ch == "亿":
            total = (total + wan + section + (digit or 0)) * 10**8
            wan, section, digit = 0, 0, None
        else:
            raise AssertionError(f"unexpected {ch!r} in {text!r}")
    return total + wan + section + (digit or 0)


def parse_capital(text: str) -> Decimal:
    """Parse ``人民币…元…角…分[整]`` back to a Decimal (test oracle, written separately)."""
    assert text.startswith("人民币"), text
    body = text[len("人民币") :].removesuffix("整")
    yuan = 0
    if "元" in body:
        integer, _, body = body.partition("元")
        yuan = _parse_integer(integer)
    match = re.fullmatch(r"零?(?:(?P<jiao>[壹贰叁肆伍陆柒捌玖])角)?(?:(?P<fen>[壹贰叁肆伍陆柒捌玖])分)?", body)
    assert match, f"bad fraction {body!r} in {text!r}"
    jiao = _DIGIT[match["jiao"]] if match["jiao"] else 0
    fen = _DIGIT[match["fen"]] if match["fen"] else 0
    return Decimal(yuan) + Decimal(jiao) / 10 + Decimal(fen) / 100


def test_parser_reads_pboc_alternative_forms():
    # The oracle must accept the forms we do not emit, so it is not just our inverse.
    assert parse_capital("人民币壹仟陆佰捌拾元零叁角贰分") == Decimal("1680.32")
    assert parse_capital("人民币壹拾万零柒仟元伍角叁分") == Decimal("107000.53")
    assert parse_capital("人民币壹仟肆佰零玖元伍角") == Decimal("1409.5")


def _expected(x: Decimal) -> Decimal:
    return x.quantize(CENT, rounding=ROUND_HALF_UP)


amounts = st.decimals(
    min_value=0, max_value=Decimal("999999999999.999"), places=3, allow_nan=False, allow_infinity=False
)


@st.composite
def zero_heavy_amounts(draw) -> Decimal:
    """Amounts made of digits that are mostly 0, to reach every zero-run pattern."""
    digits = draw(st.lists(st.sampled_from("0000123456789"), min_size=1, max_size=19))
    places = draw(st.integers(min_value=0, max_value=min(3, len(digits))))
    text = "".join(digits)
    value = Decimal(text).scaleb(-places)
    if value >= Decimal("9999999999999999.995"):
        value = Decimal("9999999999999999.99")
    return value


@settings(max_examples=500)
@given(amounts)
def test_round_trip(x):
    assert parse_capital(rmb_capital(x)) == _expected(x)


@settings(max_examples=500)
@given(zero_heavy_amounts())
def test_round_trip_zero_heavy(x):
    assert parse_capital(rmb_capital(x)) == _expected(x)


@settings(max_examples=500)
@given(st.one_of(amounts, zero_heavy_amounts()))
def test_grammar(x):
    text = rmb_capital(x)
    assert text.startswith("人民币")
    assert "分整" not in text
    assert "零零" not in text
    assert not text.endswith("零")
    assert set(text[3:]) <= set("壹贰叁肆伍陆柒捌玖拾佰仟万亿元角分零整")
    # 整 exactly when there is no 分, and only at the end.
    assert text.endswith("整") == (not text.endswith("分"))
    assert text.count("整") <= 1
    # Apart from 零元整, 零 is never directly before a unit: it only fills a gap between figures.
    if text != "人民币零元整":
        assert not re.search("零[拾佰仟万亿元角分]", text)


_FIGURE = "[壹贰叁肆伍陆柒捌玖]"


@settings(max_examples=500)
@given(st.one_of(amounts, zero_heavy_amounts()))
def test_no_place_is_skipped_silently(x):
    """A value check cannot see a missing 零 (壹亿壹万 and 壹亿零壹万 parse alike),
    so check the places: each figure sits directly below the previous one unless 零 marks the gap."""
    text = rmb_capital(x)
    assert not re.search(f"仟{_FIGURE}(?!佰)", text)
    assert not re.search(f"佰{_FIGURE}(?!拾)", text)
    assert not re.search(f"万{_FIGURE}(?!仟)", text)
    assert not re.search(f"亿{_FIGURE}(?!仟)", text)
    assert not re.search(f"亿{_FIGURE}仟[^万]*元", text)  # 亿 then 仟 must reach 万
    assert not re.search(f"元{_FIGURE}分", text)  # 角 zero, 分 not: 零 required


@settings(max_examples=500)
@given(st.one_of(amounts, zero_heavy_amounts()))
def test_optional_ling_is_left_out(x):
    text = rmb_capital(x)
    assert not re.search(f"万零{_FIGURE}仟", text)
    assert not re.search(f"亿零{_FIGURE}仟万", text)
    assert not re.search(f"元零{_FIGURE}角", text)
