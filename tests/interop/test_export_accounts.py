"""Customer ids → Beancount account components: valid, readable, never shared."""

from __future__ import annotations

import regex
from beancount.core.account import ACC_COMP_NAME_RE
from hypothesis import given
from hypothesis import strategies as st

from collect.interop.export_beancount import account_names

ID = st.from_regex(r"[A-Za-z0-9_-][A-Za-z0-9._-]{0,12}", fullmatch=True).filter(lambda s: ".." not in s)


def test_ids_become_capitalised_components():
    assert account_names(["huaxin-electronics", "0000-x", "acme_ltd.cn", "ABC"]) == {
        "huaxin-electronics": "Huaxin-Electronics", "0000-x": "C0000-X", "acme_ltd.cn": "Acme-Ltd-Cn", "ABC": "ABC"}


def test_ids_that_would_meet_get_a_hash_each():
    names = account_names(["a-b", "a_b", "A.b", "c"])
    assert len(set(names.values())) == 4
    assert names["c"] == "C"
    assert all(names[i].startswith("A-B-") for i in ("a-b", "a_b", "A.b"))


@given(st.lists(ID, unique=True, max_size=30))
def test_every_component_is_valid_starts_with_a_capital_and_is_unique(ids):
    names = account_names(ids)
    assert len({n.casefold() for n in names.values()}) == len(ids)
    for name in names.values():
        assert regex.fullmatch(ACC_COMP_NAME_RE, name) and name[0].isupper()
