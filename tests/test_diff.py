"""``collect diff REV``: the ledger at a revision against the ledger now, both computed as
of the same date. Expected lines are worked out by hand in each test's comments."""

from __future__ import annotations

import re

import pytest

from gitkit import COMPANY, commit, git, new_repo, write


AS_OF = "2026-11-22"

BASE = {
    "ledger/company.yaml": COMPANY,
    "ledger/customers/acme.yaml": """\
        id: acme
        name: 顶峰贸易
        owner: 王静
        contacts: [{name: 张伟, primary: true}]
        """,
    "ledger/customers/bolt.yaml": """\
        id: bolt
        name: Bolt Ltd
        language: en
        owner: 王静
        contacts: [{name: Sam Bolt, primary: true}]
        """,
    "ledger/invoices/2026.yaml": """\
        - {number: A-1, customer: acme, issued: 2026-08-01, due: 2026-08-31, amount: 100000.00}
        - {number: B-1, customer: bolt, issued: 2026-10-01, due: 2026-10-31, amount: 20000.00}
        """,
    "ledger/notes/acme/2026-09-02-reminder.md": """\
        ---
        date: 2026-09-02
        customer: acme
        channel: email
        letter: {type: reminder, sent: 2026-09-02}
        ---
        Reminder sent.
        """,
}

WORK = {
    "ledger/payments/2026-11.yaml": """\
        - {date: 2026-11-15, customer: acme, amount: 30000.00, ref: ICBC-20261115-01}
        """,
    "ledger/notes/acme/2026-11-16-second-reminder.md": """\
        ---
        date: 2026-11-16
        customer: acme
        channel: letter
        letter: {type: second_reminder, sent: 2026-11-16}
        ---
        Second reminder posted.
        """,
    "ledger/notes/bolt/2026-11-05-call.md": """\
        ---
        date: 2026-11-05
        customer: bolt
        channel: phone
        outcome: promise
        promise: {date: 2026-11-12, amount: 20000.00}
        ---
        Sam promised to pay by 12 November.
        """,
}


# an HTML tag a Markdown renderer would pass through: "<" not escaped by a backslash
RAW_HTML = re.compile(r"(?<!\\)<[a-zA-Z/!]")


def lines(text: str) -> list[str]:
    """Report lines with runs of spaces collapsed (column widths are not the point)."""
    return [" ".join(line.split()) for line in text.splitlines()]


@pytest.fixture
def books(tmp_path, monkeypatch):
    """A repository with the base ledger committed and a week of work committed on top."""
    repo = new_repo(tmp_path / "books")
    write(repo, BASE)
    base = commit(repo, "Ledger as of the last review", date="2026-11-10T18:00:00+08:00")
    git(repo, "tag", "reviewed")
    write(repo, WORK)
    commit(repo, "Payment, second reminder, Bolt's promise", date="2026-11-20T18:00:00+08:00")
    monkeypatch.chdir(repo)
    return repo, base


def test_reports_a_new_payment_a_moved_escalation_and_a_newly_broken_promise(books, cli):
    repo, base = books
    result = cli("--as-of", AS_OF, "diff", "reviewed")
    assert result.exit_code == 0, result.output
    out = lines(result.output)

    assert out[0] == f"Ledger changes since reviewed ({base[:12]}), both sides as of 2026-11-22"
    # outstanding 100,000 + 20,000 before; acme's 30,000 payment takes it to 90,000
    assert "outstanding 120,000.00 CNY 90,000.00 CNY -30,000.00 CNY" in out
    assert "overdue 120,000.00 CNY 90,000.00 CNY -30,000.00 CNY" in out
    assert "New payments (1)" in out
    assert "2026-11-15 acme payment 30,000.00 CNY ICBC-20261115-01" in out
    # A-1 (due 08-31) is 83 days overdue: the target is final_notice, one step at a time.
    # Before: reminder sent 09-02; second_reminder held from 09-08 (due + 8), and 7 days
    # after the last letter is 09-09. Now: second_reminder sent 11-16; demand held since
    # 10-01 (due + 31), and 7 days after the last letter is 11-23.
    assert "Escalation moved (1)" in out
    assert ("acme reached reminder, next second_reminder from 2026-09-09 "
            "reached second_reminder, next demand from 2026-11-23") in out
    # Bolt promised 20,000 for 11-12; with 3 days' grace it was due by 11-15 and nothing came
    assert "Promises newly broken (1)" in out
    assert "bolt 2026-11-12 20,000.00 CNY notes/bolt/2026-11-05-call.md" in out
    assert "New notes (2)" in out
    assert "2026-11-05 bolt phone promise notes/bolt/2026-11-05-call.md" in out
    assert "2026-11-16 acme letter letter second_reminder notes/acme/2026-11-16-second-reminder.md" in out
    # Bolt's broken promise raises its target, but its next step is still the first reminder
    assert not any(line.startswith("bolt reached") or line.startswith("bolt no letter") for line in out)
    assert "New invoices" not in result.output and "Risk grade changed" not in result.output


