"""Reading a ledger file's bytes into text, with clear errors for what editors get wrong.

UTF-8 with or without a BOM is accepted. Anything else (GBK from a Windows editor,
UTF-16, a binary file) is one located error saying how to re-save the file.
"""

from __future__ import annotations

from dataclasses import dataclass

from collect.diagnostics import Diagnostic, Mark, error

MAX_FILE_BYTES = 5 * 1024 * 1024
BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True, slots=True)
class Text:
    text: str
    problems: tuple[Diagnostic, ...] = ()


def decode(raw: bytes, path: str) -> Text:
    """The file's text, or the one problem that stops it being read."""
    if len(raw) > MAX_FILE_BYTES:
        return Text("", (error(
            "E007", Mark(path, 1, 1),
            f"the file is {len(raw):,} bytes, over the limit of {MAX_FILE_BYTES:,}",
            "split it into several files (invoices and payments may be spread over any number of files)",
        ),))
    if raw.startswith(BOM):
        raw = raw[len(BOM):]
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or _utf16_without_bom(raw):
        return Text("", (error(
            "E001", Mark(path, 1, 1), "the file is saved as UTF-16, not UTF-8",
            "re-save it as UTF-8 (in Notepad: Save As → Encoding → UTF-8)",
        ),))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _position(raw, exc.start)
        guess = _guess_encoding(raw)
        what = f"the file is not valid UTF-8 (byte 0x{raw[exc.start]:02X})"
        if guess:
            what += f"; it looks like {guess}"
        return Text("", (error(
            "E001", Mark(path, line, col), what,
            "re-save it as UTF-8 (in Notepad: Save As → Encoding → UTF-8; "
            f"or run: iconv -f {guess or 'GBK'} -t UTF-8 FILE > FILE.new && mv FILE.new FILE)",
        ),))
    nul = text.find("\x00")
    if nul >= 0:
        line, col = _position(raw, raw.find(b"\x00"))
        return Text("", (error(
            "E001", Mark(path, line, col), "the file contains a NUL byte: it is binary, not text",
            "ledger files are plain UTF-8 text; remove the file or re-save it from a text editor",
        ),))
    return Text(text)


def _utf16_without_bom(raw: bytes) -> bool:
    """Mostly ASCII text saved as UTF-16: every other byte is NUL."""
    if len(raw) < 4 or len(raw) % 2:
        return False
    for zeros in (raw[0::2], raw[1::2]):
        if zeros.count(0) * 4 >= len(zeros) * 3:
            return True
    return False


def _position(raw: bytes, offset: int) -> tuple[int, int]:
    before = raw[:offset]
    line = before.count(b"\n") + 1
    line_start = before.rfind(b"\n") + 1
    col = len(before[line_start:].decode("utf-8", errors="replace")) + 1
    return line, col


def _guess_encoding(raw: bytes) -> str | None:
    for name, label in (("gb18030", "GBK"), ("big5", "Big5"), ("shift_jis", "Shift-JIS")):
        try:
            raw.decode(name)
        except UnicodeDecodeError:
            continue
        return label
    return None
