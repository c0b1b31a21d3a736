"""The policy.yaml of a new ledger shows every policy key with its default value, so a
team reads its whole policy in one file; the defaults come from the code."""

from __future__ import annotations

import re
from decimal import Decimal

import yaml

from collect.compute.risk import DEFAULT_WEIGHTS
from collect.init import template_files
from collect.load.files import RawRecord
from collect.load.yamltree import parse
from collect.model.build import build_record
from collect.model.records import (
    DEFAULT_LADDER, DEFAULT_LETTER_DEADLINES, DEFAULT_PROVISION, LETTER_TYPES, Policy,
)

POLICY_TEXT = template_files()["ledger/policy.yaml"]
CJK = re.compile(r"[\u4e00-\u9fff]")


def written_policy() -> Policy:
    parsed = parse(POLICY_TEXT, "policy.yaml")
    assert not parsed.problems
    record, problems = build_record(RawRecord("policy", "policy.yaml", parsed.data, parsed.marks))
    assert not problems, problems
    return record


def effective(policy: Policy) -> dict:
    """The policy as the engine applies it: weights and letter deadlines that are left
    out fall back to their defaults, so ``{}`` and the full table mean the same."""
    data = policy.model_dump()
    data["risk"]["weights"] = {**DEFAULT_WEIGHTS, **policy.risk.weights}
    data["letter_deadline_days"] = {letter: policy.deadline_days(letter) for letter in LETTER_TYPES}
    return data


def test_every_policy_field_is_written_out():
    keys = set(yaml.safe_load(POLICY_TEXT))
    assert keys == set(Policy.model_fields)


def test_every_written_value_is_the_default():
    assert effective(written_policy()) == effective(Policy())


def test_the_ladder_and_provision_are_the_built_in_ones():
    policy = written_policy()
    assert [step.model_dump(exclude_defaults=True) for step in policy.ladder] == list(DEFAULT_LADDER)
    assert policy.provision == {bucket: Decimal(rate.rstrip("%")) / 100 for bucket, rate in DEFAULT_PROVISION.items()}
    assert dict(policy.risk.weights) == DEFAULT_WEIGHTS
    assert {k: policy.deadline_days(k) for k in DEFAULT_LETTER_DEADLINES} == DEFAULT_LETTER_DEADLINES


def test_keys_left_unset_by_default_are_written_as_null():
    unset = {name for name, field in Policy.model_fields.items() if field.default is None}
    assert unset == {"limitation_years", "interest_rate", "interest_profile", "reference_rates"}
    data = yaml.safe_load(POLICY_TEXT)
    assert all(data[name] is None for name in unset)


def test_every_key_is_explained_in_english_and_chinese():
    lines = POLICY_TEXT.splitlines()
    for name in Policy.model_fields:
        index = next(i for i, line in enumerate(lines) if line.startswith(f"{name}:"))
        comment = []
        for line in reversed(lines[:index]):
            if not line.startswith("#"):
                break
            comment.append(line)
        text = " ".join(comment)
        assert re.search(r"[A-Za-z]{4,}", text) and CJK.search(text), f"{name} needs an English and a Chinese comment"

