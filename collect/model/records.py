"""Typed ledger records: the one source that both validates files and emits the
JSON Schema of ``collect schema``.

Records are frozen. Each keeps, out of band, the source marks it was built from
(``record.origin``), so any later message or figure can point back to its file and line.
Rules that need more than one field or file live in ``collect.validate``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag

from collect.model.types import (
    Currency, CustomerId, Date, Days, Flag, InvoiceNumber, Money, Percent,
    PositiveDecimal, Quantity, RateText, SignedDays, Text, Years,
)

Language = Literal["zh", "en"]
Jurisdiction = Literal["cn", "uk", "eu", "de", "us"]
InterestProfile = Literal["uk_late_payment", "eu_late_payment"]
LetterType = Literal[
    "reminder", "second_reminder", "demand", "final_notice", "legal",
    "statement", "acknowledgement", "payment_plan",
]
LETTER_TYPES: tuple[str, ...] = LetterType.__args__  # type: ignore[attr-defined]


def _rebuilt(cls: type, fields: dict, fields_set: set, extra: dict | None, private: dict | None):
    """A record back from a pickle: what pydantic's ``__setstate__`` does, without its
    Python-level state dictionary per object (typed records cross from the parsing workers
    and into the cache by the hundred thousand)."""
    record = object.__new__(cls)
    object.__setattr__(record, "__dict__", fields)
    object.__setattr__(record, "__pydantic_fields_set__", fields_set)
    object.__setattr__(record, "__pydantic_extra__", extra)
    object.__setattr__(record, "__pydantic_private__", private)
    return record


class _Pickles:
    def __reduce__(self):
        return _rebuilt, (self.__class__, self.__dict__, self.__pydantic_fields_set__,
                          self.__pydantic_extra__, self.__pydantic_private__)


class Record(_Pickles, BaseModel):
    """A part of a ledger record (a line, an allocation, a contact…)."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=False)


class SourcedRecord(Record):
    """A whole record from one file: keeps the marks it was built from (``origin``).

    Only whole records carry them, in pydantic's own storage for private values
    (``__pydantic_private__``, which pickling and copying keep) but without declaring a
    private attribute: a declared one makes pydantic run a Python initialiser for every
    instance (a tenth of typing a ledger)."""

    @property
    def origin(self):
        """The record's ``collect.load.yamltree.Marks``. Bulk loading leaves them as a small
        tuple ``(make, args)`` (see ``Marks.compact``), made into marks on first use."""
        private = self.__pydantic_private__
        if not private:
            return None
        origin = private["_origin"]
        if origin.__class__ is tuple:
            origin = private["_origin"] = origin[0](*origin[1])
        return origin

    @property
    def origin_path(self) -> str | None:
        """The file the record came from (as messages show it), without making its marks."""
        private = self.__pydantic_private__
        if not private:
            return None
        origin = private["_origin"]
        return origin[1][0] if origin.__class__ is tuple else origin.root.path

    def located(self, marks) -> "SourcedRecord":
        """Give the record its marks, or their compact tuple (once, as it is built)."""
        object.__setattr__(self, "__pydantic_private__", {"_origin": marks})
        return self


# ------------------------------------------------------------------ shared parts


def _given(*names: str) -> dict:
    """JSON Schema: all of these keys are present and not null."""
    return {"required": list(names), "properties": {n: {"not": {"type": "null"}} for n in names}}


def _one_of(*names: str) -> dict:
    """JSON Schema of a rule in ``collect.validate``: exactly one of these keys."""
    return {"oneOf": [_given(n) for n in names]}


def _not_both(a: str, b: str) -> dict:
    return {"not": _given(a, b)}


class RateRow(Record):
    start: Date = Field(alias="from", description="first day this rate applies")
    rate: RateText


# In the schema only: an empty list is reported by collect.validate (E212, E218).
_AT_LEAST_ONE = Field(json_schema_extra={"minItems": 1})


def _rate_kind(value: Any) -> str:
    return "~table" if isinstance(value, list) else "~single"


InterestRate = Annotated[
    Union[Annotated[RateText, Tag("~single")], Annotated[list[RateRow], Tag("~table"), _AT_LEAST_ONE]],
    Discriminator(_rate_kind),
    Field(description='annual "18%", daily "0.05%/day", or a list of {from, rate} rows'),
]


