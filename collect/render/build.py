"""``collect build``: site and letter drafts into a staging folder, swapped in at the end.

When the output folder holds a previous build with its manifest, the customer pages and
letters whose inputs did not change are taken over from it instead of rendered again
(``collect.render.fingerprint``, ``collect.render.manifest``); everything is still computed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from collect.compute.state import LedgerState
from collect.diagnostics import Diagnostic
from collect.model.ledger import Ledger
from collect.render.fingerprint import Fingerprints
from collect.render.manifest import Previous
from collect.render.output import atomic_output
from collect.render.site import Site, build_site
from collect.render.writer import OutputWriter, Progress


@dataclass(frozen=True, slots=True)
class BuildResult:
    pages: int
    letters: int
    lang: str
    rendered: int = 0  # pages rendered in this build; the others were unchanged and taken over
    letters_rendered: int = 0


def build_output(state: LedgerState, ledger: Ledger, diagnostics: list[Diagnostic], out: Path,
                 lang: str | None = None, redact: bool = False, incremental: bool = True,
                 progress: Progress | None = None, fingerprints: Fingerprints | None = None) -> BuildResult:
    """``incremental=False`` renders every page even when ``out`` holds a previous build.
    ``fingerprints``: of this ledger, diagnostics and as-of date, when already made."""
    lang = lang or (ledger.company.language if ledger.company else "zh")
    fingerprints = fingerprints or Fingerprints(ledger, diagnostics, state.as_of)
    with atomic_output(out) as staging:
        previous = Previous.of(out) if incremental else None
        writer = OutputWriter(staging, previous, progress)
        # letter drafts carry names, addresses and e-mail addresses in full: a redacted
        # (publishable) build leaves them out rather than publish them
        letters = [] if redact else _letters(state, ledger, staging, writer, fingerprints)
        history, authors = _history(ledger, fingerprints)
        written = build_site(Site(state, ledger, diagnostics, lang, letters, redact, history, fingerprints,
                                  note_authors=authors), staging, writer)
        writer.finish()
    return BuildResult(pages=sum(1 for p in written if p.suffix == ".html"), letters=len(letters), lang=lang,
                       rendered=writer.rendered_pages, letters_rendered=len(letters) - writer.taken_letters)


def _letters(state: LedgerState, ledger: Ledger, staging: Path, writer: OutputWriter,
             fingerprints: Fingerprints) -> list:
    try:
        from collect.render.letters import render_due_letters
    except ImportError:  # letters arrive with their own module
        return []
    return render_due_letters(state, ledger, staging, writer, fingerprints)


def _history(ledger: Ledger, fingerprints: Fingerprints) -> tuple[dict, dict]:
    """From one ``git log``: each customer's recent changes, and who wrote each note
    whose front matter names no author."""
    from collect.render.history import customer_history, ledger_log, note_authors

    commits = ledger_log(ledger)
    return customer_history(ledger, fingerprints.file_owners(), commits), note_authors(ledger, commits)
