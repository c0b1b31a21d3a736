"""Diagnostics as data: one list feeds text, JSON, GitHub annotations and the site.

A diagnostic never carries an exception or a traceback: every problem in a ledger is
described by a stable code, a location and one sentence of what is wrong and how to
fix it.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from enum import Enum
from pathlib import Path
from typing import Iterable, NamedTuple


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


class Mark(NamedTuple):
    """A place in a source file, 1-based line and column.

    A named tuple rather than a dataclass: the loader makes one for every key and value
    of a ledger (millions on a large one), and a tuple is the cheapest to make."""

    path: str
    line: int
    col: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    code: str
    severity: Severity
    path: str
    line: int | None
    col: int | None
    message: str
    hint: str = ""

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    @property
    def location(self) -> str:
        if self.line is None:
            return self.path
        return f"{self.path}:{self.line}:{self.col or 1}"

    def sort_key(self) -> tuple:
        return (self.path, self.line or 0, self.col or 0, self.code, self.message)

    def to_json(self) -> dict:
        data = asdict(self)
        data["severity"] = self.severity.value
        return data


def error(code: str, where: Mark | str, message: str, hint: str = "") -> Diagnostic:
    return _make(code, Severity.ERROR, where, message, hint)


def warning(code: str, where: Mark | str, message: str, hint: str = "") -> Diagnostic:
    return _make(code, Severity.WARNING, where, message, hint)


def _make(code: str, severity: Severity, where: Mark | str, message: str, hint: str) -> Diagnostic:
    if isinstance(where, Mark):
        return Diagnostic(code, severity, where.path, where.line, where.col, message, hint)
    return Diagnostic(code, severity, where, None, None, message, hint)


def sorted_diagnostics(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Sorted by file and line, duplicates removed (a rule may meet one place twice)."""
    return sorted(set(diagnostics), key=Diagnostic.sort_key)


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    return any(d.is_error for d in diagnostics)


# ----------------------------------------------------------------- formatting


def format_text(diagnostics: list[Diagnostic], root: Path | None = None) -> str:
    """hledger layout: location, the offending line with a gutter and a caret, then
    what is wrong and how to fix it."""
    blocks = []
    sources: dict[str, list[str] | None] = {}  # each file read and split once
    for d in diagnostics:
        head = _printable(f"{d.location}: {d.severity.value}[{d.code}]: {d.message}")
        lines = [head]
        excerpt = _excerpt(d, sources)
        if excerpt:
            lines.extend(excerpt)
        if d.hint:
            lines.append(f"  = hint: {d.hint}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def _excerpt(d: Diagnostic, sources: dict[str, list[str] | None]) -> list[str]:
    if d.line is None:
        return []
    if d.path not in sources:
        try:
            with open(d.path, "rb") as handle:
                raw = handle.read(4_000_000)
            sources[d.path] = raw.decode("utf-8-sig", errors="replace").splitlines()
        except OSError:
            sources[d.path] = None
    source_lines = sources[d.path]
    if source_lines is None or not 1 <= d.line <= len(source_lines):
        return []
    source = _printable(source_lines[d.line - 1].replace("\t", " "))
    if len(source) > 200:
        source = source[:200] + "…"
    gutter = " " * len(str(d.line))
    col = max(1, d.col or 1)
    caret_pad = _display_width(source[: col - 1])
    return [
        f"{gutter} |",
        f"{d.line} | {source}",
        f"{gutter} | {' ' * caret_pad}^",
    ]


def _printable(text: str) -> str:
    """Control characters from a file (NUL, ESC, …) shown as �: never sent to the terminal."""
    return "".join("\ufffd" if ch < " " or "\x7f" <= ch < "\xa0" else ch for ch in text)


def _display_width(text: str) -> int:
    """Width in terminal cells: CJK characters take two, so the caret lands under them."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def format_json(diagnostics: list[Diagnostic]) -> str:
    errors = sum(1 for d in diagnostics if d.is_error)
    payload = {
        "errors": errors,
        "warnings": len(diagnostics) - errors,
        "diagnostics": [d.to_json() for d in diagnostics],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2)


def format_github(diagnostics: list[Diagnostic]) -> str:
    """GitHub Actions workflow commands; values escaped as the runner expects."""
    out = []
    for d in diagnostics:
        props = [f"file={_gh_prop(d.path)}"]
        if d.line is not None:
            props.append(f"line={d.line}")
            props.append(f"col={d.col or 1}")
        props.append(f"title={_gh_prop(f'{d.code} {d.severity.value}')}")
        message = d.message + (f" Hint: {d.hint}" if d.hint else "")
        kind = "error" if d.is_error else "warning"
        out.append(f"::{kind} {','.join(props)}::{_gh_data(message)}")
    return "\n".join(out)


def _gh_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_prop(value: str) -> str:
    return _gh_data(value).replace(":", "%3A").replace(",", "%2C")


def display_path(path: Path) -> str:
    """A path as the user would type it: relative to the working directory if inside it."""
    try:
        rel = os.path.relpath(path)
    except (ValueError, OSError):  # another drive; a working directory that was deleted
        return str(path)
    return str(path) if rel.startswith("..") else rel
