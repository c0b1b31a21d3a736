"""The collection ladder (SPEC §4 "escalation"): target, reached, next, paused_by.

Default ladder: reminder 1, second_reminder 8, demand 31, final_notice 61, legal 91,
write_off 366 (or limitation passed); min_gap_days 7; tolerance 0. A step's threshold
holds when days_overdue ≥ after_days. Feb 2026 has 28 days.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from inline_ledger import company

D = Decimal
day = dt.date.fromisoformat


def letter(date: str, kind: str, invoices: str = "", delivered: str = "") -> str:
    listed = f"invoices: [{invoices}]\n" if invoices else ""
    arrival = f", delivered: {delivered}, proof: EMS" if delivered else ""
    return (f"---\ndate: {date}\ncustomer: acme\nchannel: letter\n{listed}"
            f"letter: {{type: {kind}, sent: {date}{arrival}}}\n---\n{kind} sent.\n")


ONE_INVOICE = """
    - {number: HY26-0101, customer: acme, issued: 2026-01-01, due: 2026-01-31, amount: 1000.00}
"""


def escalation(run, files: dict[str, str], as_of: str, company_text: str | None = None):
    state = run(files, as_of) if company_text is None else run(files, as_of, company_text)
    return state.customer("acme").escalation


def nxt(esc):
    return None if esc.next is None else (esc.next.step, esc.next.date)


# ------------------------------------------------------------------ thresholds


@pytest.mark.parametrize("as_of, target, next_step", [
    ("2026-03-31", None, None),                                    # on the due date: not late
    ("2026-04-01", "reminder", ("reminder", day("2026-04-01"))),   # 1 day overdue
])
def test_reminder_is_due_the_day_after_the_due_date_not_on_it(run, as_of, target, next_step):
    esc = escalation(run, {"invoices/a.yaml": """
        - {number: HY26-0301, customer: acme, issued: 2026-03-01, due: 2026-03-31, amount: 1000.00}
    """}, as_of)
    assert (esc.target, esc.reached, nxt(esc)) == (target, None, next_step)


def test_one_step_at_a_time_and_a_late_step_is_dated_before_as_of(run):
    esc = escalation(run, {"invoices/a.yaml": ONE_INVOICE}, "2026-03-10")
    # 38 days overdue (28 + 10) → target demand (31); nothing sent → next is the reminder,
    # due since 01-31 + 1 = 02-01, five weeks late
    assert (esc.target, esc.reached, esc.paused_by) == ("demand", None, None)
    assert nxt(esc) == ("reminder", day("2026-02-01"))
    assert esc.next.reason.params == (("invoice", "HY26-0101"), ("days", "38"), ("amount", "1000.00"),
                                      ("currency", "CNY"))


def test_min_gap_after_the_last_letter_delays_the_next_step(run):
    esc = escalation(run, {"invoices/a.yaml": ONE_INVOICE,
                           "notes/acme/0308.md": letter("2026-03-08", "reminder")}, "2026-03-10")
    # reached reminder → next second_reminder: its days held from 01-31 + 8 = 02-08, but the
    # last letter went 03-08 → 03-08 + 7 = 03-15 (after as_of: not yet)
    assert (esc.target, esc.reached) == ("demand", "reminder")
    assert nxt(esc) == ("second_reminder", day("2026-03-15"))
    assert esc.last_letter == day("2026-03-08")


def test_gap_already_passed_leaves_the_threshold_day_unless_the_gap_ends_later(run):
    esc = escalation(run, {"invoices/a.yaml": ONE_INVOICE,
                           "notes/acme/0202.md": letter("2026-02-02", "reminder")}, "2026-03-10")
    # threshold day 02-08; gap ends 02-02 + 7 = 02-09 (later) → 02-09
    assert nxt(esc) == ("second_reminder", day("2026-02-09"))


@pytest.mark.parametrize("amounts, target", [
    (["499.99"], None),          # below the tolerance of 500: not chased
    (["300.00", "200.00"], "demand"),  # 300 + 200 = 500 ≥ 500
])
def test_tolerance_overdue_total_below_it_is_not_chased(run, amounts, target):
    rows = "".join(f"- {{number: T-{n}, customer: acme, issued: 2026-01-01, due: 2026-01-{31 - n * 5}, amount: {a}}}\n"
                   for n, a in enumerate(amounts))
    esc = escalation(run, {"policy.yaml": "tolerance: 500\n", "invoices/a.yaml": rows}, "2026-03-10")
    assert esc.target == target
    if target is None:
        assert esc.next is None


def test_next_date_is_the_day_the_step_s_days_came_even_if_the_tolerance_was_met_later(run):
    esc = escalation(run, {
        "policy.yaml": "tolerance: 500\n",
        "invoices/a.yaml": """
            - {number: T-1, customer: acme, issued: 2026-01-01, due: 2026-01-31, amount: 300.00}
            - {number: T-2, customer: acme, issued: 2026-01-21, due: 2026-02-20, amount: 200.00}
        """}, "2026-03-10")
    # T-1 alone (300) was below 500 until T-2 fell overdue on 02-21; but SPEC defines a
    # step's threshold by days (days_overdue ≥ after_days), and T-1 was 1 day overdue on
    # 02-01 → next.date 02-01 (reading: amounts decide whether, not since when)
    assert nxt(esc) == ("reminder", day("2026-02-01"))


MIN_AMOUNT_POLICY = """
    ladder:
      - {step: reminder, after_days: 1, letter: reminder}
      - {step: demand, after_days: 31, min_amount: 5000, letter: demand}