class Hold(Record):
    reason: Text
    until: Date | None = None


class Bank(Record):
    name: Text
    account_name: Text | None = None
    account_no: Text
    swift: Text | None = None
    address: Text | None = None


class Person(Record):
    name: Text
    title: Text | None = None


class ContactInfo(Record):
    phone: Text | None = None
    email: Text | None = None


# ------------------------------------------------------------------ company


class EnglishNames(Record):
    """How the company is named in English letters (a Chinese company's registered names
    are Chinese; an English letter needs the English ones)."""

    name: Text | None = None
    legal_name: Text | None = None
    address: Text | None = None
    bank_name: Text | None = None
    account_name: Text | None = None
    signatory: Person | None = None


class Company(SourcedRecord):
    """``company.yaml``: who we are."""

    name: Text
    legal_name: Text | None = None
    tax_id: Text | None = None
    address: Text | None = None
    currency: Currency = "CNY"
    language: Language = "zh"
    jurisdiction: Jurisdiction = "cn"
    bank: Bank | None = None
    banks: list[Bank] = Field(default_factory=list, description="further accounts, e.g. one per currency")
    signatory: Person | None = None
    contact: ContactInfo | None = None
    fx: dict[Currency, PositiveDecimal] = Field(
        default_factory=dict, description="units of base currency per unit of each other currency")
    english: EnglishNames | None = Field(None, description="names and address for English letters")

    @property
    def full_name(self) -> str:
        return self.legal_name or self.name

    def in_language(self, lang: str) -> "Company":
        """This company as an English letter names it (unchanged for zh or without names)."""
        en = self.english
        if lang != "en" or en is None:
            return self
        changes: dict = {k: v for k, v in (("name", en.name), ("legal_name", en.legal_name),
                                          ("address", en.address), ("signatory", en.signatory)) if v}
        bank_changes = {k: v for k, v in (("name", en.bank_name), ("account_name", en.account_name)) if v}
        if bank_changes:
            changes["bank"] = self.bank.model_copy(update=bank_changes) if self.bank else None
            changes["banks"] = [b.model_copy(update=bank_changes) for b in self.banks]
        return self.model_copy(update=changes).located(self.origin)


# ------------------------------------------------------------------ policy


class LadderStep(Record):
    step: CustomerId
    after_days: SignedDays
    min_amount: Money | None = None
    letter: LetterType | None = None
    fee: Money | None = None
    when_time_barred: Flag = Field(
        False, description="the step also holds once an invoice's limitation period has expired")


DEFAULT_LADDER: tuple[dict, ...] = (
    {"step": "reminder", "after_days": 1, "letter": "reminder"},
    {"step": "second_reminder", "after_days": 8, "letter": "second_reminder"},
    {"step": "demand", "after_days": 31, "letter": "demand"},
    {"step": "final_notice", "after_days": 61, "letter": "final_notice"},
    {"step": "legal", "after_days": 91, "letter": "legal"},
    {"step": "write_off", "after_days": 366, "when_time_barred": True},
)

# The Chinese aging table (DOMAIN.md) counts years since the receivable arose: within a
# year 5 %, one to two years 10 %. On the default overdue buckets every bucket up to
# 365 days falls in the first year and "365+" in the second; ledgers with older debts
# should add buckets (730, 1095, …) and rates for them. See docs/computations.md.
DEFAULT_PROVISION: dict[str, str] = {
    "current": "5%", "1-30": "5%", "31-60": "5%", "61-90": "5%",
    "91-180": "5%", "181-365": "5%", "365+": "10%",
}

# The same table by years, for buckets a ledger adds beyond a year: (first day overdue
# it applies to, rate). Used for any bucket without a rate when policy.yaml gives no
# provision table at all.
AGE_PROVISION: tuple[tuple[int, str], ...] = (
    (0, "5%"), (366, "10%"), (731, "30%"), (1096, "50%"), (1461, "80%"), (1826, "100%"),
)

