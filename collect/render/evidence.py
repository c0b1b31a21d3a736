"""The evidence checklist for the legal step: what a lawyer will ask for, and whether
the ledger holds it for the customer's open invoices."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from collect.compute.state import CustomerState
from collect.render.i18n import N_


@dataclass(frozen=True, slots=True)
class EvidenceItem:
    code: str
    label: str  # msgid, translated in the template
    present: bool
    details: tuple[str, ...] = field(default_factory=tuple)
    missing: tuple[str, ...] = field(default_factory=tuple)


def _plain(group: str, code: str) -> str:
    return code


def evidence_checklist(c: CustomerState, label: Callable[[str, str], str] = _plain) -> list[EvidenceItem]:
    """``label(group, code)`` words letter types and channels in the page's language."""
    open_invoices = c.open_invoices
    numbers = [i.number for i in open_invoices]
    contracts = sorted({i.invoice.contract for i in open_invoices if i.invoice.contract})
    no_contract = tuple(i.number for i in open_invoices if not i.invoice.contract)
    delivered = tuple(f"{i.number}: {i.invoice.delivered}" for i in open_invoices if i.invoice.delivered)
    undelivered = tuple(i.number for i in open_invoices if not i.invoice.delivered)
    confirmations = tuple(
        f"{n.meta.date} {label('letters', n.meta.letter.type) if n.meta.letter else label('letters', 'acknowledgement')}"
        for n in c.notes
        if n.meta.acknowledged or (n.meta.letter and n.meta.letter.type in ("statement", "acknowledgement"))
    )
    correspondence = tuple(f"{n.meta.date} {label('channels', n.meta.channel)}" for n in c.notes)
    proofs = tuple(
        f"{label('letters', n.meta.letter.type)} {n.meta.letter.delivered}: {n.meta.letter.proof}"
        for n in c.notes if n.meta.letter and n.meta.letter.delivered and n.meta.letter.proof
    )
    sent_unproven = tuple(
        f"{label('letters', n.meta.letter.type)} {n.meta.letter.sent}"
        for n in c.notes if n.meta.letter and not (n.meta.letter.delivered and n.meta.letter.proof)
    )
    return [
        EvidenceItem("contract", N_("Contract"), bool(contracts) and not no_contract, tuple(contracts), no_contract),
        EvidenceItem("delivery", N_("Proof of delivery of the goods or services"), bool(delivered) and not undelivered,
                     delivered, undelivered),
        EvidenceItem("invoices", N_("Invoices"), bool(numbers), tuple(numbers)),
        EvidenceItem("confirmation", N_("Signed statement or acknowledgement of the debt"), bool(confirmations),
                     confirmations),
        EvidenceItem("correspondence", N_("Record of correspondence"), bool(correspondence), correspondence[-5:]),
        EvidenceItem("delivery_proofs", N_("Delivery proofs of the letters sent"), bool(proofs) and not sent_unproven,
                     proofs, sent_unproven),
    ]
