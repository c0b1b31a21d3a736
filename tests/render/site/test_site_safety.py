"""Notes are sanitised, ids become safe file names and anchors, contacts can be masked."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from collect.render.notes_html import note_html
from collect.render.paths import customer_page, invoice_anchor, slug
from collect.render.privacy import mask

HOSTILE = """\
Hello <script>window.__pwned=1</script> there.

<img src=x onerror="window.__pwned=2">

[js](javascript:window.__pwned=3) [data](data:text/html;base64,PHNjcmlwdD4=) [web](https://example.com/x)
<a href="javascript:alert(1)" onclick="window.__pwned=4">raw</a> <svg onload="window.__pwned=5"></svg>
<iframe src="https://evil.example"></iframe> <style>body{display:none}</style>
"""


def test_note_markdown_keeps_formatting():
    html = note_html("**paid** 5,000.00\n\n- one\n- two\n\n| a | b |\n|---|--:|\n| 1 | 2 |")
    assert "<strong>paid</strong>" in html and "<li>one</li>" in html
    assert "<table>" in html and '<td align="right">2</td>' in html


def test_note_markdown_drops_scripts_handlers_and_unsafe_links():
    html = note_html(HOSTILE)
    assert not re.search(r"<(script|img|svg|iframe|style)", html)
    assert not re.search(r"\son\w+=", html)
    assert "javascript:" not in html and "data:" not in html
    assert '<a href="https://example.com/x" rel="noopener noreferrer nofollow">web</a>' in html
    assert "Hello" in html and "raw</a>" in html


def test_slug_of_an_invoice_number_with_slashes():
    assert slug("HX/2025/0117") == "HX~2F2025~2F0117"
    assert invoice_anchor("HX/2025/0117") == "inv-HX~2F2025~2F0117"
    assert customer_page("../../etc") == "customers/~2E.~2F..~2Fetc.html"


@given(st.text(min_size=1, max_size=40))
def test_slug_is_a_safe_file_name(identifier):
    name = slug(identifier)
    assert re.fullmatch(r"[A-Za-z0-9._~-]+", name)
    assert not name.startswith(".")
    assert "/" not in customer_page(identifier)[len("customers/"):]


@given(st.text(min_size=1, max_size=20), st.text(min_size=1, max_size=20))
def test_two_ids_never_share_a_slug(a, b):
    if a != b:
        assert slug(a) != slug(b)


def test_mask_keeps_enough_to_recognise_a_contact():
    assert mask("zhangli@huaxin.example.cn") == "z***@huaxin.example.cn"
    assert mask("+86 138 0000 0101") == "861********01"
    assert mask("hx_zhangli") == "h***"
    assert mask(None) is None and mask("") == ""
