"""Case-note Markdown → sanitised HTML.

Notes are written by many hands and the site is published: Markdown is rendered (raw
HTML in a note included), then nh3 keeps only an allow-list of tags and attributes, and
links only with http, https or mailto URLs (no ``javascript:``, no ``data:``). Table
alignment is written as ``align`` (not ``style``, which the allow-list drops).
"""

from __future__ import annotations

import markdown
import nh3

TAGS = {
    "p", "br", "hr", "strong", "em", "b", "i", "code", "pre", "blockquote", "ul", "ol", "li",
    "h1", "h2", "h3", "h4", "h5", "h6", "a", "table", "thead", "tbody", "tr", "th", "td", "del",
}
ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}
URL_SCHEMES = {"http", "https", "mailto"}


def note_html(body: str) -> str:
    html = markdown.markdown(body, extensions=["tables", "sane_lists"], output_format="html",
                             extension_configs={"tables": {"use_align_attribute": True}})
    return nh3.clean(html, tags=TAGS, attributes=ATTRIBUTES, url_schemes=URL_SCHEMES,
                     link_rel="noopener noreferrer nofollow")
