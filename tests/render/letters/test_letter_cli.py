"""``collect letters``, ``collect build`` with letters, and ``collect note --letter``."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from collect.cli import main
from letter_fixtures import SAMPLE

AS_OF = "2026-11-22"
DUE = {  # collect status as of 2026-11-22: the letters the escalation calls for
    "haiyue-logistics": "final_notice", "jiangnan-machinery": "second_reminder", "longsheng-building": "legal",
    "pacific-rim-robotics": "reminder", "ruitai-medical": "demand", "thornbury-components": "final_notice",
}


def run(*args: str, ledger: Path = SAMPLE):
    return CliRunner().invoke(main, ["--ledger", str(ledger), "--as-of", AS_OF, *args], catch_exceptions=False)


def drafted(out: Path) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for path in sorted((out / "letters").glob("*/*.md")):
        found.setdefault(path.parent.name, []).append(path.stem.split("-", 3)[3])
    return found


def test_letters_without_type_drafts_the_due_ones_only(tmp_path):
    out = tmp_path / "out"
    (out / "keep").mkdir(parents=True)
    (out / "keep" / "index.html").write_text("mine")
    result = run("letters", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert drafted(out) == {cid: [kind] for cid, kind in DUE.items()}
    assert "wrote 6 letter drafts" in result.output
    for cid, kind in DUE.items():
        for suffix in (".md", ".html", ".eml"):
            assert (out / "letters" / cid / f"{AS_OF}-{kind}{suffix}").is_file()
    assert (out / "letters" / "letter.css").is_file()
    assert (out / "keep" / "index.html").read_text() == "mine"  # the rest of out/ is left alone


def test_letters_type_and_customer(tmp_path, sample):
    out = tmp_path / "out"
    result = run("letters", "--out", str(out), "--type", "statement", "--customer", "xinhe-food")
    assert result.exit_code == 0, result.output
    assert drafted(out) == {"xinhe-food": ["statement"]}
    result = run("letters", "--out", str(out), "--type", "statement")
    assert result.exit_code == 0
    open_balance = {c.id for c in sample[0].customers if c.outstanding > 0}
    assert "lion-gate-trading" not in open_balance  # only an unapplied credit
    assert set(drafted(out)) == open_balance
    result = run("letters", "--out", str(out), "--customer", "ruitai-medical")
    assert drafted(out) == {"ruitai-medical": ["demand"]}  # letters/ was replaced, not added to


def test_letters_type_skips_customers_with_nothing_to_claim(tmp_path):
    result = run("letters", "--out", str(tmp_path / "o"), "--type", "demand", "--customer", "huaxin-electronics")
    assert result.exit_code == 0
    assert "skipped huaxin-electronics" in result.output and "wrote 0 letter drafts" in result.output


@pytest.mark.parametrize("args", [("--type", "nonsense"), ("--customer", "nobody")])
def test_letters_usage_errors_exit_2(tmp_path, args):
    result = run("letters", "--out", str(tmp_path / "o"), *args)
    assert result.exit_code == 2
    assert not (tmp_path / "o" / "letters").exists()


def test_pdf_without_chromium_is_a_clear_usage_error(tmp_path, monkeypatch):
    from collect.render.letters import pdf

    monkeypatch.setattr(pdf, "CHROMIUM", tmp_path / "no-chromium")
    result = run("letters", "--out", str(tmp_path / "o"), "--pdf")
    assert result.exit_code == 2 and "Chromium" in result.output


def test_build_reports_letter_drafts_and_the_letters_index_links_resolve(tmp_path):
    out = tmp_path / "site"
    result = run("build", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "and 6 letter drafts" in result.output
    index = (out / "letters.html").read_text(encoding="utf-8")
    links = re.findall(r'href="(letters/[^"]+)"', index)
    assert len(set(links)) == 18
    for link in links:
        assert (out / link).is_file(), link
    assert "HENGYUE-ruitai-medical-DEM-20261122" in index and "CNY 211,250.68" in index
    page = (out / "customers" / "ruitai-medical.html").read_text(encoding="utf-8")
    for link in re.findall(r'href="\.\./(letters/[^"]+)"', page):
        assert (out / link).is_file()
    html = (out / "letters" / "ruitai-medical" / f"{AS_OF}-demand.html").read_text(encoding="utf-8")
    assert '<link rel="stylesheet" href="../letter.css">' in html and "<style" not in html


def test_note_from_letter_round_trip(tmp_path, ledger_copy, monkeypatch):
    from collect.compute.engine import compute
    from collect.load import load_ledger

    monkeypatch.setenv("USER", "tester")
    out = tmp_path / "out"
    assert run("letters", "--out", str(out), "--customer", "ruitai-medical", ledger=ledger_copy).exit_code == 0
    letter = out / "letters" / "ruitai-medical" / f"{AS_OF}-demand.html"
    result = run("note", "ruitai-medical", "--letter", str(letter), ledger=ledger_copy)
    assert result.exit_code == 0, result.output
    path = ledger_copy / "notes" / "ruitai-medical" / f"{AS_OF}-demand.md"
    assert result.output.strip().endswith(str(path))
    text = path.read_text(encoding="utf-8")
    assert "channel: letter" in text and 'invoices: ["HY26-0301", "HY26-0356"]' in text
    assert 'ref: "HENGYUE-ruitai-medical-DEM-20261122"' in text and "sent: 2026-11-22" in text
    assert "# delivered:" in text and "# proof:" in text
    ledger, diagnostics = load_ledger(ledger_copy, dt.date(2026, 11, 22))
    assert not [d for d in diagnostics if d.is_error]
    state = compute(ledger, dt.date(2026, 11, 22))
    assert state.customer("ruitai-medical").escalation.reached == "demand"
    # never overwrites: the .eml of the same letter gives a -2 note
    result = run("note", "ruitai-medical", "--letter", str(letter.with_suffix(".eml")), ledger=ledger_copy)
    assert result.exit_code == 0
    assert (path.parent / f"{AS_OF}-demand-2.md").is_file()
    assert path.read_text(encoding="utf-8") == text


def test_note_letter_to_another_customer_or_not_a_letter_exits_2(tmp_path, ledger_copy):
    out = tmp_path / "out"
    run("letters", "--out", str(out), "--customer", "ruitai-medical", ledger=ledger_copy)
    letter = out / "letters" / "ruitai-medical" / f"{AS_OF}-demand.md"
    assert run("note", "haiyue-logistics", "--letter", str(letter), ledger=ledger_copy).exit_code == 2
    other = tmp_path / "plain.md"
    other.write_text("hello")
    assert run("note", "ruitai-medical", "--letter", str(other), ledger=ledger_copy).exit_code == 2
    assert run("note", "nobody", ledger=ledger_copy).exit_code == 2
    assert not list((ledger_copy / "notes" / "ruitai-medical").glob(f"{AS_OF}-*"))


def test_plain_note_has_date_customer_author_channel_and_validates(ledger_copy, monkeypatch):
    monkeypatch.setenv("USER", "tester")
    result = run("note", "kaida-electric", "--channel", "phone", "--invoice", "HY25-0396", ledger=ledger_copy)
    assert result.exit_code == 0, result.output
    path = ledger_copy / "notes" / "kaida-electric" / f"{AS_OF}-phone.md"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\ndate: 2026-11-22\ncustomer: \"kaida-electric\"\nauthor: ")
    assert "channel: phone" in text and 'invoices: ["HY25-0396"]' in text and text.endswith("---\n")


def test_note_that_does_not_validate_exits_1(ledger_copy):
    result = run("note", "kaida-electric", "--invoice", "NO-SUCH-INVOICE", ledger=ledger_copy)
    assert result.exit_code == 1
    assert (ledger_copy / "notes" / "kaida-electric" / f"{AS_OF}-other.md").is_file()
