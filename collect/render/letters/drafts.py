"""Drafting letters and writing them: ``letters/<customer>/<date>-<type>.md|.html|.eml``.

The date in the file name is the as-of date, which is also the letter's date.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from collect.compute.state import CustomerState, LedgerState
from collect.render.fingerprint import Fingerprints
from collect.model.ledger import Ledger
from collect.render.letters.content import LetterData, has_content, letter_data
from collect.render.letters.eml import eml_bytes
from collect.render.letters.plaintext import markdown_safe
from collect.render.letters.render import LetterRenderer, meta_json
from collect.render.letters.select import due_letters
from collect.render.paths import slug
from collect.render.site import LetterLink
from collect.render.writer import OutputWriter

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
        return total_text(self.data)


def total_text(data: LetterData) -> str:
    return " + ".join(f"{t.currency} {t.total:,}" for t in data.totals)


def letter_base(data: LetterData) -> str:
    """``letters/<customer>/<date>-<type>``: the files' path without the extension."""
    return f"{LETTERS_DIR}/{slug(data.customer.id)}/{data.date.isoformat()}-{data.type}"


def letter_link(data: LetterData) -> LetterLink:
    base = letter_base(data)
    return LetterLink(customer=data.customer.id, type=data.type, date=data.date.isoformat(),
                      reference=data.reference, html=f"{base}.html", md=f"{base}.md", eml=f"{base}.eml",
                      total=total_text(data))


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
        md = renderer.render(markdown_safe(data), "md")  # no ledger text can break its structure
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
        links.append(letter_link(d.data))
    return links


def render_due_letters(state: LedgerState, ledger: Ledger, staging: Path, writer: OutputWriter | None = None,
                       fingerprints: Fingerprints | None = None) -> list[LetterLink]:
    """``collect build``'s letters: the due ones, into ``staging/letters/``. With a writer
    that knows the previous build, a letter whose fingerprint is unchanged is taken over."""
    writer = writer or OutputWriter(staging)
    drafter = Drafter(state, ledger)
    writer.write_text(f"{LETTERS_DIR}/{CSS_NAME}", drafter.css())
    links = []
    for c, letter_type in due_letters(state):
        data = drafter.data(c, letter_type)
        if not has_content(data):
            continue
        base = letter_base(data)
        inputs = fingerprints.letter(c.id, letter_type) if fingerprints is not None else None
        if writer.take([f"{base}.md", f"{base}.html", f"{base}.eml"], inputs):
            writer.taken_letters += 1
        else:
            d = drafter.draft(data)
            writer.write_text(f"{base}.md", d.md, inputs)
            writer.write_text(f"{base}.html", d.html, inputs)
            writer.write_bytes(f"{base}.eml", d.eml, inputs)
        links.append(letter_link(data))
    return links


__all__ = ["Draft", "Drafter", "Skipped", "render_due_letters", "write_letters"]