def test_markdown_is_a_heading_and_tables_without_html(books, cli):
    repo, base = books
    result = cli("diff", "--as-of", AS_OF, "--format", "markdown", base)
    assert result.exit_code == 0, result.output
    text = result.output

    assert text.startswith(f"## Ledger changes since `{base}` (`{base[:12]}`)\n")
    assert "### New payments (1)\n\n| date | customer | kind | amount | ref |\n|---|---|---|---:|---|\n" \
           "| 2026-11-15 | acme | payment | 30,000.00 CNY | ICBC-20261115-01 |\n" in text
    assert "| acme | reached reminder, next second\\_reminder from 2026-09-09 | " \
           "reached second\\_reminder, next demand from 2026-11-23 |" in text
    assert "| bolt | 2026-11-12 | 20,000.00 CNY | notes/bolt/2026-11-05-call.md |" in text
    assert not RAW_HTML.search(text)


def test_nothing_changed(books, cli):
    result = cli("--as-of", AS_OF, "diff", "HEAD")
    assert result.exit_code == 0, result.output
    assert "No invoices, payments, notes, escalations, promises, limitation warnings or risk grades changed." \
        in result.output
    assert "outstanding 90,000.00 CNY 90,000.00 CNY 0.00 CNY" in lines(result.output)


def test_uncommitted_work_counts_and_the_work_tree_is_left_as_it_was(books, cli):
    repo, base = books
    write(repo, {"ledger/payments/2026-11.yaml": WORK["ledger/payments/2026-11.yaml"]
                 + "- {date: 2026-11-21, customer: bolt, amount: 5000.00, ref: HSBC-1121}\n"})
    status_before = git(repo, "status", "--porcelain")
    head_before = git(repo, "rev-parse", "HEAD")

    result = cli("--as-of", AS_OF, "diff", "HEAD")

    assert "2026-11-21 bolt payment 5,000.00 CNY HSBC-1121" in lines(result.output)
    assert git(repo, "status", "--porcelain") == status_before
    assert git(repo, "rev-parse", "HEAD") == head_before
    assert git(repo, "stash", "list") == ""


def test_limitation_warning_newly_due_and_risk_grade_after_a_corrected_invoice(tmp_path, cli):
    repo = new_repo(tmp_path / "books")
    write(repo, {
        "ledger/company.yaml": COMPANY,
        "ledger/customers/kappa.yaml": """\
            id: kappa
            name: 卡帕建材
            contacts: [{name: 刘洋, primary: true}]
            """,
        "ledger/invoices/kappa.yaml": """\
            - {number: K-7, customer: kappa, issued: 2026-06-16, due: 2026-07-16, amount: 48000.00}
            """,
    })
    commit(repo, "Import K-7")
    write(repo, {"ledger/invoices/kappa.yaml": """\
        - {number: K-7, customer: kappa, issued: 2023-12-16, due: 2024-01-15, amount: 48000.00}
        """})
    commit(repo, "K-7 dates from 2023, not 2026")

    result = cli("--ledger", str(repo / "ledger"), "--as-of", AS_OF, "diff", "HEAD~1")
    out = lines(result.output)

    # due 2024-01-15 + 3 years (cn) = 2027-01-15, a Friday: 54 days after 2026-11-22,
    # inside the 180-day warning; due 2026-07-16 expired in 2029, far outside it
    assert "Limitation warnings newly due (1)" in out
    assert "K-7 kappa 2027-01-15 54 48,000.00 CNY" in out
    assert "Risk grade changed (1)" in out
    assert any(re.fullmatch(r"kappa [A-E] \(\d+\) [A-E] \(\d+\)", line) for line in out)


