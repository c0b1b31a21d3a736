"""Snapshots of one letter per type: any change to a letter's wording or figures shows here.

Regenerate after an intended change with ``UPDATE_GOLDEN=1 python -m pytest tests/render/letters``
and review the diff of ``tests/render/letters/golden/`` like any other change.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

GOLDEN = Path(__file__).resolve().parent / "golden"
CASES = [
    ("pacific-rim-robotics", "reminder", "en", "md"),
    ("jiangnan-machinery", "second_reminder", "zh", "md"),
    ("ruitai-medical", "demand", "zh", "md"),
    ("ruitai-medical", "demand", "zh", "html"),
    ("thornbury-components", "demand", "en", "md"),
    ("hartley-design", "demand", "en", "md"),
    ("thornbury-components", "final_notice", "en", "md"),
    ("longsheng-building", "legal", "zh", "md"),
    ("xinhe-food", "statement", "zh", "md"),
    ("thornbury-components", "acknowledgement", "en", "md"),
    ("xinhe-food", "payment_plan", "zh", "md"),
]


@pytest.mark.parametrize("customer, letter_type, lang, fmt", CASES, ids=lambda v: str(v))
def test_letter_matches_its_snapshot(letter, customer, letter_type, lang, fmt):
    _, draft = letter(customer, letter_type, lang)
    text = draft.md if fmt == "md" else draft.html
    path = GOLDEN / f"{letter_type}-{customer}-{lang}.{fmt}"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
    assert path.is_file(), f"no snapshot {path.name}: run with UPDATE_GOLDEN=1 to create it"
    assert text == path.read_text(encoding="utf-8"), f"{path.name} changed: review, then UPDATE_GOLDEN=1"
