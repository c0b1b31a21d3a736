"""``collect note``: a new case-note file, e.g. the record that a drafted letter was sent.

A note is written once and never overwritten: ``notes/<customer>/<date>-<what>.md``, then
``-2``, ``-3`` … when that name is taken. The file appears whole (written beside, then
hard-linked into place, which fails rather than replaces when the name exists).
"""

from __future__ import annotations

import contextlib
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

from collect.model.records import LETTER_TYPES

_MD_META = re.compile(r"<!--\s*collect-letter:\s*(\{.*?\})\s*-->", re.S)
_HTML_META = re.compile(r'<meta name="collect-letter" content="([^"]*)">')
SUFFIXES = (".md", ".html", ".eml")
MAX_DRAFT_BYTES = 5 * 1024 * 1024
_UNSAFE_TEXT = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


class LetterMetaError(Exception):
    """The file is not a letter draft written by ``collect letters``."""


def read_letter_meta(path: Path) -> dict:
    """The letter's customer, type, date, reference and invoices, from the draft itself
    (any of .md, .html, .eml), or from a sibling draft of the same name (e.g. for a PDF)."""
    candidates = [path] + [path.with_suffix(s) for s in SUFFIXES if path.with_suffix(s) != path]
    for candidate in candidates:
        if candidate.is_file():
            try:
                meta = _meta_of(candidate)
            except OSError as exc:
                raise LetterMetaError(f"{candidate} cannot be read: {exc.strerror or exc}") from None
            if meta is not None:
                return meta
    if not path.exists():
        raise LetterMetaError(f"{path}: no such file")
    raise LetterMetaError(f"{path} is not a letter draft written by `collect letters` "
                          "(its collect-letter marker is missing)")


def _meta_of(path: Path) -> dict | None:
    with path.open("rb") as handle:
        data = handle.read(MAX_DRAFT_BYTES)  # a draft is a few kilobytes: never read a whole disk
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
    except (ValueError, RecursionError):
        return None
    needed = {"customer": str, "type": str, "ref": str, "date": str, "invoices": list}
    if not isinstance(meta, dict) or any(not isinstance(meta.get(k), t) for k, t in needed.items()):
        return None
    # the marker goes into a new note's file name and front matter: only what
    # `collect letters` writes there is taken (an edited or forged draft is not a letter)
    if meta["type"] not in LETTER_TYPES or not all(isinstance(n, str) for n in meta["invoices"]):
        return None
    if any(_UNSAFE_TEXT.search(v) for v in (meta["customer"], meta["ref"], meta["date"], *meta["invoices"])):
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
    """Write ``folder/stem.md`` (or ``stem-2.md``, …) without ever replacing a file.

    If writing fails or is interrupted, no note, no temporary file and no folder made
    for it is left behind."""
    made = []
    missing = folder
    while not missing.exists():
        made.append(missing)
        missing = missing.parent
    folder.mkdir(parents=True, exist_ok=True)
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=".note-", suffix=".tmp", dir=folder)
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
    except BaseException:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            tmp = None
        for empty in made:  # innermost first; rmdir leaves a folder that is not empty
            with contextlib.suppress(OSError):
                empty.rmdir()
        raise
    finally:
        if tmp is not None:
            os.unlink(tmp)