"""


def test_min_amount_on_a_step_holds_it_back_until_the_overdue_total_reaches_it(run):
    alone = escalation(run, {"policy.yaml": MIN_AMOUNT_POLICY, "invoices/a.yaml": """
        - {number: M-1, customer: acme, issued: 2026-01-01, due: 2026-01-31, amount: 4000.00}
    """}, "2026-03-10")
    # 38 days but only 4000 < 5000 → demand does not hold; reminder does
    assert alone.target == "reminder"

    esc = escalation(run, {
        "policy.yaml": MIN_AMOUNT_POLICY,
        "invoices/a.yaml": """
            - {number: M-1, customer: acme, issued: 2026-01-01, due: 2026-01-31, amount: 4000.00}
            - {number: M-2, customer: acme, issued: 2026-02-03, due: 2026-03-05, amount: 1500.00}
        """,
        "notes/acme/0202.md": letter("2026-02-02", "reminder"),
    }, "2026-03-10")
    # 4000 + 1500 = 5500 ≥ 5000 → target demand; reached reminder → next demand, its
    # days held from 01-31 + 31 = 03-03 (the total only reached 5000 on 03-06, when M-2
    # fell overdue: see the tolerance test for this reading); the gap (02-09) has passed.
    assert (esc.target, esc.reached) == ("demand", "reminder")
    assert nxt(esc) == ("demand", day("2026-03-03"))
    assert esc.next.reason.get("amount") == "5500.00"


def test_tolerance_is_in_the_base_currency_for_a_customer_in_another(run):
    files = {
        "policy.yaml": "tolerance: 500\n",
        "customers/acme.yaml": "id: acme\nname: Acme Inc.\ncurrency: USD\n",
    }
    fx = company(fx='{USD: "7.10"}')
    big = escalation(run, {**files, "invoices/a.yaml": """
        - {number: U-1, customer: acme, issued: 2026-01-01, due: 2026-01-31, amount: 100.00, currency: USD}
    """}, "2026-02-05", fx)
    # USD 100 × 7.10 = CNY 710 ≥ 500 → chased; the reason says USD 100.00
    assert big.target == "reminder"
    assert big.next.reason.get("amount") == "100.00" and big.next.reason.get("currency") == "USD"
    small = escalation(run, {**files, "invoices/a.yaml": """
        - {number: U-1, customer: acme, issued: 2026-01-01, due: 2026-01-31, amount: 70.00, currency: USD}
    """}, "2026-02-05", fx)
    assert small.target is None  # 70 × 7.10 = 497 < 500


COURTESY_POLICY = """
    ladder:
      - {step: courtesy, after_days: -5, letter: reminder}
      - {step: reminder, after_days: 1, letter: reminder}
      - {step: demand, after_days: 31, letter: demand}
