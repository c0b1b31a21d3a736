"""What a letter says, in figures: one :class:`LetterData` per letter.

Every amount is taken from the engine's :class:`InvoiceState` and :class:`CustomerState`
(outstanding, interest, fixed sums, fees); this module only selects and adds them up per
currency, so a letter can never disagree with the site or ``collect status``.

Which invoices a letter claims (``items``): the customer's open invoices that are overdue,
not disputed and not on hold. Disputed or held ones are listed as ``excluded`` so the
letter can say so; invoices not yet due are ``not_due`` (shown on statements only). A
courtesy reminder with nothing overdue claims the invoices about to fall due instead.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from collect.compute.money import round_money
from collect.compute.state import CustomerState, InvoiceState, LedgerState
from collect.model.ledger import Ledger
from collect.model.records import Bank, Company, Contact, Customer, LetterSent, Person
from collect.render.capital import rmb_capital
from collect.render.evidence import EvidenceItem, evidence_checklist
from collect.render.letters.plan import PlanData, payment_plan
from collect.render.letters.reference import letter_reference
from collect.render.letters.statement import StatementData, statement

ZERO = Decimal(0)

#: Letters that claim money: they need at least one claimed item.
CLAIMS = ("reminder", "second_reminder", "demand", "final_notice", "legal", "acknowledgement", "payment_plan")

#: Letter before claim: the Pre-Action Protocol for Debt Claims gives an individual or sole
#: trader 30 days to reply; companies get about 14 days (DOMAIN.md, Letters).
PROTOCOL_DAYS = 30
BUSINESS_CLAIM_DAYS = 14
BEFORE_CLAIM = ("demand", "legal")


@dataclass(frozen=True, slots=True)
class LetterItem:
    state: InvoiceState
    number: str
    contract: str | None
    currency: str
    issued: dt.date
    due: dt.date
    amount: Decimal
    paid: Decimal  # payments, credit notes and write-offs applied so far
    outstanding: Decimal
    days_overdue: int
    interest: Decimal
    fixed_sum: Decimal
    rate_label: str

    @classmethod
    def of(cls, s: InvoiceState) -> "LetterItem":
        return cls(s, s.number, s.invoice.contract, s.currency, s.issued, s.due, s.amount,
                   s.amount - s.outstanding, s.outstanding, s.days_overdue, s.interest, s.fixed_sum, s.rate_label)


@dataclass(frozen=True, slots=True)
class Excluded:
    number: str
    currency: str
    outstanding: Decimal
    reason: str  # disputed | on_hold
    detail: str


@dataclass(frozen=True, slots=True)
class FeeLine:
    step: str
    date: dt.date
    amount: Decimal
    currency: str
    new: bool  # charged by this letter (not yet by an earlier one)


@dataclass(frozen=True, slots=True)
class CurrencyTotal:
    """The sums of the claimed items in one currency, and what the letter asks for."""

    currency: str
    amount: Decimal  # invoiced
    paid: Decimal
    principal: Decimal  # balance of the claimed items
    interest: Decimal
    fixed_sums: Decimal
    fees: Decimal
    total: Decimal
    principal_capital: str | None  # capital figures: zh letters, CNY only
    total_capital: str | None


@dataclass(frozen=True, slots=True)
class LetterData:
    type: str
    lang: str
    law: str  # cn | uk | eu | de | us: the legal system the wording follows
    date: dt.date
    reference: str
    deadline: dt.date
    deadline_days: int
    company: Company
    customer: Customer
    contact: Contact | None
    items: tuple[LetterItem, ...]
    excluded: tuple[Excluded, ...]
    not_due: tuple[LetterItem, ...]
    fees: tuple[FeeLine, ...]
    totals: tuple[CurrencyTotal, ...]
    contracts: tuple[str, ...]
    bank: Bank | None
    signatory: Person | None
    next_letter: str | None  # the ladder's letter after this one: the consequence
    courtesy: bool  # a reminder before anything is overdue
    protocol: bool  # UK letter before claim to an individual or sole trader
    letters_sent: tuple[LetterSent, ...]
    broken_promises: tuple = ()
    evidence: tuple[EvidenceItem, ...] = ()
    statement: StatementData | None = None
    plan: PlanData | None = None
    warnings: tuple[str, ...] = field(default_factory=tuple)  # codes of drafting notes

    @property
    def max_days_overdue(self) -> int:
        return max((i.days_overdue for i in self.items), default=0)

    @property
    def currencies(self) -> tuple[str, ...]:
        return tuple(t.currency for t in self.totals)

    @property
    def invoice_numbers(self) -> tuple[str, ...]:
        return tuple(i.number for i in self.items)

    @property
    def any_interest(self) -> bool:
        return any(t.interest for t in self.totals)

    @property
    def any_fixed_sums(self) -> bool:
        return any(t.fixed_sums for t in self.totals)

    @property
    def any_fees(self) -> bool:
        return any(t.fees for t in self.totals)


def letter_language(customer: Customer, company: Company | None) -> str:
    return customer.language or (company.language if company else "zh")


def letter_data(letter_type: str, c: CustomerState, state: LedgerState, ledger: Ledger,
                lang: str | None = None) -> LetterData:
    customer = c.customer
    policy = ledger.policy
    as_of = state.as_of
    lang = lang or letter_language(customer, ledger.company)
    company = (ledger.company or Company(name="?")).in_language(lang)
    law = customer.jurisdiction or company.jurisdiction

    open_ = c.open_invoices
    claimable = [s for s in open_ if not s.disputed and not s.on_hold]
    overdue = [s for s in claimable if s.days_overdue > 0]
    not_due = [s for s in claimable if s.days_overdue == 0]
    courtesy = letter_type == "reminder" and not overdue and bool(not_due)
    claimed = not_due if courtesy else overdue
    plan = None
    if letter_type == "payment_plan":
        plan, claimed = payment_plan(c, claimed, as_of, policy.grace_days)

    items = tuple(LetterItem.of(s) for s in claimed)
    fees = _fees(letter_type, c, ledger, as_of)
    totals = _totals(items, fees, c.currency, lang)
    protocol = law == "uk" and customer.sole_trader and lang == "en" and letter_type in BEFORE_CLAIM
    days = policy.deadline_days(letter_type)
    if protocol:
        days = max(days, PROTOCOL_DAYS)
    elif law != "cn" and letter_type in BEFORE_CLAIM:
        days = max(days, BUSINESS_CLAIM_DAYS)
    currency = totals[0].currency if totals else c.currency
    return LetterData(
        type=letter_type, lang=lang, law=law, date=as_of,
        reference=letter_reference(company, customer.id, letter_type, as_of),
        deadline=as_of + dt.timedelta(days=days), deadline_days=days,
        company=company, customer=customer, contact=customer.primary_contact,
        items=items,
        excluded=tuple(_excluded(s) for s in open_ if s.disputed or s.on_hold),
        not_due=tuple(LetterItem.of(s) for s in not_due),
        fees=fees, totals=totals,
        contracts=tuple(sorted({i.contract for i in items if i.contract})),
        bank=choose_bank(company, currency),
        signatory=company.signatory,
        next_letter=_next_letter(ledger, letter_type),
        courtesy=courtesy, protocol=protocol,
        letters_sent=tuple(n.meta.letter for n in c.notes if n.meta.letter is not None),
        broken_promises=tuple(p for p in c.promises if p.status == "broken"),
        evidence=tuple(evidence_checklist(c)) if letter_type == "legal" else (),
        statement=statement(c, ledger, as_of, lang) if letter_type == "statement" else None,
        plan=plan,
        warnings=_warnings(company, customer, items, letter_type, plan),
    )


def has_content(data: LetterData) -> bool:
    """A claim letter needs something to claim; a statement needs an account to state."""
    if data.type in CLAIMS:
        return bool(data.items)
    return data.statement is not None and bool(data.statement.accounts)


def choose_bank(company: Company, currency: str) -> Bank | None:
    """An account in the letter's currency among ``company.banks`` (by a ``currency`` field
    where the record has one, else by the currency code written in the bank's name, account
    name or number), else the main ``company.bank``."""
    for bank in company.banks:
        tagged = getattr(bank, "currency", None)
        if tagged is not None:
            if tagged == currency:
                return bank
            continue
        words = " ".join(filter(None, (bank.name, bank.account_name, bank.account_no))).upper()
        if currency in words.replace("(", " ").replace(")", " ").split():
            return bank
    return company.bank or (company.banks[0] if company.banks else None)


def _excluded(s: InvoiceState) -> Excluded:
    if s.disputed:
        dispute = s.invoice.dispute
        return Excluded(s.number, s.currency, s.outstanding, "disputed", dispute.reason if dispute else "")
    hold = s.invoice.hold
    return Excluded(s.number, s.currency, s.outstanding, "on_hold", hold.reason if hold else "")


def _fees(letter_type: str, c: CustomerState, ledger: Ledger, as_of: dt.date) -> tuple[FeeLine, ...]:
    """Fees already charged by earlier letters (the engine's ``CustomerState.fees``), and the
    fee of this letter's own ladder step unless a letter of that step already charged it.
    Fees are in the customer's currency, as the engine reads the ladder's amounts."""
    lines = [FeeLine(f.step, f.date, f.amount, c.currency, False) for f in c.fees]
    charged = {f.step for f in c.fees}
    for step in ledger.policy.ladder:
        if step.letter == letter_type and step.fee and step.step not in charged:
            lines.append(FeeLine(step.step, as_of, step.fee, c.currency, True))
    return tuple(lines)


def _totals(items: tuple[LetterItem, ...], fees: tuple[FeeLine, ...], main: str, lang: str) -> tuple[CurrencyTotal, ...]:
    currencies = sorted({i.currency for i in items} | {f.currency for f in fees if items},
                        key=lambda cur: (cur != main, cur))
    totals = []
    for cur in currencies:
        mine = [i for i in items if i.currency == cur]
        fee = sum((f.amount for f in fees if f.currency == cur), ZERO) if items else ZERO
        principal = sum((i.outstanding for i in mine), ZERO)
        interest = sum((i.interest for i in mine), ZERO)
        fixed = sum((i.fixed_sum for i in mine), ZERO)
        total = round_money(principal + interest + fixed + fee, cur)
        capital = lang == "zh" and cur == "CNY"
        totals.append(CurrencyTotal(
            currency=cur, amount=sum((i.amount for i in mine), ZERO), paid=sum((i.paid for i in mine), ZERO),
            principal=principal, interest=interest, fixed_sums=fixed, fees=round_money(fee, cur), total=total,
            principal_capital=rmb_capital(principal) if capital else None,
            total_capital=rmb_capital(total) if capital else None,
        ))
    return tuple(totals)


def _next_letter(ledger: Ledger, letter_type: str) -> str | None:
    ladder = ledger.policy.ladder
    for index, step in enumerate(ladder):
        if step.letter == letter_type:
            for later in ladder[index + 1:]:
                if later.letter:
                    return later.letter
            return None
    return None


def _warnings(company: Company, customer: Customer, items, letter_type: str, plan) -> tuple[str, ...]:
    codes = []
    if company.bank is None and not company.banks:
        codes.append("no_bank")
    if not customer.address:
        codes.append("no_address")
    if customer.primary_contact is None or not customer.primary_contact.email:
        codes.append("no_email")
    if company.signatory is None:
        codes.append("no_signatory")
    if letter_type in CLAIMS and any(not i.contract for i in items):
        codes.append("no_contract")
    if plan is not None and plan.mismatch:
        codes.append("plan_mismatch")
    return tuple(codes)
