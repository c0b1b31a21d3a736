"""What import writes reads back as the same text, with our loader and with PyYAML."""

from __future__ import annotations

import yaml
from hypothesis import given
from hypothesis import strategies as st

from collect.interop.yaml_write import records_text, scalar
from collect.load.yamltree import parse


def test_numbers_and_words_yaml_would_retype_are_quoted():
    assert scalar("0000611365") == '"0000611365"'
    assert scalar("yes") == '"yes"'
    assert scalar("1e5") == '"1e5"'
    assert scalar("a: b") == '"a: b"'
    assert scalar("#7") == '"#7"'


def test_ids_and_chinese_text_stay_plain():
    assert scalar("0379-NEVHP") == "0379-NEVHP"
    assert scalar("HX/2025/0117") == "HX/2025/0117"
    assert scalar("贴片电阻 0402 1%（年前备货）") == "贴片电阻 0402 1%（年前备货）"


@given(st.text(min_size=1, max_size=40))
def test_any_text_reads_back_unchanged(text):
    written = scalar(text)
    assert yaml.safe_load(f"key: {written}\n") == {"key": text}
    parsed = parse(f"key: {written}\n", "x.yaml")
    assert not parsed.problems and parsed.data == {"key": text}


def test_records_keep_the_sample_ledgers_key_order():
    text = records_text("invoices", [{"amount": "10.00", "customer": "acme", "number": "007",
                                      "issued": "2026-01-05", "currency": "CNY", "description": "灯"}], ["head"])
    assert text == ("# head\n\n- number: \"007\"\n  customer: acme\n  issued: 2026-01-05\n"
                    "  currency: CNY\n  description: 灯\n  amount: 10.00\n")
