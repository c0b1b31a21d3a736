"""Case-note Markdown → sanitised HTML.

Notes are written by many hands and the site is published: Markdown is rendered (raw
HTML in a note included), then nh3 keeps only an allow-list of tags and attributes, and
links only with absolute http, https or mailto URLs (no ``javascript:``, no ``data:``,
no relative or scheme-relative ``//host`` links, which would resolve against wherever
the site is published). Table alignment is written as ``align`` (not ``style``, which
the allow-list drops).

Python-Markdown is quadratic in unclosed link brackets and autolink openers and recurses
once per nesting level of lists, so a note that could make it slow or overflow the stack
(long, many ``[``, ``<`` or backticks in a long text, lists nested dozens deep) is shown as plain
escaped text instead: the build stays fast and never fails because of a note.
"""

from __future__ import annotations

import html
import re
import threading

import markdown
import nh3

TAGS = {
    "p", "br", "hr", "strong", "em", "b", "i", "code", "pre", "blockquote", "ul", "ol", "li",
    "h1", "h2", "h3", "h4", "h5", "h6", "a", "table", "thead", "tbody", "tr", "th", "td", "del",
}
ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}
URL_SCHEMES = {"http", "https", "mailto"}

# Beyond these a note is shown as plain text (see above); a case note never comes near.
MAX_MARKDOWN_CHARS = 16 * 1024
# Markdown's link, autolink and code patterns scan ahead from each `[`, `<` and backtick:
# the work grows with their number times the length of the note; its block parser
# goes over the rest of the note for each block: the work grows with the lines squared
MAX_LINES = 1000
MAX_LINK_OPENERS = 500
MAX_LINK_WORK = 2_000_000
MAX_NESTING = 16  # list and quote levels
# (whitespace only after each marker: no two quantifiers compete for it, no backtracking)
_NESTED_MARKERS = re.compile(r"^[ \t]*(?:(?:[-+*]|\d{1,9}[.)])(?:[ \t]+|$)|>[ \t]*){%d}" % MAX_NESTING, re.M)
_DEEP_INDENT = re.compile(r"^(?: {0,3}\t| {4}){%d}" % MAX_NESTING, re.M)
_RELATIVE_HREF = re.compile(r'\shref="(?!(?:https?://|mailto:))[^"]*"', re.I)


_local = threading.local()


def _markdown() -> markdown.Markdown:
    """One converter per thread, reset between notes: building one costs more than
    converting a short note, and a large ledger has thousands of notes."""
    converter = getattr(_local, "converter", None)
    if converter is None:
        converter = _local.converter = markdown.Markdown(
            extensions=["tables", "sane_lists"], output_format="html",
            extension_configs={"tables": {"use_align_attribute": True}})
    return converter


def note_html(body: str) -> str:
    if not _markdown_ok(body):
        return plain_html(body)
    try:
        converted = _markdown().reset().convert(body)
    except RecursionError:  # nesting the checks above did not foresee
        _local.converter = None
        return plain_html(body)
    cleaned = nh3.clean(converted, tags=TAGS, attributes=ATTRIBUTES, url_schemes=URL_SCHEMES,
                        link_rel="noopener noreferrer nofollow")
    return _RELATIVE_HREF.sub("", cleaned)


def _markdown_ok(body: str) -> bool:
    """Whether Markdown renders ``body`` in bounded time and stack."""
    openers = body.count("[") + body.count("<") + body.count("`")
    return (len(body) <= MAX_MARKDOWN_CHARS and body.count("\n") < MAX_LINES
            and openers <= MAX_LINK_OPENERS and openers * len(body) <= MAX_LINK_WORK
            and not _NESTED_MARKERS.search(body)
            and not _DEEP_INDENT.search(body))


def plain_html(body: str) -> str:
    """The note as escaped text: one paragraph per blank-line-separated block."""
    blocks = [b.strip("\n") for b in re.split(r"\n[ \t]*\n", body) if b.strip()]
    return "\n".join("<p>" + html.escape(b).replace("\n", "<br>\n") + "</p>" for b in blocks)