"""
COURTESY_INVOICE = """
    - {number: C-1, customer: acme, issued: 2026-03-01, due: 2026-03-31, amount: 1000.00}
"""


@pytest.mark.parametrize("as_of, target, next_step", [
    ("2026-03-25", None, None),                                     # 6 days before due
    ("2026-03-26", "courtesy", ("courtesy", day("2026-03-26"))),    # 5 days before: 03-31 − 5
    ("2026-04-02", "reminder", ("reminder", day("2026-04-01"))),    # overdue: courtesy skipped
])
def test_courtesy_step_before_the_due_date_and_skipped_once_overdue(run, as_of, target, next_step):
    esc = escalation(run, {"policy.yaml": COURTESY_POLICY, "invoices/a.yaml": COURTESY_INVOICE}, as_of)
    assert (esc.target, nxt(esc)) == (target, next_step)
    if target == "courtesy":
        assert esc.next.reason.code == "courtesy"


def test_courtesy_letter_counts_as_courtesy_and_the_overdue_reminder_follows_after_the_gap(run):
    esc = escalation(run, {"policy.yaml": COURTESY_POLICY, "invoices/a.yaml": COURTESY_INVOICE,
                           "notes/acme/0326.md": letter("2026-03-26", "reminder")}, "2026-04-05")
    # sent 5 days before due → the courtesy step; reminder held from 04-01, gap to 04-02
    assert (esc.target, esc.reached) == ("reminder", "courtesy")
    assert nxt(esc) == ("reminder", day("2026-04-02"))


def test_reminder_letter_sent_after_the_due_date_counts_as_the_reminder_not_the_courtesy(run):
    esc = escalation(run, {"policy.yaml": COURTESY_POLICY, "invoices/a.yaml": COURTESY_INVOICE,
                           "notes/acme/0401.md": letter("2026-04-01", "reminder")}, "2026-04-05")
    # both steps send a `reminder`; this one went 1 day after due → reached reminder = target
    assert (esc.target, esc.reached, esc.next) == ("reminder", "reminder", None)


# ------------------------------------------------------------------ what is chased


def test_disputed_invoice_is_not_chased_but_still_counts_as_outstanding_and_overdue(run):
    state = run({"invoices/a.yaml": """
        - number: Q-1
          customer: acme
          issued: 2026-01-02
          due: 2026-02-01
          amount: 1000.00
          dispute: {opened: 2026-02-10, reason: quality}
        - {number: Q-2, customer: acme, issued: 2026-01-29, due: 2026-02-28, amount: 2000.00}
    """}, "2026-03-10")
    acme = state.customer("acme")
    q1 = next(i for i in acme.invoices if i.number == "Q-1")
    # 27 + 10 = 37 days overdue, disputed → left out; Q-2: 10 days → second_reminder
    assert (q1.disputed, q1.days_overdue) == (True, 37)
    assert (acme.escalation.target, acme.escalation.paused_by) == ("second_reminder", None)
    assert nxt(acme.escalation) == ("reminder", day("2026-03-01"))
    assert acme.escalation.next.reason.get("invoice") == "Q-2"
    assert acme.escalation.next.reason.get("amount") == "2000.00"
    assert (acme.outstanding, acme.overdue, acme.open_disputes) == (D("3000.00"), D("3000.00"), 1)


HELD_CUSTOMER = """\
id: acme
name: Acme Trading
hold: {reason: 重组谈判中, until: 2026-04-30}
"""


@pytest.mark.parametrize("as_of, paused", [
    ("2026-04-30", "hold"),   # the hold's last day: as_of ≤ until
    ("2026-05-01", None),     # expired yesterday
])
def test_customer_hold_pauses_until_its_last_day(run, as_of, paused):
    esc = escalation(run, {"customers/acme.yaml": HELD_CUSTOMER, "invoices/a.yaml": ONE_INVOICE}, as_of)
    assert esc.paused_by == paused
    assert (esc.next is None) == (paused is not None)


def test_customer_hold_also_pauses_a_courtesy_reminder(run):
    esc = escalation(run, {"customers/acme.yaml": HELD_CUSTOMER, "policy.yaml": COURTESY_POLICY,
                           "invoices/a.yaml": """
        - {number: C-1, customer: acme, issued: 2026-03-01, due: 2026-04-28, amount: 1000.00}
    """}, "2026-04-25")
    # due in 3 days → the courtesy step holds, but no dunning while the customer is held
    assert (esc.target, esc.paused_by, esc.next) == ("courtesy", "hold", None)


def test_invoice_hold_pauses_when_it_is_everything_overdue(run):
    esc = escalation(run, {"invoices/a.yaml": """
        - number: H-1
          customer: acme
          issued: 2026-01-01
          due: 2026-01-31
          amount: 1000.00
          hold: {reason: 等待对方审计, until: 2026-06-30}
    """}, "2026-03-10")
    assert (esc.target, esc.paused_by, esc.next) == (None, "hold", None)


def test_all_overdue_disputed_pauses_by_dispute(run):
    esc = escalation(run, {"invoices/a.yaml": """
        - number: Q-1
          customer: acme
          issued: 2026-01-01
          due: 2026-01-31
          amount: 1000.00
          dispute: {opened: 2026-02-10, reason: delivery, status: open}
    """}, "2026-03-10")
    assert (esc.paused_by, esc.next) == ("dispute", None)


PLAN = """\
---
date: 2026-02-05
customer: acme
channel: meeting
outcome: plan_agreed
plan:
  - {due: 2026-03-01, amount: 500.00}
  - {due: 2026-04-01, amount: 500.00}
