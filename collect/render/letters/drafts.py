"""Drafting letters and writing them: ``letters/<customer>/<date>-<type>.md|.html|.eml``.

The date in the file name is the as-of date, which is also the letter's date.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from collect.compute.state import CustomerState, LedgerState
from collect.model.ledger import Ledger
from collect.render.letters.content import LetterData, has_content, letter_data
from collect.render.letters.eml import eml_bytes
from collect.render.letters.render import LetterRenderer, meta_json
from collect.render.letters.select import due_letters
from collect.render.paths import slug
from collect.render.site import LetterLink

LETTERS_DIR = "letters"
CSS_NAME = "letter.css"


@dataclass(frozen=True, slots=True)
class Draft:
    data: LetterData
    md: str
    html: str
    eml: bytes

    @property
    def folder(self) -> str:
        return slug(self.data.customer.id)

    @property
    def stem(self) -> str:
        return f"{self.data.date.isoformat()}-{self.data.type}"

    def total_text(self) -> str:
        return " + ".join(f"{t.currency} {t.total:,}" for t in self.data.totals)


@dataclass(frozen=True, slots=True)
class Skipped:
    customer: str
    type: str


class Drafter:
    """Drafts letters for one ledger; keeps one renderer per language."""

    def __init__(self, state: LedgerState, ledger: Ledger):
        self.state = state
        self.ledger = ledger
        self._renderers: dict[str, LetterRenderer] = {}

    def renderer(self, lang: str) -> LetterRenderer:
        if lang not in self._renderers:
            self._renderers[lang] = LetterRenderer(lang, self.ledger.root)
        return self._renderers[lang]

    def data(self, c: CustomerState, letter_type: str) -> LetterData:
        return letter_data(letter_type, c, self.state, self.ledger)

    def draft(self, data: LetterData) -> Draft:
        renderer = self.renderer(data.lang)
        md = renderer.render(data, "md")
        html = renderer.render(data, "html")
        title = next((line[2:].strip() for line in md.splitlines() if line.startswith("# ")), data.type)
        mail_html = renderer.render(data, "html", css_inline=True)
        return Draft(data, md, html, eml_bytes(data, title, md, mail_html, meta_json(data)))

    def drafts(self, requests: list[tuple[CustomerState, str]]) -> tuple[list[Draft], list[Skipped]]:
        made, skipped = [], []
        for c, letter_type in requests:
            data = self.data(c, letter_type)
            if has_content(data):
                made.append(self.draft(data))
            else:
                skipped.append(Skipped(c.id, letter_type))
        return made, skipped

    def css(self) -> str:
        company = self.ledger.company
        lang = company.language if company else "zh"
        return self.renderer(lang).css()


def write_letters(drafts: list[Draft], folder: Path, css: str) -> list[LetterLink]:
    """Write each draft's three files and ``letter.css`` into ``folder`` (the output's
    ``letters/``); return the links, relative to the output folder."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / CSS_NAME).write_text(css, encoding="utf-8", newline="\n")
    links = []
    for d in drafts:
        target = folder / d.folder
        target.mkdir(parents=True, exist_ok=True)
        (target / f"{d.stem}.md").write_text(d.md, encoding="utf-8", newline="\n")
        (target / f"{d.stem}.html").write_text(d.html, encoding="utf-8", newline="\n")
        (target / f"{d.stem}.eml").write_bytes(d.eml)
        base = f"{LETTERS_DIR}/{d.folder}/{d.stem}"
        links.append(LetterLink(
            customer=d.data.customer.id, type=d.data.type, date=d.data.date.isoformat(),
            reference=d.data.reference, html=f"{base}.html", md=f"{base}.md", eml=f"{base}.eml",
            total=d.total_text(),
        ))
    return links


def render_due_letters(state: LedgerState, ledger: Ledger, staging: Path) -> list[LetterLink]:
    """``collect build``'s letters: the due ones, into ``staging/letters/``."""
    drafter = Drafter(state, ledger)
    drafts, _ = drafter.drafts(due_letters(state))
    return write_letters(drafts, staging / LETTERS_DIR, drafter.css())


__all__ = ["Draft", "Drafter", "Skipped", "render_due_letters", "write_letters"]
