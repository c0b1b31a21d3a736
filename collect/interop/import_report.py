"""What ``collect import`` prints: the summary of a plan and its problems, each under
the CSV line it is about (decoded, so a GBK file's Chinese reads right)."""

from __future__ import annotations

import unicodedata

from collect.diagnostics import Diagnostic, display_path, format_text
from collect.interop.csv_import import NOUN, ImportPlan


def summary_lines(plan: ImportPlan, dry_run: bool, limit: int = 20) -> list[str]:
    would = "would be " if dry_run else ""
    out = []
    singular, plural = NOUN[plan.kind]
    for path, start, end in plan.parts:
        n = end - start
        out.append(f"{display_path(path)}: {n} {singular if n == 1 else plural} {would}added")
    if not plan.parts and not plan.skipped:
        out.append("the CSV has no rows to import")
    if plan.customers:
        out.append(f"{len(plan.customers)} customer{'s' if len(plan.customers) != 1 else ''} {would}created:")
        out.extend(f"  {display_path(c.path)}" for c in plan.customers[:limit])
        if len(plan.customers) > limit:
            out.append(f"  … and {len(plan.customers) - limit} more")
    if plan.skipped:
        what = "invoice numbers" if plan.kind == "invoices" else "refs"
        out.append(f"{len(plan.skipped)} row{'s' if len(plan.skipped) != 1 else ''} skipped, "
                   f"{what} already in the ledger:")
        out.extend(f"  line {s.line}: {s.key}" for s in plan.skipped[:limit])
        if len(plan.skipped) > limit:
            out.append(f"  … and {len(plan.skipped) - limit} more")
    if not plan.rows and plan.skipped:
        out.append("nothing to add")
    if dry_run:
        out.append("dry run: nothing was written")
    return out


def format_problems(problems: list[Diagnostic], sources: dict[str, list[str]], limit: int = 50) -> str:
    """Like ``collect check``: location, the line with a caret, what is wrong, a hint.
    CSV lines are shown as decoded (a GBK file's Chinese reads right)."""
    blocks = []
    for d in problems[:limit]:
        lines = sources.get(d.path)
        if lines is None or d.line is None or not 1 <= d.line <= len(lines):
            blocks.append(format_text([d]))
            continue
        source = _printable(lines[d.line - 1].replace("\t", " "))
        col = max(1, d.col or 1)
        if len(source) > 200 and col <= 200:
            source = source[:200] + "…"
        gutter = " " * len(str(d.line))
        pad = _display_width(source[: col - 1])
        block = [_printable(f"{d.location}: {d.severity.value}[{d.code}]: {d.message}"),
                 f"{gutter} |", f"{d.line} | {source}", f"{gutter} | {' ' * pad}^"]
        if d.hint:
            block.append(f"  = hint: {_printable(d.hint)}")
        blocks.append("\n".join(block))
    if len(problems) > limit:
        blocks.append(f"… and {len(problems) - limit} more")
    return "\n\n".join(blocks)


def _printable(text: str) -> str:
    """Control characters from a cell (ESC, NUL, a line break) never reach the terminal."""
    return "".join("\ufffd" if ch < " " or "\x7f" <= ch < "\xa0" else ch for ch in text)


def _display_width(text: str) -> int:
    """Terminal cells: CJK characters take two, so the caret lands under them."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