DEFAULT_LETTER_DEADLINES: dict[str, int] = {
    "reminder": 7, "second_reminder": 7, "demand": 10, "final_notice": 7, "legal": 14,
    "statement": 15, "acknowledgement": 15, "payment_plan": 15,
}


class Risk(Record):
    grades: dict[Literal["B", "C", "D", "E"], Days] = Field(
        default_factory=lambda: {"B": 20, "C": 40, "D": 60, "E": 80},
        description="lowest score of each grade; A is below B")
    weights: dict[
        Literal["days_overdue", "overdue_share", "broken_promises", "disputes",
                "payment_trend", "credit_use", "limitation", "no_contact"],
        Days,
    ] = Field(default_factory=dict, description="maximum points of each factor")


def bucket_names(bounds: list[int]) -> list[str]:
    """Aging bucket names from their upper bounds in days."""
    names = ["current"]
    low = 1
    for bound in bounds:
        names.append(f"{low}-{bound}")
        low = bound + 1
    names.append(f"{bounds[-1]}+" if bounds else "1+")
    return names


class Policy(SourcedRecord):
    """``policy.yaml``: every key optional."""

    model_config = ConfigDict(json_schema_extra=_not_both("interest_rate", "interest_profile"))  # E219

    terms: Days = 30
    grace_days: Days = 3
    buckets: list[Days] = Field(default_factory=lambda: [30, 60, 90, 180, 365])
    limitation_years: Years | None = None
    limitation_warn_days: Days = 180
    interest_rate: InterestRate | None = None
    interest_profile: InterestProfile | None = None
    reference_rates: Annotated[list[RateRow], _AT_LEAST_ONE] | None = None
    min_gap_days: Days = 7
    tolerance: Money = Decimal(0)
    ladder: list[LadderStep] = Field(default_factory=lambda: [LadderStep.model_validate(s) for s in DEFAULT_LADDER])
    provision: dict[str, Percent] = Field(default_factory=lambda: {
        k: Decimal(v.rstrip("%")) / 100 for k, v in DEFAULT_PROVISION.items()})
    risk: Risk = Field(default_factory=Risk)
    holidays: list[Date] = Field(default_factory=list, description="non-working days for limitation (cn)")
    letter_deadline_days: dict[LetterType, Days] = Field(default_factory=dict)

    @property
    def bucket_names(self) -> list[str]:
        """``current``, ``1-30``, ``31-60``, …, ``365+`` from the upper bounds."""
        return bucket_names(self.buckets)

    def provision_rate(self, bucket: str) -> Decimal:
        """The bucket's rate; without a provision table in policy.yaml, the Chinese aging
        table by the bucket's first day overdue; a table that leaves a bucket out: 0
        (validation warns)."""
        if bucket in self.provision:
            return self.provision[bucket]
        if "provision" in self.model_fields_set:
            return Decimal(0)
        first = 0 if bucket == "current" else int(bucket.split("-")[0].rstrip("+")) + (1 if bucket.endswith("+") else 0)
        rate = "0%"
        for start, value in AGE_PROVISION:
            if first >= start:
                rate = value
        return Decimal(rate.rstrip("%")) / 100

    def deadline_days(self, letter: str) -> int:
        return self.letter_deadline_days.get(letter, DEFAULT_LETTER_DEADLINES.get(letter, 14))


# ------------------------------------------------------------------ customers


class Contact(Record):
    name: Text
    role: Literal["accounts_payable", "finance", "legal", "executive", "other"] = "other"
    title: Text | None = None
    email: Text | None = None
    phone: Text | None = None
    wechat: Text | None = None
    primary: Flag = False


class Customer(SourcedRecord):
    """``customers/<id>.yaml``."""

    id: CustomerId
    name: Text
    legal_name: Text | None = None
    tax_id: Text | None = None
    address: Text | None = None
    country: Text | None = None
    language: Language | None = None
    currency: Currency | None = None
    terms: Days | None = None
    credit_limit: Money | None = None
    owner: Text | None = None
    tags: list[Text] = Field(default_factory=list)
    status: Literal["active", "credit_hold", "closed"] = "active"
    interest_rate: InterestRate | None = None
    interest_profile: InterestProfile | None = None
    jurisdiction: Jurisdiction | None = None
    sole_trader: Flag = False
    contacts: list[Contact] = Field(default_factory=list)
    hold: Hold | None = None

    @property
    def full_name(self) -> str:
        return self.legal_name or self.name

    @property
    def primary_contact(self) -> Contact | None:
        for contact in self.contacts:
            if contact.primary:
                return contact
        return self.contacts[0] if self.contacts else None


