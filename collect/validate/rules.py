"""Rules across fields and files: the checks that typing a single record cannot make.

``validate`` returns the ledger without the records that break a rule (so compute
always sees a consistent ledger, e.g. under ``build --keep-going``) and the
diagnostics that say why each was set aside.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import NamedTuple

from collect.compute.interest import choose_rate
from collect.compute.money import invoice_amount
from collect.diagnostics import Diagnostic, Mark, error, warning
from collect.model.ledger import Ledger
from collect.model.records import Customer, Invoice, Note, Payment, Policy, Record
from collect.model.types import MAX_INTEGER_DIGITS, minor_units
from collect.validate.uscc import uscc_problem

CN_COUNTRIES = {"CN", "CHN", "China", "中国", "中华人民共和国", "PRC"}


def at(record: Record | Note, *loc) -> Mark:
    """The source mark of ``loc`` inside a record (the record itself when loc is empty)."""
    marks = record.meta.origin if isinstance(record, Note) else record.origin
    return marks.value(loc) if loc else marks.root


def first_line(record: Record | Note) -> str:
    mark = at(record)
    return f"{mark.path}:{mark.line}"


@dataclass(slots=True)
class _Check:
    ledger: Ledger
    as_of: dt.date
    out: list[Diagnostic] = field(default_factory=list)
    bad: set[int] = field(default_factory=set)  # id() of records set aside

    def fail(self, record, code: str, where: Mark, message: str, hint: str = "") -> None:
        self.out.append(error(code, where, message, hint))
        self.bad.add(id(record))

    def warn(self, code: str, where: Mark, message: str, hint: str = "") -> None:
        self.out.append(warning(code, where, message, hint))


def validate(ledger: Ledger, as_of: dt.date) -> tuple[Ledger, list[Diagnostic]]:
    return finish(begin(ledger, as_of))


class Begun(NamedTuple):
    check: "_Check"
    invoices: dict[str, Invoice]


def begin(ledger: Ledger, as_of: dt.date) -> Begun:
    """The rules of everything but the notes, which nothing else refers to: the loader
    runs them while the notes are still being read."""
    check = _Check(ledger, as_of)
    _policy(check, ledger.policy)
    _company(check)
    _customers(check)
    invoices = _invoices(check)
    _payments(check, invoices)
    return Begun(check, invoices)


def finish(begun: Begun) -> tuple[Ledger, list[Diagnostic]]:
    """The notes' rules and the rest (``ledger.notes`` complete by now): the valid ledger
    and every diagnostic, in the order ``validate`` gives them."""
    check, invoices = begun
    ledger = check.ledger
    _notes(check, invoices)
    _fx(check)
    clean = Ledger(
        root=ledger.root,
        company=ledger.company,
        policy=ledger.policy,
        customers={k: c for k, c in ledger.customers.items() if id(c) not in check.bad},
        invoices=[i for i in ledger.invoices if id(i) not in check.bad],
        payments=[p for p in ledger.payments if id(p) not in check.bad],
        notes=[n for n in ledger.notes if id(n) not in check.bad],
        sources=ledger.sources,
    )
    return clean, check.out


class InvoiceRef(NamedTuple):
    """What checking a note needs to know of an invoice."""

    number: str
    customer: str


def validate_notes(ledger: Ledger, invoice_customer: dict[str, str],
                   as_of: dt.date) -> tuple[list[Note], list[Diagnostic]]:
    """The rules of ``ledger.notes`` alone, against a saved index of the invoices: notes are
    leaves (nothing refers to them), so this is what ``validate`` says of them. Returns
    the notes that pass and the diagnostics."""
    check = _Check(ledger, as_of)
    _notes(check, {number: InvoiceRef(number, customer) for number, customer in invoice_customer.items()})
    return [n for n in ledger.notes if id(n) not in check.bad], check.out


# ------------------------------------------------------------------ policy and company


def _policy(check: _Check, policy: Policy) -> None:
    if policy.origin is None:
        return
    bounds = policy.buckets
    if not bounds or any(b <= a for a, b in zip(bounds, bounds[1:])) or bounds[0] < 1:
        check.fail(policy, "E215", at(policy, "buckets"), "aging buckets must be increasing numbers of days, from 1",
                   "e.g. buckets: [30, 60, 90, 180, 365]")
    names = policy.bucket_names
    # only the rates written in the file: the defaults follow the default buckets
    written = policy.provision if "provision" in policy.model_fields_set else {}
    if written:
        missing = [name for name in names if name not in written]
        if missing:
            check.warn("W106", at(policy, "provision"),
                       f"no provision rate for {', '.join(missing)}: 0% is used for them",
                       "give every aging bucket a rate (\"0%\" where none is meant)")
    for key in written:
        if key not in names:
            close = difflib.get_close_matches(key, names, n=1)
            check.fail(policy, "E217", policy.origin.key(("provision", key)),
                       f"provision rate for `{key}`, which is not an aging bucket",
                       f"did you mean `{close[0]}`?" if close else f"buckets are: {', '.join(names)}")
    seen: set[str] = set()
    previous = None
    for index, step in enumerate(policy.ladder):
        if step.step in seen:
            check.fail(policy, "E216", at(policy, "ladder", index, "step"), f"the ladder names step `{step.step}` twice",
                       "give each step its own name")
        seen.add(step.step)
        if previous is not None and step.after_days < previous:
            check.fail(policy, "E216", at(policy, "ladder", index, "after_days"),
                       "ladder steps must be in order of after_days",
                       "list the steps from the earliest to the latest")
        previous = step.after_days
    _rate_and_profile(check, policy)
    _rate_table(check, policy, policy.interest_rate, ("interest_rate",))
    _rate_table(check, policy, policy.reference_rates, ("reference_rates",))


def _rate_and_profile(check: _Check, record) -> None:
    if record.interest_rate is not None and record.interest_profile is not None:
        check.fail(record, "E219", at(record, "interest_profile"), "both interest_rate and interest_profile are given",
                   "keep one: a contractual rate, or a statutory profile")


def _rate_table(check: _Check, record, table, loc: tuple) -> None:
    if not isinstance(table, list):
        return
    if not table:
        check.fail(record, "E218", at(record, *loc), "the rate table has no rows",
                   "add `- {from: YYYY-MM-DD, rate: \"…%\"}` rows, or remove the key")
    for index in range(1, len(table)):
        if table[index].start <= table[index - 1].start:
            check.fail(record, "E218", at(record, *loc, index, "from"),
                       "rate table rows must be in order of their `from` dates, each date once",
                       "sort the rows from the oldest to the newest")


def _company(check: _Check) -> None:
    company = check.ledger.company
    if company is None or company.origin is None:
        return
    if company.tax_id and company.jurisdiction == "cn":
        problem = uscc_problem(company.tax_id)
        if problem:
            check.fail(company, "E210", at(company, "tax_id"), f"tax_id: {problem}",
                       "copy the 统一社会信用代码 from the business licence")


# ------------------------------------------------------------------ customers


def _customers(check: _Check) -> None:
    for customer in check.ledger.customers.values():
        stem = Path(at(customer).path).stem
        if customer.id != stem:
            check.fail(customer, "E209", at(customer, "id"),
                       f"the customer id `{customer.id}` differs from its file name `{stem}`",
                       f"rename the file to customers/{customer.id}.yaml or set `id: {stem}`")
        if customer.tax_id and _is_chinese(customer):
            problem = uscc_problem(customer.tax_id)
            if problem:
                check.fail(customer, "E210", at(customer, "tax_id"), f"tax_id: {problem}",
                           "copy the 统一社会信用代码 from the customer's business licence")
        primaries = [i for i, c in enumerate(customer.contacts) if c.primary]
        if len(primaries) > 1:
            check.warn("W102", at(customer, "contacts", primaries[1], "primary"),
                       "more than one contact is marked primary; letters go to the first",
                       "mark one contact `primary: true`")
        if not customer.contacts:
            check.warn("W101", at(customer), f"customer `{customer.id}` has no contact",
                       "add a contact with `primary: true`: letters and e-mails are addressed to it")
        _money_places(check, customer, customer.credit_limit, customer.currency or check.ledger.base_currency,
                      ("credit_limit",))
        _rate_table(check, customer, customer.interest_rate, ("interest_rate",))
        _rate_and_profile(check, customer)


def _is_chinese(customer: Customer) -> bool:
    if customer.country:
        return customer.country.strip() in CN_COUNTRIES
    return len(customer.tax_id or "") == 18 and (customer.language or "zh") == "zh"


def _money_places(check: _Check, record, amount: Decimal | None, currency: str, loc: tuple) -> None:
    if amount is None:
        return
    places = minor_units(currency)
    exponent = amount.as_tuple().exponent
    if isinstance(exponent, int) and -exponent > places:
        check.fail(record, "E106", at(record, *loc),
                   f"{'.'.join(str(p) for p in loc)}: `{amount}` has more decimals than {currency} allows ({places})",
                   f"round it to {places} decimal{'s' if places != 1 else ''}" if places else "round it to a whole number")


# ------------------------------------------------------------------ invoices


def _invoices(check: _Check) -> dict[str, Invoice]:
    ledger = check.ledger
    by_number: dict[str, Invoice] = {}
    for invoice in ledger.invoices:
        if invoice.customer not in ledger.customers:
            _unknown_customer(check, invoice, invoice.customer)
        first = by_number.get(invoice.number)
        if first is not None:
            check.fail(invoice, "E202", at(invoice, "number"),
                       f"invoice number `{invoice.number}` is used twice (first at {first_line(first)})",
                       "invoice numbers are unique in the ledger; correct one of them")
            continue
        by_number[invoice.number] = invoice
        if (invoice.amount is None) == (invoice.lines is None):
            check.fail(invoice, "E212", at(invoice), "an invoice needs `amount` or `lines`; this one has "
                       + ("both" if invoice.amount is not None else "neither"),
                       "give the gross amount, or the lines it is made of")
        if invoice.due is not None and invoice.terms is not None:
            check.fail(invoice, "E212", at(invoice, "terms"), "an invoice needs either `due` or `terms`, not both",
                       "keep the due date and remove terms")
        if invoice.due is not None and invoice.due < invoice.issued:
            check.fail(invoice, "E211", at(invoice, "due"),
                       f"due {invoice.due} is before issued {invoice.issued}", "correct one of the two dates")
        if invoice.lines == []:
            check.fail(invoice, "E212", at(invoice, "lines"), "the invoice has no lines", "add its lines or give `amount`")
        currency = ledger.invoice_currency(invoice)
        if invoice.lines and invoice.amount is None and not _within_bounds(invoice_gross(invoice, currency)):
            check.fail(invoice, "E104", at(invoice, "lines"),
                       f"the lines add up to more than {MAX_INTEGER_DIGITS} digits before the decimal point",
                       "check the quantities and unit prices")
        _money_places(check, invoice, invoice.amount, currency, ("amount",))
        _rate_table(check, invoice, invoice.interest_rate, ("interest_rate",))
        _rate_and_profile(check, invoice)
        _statutory_rate_known(check, invoice)
        if invoice.dispute is not None:
            _dispute(check, invoice, currency)
        if invoice.issued > check.as_of:
            check.warn("W103", at(invoice, "issued"),
                       f"invoice {invoice.number} is issued after the as-of date {check.as_of}; it is not counted yet",
                       "check the date, or run with a later --as-of")
    check.ledger.rejected_invoices.update(n for n, i in by_number.items() if id(i) in check.bad)
    return {n: i for n, i in by_number.items() if id(i) not in check.bad}


def _statutory_rate_known(check: _Check, invoice: Invoice) -> None:
    """A statutory profile needs the reference rate of the invoice's half-year: an invoice
    due before the built-in table starts (and no policy reference_rates) cannot be priced."""
    ledger = check.ledger
    customer = ledger.customers.get(invoice.customer)
    if invoice.interest_profile is None and ledger.policy.interest_profile is None \
            and (customer is None or customer.interest_profile is None):
        return  # no statutory profile anywhere: no reference rate to look up
    terms = next((t for t in (invoice.terms, customer.terms if customer else None) if t is not None),
                 ledger.policy.terms)
    due = invoice.due or invoice.issued + dt.timedelta(days=terms)
    try:
        choose_rate(invoice, customer, ledger.policy, due)
    except ValueError as exc:
        check.fail(invoice, "E221", at(invoice, "due") if invoice.due else at(invoice),
                   f"the statutory interest rate for this invoice cannot be set: {exc}",
                   "add the central-bank rates of that time to policy.yaml `reference_rates`")


def _dispute(check: _Check, invoice: Invoice, currency: str) -> None:
    dispute = invoice.dispute
    _money_places(check, invoice, dispute.amount, currency, ("dispute", "amount"))
    gross = invoice_gross(invoice, currency)
    if dispute.amount is not None and gross is not None and dispute.amount > gross:
        check.fail(invoice, "E220", at(invoice, "dispute", "amount"),
                   f"the disputed amount {dispute.amount} is more than the invoice amount {gross}",
                   "correct the disputed amount")
    if dispute.status == "resolved" and dispute.resolved is None:
        check.warn("W104", at(invoice, "dispute", "status"), "a resolved dispute has no `resolved` date",
                   "add `resolved: YYYY-MM-DD`")
    if dispute.resolved is not None and dispute.resolved < dispute.opened:
        check.fail(invoice, "E211", at(invoice, "dispute", "resolved"),
                   "the dispute is resolved before it was opened", "correct one of the two dates")


def _unknown_customer(check: _Check, record, customer_id: str) -> None:
    if customer_id in check.ledger.rejected_customers:
        check.bad.add(id(record))  # the customer's own file reports why
        return
    known = list(check.ledger.customers)
    close = difflib.get_close_matches(customer_id, known, n=1)
    check.fail(record, "E201", at(record, "customer"), f"there is no customer `{customer_id}`",
               f"did you mean `{close[0]}`?" if close else f"add customers/{customer_id}.yaml or correct the id")


# ------------------------------------------------------------------ payments


def _payments(check: _Check, invoices: dict[str, Invoice]) -> None:
    ledger = check.ledger
    refs: dict[tuple[str, str], Payment] = {}
    allocated: dict[str, Decimal] = defaultdict(Decimal)
    allocated_first: dict[str, Payment] = {}
    gross: dict[str, Decimal | None] = {}
    for payment in ledger.payments:
        if payment.customer not in ledger.customers:
            _unknown_customer(check, payment, payment.customer)
        key = (payment.customer, payment.ref)
        if key in refs:
            check.fail(payment, "E203", at(payment, "ref"),
                       f"payment ref `{payment.ref}` is used twice for `{payment.customer}` (first at {first_line(refs[key])})",
                       "each receipt, credit note and write-off of a customer has its own ref")
            continue
        refs[key] = payment
        currency = ledger.payment_currency(payment)
        _money_places(check, payment, payment.amount, currency, ("amount",))
        total = Decimal(0)
        for index, allocation in enumerate(payment.allocations):
            total += allocation.amount
            _money_places(check, payment, allocation.amount, currency, ("allocations", index, "amount"))
            invoice = invoices.get(allocation.invoice)
            def where(payment=payment, index=index) -> Mark:  # made only for a message
                return at(payment, "allocations", index, "invoice")
            if invoice is None and allocation.invoice in ledger.rejected_invoices:
                check.bad.add(id(payment))  # the invoice's own error is reported
                continue
            if invoice is None:
                close = difflib.get_close_matches(allocation.invoice, list(invoices), n=1)
                check.fail(payment, "E204", where(), f"allocation to invoice `{allocation.invoice}`, which does not exist",
                           f"did you mean `{close[0]}`?" if close else "correct the invoice number")
                continue
            if invoice.customer != payment.customer:
                check.fail(payment, "E205", where(),
                           f"invoice {invoice.number} belongs to `{invoice.customer}`, not to `{payment.customer}`",
                           "allocate only to the paying customer's invoices")
            if ledger.invoice_currency(invoice) != currency:
                check.fail(payment, "E206", where(),
                           f"invoice {invoice.number} is in {ledger.invoice_currency(invoice)}, the payment in {currency}",
                           "record the payment in the invoice's currency, or allocate it elsewhere")
            number = invoice.number
            before = allocated[number]
            allocated[number] += allocation.amount
            first = allocated_first.setdefault(number, payment)
            if number not in gross:
                gross[number] = invoice_gross(invoice, ledger.invoice_currency(invoice))
            # reported once, at the allocation that goes over
            if gross[number] is not None and before <= gross[number] < allocated[number]:
                earlier = f" (with {first_line(first)})" if first is not payment else ""
                check.fail(payment, "E208", at(payment, "allocations", index, "amount"),
                           f"allocations to invoice {number} total {allocated[number]}{earlier}, "
                           f"more than its amount {gross[number]}",
                           "the excess stays unapplied credit if not allocated; reduce the allocations")
        if total > payment.amount:
            check.fail(payment, "E207", at(payment, "allocations"),
                       f"allocations total {total}, more than the {payment.kind.replace('_', ' ')} amount {payment.amount}",
                       "reduce the allocations or correct the amount")
        if payment.date > check.as_of:
            check.warn("W103", at(payment, "date"),
                       f"dated after the as-of date {check.as_of}; it is not counted yet",
                       "check the date, or run with a later --as-of")


def invoice_gross(invoice: Invoice, currency: str) -> Decimal | None:
    try:
        return invoice_amount(invoice, currency)
    except (ValueError, ArithmeticError):  # no lines; beyond Decimal's 28 digits
        return None


def _within_bounds(amount: Decimal | None) -> bool:
    return amount is not None and amount < 10 ** MAX_INTEGER_DIGITS


# ------------------------------------------------------------------ notes


def _notes(check: _Check, invoices: dict[str, Invoice]) -> None:
    ledger = check.ledger
    for note in ledger.notes:
        meta = note.meta
        if meta.customer not in ledger.customers:
            _unknown_customer(check, note, meta.customer)
            continue
        for index, number in enumerate(meta.invoices):
            invoice = invoices.get(number)
            if invoice is None and number in ledger.rejected_invoices:
                check.bad.add(id(note))
            elif invoice is None:
                close = difflib.get_close_matches(number, list(invoices), n=1)
                check.fail(note, "E204", at(note, "invoices", index), f"the note names invoice `{number}`, which does not exist",
                           f"did you mean `{close[0]}`?" if close else "correct the invoice number")
            elif invoice.customer != meta.customer:
                check.fail(note, "E205", at(note, "invoices", index),
                           f"invoice {number} belongs to `{invoice.customer}`, not to `{meta.customer}`",
                           "list only this customer's invoices")
        currency = ledger.customer_currency(meta.customer)
        if meta.promise is not None:
            _money_places(check, note, meta.promise.amount, currency, ("promise", "amount"))
        for index, instalment in enumerate(meta.plan or []):
            _money_places(check, note, instalment.amount, currency, ("plan", index, "amount"))
            if index and instalment.due <= meta.plan[index - 1].due:
                check.fail(note, "E218", at(note, "plan", index, "due"),
                           "plan instalments must be in order of their due dates", "sort the instalments")
        letter = meta.letter
        if letter is not None:
            if letter.delivered is not None and letter.delivered < letter.sent:
                check.fail(note, "E211", at(note, "letter", "delivered"),
                           "the letter is delivered before it was sent", "correct one of the two dates")
            if letter.delivered is not None and not letter.proof:
                check.warn("W105", at(note, "letter", "delivered"),
                           "a delivery date without `proof`: the delivery cannot be shown in court",
                           "add `proof:` (e.g. the EMS waybill number and the signed receipt's file name)")
        if meta.date > check.as_of:
            check.warn("W103", at(note, "date"), f"the note is dated after the as-of date {check.as_of}",
                       "check the date, or run with a later --as-of")


# ------------------------------------------------------------------ currencies


def _fx(check: _Check) -> None:
    ledger = check.ledger
    if ledger.company is None:
        return
    base = ledger.base_currency
    reported: set[str] = set()
    for record, currency in _currencies_used(ledger):
        if currency == base or currency in ledger.company.fx or currency in reported:
            continue
        reported.add(currency)
        check.out.append(error(
            "E214", at(record, "currency") if record.origin.has(("currency",)) else at(record),
            f"{currency} is used here but company.yaml has no exchange rate for it",
            f"add `fx: {{{currency}: \"…\"}}` to company.yaml (units of {base} per {currency}); totals never assume 1:1",
        ))


def _currencies_used(ledger: Ledger):
    for customer in ledger.customers.values():
        if customer.currency:
            yield customer, customer.currency
    for invoice in ledger.invoices:
        yield invoice, ledger.invoice_currency(invoice)
    for payment in ledger.payments:
        yield payment, ledger.payment_currency(payment)
