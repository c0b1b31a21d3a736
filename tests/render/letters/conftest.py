"""The sample ledger computed once, and helpers to draft its letters."""

from __future__ import annotations

import shutil

import pytest

from letter_fixtures import AS_OF, SAMPLE


@pytest.fixture(scope="session")
def sample():
    """``(state, ledger)`` of the sample ledger as of 2026-11-22."""
    from collect.compute.engine import compute
    from collect.load import load_ledger

    ledger, diagnostics = load_ledger(SAMPLE, AS_OF)
    assert not [d for d in diagnostics if d.is_error]
    return compute(ledger, AS_OF), ledger


@pytest.fixture(scope="session")
def drafter(sample):
    from collect.render.letters.drafts import Drafter

    state, ledger = sample
    return Drafter(state, ledger)


@pytest.fixture
def letter(sample, drafter):
    """``letter(customer, type, lang=None)`` → ``(LetterData, Draft)``."""
    from collect.render.letters.content import letter_data

    state, ledger = sample

    def make(customer: str, letter_type: str, lang: str | None = None):
        data = letter_data(letter_type, state.customer(customer), state, ledger, lang=lang)
        return data, drafter.draft(data)

    return make


@pytest.fixture
def ledger_copy(tmp_path):
    """A private copy of the sample ledger (for commands that write notes)."""
    target = tmp_path / "repo" / "ledger"
    shutil.copytree(SAMPLE, target)
    return target