# ------------------------------------------------------------------ invoices


class Line(Record):
    description: Text
    quantity: Quantity = Decimal(1)
    unit: Text | None = None
    unit_price: Money
    tax_rate: Percent = Decimal(0)


class Dispute(Record):
    opened: Date
    reason: Literal["quality", "delivery", "pricing", "billing_error", "other"]
    amount: Money | None = None
    status: Literal["open", "resolved"] = "open"
    resolved: Date | None = None
    note: Text | None = None


class Invoice(SourcedRecord):
    """One invoice; ``invoices/**/*.yaml`` hold one or a list."""

    # the single-record rules of collect.validate (E212), for editors
    model_config = ConfigDict(json_schema_extra={"allOf": [_one_of("amount", "lines"), _not_both("due", "terms")]})

    number: InvoiceNumber
    customer: CustomerId
    issued: Date
    due: Date | None = None
    terms: Days | None = None
    currency: Currency | None = None
    amount: Money | None = None
    lines: Annotated[list[Line], _AT_LEAST_ONE] | None = None
    contract: Text | None = None
    po: Text | None = None
    delivered: Date | None = None
    description: Text | None = None
    interest_rate: InterestRate | None = None
    interest_profile: InterestProfile | None = None
    hold: Hold | None = None
    dispute: Dispute | None = None


# ------------------------------------------------------------------ payments


class Allocation(Record):
    invoice: InvoiceNumber
    amount: Money


class Payment(SourcedRecord):
    """One receipt, credit note or write-off; ``payments/**/*.yaml`` hold one or a list."""

    date: Date
    customer: CustomerId
    amount: Money
    currency: Currency | None = None
    ref: Text
    kind: Literal["payment", "credit_note", "write_off"] = "payment"
    allocations: list[Allocation] = Field(default_factory=list)
    memo: Text | None = None


# ------------------------------------------------------------------ notes


class Promise(Record):
    date: Date
    amount: Money


class Instalment(Record):
    due: Date
    amount: Money


class NextAction(Record):
    date: Date
    action: Text


class LetterSent(Record):
    type: LetterType
    sent: Date
    delivered: Date | None = None
    proof: Text | None = None
    ref: Text | None = None


class LegalAction(Record):
    filed: Date
    court: Text | None = None
    case_no: Text | None = None


class NoteMeta(SourcedRecord):
    """A case note's front matter (``notes/**/*.md``); the body is Markdown."""

    date: Date
    customer: CustomerId
    author: Text | None = None
    channel: Literal["phone", "email", "visit", "letter", "wechat", "meeting", "sms", "other"]
    contact: Text | None = None
    invoices: list[InvoiceNumber] = Field(default_factory=list)
    reason: Literal["financial_difficulty", "process", "communication", "quality",
                    "deliberate", "unknown"] | None = None
    outcome: Literal["reached", "no_answer", "promise", "refused", "dispute",
                     "plan_agreed", "paid"] | None = None
    promise: Promise | None = None
    plan: list[Instalment] | None = None
    next: NextAction | None = None
    letter: LetterSent | None = None
    acknowledged: Flag = False
    legal: LegalAction | None = None
    private: Flag = False
    title: Text | None = None


class Note(_Pickles, BaseModel):
    """A note: its front matter plus the Markdown body and where the body starts."""

    model_config = ConfigDict(frozen=True)
    meta: NoteMeta
    body: str
    path: str
    body_line: int

    def __getattr__(self, name: str):  # note.date, note.customer, … read through to meta
        meta = self.__dict__.get("meta")
        if meta is not None and name in NoteMeta.model_fields:
            return getattr(meta, name)
        raise AttributeError(name)


KIND_MODELS: dict[str, type[Record]] = {
    "company": Company,
    "policy": Policy,
    "customer": Customer,
    "invoices": Invoice,
    "payments": Payment,
    "note": NoteMeta,
}
