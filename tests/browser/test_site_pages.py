"""Every page of the sample site in Chromium: quiet console, nothing fetched from
outside, every link and anchor resolving inside the site, the CSP on every page."""

from __future__ import annotations

from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

import pytest

from browserkit import watch
from sitekit import TOP_PAGES, html_pages

COLLECT_PAGE = """() => ({
  hrefs: Array.from(document.querySelectorAll('a[href]')).map(a => a.href),
  ids: Array.from(document.querySelectorAll('[id]')).map(e => e.id),
  csp: Array.from(document.querySelectorAll('meta[http-equiv="Content-Security-Policy"]')).map(m => m.content),
  styled: getComputedStyle(document.querySelector('header.top')).display === 'flex',
})"""


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_page_loads_cleanly_and_every_link_resolves(page, sites, base_url, lang):
    # the site's own pages; the letter drafts under letters/ are documents with tests of their own
    pages = [p for p in html_pages(sites / lang) if not p.startswith("letters/")]
    assert set(TOP_PAGES) <= set(pages) and len([p for p in pages if p.startswith("customers/")]) == 15
    seen = watch(page)
    problems, ids, links = [], {}, []
    for name in pages:
        seen.clear()
        page.goto(f"{base_url}{lang}/{name}", wait_until="load")
        found = page.evaluate(COLLECT_PAGE)
        problems += [f"{name}: {p}" for p in seen.problems()]
        if len(found["csp"]) != 1 or "default-src 'none'" not in found["csp"][0]:
            problems.append(f"{name}: Content-Security-Policy meta tag missing or weakened: {found['csp']}")
        if not found["styled"]:
            problems.append(f"{name}: the stylesheet did not apply")
        ids[name] = set(found["ids"])
        links += [(name, href) for href in found["hrefs"]]

    prefix = f"{base_url}{lang}/"
    for name, href in links:
        if not href.startswith(prefix):
            problems.append(f"{name}: link leaves the site: {href}")
            continue
        parts = urlsplit(href)
        target = str(PurePosixPath(unquote(parts.path)).relative_to(f"/{lang}"))
        if target not in ids and not (sites / lang / target).is_file():
            problems.append(f"{name}: link to a missing file: {href}")
        elif parts.fragment and unquote(parts.fragment) not in ids.get(target, ()):
            problems.append(f"{name}: link to a missing anchor: {href}")
    assert not problems, "\n".join(problems)
    # the anchors of invoice numbers with slashes are among the links checked
    assert any("#inv-HX~2F2026~2F0158" in href for _, href in links)


def test_a_page_works_offline_from_file(page, sites):
    seen = watch(page)
    page.goto((sites / "zh" / "customers.html").as_uri())
    assert page.locator("form.filters .count").text_content() == "15 / 15"  # app.js ran
    assert page.evaluate("getComputedStyle(document.querySelector('header.top')).display") == "flex"
    page.click("text=华信电子")
    page.wait_for_url("**/customers/huaxin-electronics.html")
    assert page.locator("h1").text_content().startswith("苏州华信电子有限公司")
    assert not seen.problems()
    assert all(url.startswith("file://") for url in seen.requests), seen.requests
