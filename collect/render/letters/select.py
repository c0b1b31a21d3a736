"""Which letters to draft: the ones the escalation calls for, or one type for chosen customers."""

from __future__ import annotations

from collect.compute.state import CustomerState, LedgerState


def due_letters(state: LedgerState) -> list[tuple[CustomerState, str]]:
    """Each customer's next ladder letter, once its date has come (``next.date`` ≤ as-of).

    None for a paused or settled customer (the engine gives no ``next``) nor for a step
    without a letter (write-off).
    """
    due = []
    for c in state.customers:
        step = c.escalation.next
        if step is not None and step.letter and step.date <= state.as_of:
            due.append((c, step.letter))
    return due


def chosen_letters(state: LedgerState, letter_type: str,
                   customer_ids: tuple[str, ...] = ()) -> list[tuple[CustomerState, str]]:
    """``letter_type`` for the customers named, or for every customer with an open balance."""
    if customer_ids:
        chosen = [state.customer(cid) for cid in customer_ids]
        return [(c, letter_type) for c in chosen if c is not None]
    return [(c, letter_type) for c in state.customers if c.outstanding > 0]
