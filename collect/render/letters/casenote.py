"""``collect note``: a new case-note file, e.g. the record that a drafted letter was sent.

A note is written once and never overwritten: ``notes/<customer>/<date>-<what>.md``, then
``-2``, ``-3`` … when that name is taken. The file appears whole (written beside, then
hard-linked into place, which fails rather than replaces when the name exists).
"""

from __future__ import annotations

import datetime as dt
import getpass
import html
import json
import os
import re
import subprocess
import tempfile
from email import message_from_bytes
from email import policy as email_policy
from pathlib import Path

_MD_META = re.compile(r"<!--\s*collect-letter:\s*(\{.*?\})\s*-->", re.S)
_HTML_META = re.compile(r'<meta name="collect-letter" content="([^"]*)">')
SUFFIXES = (".md", ".html", ".eml")


class LetterMetaError(Exception):
    """The file is not a letter draft written by ``collect letters``."""


def read_letter_meta(path: Path) -> dict:
    """The letter's customer, type, date, reference and invoices, from the draft itself
    (any of .md, .html, .eml), or from a sibling draft of the same name (e.g. for a PDF)."""
    candidates = [path] + [path.with_suffix(s) for s in SUFFIXES if path.with_suffix(s) != path]
    for candidate in candidates:
        if candidate.is_file():
            meta = _meta_of(candidate)
            if meta is not None:
                return meta
    if not path.exists():
        raise LetterMetaError(f"{path}: no such file")
    raise LetterMetaError(f"{path} is not a letter draft written by `collect letters` "
                          "(its collect-letter marker is missing)")


def _meta_of(path: Path) -> dict | None:
    data = path.read_bytes()
    if path.suffix == ".eml":
        text = message_from_bytes(data, policy=email_policy.default).get("X-Collect-Letter")
        found = str(text) if text else None
    else:
        text = data.decode("utf-8", errors="replace")
        match = (_HTML_META if path.suffix == ".html" else _MD_META).search(text)
        found = html.unescape(match.group(1)) if match else None
    if not found:
        return None
    try:
        meta = json.loads(found)
    except ValueError:
        return None
    needed = {"customer": str, "type": str, "ref": str, "date": str, "invoices": list}
    if not isinstance(meta, dict) or any(not isinstance(meta.get(k), t) for k, t in needed.items()):
        return None
    return meta


def author_name() -> str:
    """``git config user.name``, else ``$USER``, else the login name."""
    try:
        name = subprocess.run(["git", "config", "user.name"], capture_output=True, text=True,
                              timeout=5, check=False).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        name = ""
    return name or os.environ.get("USER") or _login() or "unknown"


def _login() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user database entry in some containers
        return ""


def _q(value: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(value, ensure_ascii=False)


def note_text(date: dt.date, customer: str, author: str, channel: str, invoices: list[str],
              letter: dict | None = None, body: str = "") -> str:
    lines = ["---", f"date: {date.isoformat()}", f"customer: {_q(customer)}", f"author: {_q(author)}",
             f"channel: {channel}"]
    if invoices:
        lines.append("invoices: [" + ", ".join(_q(n) for n in invoices) + "]")
    if letter is not None:
        lines += [
            "letter:",
            f"  type: {letter['type']}",
            f"  sent: {date.isoformat()}",
            f"  ref: {_q(letter['ref'])}",
            "  # delivered: YYYY-MM-DD      # the day it arrived, from the tracking record",
            '  # proof: "EMS … 签收"         # waybill or tracking number and what it shows',
        ]
    lines.append("---")
    return "\n".join(lines) + "\n" + body


def write_note(folder: Path, stem: str, text: str) -> Path:
    """Write ``folder/stem.md`` (or ``stem-2.md``, …) without ever replacing a file."""
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".note-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        for n in range(1, 1000):
            path = folder / (f"{stem}.md" if n == 1 else f"{stem}-{n}.md")
            try:
                os.link(tmp, path)
            except FileExistsError:
                continue
            return path
        raise FileExistsError(f"{folder / stem}.md and 998 numbered variants already exist")
    finally:
        os.unlink(tmp)