def test_new_and_removed_invoices_and_customers(tmp_path, cli):
    repo = new_repo(tmp_path / "books")
    write(repo, {k: v for k, v in BASE.items() if "notes" not in k})
    commit(repo, "Start")
    write(repo, {
        "ledger/customers/zeta.yaml": """\
            id: zeta
            name: "Zeta | <b>Co</b> *Ltd*"
            contacts: [{name: 周敏, primary: true}]
            """,
        "ledger/invoices/2026.yaml": """\
            - {number: A-1, customer: acme, issued: 2026-08-01, due: 2026-08-31, amount: 100000.00}
            - {number: Z-1, customer: zeta, issued: 2026-11-01, due: 2026-12-01, amount: 8000.00}
            """,
    })
    commit(repo, "Zeta; B-1 was cancelled")

    text = cli("--ledger", str(repo / "ledger"), "--as-of", AS_OF, "diff", "HEAD~1", "--format", "markdown").output

    assert "### New invoices (1)" in text and "| Z-1 | zeta | 2026-11-01 | 2026-12-01 | 8,000.00 CNY |" in text
    assert "### Removed invoices (1)" in text and "| B-1 | bolt | 2026-10-01 | 2026-10-31 | 20,000.00 CNY |" in text
    assert "### New customers (1)" in text
    assert "| zeta | Zeta \\| \\<b\\>Co\\</b\\> \\*Ltd\\* |" in text
    assert not RAW_HTML.search(text)


def test_a_ledger_folder_that_did_not_exist_at_the_revision_compares_as_empty(tmp_path, cli):
    repo = new_repo(tmp_path / "books")
    write(repo, {"README.md": "Receivables.\n"})
    first = commit(repo, "Empty repository")
    write(repo, BASE)
    commit(repo, "The ledger")

    result = cli("--ledger", str(repo / "ledger"), "--as-of", AS_OF, "diff", first)

    assert result.exit_code == 0, result.output
    assert "New invoices (2)" in result.output and "New customers (2)" in result.output
    assert "outstanding 0.00 CNY 120,000.00 CNY +120,000.00 CNY" in lines(result.output)


def test_an_unknown_revision_is_a_usage_error(books, cli):
    result = cli("--as-of", AS_OF, "diff", "no-such-branch")
    assert result.exit_code == 2
    assert "unknown revision `no-such-branch`" in result.output


def test_outside_a_git_repository_is_a_usage_error(tmp_path, cli):
    write(tmp_path, BASE)
    result = cli("--ledger", str(tmp_path / "ledger"), "--as-of", AS_OF, "diff", "HEAD")
    assert result.exit_code == 2
    assert "not inside a git repository" in result.output


def test_a_current_ledger_with_errors_exits_1(books, cli):
    repo, _ = books
    write(repo, {"ledger/customers/bolt.yaml": BASE["ledger/customers/bolt.yaml"] + "colour: blue\n"})
    result = cli("--as-of", AS_OF, "diff", "reviewed")
    assert result.exit_code == 1
    assert "unknown field `colour`" in result.output


def test_errors_in_the_old_ledger_are_history_not_failures(tmp_path, cli):
    repo = new_repo(tmp_path / "books")
    write(repo, {**BASE, "ledger/customers/bolt.yaml": BASE["ledger/customers/bolt.yaml"] + "colour: blue\n"})
    commit(repo, "A mistake")
    write(repo, {"ledger/customers/bolt.yaml": BASE["ledger/customers/bolt.yaml"]})
    commit(repo, "Fixed")

    result = cli("--ledger", str(repo / "ledger"), "--as-of", AS_OF, "diff", "HEAD~1")

    assert result.exit_code == 0, result.output
    # bolt's file was rejected before: bolt and its invoice appear now
    assert "New customers (1)" in result.output and "B-1" in result.output
