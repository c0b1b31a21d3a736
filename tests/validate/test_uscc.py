"""Tests for the 统一社会信用代码 check (GB 32100-2015)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from collect.validate.uscc import CHARSET, uscc_check_char, uscc_problem

# Codes as published for real companies (widely repeated in public company data;
# not re-checked against the national registry here). Their check characters
# agree with GB 32100-2015, including a letter check character and an 'X' at
# position 17 (the organisation-code check inside the code).
REAL_CODES = {
    "914403001922038216": "华为技术有限公司",
    "9144030071526726XG": "腾讯科技（深圳）有限公司",
    "91520000214434146R": "中航重机股份有限公司",
}


@pytest.mark.parametrize("code", sorted(REAL_CODES))
def test_real_published_codes_are_valid(code):
    assert uscc_problem(code) is None


@pytest.mark.parametrize("code", sorted(REAL_CODES))
def test_check_char_of_real_codes(code):
    assert uscc_check_char(code[:17]) == code[17]


def test_check_value_31_maps_to_zero():
    # All-zero body: sum 0, 31 - 0 = 31 -> 0.
    assert uscc_check_char("0" * 17) == "0"
    assert uscc_problem("0" * 18) is None


def test_wrong_check_character():
    problem = uscc_problem("914403001922038217")
    assert problem == "The check character is 7, but the first 17 characters give 6."


def test_transposed_digits_detected():
    # Swapping two adjacent body characters changes the weighted sum.
    assert uscc_problem("914403001922038126") is not None


@pytest.mark.parametrize("code", ["", "91440300192203821", "9144030019220382166"])
def test_wrong_length(code):
    problem = uscc_problem(code)
    assert problem is not None
    assert "18 characters" in problem
    assert f"has {len(code)}" in problem


@pytest.mark.parametrize(
    ("code", "char", "position"),
    [
        ("I14403001922038216", "I", 1),
        ("91440300192203821O", "O", 18),
        ("9144030019220382Z6", "Z", 17),
        ("914403001922038S16", "S", 16),
        ("9V4403001922038216", "V", 2),
        ("914403001922 38216", " ", 13),
        ("91440300192203821-", "-", 18),
    ],
)
def test_disallowed_character_reported_with_position(code, char, position):
    problem = uscc_problem(code)
    assert problem is not None
    assert f"{char!r} at position {position} is not allowed" in problem


def test_lower_case_letter_reported():
    problem = uscc_problem("9144030071526726xg")
    assert problem is not None
    assert "letters must be upper case" in problem
    assert "position 17" in problem


def test_lower_case_of_a_disallowed_letter_is_not_allowed():
    problem = uscc_problem("i14403001922038216")
    assert problem is not None
    assert "not allowed" in problem


def test_problems_are_one_sentence():
    for code in ["123", "I14403001922038216", "9144030071526726xg", "914403001922038217"]:
        problem = uscc_problem(code)
        assert problem is not None
        assert problem.endswith(".")
        assert problem[0].isupper()


@pytest.mark.parametrize("bad", ["0" * 16, "0" * 18, "I" + "0" * 16])
def test_check_char_rejects_bad_body(bad):
    with pytest.raises(ValueError):
        uscc_check_char(bad)


body = st.text(alphabet=CHARSET, min_size=17, max_size=17)


@given(body)
def test_generated_code_is_valid(first17):
    assert uscc_problem(first17 + uscc_check_char(first17)) is None


@given(body, st.sampled_from(CHARSET))
def test_every_other_check_char_is_rejected(first17, check):
    expected = uscc_check_char(first17)
    problem = uscc_problem(first17 + check)
    assert (problem is None) == (check == expected)


@given(body, st.integers(min_value=0, max_value=16), st.sampled_from(CHARSET))
def test_single_substitution_detected(first17, position, replacement):
    # Weights are all non-zero mod the prime 31, so any one changed character is caught.
    code = first17 + uscc_check_char(first17)
    changed = code[:position] + replacement + code[position + 1 :]
    assert (uscc_problem(changed) is None) == (changed == code)
