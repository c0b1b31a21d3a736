"""One Chromium per session (Debian's, never a downloaded one) and the sample site built
once in both languages, served from 127.0.0.1 by a thread of this process."""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path

import pytest

from sitekit import build, sample_copy

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]


@pytest.fixture(scope="session")
def browser():
    from playwright import sync_api

    # not a skip: the browser tests are the site's proof; .ci/run installs chromium
    assert CHROMIUM.exists(), "Debian's chromium is missing: apt-get install chromium fonts-noto-cjk"
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def sites(tmp_path_factory) -> Path:
    """A folder holding ``zh/`` and ``en/``: the sample site in each language."""
    root = tmp_path_factory.mktemp("browser-sites")
    ledger = sample_copy(root)
    for lang in ("zh", "en"):
        result = build(ledger, root / lang, "--lang", lang)
        assert result.exit_code == 0, result.output
    return root


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="session")
def base_url(sites) -> str:
    """``http://127.0.0.1:PORT/``, serving ``sites``."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(sites)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture
def context(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="en-GB")
    context.set_default_timeout(5000)
    yield context
    context.close()


@pytest.fixture
def page(context):
    return context.new_page()
