"""Optional PDFs of the HTML letters through headless Chromium (playwright's ``page.pdf``)."""

from __future__ import annotations

from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run"]


class PdfUnavailable(Exception):
    """Why no PDF can be made here, in one sentence for the user."""


def check_pdf() -> None:
    if not CHROMIUM.exists():
        raise PdfUnavailable(f"--pdf needs Chromium at {CHROMIUM} (e.g. `apt-get install chromium`); "
                             "the Markdown, HTML and .eml drafts were written without PDFs")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        raise PdfUnavailable("--pdf needs the playwright package (`pip install playwright`)") from None


def html_to_pdf(pages: list[Path]) -> list[Path]:
    """Write ``<page>.pdf`` beside each HTML page; return the PDFs."""
    check_pdf()
    from playwright.sync_api import sync_playwright

    written = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = browser.new_page()
            for html in pages:
                page.goto(html.resolve().as_uri(), wait_until="load")
                target = html.with_suffix(".pdf")
                page.pdf(path=str(target), format="A4", print_background=True, prefer_css_page_size=True)
                written.append(target)
        finally:
            browser.close()
    return written
