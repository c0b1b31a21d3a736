"""Finding a ledger's files and reading each into raw records with source marks.

``read_file`` is a pure function of a path and its kind, so it can run in a process
pool and its result can be cached by content hash.
"""

from __future__ import annotations

import difflib
import hashlib
import os
from functools import lru_cache
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from collect.diagnostics import Diagnostic, Mark, display_path, error, warning
from collect.load.source import decode
from collect.load.yamltree import Marks, parse

# kind → (folder, file suffixes, may a file hold a list of records)
LAYOUT: dict[str, tuple[str, tuple[str, ...], bool]] = {
    "customer": ("customers", (".yaml", ".yml"), False),
    "invoices": ("invoices", (".yaml", ".yml"), True),
    "payments": ("payments", (".yaml", ".yml"), True),
    "note": ("notes", (".md", ".markdown"), False),
}
SINGLE_FILES = {"company": "company.yaml", "policy": "policy.yaml"}


@dataclass(slots=True)
class RawRecord:
    """One record's data as written, before typing."""

    kind: str
    path: str
    data: dict[str, Any]
    marks: Marks
    body: str | None = None
    body_line: int = 0


@dataclass(slots=True)
class FileResult:
    path: str
    records: list[RawRecord] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)
    digest: str = ""  # sha256 of the file's bytes: what caches and incremental builds key on


@dataclass(frozen=True, slots=True)
class SourceFile:
    kind: str
    path: Path
    display: str


def discover(root: Path) -> tuple[list[SourceFile], list[Diagnostic]]:
    """Every ledger file under ``root`` in a stable order, and what was passed over."""
    found: list[SourceFile] = []
    problems: list[Diagnostic] = []
    real_root = root.resolve()
    for kind, name in SINGLE_FILES.items():
        path = root / name
        if path.is_symlink() and not _inside(path, real_root):
            problems.append(_outside(path))
        elif path.exists() and not path.is_file():
            problems.append(_not_regular(path))
        elif path.exists():
            found.append(SourceFile(kind, path, display_path(path)))
        elif kind == "company":
            problems.append(error(
                "E011", display_path(root), "the ledger has no company.yaml",
                "create ledger/company.yaml with at least `name:` and `currency:` (collect init writes one)",
            ))
    problems.extend(_near_misses(root))
    for kind, (folder, suffixes, _many) in LAYOUT.items():
        base = root / folder
        if not base.is_dir():
            continue
        shown = display_path(base)
        prefix = "" if shown == "." else shown + os.sep
        for parts, entry in sorted(_walk(str(base), ())):
            rel = os.sep.join(parts)
            path = Path(entry.path)
            if entry.is_symlink():
                if not _inside(path, real_root):
                    problems.append(_outside(path))
                    continue
                if path.is_dir():
                    continue
                if path.exists() and not path.is_file():
                    problems.append(_not_regular(path))
                    continue
            elif entry.is_dir(follow_symlinks=False):
                continue
            elif not entry.is_file(follow_symlinks=False):  # a FIFO would make the read wait for ever
                problems.append(_not_regular(path))
                continue
            if os.path.splitext(parts[-1])[1].lower() not in suffixes:
                problems.append(warning(
                    "W002", prefix + rel,
                    f"this file is not read: files in {folder}/ must end in {' or '.join(suffixes)}",
                    f"rename it to end in {suffixes[0]} or move it out of the ledger",
                ))
                continue
            if kind == "customer" and len(parts) > 1:
                problems.append(warning(
                    "W002", prefix + rel, "this file is not read: customer files sit directly in customers/",
                    "move it to customers/<id>.yaml",
                ))
                continue
            found.append(SourceFile(kind, path, prefix + rel))
    return found, problems


