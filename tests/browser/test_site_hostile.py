"""A hostile case note and customer name cannot run script or smuggle markup into the
published site (opened from file://, as a reviewer would open a CI artefact)."""

from __future__ import annotations

from browserkit import watch
from sitekit import build

CUSTOMER = """\
id: evil
name: "Evil <b>Bold</b> \\"Quoted\\" 'Co' <img src=x onerror=window.__pwned=9>"
owner: Mallory
"""

NOTE = """\
---
date: 2026-10-01
customer: evil
channel: phone
---
Hello <script>window.__pwned=1</script> there.

<img src=x onerror="window.__pwned=2">

[js link](javascript:window.__pwned=3) and [data link](data:text/html;base64,PHNjcmlwdD53aW5kb3cuX19wd25lZD00PC9zY3JpcHQ+)
and <a href="javascript:void(0)" onclick="window.__pwned=5">raw link</a> and [a web link](https://example.com/doc).
"""


def test_hostile_note_and_name_render_as_inert_text(page, ledger_dir, tmp_path):
    ledger = ledger_dir({
        "customers/evil.yaml": CUSTOMER,
        "invoices/2026.yaml": "- {number: EV/2026/0001, customer: evil, issued: 2026-08-01, amount: 1000.00}\n",
        "notes/evil/2026-10-01.md": NOTE,
    })
    out = tmp_path / "out"
    result = build(ledger, out)
    assert result.exit_code == 0, result.output

    seen = watch(page)
    page.goto((out / "customers" / "evil.html").as_uri())
    for link in ("js link", "data link", "raw link"):
        page.get_by_text(link).click()  # clicking must do nothing either
    page.goto((out / "customers.html").as_uri())
    page.goto((out / "customers" / "evil.html").as_uri())

    assert page.evaluate("typeof window.__pwned") == "undefined"
    body = page.locator("ol.timeline .body")
    assert body.locator("script, img, iframe, svg, style").count() == 0
    assert page.evaluate("""() => Array.from(document.querySelectorAll('ol.timeline .body *'))
        .flatMap(e => Array.from(e.attributes).map(a => a.name)).filter(n => n.startsWith('on'))""") == []
    for text in ("js link", "data link", "raw link"):
        assert body.get_by_text(text).get_attribute("href") is None
    assert body.get_by_text("a web link").get_attribute("href") == "https://example.com/doc"

    heading = page.locator("h1")
    assert heading.inner_text().startswith("Evil <b>Bold</b> \"Quoted\" 'Co' <img src=x onerror=window.__pwned=9>")
    assert heading.locator("b, img").count() == 0
    assert page.title().startswith("Evil <b>Bold</b>")
    assert not seen.problems(), seen.problems()
    assert all(url.startswith("file://") for url in seen.requests), seen.requests
