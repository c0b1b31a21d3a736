"""English wording of computed reasons (the site and letters word them per language)."""

from __future__ import annotations

TEMPLATES = {
    "overdue": "invoice {invoice} is {days} days overdue; {amount} {currency} overdue in all",
    "courtesy": "invoice {invoice} ({amount} {currency}) falls due on {due}",
    "promise_broken": "the promise to pay {promised} {currency} by {promise_date} was broken",
    "time_barred": "the limitation period of invoice {invoice} expired on {expired}",
    "follow_up": "follow-up from the note of {note_date}: {action}",
}


def english(reason) -> str:
    params = dict(reason.params)
    text = TEMPLATES.get(reason.code, reason.code).format_map(_Missing(params))
    extra = []
    if params.get("last_letter"):
        extra.append(f"last letter ({params.get('last_letter_type', '')}) sent {params['last_letter']}")
    if params.get("raised") == "promise_broken":
        extra.append(f"raised one step: the promise to pay by {params.get('promise_date')} was broken")
    return "; ".join([text] + extra)


class _Missing(dict):
    def __missing__(self, key: str) -> str:
        return "?"
