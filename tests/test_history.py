"""Who changed each customer's files: one ``git log`` over the ledger folder, mapped to
customers through the loaded records (customer files, notes, and invoice and payment
files holding their entries)."""

from __future__ import annotations

import datetime as dt
import subprocess

import pytest

from collect.load import load_ledger
from collect.render.history import MAX_PER_CUSTOMER, Change, customer_history
from gitkit import COMPANY, commit, git, new_repo, write


AS_OF = dt.date(2026, 11, 22)

FIRST = {
    "README.md": "Our receivables.\n",
    "ledger/company.yaml": COMPANY,
    "ledger/customers/acme.yaml": """\
        id: acme
        name: Acme Trading
        contacts: [{name: Zhang Wei, primary: true}]
        """,
    "ledger/customers/bolt.yaml": """\
        id: bolt
        name: Bolt Ltd
        language: en
        contacts: [{name: Sam Bolt, primary: true}]
        """,
    # one file, two customers: a commit to it is a change of both
    "ledger/invoices/2026/october.yaml": """\
        - {number: A-1, customer: acme, issued: 2026-10-01, due: 2026-10-31, amount: 1000}
        - {number: B-1, customer: bolt, issued: 2026-10-02, due: 2026-11-01, amount: 500}
        """,
    "ledger/notes/acme/2026-11-03-call.md": """\
        ---
        date: 2026-11-03
        customer: acme
        channel: phone
        ---
        Called Zhang Wei.
        """,
}


def _history(repo):
    ledger, diagnostics = load_ledger(repo / "ledger", AS_OF)
    assert not [d for d in diagnostics if d.is_error]
    return customer_history(ledger)


@pytest.fixture
def repo(tmp_path):
    repo = new_repo(tmp_path / "books")
    write(repo, FIRST)
    first = commit(repo, "Start the ledger", date="2026-11-01T09:00:00+08:00")
    return repo, first


def test_a_commit_that_edits_a_note_is_listed_under_its_customer(repo):
    repo, first = repo
    write(repo, {"ledger/notes/acme/2026-11-03-call.md": FIRST["ledger/notes/acme/2026-11-03-call.md"]
                 + "He promised to call back.\n"})
    # 01:30 in Shanghai is still the 3rd in UTC: the date is the commit's own
    second = commit(repo, "Note: Acme will call back", date="2026-11-04T01:30:00+08:00", author="李雷")

    history = _history(repo)

    assert history["acme"] == [
        Change("2026-11-04", "李雷", "Note: Acme will call back", second,
               ("notes/acme/2026-11-03-call.md",)),
        Change("2026-11-01", "Wang Jing", "Start the ledger", first,
               ("customers/acme.yaml", "invoices/2026/october.yaml", "notes/acme/2026-11-03-call.md")),
    ]
    assert [c.commit for c in history["bolt"]] == [first]


def test_a_shared_invoice_or_payment_file_is_a_change_of_every_customer_in_it(repo):
    repo, first = repo
    write(repo, {
        "ledger/invoices/2026/october.yaml": FIRST["ledger/invoices/2026/october.yaml"].replace("500", "550"),
        "ledger/payments/2026-11.yaml": """\
            - {date: 2026-11-05, customer: bolt, amount: 100, ref: T-1}
            """,
    })
    second = commit(repo, "Correct B-1, book a payment", date="2026-11-06T11:00:00+00:00")

    history = _history(repo)

    assert history["acme"][0].commit == second
    assert history["acme"][0].files == ("invoices/2026/october.yaml",)
    assert history["bolt"][0] == Change("2026-11-06", "Wang Jing", "Correct B-1, book a payment", second,
                                        ("invoices/2026/october.yaml", "payments/2026-11.yaml"))


def test_files_outside_the_ledger_and_other_customers_files_are_left_out(repo):
    repo, first = repo
    write(repo, {"README.md": "Changed.\n", "ledger/customers/bolt.yaml":
                 FIRST["ledger/customers/bolt.yaml"].replace("Bolt Ltd", "Bolt Limited")})
    second = commit(repo, "Rename Bolt")

    history = _history(repo)

    assert [c.commit for c in history["acme"]] == [first]
    assert [c.commit for c in history["bolt"]] == [second, first]


def test_a_deleted_note_still_counts_for_its_customer_by_its_folder(repo):
    repo, _ = repo
    write(repo, {"ledger/notes/acme/2026-11-03-call.md": None})
    gone = commit(repo, "Remove a duplicate note")

    assert _history(repo)["acme"][0] == Change("2026-11-01", "Wang Jing", "Remove a duplicate note", gone,
                                               ("notes/acme/2026-11-03-call.md",))