---
分两期。
"""


@pytest.mark.parametrize("payments, as_of, paused", [
    ("- {date: 2026-03-01, customer: acme, amount: 500.00, ref: R1}\n", "2026-03-10", "plan"),
    ("", "2026-03-04", "plan"),   # instalment 1 unpaid but still within grace (03-01 + 3)
    ("", "2026-03-05", None),     # instalment 1 broken → the plan no longer pauses
])
def test_unbroken_plan_covering_everything_overdue_pauses(run, payments, as_of, paused):
    files = {"invoices/a.yaml": ONE_INVOICE, "notes/acme/0205.md": PLAN}
    if payments:
        files["payments/p.yaml"] = payments
    esc = escalation(run, files, as_of)
    assert esc.paused_by == paused
    assert (esc.next is None) == (paused is not None)


PROMISE = """\
---
date: 2026-02-20
customer: acme
channel: phone
outcome: promise
promise: {date: 2026-03-15, amount: 1000.00}
---
3 月 15 日前付清。
"""


def test_pending_promise_pauses(run):
    esc = escalation(run, {"invoices/a.yaml": ONE_INVOICE, "notes/acme/0220.md": PROMISE}, "2026-03-10")
    assert (esc.paused_by, esc.next) == ("promise", None)


def test_promise_does_not_cover_an_invoice_issued_after_its_note(run):
    esc = escalation(run, {"invoices/a.yaml": ONE_INVOICE + """
    - {number: HY26-0301, customer: acme, issued: 2026-02-25, due: 2026-03-05, amount: 800.00}
    """, "notes/acme/0220.md": PROMISE}, "2026-03-10")
    # the note (02-20) lists no invoices → it covers those open on 02-20, not HY26-0301.
    # Reading: SPEC's pause bullet says "all of the customer's invoices"; we take it as its
    # limitation bullet does ("open on its date"): a promise about last month's debt does
    # not stop the reminder of an invoice issued after it (collect/compute/coverage.py).
    assert esc.paused_by is None
    assert esc.next is not None


# ------------------------------------------------------------------ broken promises


def broken_promise(promised: str) -> str:
    return (f"---\ndate: 2026-02-01\ncustomer: acme\nchannel: phone\noutcome: promise\n"
            f"promise: {{date: {promised}, amount: 500.00}}\n---\n答应付款。\n")


@pytest.mark.parametrize("promised, broken_days_ago, target", [
    ("2026-02-06", 89, "demand"),            # broken_on 02-10: within the last 90 days → one step up
    ("2026-02-05", 90, "second_reminder"),   # broken_on 02-09: 90 days ago, outside as_of − 89 … as_of
    ("2026-02-04", 91, "second_reminder"),   # broken_on 02-08
])
def test_promise_broken_in_the_last_90_days_raises_the_target_one_step(run, promised, broken_days_ago, target):
    state = run({
        "invoices/a.yaml": """
            - {number: P-1, customer: acme, issued: 2026-03-31, due: 2026-04-30, amount: 2000.00}
        """,
        "notes/acme/0201.md": broken_promise(promised),
    }, "2026-05-10")
    acme = state.customer("acme")
    [p] = acme.promises
    # promise date + 3 grace → broken the day after; P-1 is 10 days overdue (second_reminder)
    assert p.status == "broken"
    assert (day("2026-05-10") - p.broken_on).days == broken_days_ago
    assert acme.escalation.target == target


# ------------------------------------------------------------------ write-off


@pytest.mark.parametrize("as_of, target, next_step", [
    ("2026-03-01", "legal", ("reminder", day("2025-03-02"))),      # 365 days
    ("2026-03-02", "write_off", ("write_off", day("2026-03-02"))),  # 366 days: proposed at once
])
def test_write_off_is_proposed_as_soon_as_it_is_the_target(run, as_of, target, next_step):
    esc = escalation(run, {"invoices/a.yaml": """
        - {number: W-1, customer: acme, issued: 2025-02-01, due: 2025-03-01, amount: 1000.00}
    """}, as_of)
    assert (esc.target, esc.reached, nxt(esc)) == (target, None, next_step)


def test_write_off_when_the_limitation_has_expired(run):
    esc = escalation(run, {
        "policy.yaml": """
            ladder:
              - {step: reminder, after_days: 1, letter: reminder}
              - {step: write_off, after_days: 3650, when_time_barred: true}
        """,
        "invoices/a.yaml": """
            - {number: W-2, customer: acme, issued: 2023-03-01, due: 2023-03-31, amount: 1000.00}
        """,
    }, "2026-04-10")
    # due 2023-03-31 → limitation 2026-03-31 (a Tuesday); expired → write_off from 04-01,
    # although 3650 days are far off and no reminder was ever sent
    assert (esc.target, nxt(esc)) == ("write_off", ("write_off", day("2026-04-01")))
    assert esc.next.reason.code == "time_barred"


# ------------------------------------------------------------------ reached


def test_letters_about_invoices_paid_long_ago_do_not_count_for_a_new_one(run):
    esc = escalation(run, {
        "invoices/a.yaml": """
            - {number: OLD-1, customer: acme, issued: 2025-05-01, due: 2025-05-31, amount: 900.00}
            - {number: NEW-1, customer: acme, issued: 2026-01-01, due: 2026-01-31, amount: 1000.00}
        """,
        "payments/p.yaml": "- {date: 2025-08-01, customer: acme, amount: 900.00, ref: R1}\n",
        "notes/acme/0705.md": letter("2025-07-05", "demand"),
    }, "2026-02-15")
    # the demand concerned OLD-1 (open on 2025-07-05), paid since; NEW-1 is 15 days
    # overdue → target second_reminder, nothing reached for it → next reminder on 02-01
    assert (esc.target, esc.reached) == ("second_reminder", None)
    assert nxt(esc) == ("reminder", day("2026-02-01"))


def test_letter_listing_the_open_invoice_counts_as_reached(run):
    esc = escalation(run, {"invoices/a.yaml": ONE_INVOICE,
                           "notes/acme/0210.md": letter("2026-02-10", "second_reminder", "HY26-0101")},
                     "2026-03-10")
    # reached second_reminder → next demand (31 days: 01-31 + 31 = 03-03; gap 02-17)
    assert (esc.target, esc.reached) == ("demand", "second_reminder")
    assert nxt(esc) == ("demand", day("2026-03-03"))