def _walk(folder: str, parts: tuple[str, ...]):
    """(relative parts, entry) of everything under ``folder`` but hidden names (.gitkeep,
    editor swap files, hidden folders); linked folders are not entered. Sorting the
    parts gives the order of sorting the paths."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        here = parts + (entry.name,)
        yield here, entry
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(entry.path, here)


def _near_misses(root: Path) -> list[Diagnostic]:
    """``invoice/`` or ``Company.yaml`` would be passed over without a word: say so."""
    folders = [folder for folder, _s, _m in LAYOUT.values()]
    files = list(SINGLE_FILES.values())
    out = []
    try:
        entries = sorted(root.iterdir())
    except OSError:
        return out
    for entry in entries:
        if entry.name in folders + files or entry.name.startswith("."):
            continue
        if entry.is_dir():
            expected = folders
        elif entry.suffix.lower() in (".yaml", ".yml"):
            expected = files
        else:
            continue
        close = difflib.get_close_matches(entry.name, expected, n=1, cutoff=0.8)
        if close:
            out.append(warning(
                "W002", display_path(entry), f"this {'folder' if entry.is_dir() else 'file'} is not read",
                f"did you mean `{close[0]}`? rename it",
            ))
    return out


def _not_regular(path: Path) -> Diagnostic:
    return error("E013", display_path(path), "this is not a regular file (a named pipe, a socket or a device)",
                 "remove it from the ledger: ledger files are plain text files")


def _inside(path: Path, real_root: Path) -> bool:
    try:
        path.resolve().relative_to(real_root)
    except (ValueError, OSError, RuntimeError):
        return False
    return True


def _outside(link: Path) -> Diagnostic:
    try:
        link.resolve()
    except (OSError, RuntimeError):  # a loop: the link leads nowhere
        return error("E012", display_path(link), "this link cannot be followed: it leads to itself",
                     "replace the link by the file it should point to")
    return error("E012", display_path(link), "this link points outside the ledger folder",
                 "copy the file into the ledger instead of linking to it")


def read_file(kind: str, path: str, display: str, with_marks: bool = True) -> FileResult:
    """Read and parse one file into raw records (no typing yet).

    ``with_marks=False`` (bulk loading) keeps only where each record starts; a message that
    needs a place inside a record re-reads the file for it (``Marks.source``)."""
    result = FileResult(display)
    try:
        raw = Path(path).read_bytes()
        result.digest = hashlib.sha256(raw).hexdigest()
    except OSError as exc:
        result.problems.append(error("E013", display, f"the file cannot be read: {exc.strerror}",
                                     "check the file's permissions"))
        return result
    text = decode(raw, display)
    if text.problems:
        result.problems.extend(text.problems)
        return result
    if kind == "note":
        _read_note(text.text, display, result, with_marks)
    else:
        parsed = parse(text.text, display, with_marks=with_marks)
        result.problems.extend(parsed.problems)
        if not (parsed.problems and parsed.data is None):
            _collect(kind, parsed.data, parsed.marks, display, result, items=parsed.items)
    if not with_marks:
        for index, record in enumerate(result.records):
            record.marks.source = (record_marks, (kind, path, display, result.digest, index))
    return result


def record_marks(kind: str, path: str, display: str, digest: str, index: int) -> Marks | None:
    """The full marks of one record, read again from its file (None if it changed since)."""
    result = _reread(kind, path, display, digest)
    if result is None or index >= len(result.records):
        return None
    return result.records[index].marks


@lru_cache(maxsize=8)
def _reread(kind: str, path: str, display: str, digest: str) -> FileResult | None:
    result = read_file(kind, path, display, with_marks=True)
    return result if result.digest == digest else None


def _collect(kind: str, data: Any, marks: Marks, display: str, result: FileResult, *,
             items: list[Marks] | None = None,
             body: str | None = None, body_line: int = 0) -> None:
    many = LAYOUT.get(kind, ("", (), False))[2]
    if data is None:
        if not result.problems and kind == "company":  # every letter and total needs it
            result.problems.append(error("E011", Mark(display, 1, 1), "company.yaml is empty",
                                         "give at least `name:` and `currency:`"))
        elif not result.problems:
            result.problems.append(warning("W001", Mark(display, 1, 1), "the file is empty",
                                           "add a record or delete the file"))
        return
    if isinstance(data, list):
        if not many:
            result.problems.append(error(
                "E009", marks.root, f"a list was found where one {_noun(kind)} belongs",
                f"write one {_noun(kind)} as `key: value` lines, without the leading `- `"
                + ("; put each customer in its own file customers/<id>.yaml" if kind == "customer" else ""),
            ))
            return
        item_marks = dict(enumerate(items)) if items is not None else marks.split_items()
        for index, item in enumerate(data):
            item_mark = marks.value((index,))
            if not isinstance(item, dict):
                result.problems.append(error(
                    "E009", item_mark, f"item {index + 1} of the list is not a record",
                    f"each item is {_a(kind)} written as `key: value` lines after `- `",
                ))
                continue
            result.records.append(RawRecord(kind, display, item, item_marks.get(index) or Marks(item_mark)))
        return
    if not isinstance(data, dict):
        result.problems.append(error(
            "E009", marks.root, f"expected {_a(kind)} written as `key: value` lines, found plain text",
            "see `collect schema " + kind + "` for the fields",
        ))
        return
    result.records.append(RawRecord(kind, display, data, marks, body, body_line))


def _noun(kind: str) -> str:
    return {"invoices": "invoice", "payments": "payment", "note": "note's front matter"}.get(kind, kind)


def _a(kind: str) -> str:
    noun = _noun(kind)
    return ("an " if noun[0] in "aeiou" else "a ") + noun


def _read_note(text: str, display: str, result: FileResult, with_marks: bool = True) -> None:
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        result.problems.append(error(
            "E008", Mark(display, 1, 1), "the note has no front matter",
            "start the file with a line `---`, the fields (date, customer, channel, …), and another `---`",
        ))
        return
    for end in range(1, len(lines)):
        if lines[end].rstrip() in ("---", "..."):
            break
    else:
        result.problems.append(error(
            "E008", Mark(display, 1, 1), "the note's front matter is not closed",
            "add a line `---` after the last field, before the Markdown body",
        ))
        return
    front = "\n".join(lines[1:end])
    body = "\n".join(lines[end + 1:])
    parsed = parse(front, display, line_offset=1, with_marks=with_marks)
    result.problems.extend(parsed.problems)
    if parsed.data is None and not parsed.problems:
        result.problems.append(error(
            "E008", Mark(display, 1, 1), "the note's front matter is empty",
            "give at least date, customer and channel between the `---` lines",
        ))
        return
    if parsed.data is None:
        return
    _collect("note", parsed.data, parsed.marks, display, result, body=body, body_line=end + 2)