def test_at_most_twenty_changes_per_customer_newest_first(repo):
    repo, _ = repo
    for day in range(1, 26):
        write(repo, {"ledger/customers/acme.yaml": FIRST["ledger/customers/acme.yaml"] + f"owner: collector {day}\n"})
        commit(repo, f"Owner {day}", date=f"2026-11-{day:02d}T12:00:00+08:00")

    acme = _history(repo)["acme"]

    assert len(acme) == MAX_PER_CUSTOMER
    assert [c.summary for c in acme[:2]] == ["Owner 25", "Owner 24"]
    assert acme[-1].summary == "Owner 6"


def test_one_git_call_however_many_files(repo, monkeypatch):
    repo, _ = repo
    calls = []
    real_run = subprocess.run

    def counting_run(args, *rest, **kwargs):
        calls.append(args)
        return real_run(args, *rest, **kwargs)

    monkeypatch.setattr(subprocess, "run", counting_run)
    _history(repo)

    assert len(calls) == 1 and "log" in calls[0]


def test_the_same_history_twice(repo):
    repo, _ = repo
    assert _history(repo) == _history(repo)


def test_outside_a_git_repository_there_is_no_history(tmp_path):
    write(tmp_path, {k: v for k, v in FIRST.items() if k.startswith("ledger/")})
    assert _history(tmp_path) == {}


def test_without_git_there_is_no_history(repo, monkeypatch):
    repo, _ = repo
    monkeypatch.setenv("PATH", "")
    assert _history(repo) == {}


def test_the_site_lists_the_changes_on_the_customer_page(repo, cli, tmp_path):
    repo, _ = repo
    out = tmp_path / "site"
    result = cli("--ledger", str(repo / "ledger"), "--as-of", "2026-11-22", "build", "--out", str(out))
    assert result.exit_code == 0, result.output
    page = (out / "customers" / "acme.html").read_text(encoding="utf-8")
    assert "2026-11-01 · Wang Jing · Start the ledger" in page


def test_a_ledger_at_the_top_of_the_repository(tmp_path):
    repo = new_repo(tmp_path / "flat")
    write(repo, {k.removeprefix("ledger/"): v for k, v in FIRST.items() if k.startswith("ledger/")})
    first = commit(repo, "Flat layout")
    assert git(repo, "rev-parse", "HEAD") == first
    assert [c.commit for c in _history_at(repo)["acme"]] == [first]


def _history_at(root):
    ledger, _ = load_ledger(root, AS_OF)
    return customer_history(ledger)


# ------------------------------------------------------------------ a note's author by default


def test_a_note_without_an_author_is_shown_with_who_committed_it(tmp_path):
    from click.testing import CliRunner

    from collect.cli import main
    from collect.render.history import note_authors

    repo = new_repo(tmp_path / "books")
    write(repo, FIRST)
    write(repo, {"ledger/notes/bolt/2026-11-04-visit.md": """\
        ---
        date: 2026-11-04
        customer: bolt
        author: Sam Writer
        channel: visit
        ---
        Visited.
        """})
    commit(repo, "Start the ledger", author="Li Qiang")
    # a colleague corrects the note later: it is still Li Qiang's note
    write(repo, {"ledger/notes/acme/2026-11-03-call.md": FIRST["ledger/notes/acme/2026-11-03-call.md"] + "Typo fixed.\n"})
    commit(repo, "Fix a typo", date="2026-11-05T10:00:00+08:00", author="Wang Fang")
    # and a note not committed yet has no author to show
    write(repo, {"ledger/notes/acme/2026-11-20-call.md": """\
        ---
        date: 2026-11-20
        customer: acme
        channel: phone
        ---
        No answer.
        """})
    ledger, _ = load_ledger(repo / "ledger", AS_OF)
    authors = note_authors(ledger)
    assert {p.rsplit("/", 1)[-1]: a for p, a in authors.items()} == {"2026-11-03-call.md": "Li Qiang"}

    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["--ledger", str(repo / "ledger"), "--as-of", "2026-11-22", "build",
                                       "--out", str(out)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    acme = (out / "customers" / "acme.html").read_text(encoding="utf-8")
    assert "Li Qiang" in acme.split("class=\"timeline\"")[1].split("</ol>")[0]
    bolt = (out / "customers" / "bolt.html").read_text(encoding="utf-8")
    assert "Sam Writer" in bolt and "Li Qiang" not in bolt.split("class=\"timeline\"")[1].split("</ol>")[0]
