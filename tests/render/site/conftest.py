"""The sample ledger's site, built once per session in both languages."""

from __future__ import annotations

import pytest

from sitekit import build, sample_copy


@pytest.fixture(scope="session")
def sample_sites(tmp_path_factory):
    """``{"zh": folder, "en": folder}``: the sample ledger's site as of SAMPLE_AS_OF."""
    root = tmp_path_factory.mktemp("sample-sites")
    sites = {}
    ledger = sample_copy(root)
    for lang in ("zh", "en"):
        result = build(ledger, root / lang, "--lang", lang)
        assert result.exit_code == 0, result.output
        sites[lang] = root / lang
    return sites
