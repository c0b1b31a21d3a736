"""``collect build``: site and letter drafts into a staging folder, swapped in at the end."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from collect.compute.state import LedgerState
from collect.diagnostics import Diagnostic
from collect.model.ledger import Ledger
from collect.render.output import atomic_output
from collect.render.site import Site, build_site


@dataclass(frozen=True, slots=True)
class BuildResult:
    pages: int
    letters: int
    lang: str


def build_output(state: LedgerState, ledger: Ledger, diagnostics: list[Diagnostic], out: Path,
                 lang: str | None = None, redact: bool = False) -> BuildResult:
    lang = lang or (ledger.company.language if ledger.company else "zh")
    with atomic_output(out) as staging:
        # letter drafts carry names, addresses and e-mail addresses in full: a redacted
        # (publishable) build leaves them out rather than publish them
        letters = [] if redact else _letters(state, ledger, staging)
        history = _history(ledger)
        written = build_site(Site(state, ledger, diagnostics, lang, letters, redact, history), staging)
    return BuildResult(pages=sum(1 for p in written if p.suffix == ".html"), letters=len(letters), lang=lang)


def _letters(state: LedgerState, ledger: Ledger, staging: Path) -> list:
    try:
        from collect.render.letters import render_due_letters
    except ImportError:  # letters arrive with their own module
        return []
    return render_due_letters(state, ledger, staging)


def _history(ledger: Ledger) -> dict:
    try:
        from collect.render.history import customer_history
    except ImportError:
        return {}
    return customer_history(ledger)
