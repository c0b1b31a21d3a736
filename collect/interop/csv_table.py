"""A CSV file read into rows that know where each cell was written.

Line numbers are physical lines of the file, the header's line counted as 1, and stay
right across quoted cells that span lines. Line ends may be CRLF, LF or CR; a UTF-8 BOM
is dropped; blank lines (and rows of empty cells) are passed over.
"""

from __future__ import annotations

import bisect
import csv
import re
from dataclasses import dataclass
from pathlib import Path

from collect.diagnostics import Diagnostic, Mark, error

MAX_CSV_BYTES = 200 * 1024 * 1024
_LINE_RE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


@dataclass(frozen=True, slots=True)
class CsvRow:
    line: int  # physical line the row starts on
    cells: list[str]
    starts: tuple[tuple[int, int], ...]  # (line, col) where each cell starts

    def mark(self, path: str, index: int) -> Mark:
        if index < len(self.starts):
            line, col = self.starts[index]
            return Mark(path, line, col)
        return Mark(path, self.line, 1)


@dataclass(slots=True)
class CsvTable:
    path: str  # as displayed
    header: list[str]
    rows: list[CsvRow]
    lines: list[str]  # the decoded physical lines, for excerpts under errors

    def column(self, name: str) -> int:
        return [h.strip() for h in self.header].index(name)


def read_table(path: Path, display: str, encoding: str, delimiter: str,
               encoding_label: str | None = None) -> tuple[CsvTable | None, list[Diagnostic]]:
    """The table, or the problems that stop the file being read at all."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [error("E013", display, f"the CSV file cannot be read: {exc.strerror}", "check the path")]
    if len(raw) > MAX_CSV_BYTES:
        return None, [error("E007", Mark(display, 1, 1), f"the file is {len(raw):,} bytes, over {MAX_CSV_BYTES:,}",
                            "split it into smaller files and import them one by one")]
    label = encoding_label or encoding
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as exc:
        return None, [_decode_error(raw, exc, display, label)]
    nul = text.find("\x00")
    if nul >= 0:
        return None, [error("E604", _mark_at(text, nul, display), "the file contains a NUL byte: it is not a text CSV",
                            "export it again as CSV (UTF-8); UTF-16 files need `encoding: utf-16`")]
    lines = _LINE_RE.findall(text)
    reader = csv.reader(iter(lines), delimiter=delimiter, strict=True)
    header: list[str] | None = None
    rows: list[CsvRow] = []
    previous = 0
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            where = Mark(display, previous + 1, 1)
            return None, [error("E605", where, f"the CSV cannot be read from here: {exc}",
                                "a quoted cell must end with a quote; a quote inside it is written twice (\"\")")]
        start, previous = previous + 1, reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        starts = _cell_starts(lines, start, previous, delimiter)
        if header is None:
            header = cells
            continue
        rows.append(CsvRow(start, cells, starts))
    if header is None:
        return None, [error("E605", Mark(display, 1, 1), "the CSV is empty: it has no header row",
                            "the first line names the columns, e.g. `number,customer,issued,amount`")]
    return CsvTable(display, header, rows, [line.rstrip("\r\n") for line in lines]), []


def _cell_starts(lines: list[str], first: int, last: int, delimiter: str) -> tuple[tuple[int, int], ...]:
    """Where each cell of the row on physical lines first..last starts."""
    raw = "".join(lines[first - 1:last])
    offsets = [0]
    for line in lines[first - 1:last - 1]:
        offsets.append(offsets[-1] + len(line))
    out = []
    i, n = 0, len(raw)
    while True:
        line_index = bisect.bisect_right(offsets, i) - 1
        out.append((first + line_index, i - offsets[line_index] + 1))
        if i < n and raw[i] == '"':
            i += 1
            while i < n:
                if raw[i] == '"':
                    if i + 1 < n and raw[i + 1] == '"':
                        i += 2
                        continue
                    i += 1
                    break
                i += 1
        while i < n and raw[i] != delimiter and raw[i] not in "\r\n":
            i += 1
        if i < n and raw[i] == delimiter:
            i += 1
            continue
        return tuple(out)


def _mark_at(text: str, offset: int, display: str) -> Mark:
    parts = _LINE_RE.findall(text[:offset])
    if not parts:
        return Mark(display, 1, 1)
    if parts[-1].endswith(("\n", "\r")):
        return Mark(display, len(parts) + 1, 1)
    return Mark(display, len(parts), len(parts[-1]) + 1)


def _decode_error(raw: bytes, exc: UnicodeDecodeError, display: str, label: str) -> Diagnostic:
    before = raw[:exc.start]
    line = before.count(b"\n") + 1
    col = len(before[before.rfind(b"\n") + 1:].decode("utf-8", errors="replace")) + 1
    guess = None
    for name, shown in (("utf-8", "utf-8"), ("gb18030", "gbk")):
        try:
            raw.decode(name)
        except UnicodeDecodeError:
            continue
        guess = shown
        break
    hint = f"set `encoding: {guess}` in the map" if guess and guess != label else \
        "export the file again as UTF-8, or set its encoding in the map (`encoding: gbk`, …)"
    return error("E604", Mark(display, line, col),
                 f"the file is not valid {label} (byte 0x{raw[exc.start]:02X})", hint)
