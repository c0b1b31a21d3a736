"""``collect diff`` output: the same sections as plain text for a terminal or as Markdown
for a merge-request comment (a heading and pipe tables, no HTML)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from collect.changes.compare import LedgerDiff
from collect.compute.money import round_money
from collect.compute.state import Escalation
from collect.render.status_table import table


@dataclass(frozen=True, slots=True)
class Section:
    title: str
    headers: list[str]
    rows: list[list[str]]
    right: frozenset[int] = frozenset()


def sections(diff: LedgerDiff) -> list[Section]:
    """Every non-empty section, money and actions first."""
    out = [_totals(diff)]
    out.append(Section("New payments", ["date", "customer", "kind", "amount", "ref"],
                       [[str(p.date), p.customer, p.kind, _money(p.amount, p.currency), p.ref]
                        for p in diff.new_payments], frozenset({3})))
    out.append(Section("Removed payments", ["date", "customer", "kind", "amount", "ref"],
                       [[str(p.date), p.customer, p.kind, _money(p.amount, p.currency), p.ref]
                        for p in diff.removed_payments], frozenset({3})))
    for title, rows in (("New invoices", diff.new_invoices), ("Removed invoices", diff.removed_invoices)):
        out.append(Section(title, ["invoice", "customer", "issued", "due", "amount"],
                           [[i.number, i.customer, str(i.issued), str(i.due), _money(i.amount, i.currency)]
                            for i in rows], frozenset({4})))
    out.append(Section("New notes", ["date", "customer", "channel", "outcome", "file"],
                       [[str(n.date), n.customer, n.channel, _note_outcome(n.outcome, n.letter), n.path]
                        for n in diff.new_notes]))
    out.append(Section("Escalation moved", ["customer", "before", "now"],
                       [[m.customer, _ladder(m.before), _ladder(m.after)] for m in diff.escalations]))
    out.append(Section("Promises newly broken", ["customer", "promised for", "amount", "note"],
                       [[p.customer, str(p.date) + (f" (instalment {p.instalment})" if p.instalment else ""),
                         _money(p.amount, p.currency), p.note] for p in diff.broken_promises], frozenset({2})))
    out.append(Section("Limitation warnings newly due", ["invoice", "customer", "expires", "days left", "outstanding"],
                       [[w.invoice, w.customer, str(w.expires), str(w.days_left), _money(w.outstanding, w.currency)]
                        for w in diff.limitation_warnings], frozenset({3, 4})))
    out.append(Section("Risk grade changed", ["customer", "before", "now"],
                       [[r.customer, f"{r.before_grade} ({r.before_score})", f"{r.after_grade} ({r.after_score})"]
                        for r in diff.risk]))
    out.append(Section("New customers", ["customer", "name"], [[c.id, c.name] for c in diff.new_customers]))
    out.append(Section("Removed customers", ["customer", "name"], [[c.id, c.name] for c in diff.removed_customers]))
    return [s for s in out if s.rows]


NOTHING = "No invoices, payments, notes, escalations, promises, limitation warnings or risk grades changed."


def text_report(diff: LedgerDiff, rev: str, commit: str) -> str:
    lines = [f"Ledger changes since {rev} ({commit[:12]}), both sides as of {diff.as_of}"]
    for section in sections(diff):
        lines += ["", f"{section.title} ({len(section.rows)})" if section.title != "Totals" else "Totals"]
        lines += ["  " + line for line in table(section.headers, section.rows, set(section.right))]
    if diff.unchanged:
        lines += ["", NOTHING]
    return "\n".join(lines)


def markdown_report(diff: LedgerDiff, rev: str, commit: str) -> str:
    lines = [f"## Ledger changes since {_code(rev)} ({_code(commit[:12])})", "",
             f"Both sides computed as of {diff.as_of}; totals in {diff.base_currency}."]
    for section in sections(diff):
        title = section.title if section.title == "Totals" else f"{section.title} ({len(section.rows)})"
        lines += ["", f"### {title}", ""]
        lines.append("| " + " | ".join(_cell(h) for h in section.headers) + " |")
        lines.append("|" + "|".join("---:" if i in section.right else "---" for i in range(len(section.headers))) + "|")
        lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in section.rows]
    if diff.unchanged:
        lines += ["", NOTHING]
    return "\n".join(lines) + "\n"


def _totals(diff: LedgerDiff) -> Section:
    base = diff.base_currency
    rows = []
    for label, before, after in (("outstanding", diff.totals_before.outstanding, diff.totals_after.outstanding),
                                 ("overdue", diff.totals_before.overdue, diff.totals_after.overdue)):
        change = round_money(after - before, base)
        rows.append([label, _money(before, base), _money(after, base),
                     ("+" if change > 0 else "") + _money(change, base)])
    return Section("Totals", ["", "before", "now", "change"], rows, frozenset({1, 2, 3}))


def _money(amount: Decimal, currency: str) -> str:
    return f"{round_money(amount, currency):,} {currency}"


def _note_outcome(outcome: str | None, letter: str | None) -> str:
    parts = [p for p in (outcome, f"letter {letter}" if letter else None) if p]
    return ", ".join(parts) or "—"


def _ladder(escalation: Escalation | None) -> str:
    if escalation is None:
        return "(new customer)"
    parts = [f"reached {escalation.reached}" if escalation.reached else "no letter sent"]
    if escalation.next is not None:
        parts.append(f"next {escalation.next.step} from {escalation.next.date}")
    elif escalation.paused_by:
        parts.append(f"paused by {escalation.paused_by}")
    else:
        parts.append("nothing due")
    return ", ".join(parts)


def _code(text: str) -> str:
    """An inline code span that no backtick in ``text`` can close early."""
    fence = "``" if "`" in text else "`"
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


_MARKDOWN_SPECIAL = set("\\`*_[]<>|~&")


def _cell(text: str) -> str:
    """Cell text as literal characters: no emphasis, link, HTML or column break from data."""
    flat = " ".join(text.split())
    return "".join("\\" + ch if ch in _MARKDOWN_SPECIAL else ch for ch in flat)
