"""Helpers for the site tests: building into a folder, hashing a tree, reading ids and links."""

from __future__ import annotations

import hashlib
import shutil
from html.parser import HTMLParser
from pathlib import Path

from click.testing import CliRunner

from collect.cli import main

REPO = Path(__file__).resolve().parent.parent
SAMPLE_LEDGER = REPO / "ledger"
SAMPLE_AS_OF = "2026-11-22"

# Every page of the site but the customer pages, which come one per customer.
TOP_PAGES = ("index.html", "customers.html", "worklist.html", "aging.html", "disputes.html", "promises.html",
             "limitation.html", "provision.html", "letters.html", "quality.html")


def build(ledger: Path, out: Path, *args: str, as_of: str = SAMPLE_AS_OF):
    """``collect --ledger LEDGER --as-of AS_OF build --out OUT ARGS``, run in-process."""
    return CliRunner().invoke(main, ["--ledger", str(ledger), "--as-of", as_of, "build", "--out", str(out), *args],
                              catch_exceptions=False)


def sample_copy(folder: Path) -> Path:
    """The sample ledger copied outside the repository: no git history on the customer
    pages, so what the site tests see does not change with each commit."""
    target = folder / "ledger"
    shutil.copytree(SAMPLE_LEDGER, target)
    return target


def tree_hashes(root: Path) -> dict[str, str]:
    """Relative path → SHA-256 of every file under ``root``."""
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def html_pages(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*.html"))


class _Scan(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.hrefs: list[str] = []
        self.metas: list[dict] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if "id" in attributes:
            self.ids.add(attributes["id"])
        if tag == "a" and attributes.get("href") is not None:
            self.hrefs.append(attributes["href"])
        if tag == "meta":
            self.metas.append(attributes)


def scan(path: Path) -> _Scan:
    parser = _Scan()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser
