"""Risk factors worded for the page's language from the customer's own figures."""

from __future__ import annotations

from collect.compute.state import CustomerState
from collect.render.i18n import gettext


def factor_text(factor, c: CustomerState, lang: str) -> str:
    if lang == "en":
        return factor.detail
    _ = lambda s: gettext(lang, s)  # noqa: E731
    days = max((i.days_overdue for i in c.invoices), default=0)
    code = factor.code
    if code == "days_overdue":
        return _("oldest overdue invoice %(n)d days past due") % {"n": days}
    if code == "overdue_share" and c.outstanding:
        return _("%(p)s of the outstanding balance is overdue") % {"p": f"{c.overdue / c.outstanding * 100:.0f}%"}
    if code == "broken_promises":
        return _("%(n)d broken promises or instalments") % {"n": c.broken_promises}
    if code == "disputes":
        return _("%(n)d open disputes") % {"n": c.open_disputes}
    if code == "payment_trend" and c.payment_index is not None:
        return _("payment index %(n)d (80 = on time)") % {"n": c.payment_index}
    if code == "credit_use" and c.utilisation is not None:
        return _("%(p)s of the credit limit used") % {"p": f"{c.utilisation * 100:.0f}%"}
    if code == "limitation" and c.earliest_expiry:
        return _("limitation of invoice %(inv)s ends %(date)s") % {"inv": c.earliest_expiry[1], "date": c.earliest_expiry[0].isoformat()}
    if code == "no_contact":
        if c.last_contact is None:
            return _("never contacted")
        return _("last contact %(date)s") % {"date": c.last_contact.isoformat()}
    return factor.detail
