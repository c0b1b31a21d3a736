"""Human labels for the codes the engine uses, marked for translation."""

from __future__ import annotations

from collect.render.i18n import N_

STEPS = {
    "reminder": N_("Reminder"),
    "second_reminder": N_("Second reminder"),
    "demand": N_("Demand letter"),
    "final_notice": N_("Final notice"),
    "legal": N_("Lawyer's letter"),
    "write_off": N_("Write-off"),
    "follow_up": N_("Follow-up"),
    "limitation": N_("Protect limitation"),
}

LETTERS = {
    "reminder": N_("Payment reminder"),
    "second_reminder": N_("Second payment reminder"),
    "demand": N_("Letter of demand"),
    "final_notice": N_("Final notice"),
    "legal": N_("Lawyer's letter (draft for counsel)"),
    "statement": N_("Statement of account"),
    "acknowledgement": N_("Acknowledgement of debt"),
    "payment_plan": N_("Payment plan agreement"),
}

PAUSES = {
    "hold": N_("on hold"),
    "dispute": N_("disputed"),
    "plan": N_("payment plan"),
    "promise": N_("promise to pay"),
}

PROMISE_STATUS = {"kept": N_("kept"), "broken": N_("broken"), "pending": N_("pending")}

CHANNELS = {
    "phone": N_("Phone"), "email": N_("E-mail"), "visit": N_("Visit"), "letter": N_("Letter"),
    "wechat": N_("WeChat"), "meeting": N_("Meeting"), "sms": N_("SMS"), "other": N_("Other"),
}

OUTCOMES = {
    "reached": N_("reached"), "no_answer": N_("no answer"), "promise": N_("promise"),
    "refused": N_("refused"), "dispute": N_("dispute"), "plan_agreed": N_("plan agreed"), "paid": N_("paid"),
}

DISPUTE_REASONS = {
    "quality": N_("quality"), "delivery": N_("delivery"), "pricing": N_("pricing"),
    "billing_error": N_("billing error"), "other": N_("other"),
}

CUSTOMER_STATUS = {"active": N_("active"), "credit_hold": N_("credit hold"), "closed": N_("closed")}

ROLES = {
    "accounts_payable": N_("accounts payable"), "finance": N_("finance"), "legal": N_("legal"),
    "executive": N_("executive"), "other": N_("other"),
}

ENTRY_KINDS = {"payment": N_("payment"), "credit_note": N_("credit note"), "write_off": N_("write-off")}

RISK_FACTORS = {
    "days_overdue": N_("Days overdue"),
    "overdue_share": N_("Share overdue"),
    "broken_promises": N_("Broken promises"),
    "disputes": N_("Open disputes"),
    "payment_trend": N_("Payment behaviour"),
    "credit_use": N_("Credit limit use"),
    "limitation": N_("Limitation risk"),
    "no_contact": N_("No recent contact"),
}

LIMITATION_STATUS = {"running": N_("running"), "expired": N_("expired"), "stopped": N_("stopped by suit")}

BUCKET_CURRENT = N_("current")

REASONS = {
    "overdue": N_("invoice {invoice} is {days} days overdue; {amount} overdue in all"),
    "courtesy": N_("invoice {invoice} ({amount}) falls due on {due}"),
    "promise_broken": N_("the promise to pay {promised} by {promise_date} was broken"),
    "time_barred": N_("the limitation period of invoice {invoice} expired on {expired}"),
    "follow_up": N_("follow-up from the note of {note_date}: {action}"),
    "limitation_soon": N_("the limitation period of invoice {invoice} ends on {expires}: "
                          "deliver a demand with proof, or obtain a written acknowledgement"),
}
LAST_LETTER = N_("last letter ({letter}) sent {date}")
RAISED = N_("one step higher: a promise to pay was broken")
