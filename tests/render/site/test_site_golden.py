"""Snapshots of the key pages of the sample site, as normalised HTML.

A change to a template, a label or a figure shows here as a readable diff. When the
change is intended, regenerate the snapshots and review them like code:

    UPDATE_GOLDEN=1 python -m pytest tests/render/site/test_site_golden.py
"""

from __future__ import annotations

import difflib
import os
import re
from pathlib import Path

import pytest

GOLDEN = Path(__file__).resolve().parent / "golden"
PAGES = {
    "dashboard": "index.html",
    "customers": "customers.html",
    "customer-huaxin-electronics": "customers/huaxin-electronics.html",
    "worklist": "worklist.html",
}
MAX_DIFF_LINES = 80


def normalise(html: str) -> str:
    """One tag per line, runs of white space made one space: diffs show what changed."""
    html = re.sub(r">\s*<", ">\n<", html)
    lines = (re.sub(r"\s+", " ", line).strip() for line in html.splitlines())
    return "\n".join(line for line in lines if line) + "\n"


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("name", sorted(PAGES))
def test_key_pages_match_their_snapshots(sample_sites, lang, name):
    actual = normalise((sample_sites[lang] / PAGES[name]).read_text(encoding="utf-8"))
    golden = GOLDEN / lang / f"{name}.html"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(actual, encoding="utf-8", newline="\n")
        return
    if not golden.is_file():
        pytest.fail(f"no snapshot {golden.relative_to(GOLDEN.parent)}: run with UPDATE_GOLDEN=1 to create it")
    expected = golden.read_text(encoding="utf-8")
    if actual != expected:
        diff = list(difflib.unified_diff(expected.splitlines(), actual.splitlines(),
                                         f"golden/{lang}/{name}.html", f"built {lang}/{PAGES[name]}", lineterm="", n=2))
        shown = "\n".join(diff[:MAX_DIFF_LINES]) + (f"\n… {len(diff) - MAX_DIFF_LINES} more diff lines" if len(diff) > MAX_DIFF_LINES else "")
        pytest.fail(f"{lang}/{PAGES[name]} differs from its snapshot (if intended: UPDATE_GOLDEN=1 python -m pytest "
                    f"tests/render/site/{Path(__file__).name}):\n{shown}", pytrace=False)
