"""``collect build --redact``: a site that may be published (PIPL / GDPR).

Contacts' phone numbers, e-mail addresses and WeChat ids are masked and private notes'
bodies left out. These tests grep every file of the redacted output (pages, assets,
the letters index, the data-quality page) for every contact detail of the ledger, as
written and as bare digits: there must be no hit at all, wherever a detail was typed
(the contact card, a note, a next action, a hold reason, an invalid field that a
diagnostic quotes).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from seckit import AS_OF, VALID, write_ledger
from sitekit import SAMPLE_LEDGER, build

from collect.diagnostics import Mark, error
from collect.render.privacy import Redactor, contact_details, mask


def details_in(ledger: Path) -> set[str]:
    """Every contact detail written in the ledger's customer files, found without the
    loader (a customer with an error is not loaded, but its details are still private)."""
    import yaml

    found: set[str] = set()
    for path in (ledger / "customers").glob("*.yaml"):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError:
            continue
        for contact in (data or {}).get("contacts") or []:
            for key in ("phone", "email", "wechat"):
                value = contact.get(key)
                if isinstance(value, str) and value.strip():
                    found.add(value.strip())
                    if key == "phone":  # also as bare digits, and as dialled at home
                        found.add(re.sub(r"\D", "", value))
                        national = re.sub(r"^\+\d+ ", "", value.strip())
                        if national != value.strip():
                            found |= {national, re.sub(r"\D", "", national)}
    return found


def leaks(out: Path, secrets: set[str]) -> list[tuple[str, str]]:
    hits = []
    for path in sorted(out.rglob("*")):
        if path.is_file():
            text = path.read_bytes().decode("utf-8", errors="replace")
            hits += [(path.relative_to(out).as_posix(), s) for s in secrets if s in text]
    return hits


def test_the_sample_ledger_redacted_names_no_contact_detail(tmp_path):
    ledger = tmp_path / "ledger"
    shutil.copytree(SAMPLE_LEDGER, ledger)
    secrets = details_in(ledger)
    assert len(secrets) > 40
    plain, redacted = tmp_path / "plain", tmp_path / "redacted"
    assert build(ledger, plain).exit_code == 0
    assert leaks(plain, secrets)  # the unredacted site does show them
    assert build(ledger, redacted, "--redact").exit_code == 0
    assert leaks(redacted, secrets) == []
    assert not (redacted / "letters").exists()  # drafts name people and addresses in full
    index = (redacted / "letters.html").read_text(encoding="utf-8")
    assert "redacted" in index or "脱敏" in index or "left out" in index or "不含" in index


def test_a_redacted_build_over_a_plain_one_leaves_nothing_of_it(tmp_path):
    """The second build may take files over from the first: never an unredacted one."""
    ledger = tmp_path / "ledger"
    shutil.copytree(SAMPLE_LEDGER, ledger)
    out = tmp_path / "site"
    assert build(ledger, out).exit_code == 0
    assert build(ledger, out, "--redact").exit_code == 0
    assert leaks(out, details_in(ledger)) == []
    assert build(ledger, tmp_path / "fresh", "--redact").exit_code == 0
    from sitekit import tree_hashes

    assert tree_hashes(out) == tree_hashes(tmp_path / "fresh")


# ------------------------------------------------------------------ details typed elsewhere

PHONE, MOBILE, EMAIL, WECHAT = "+86 510 5555 0212", "13912345678", "zhou@example.cn", "zjg_wx_1961"


def echoing_ledger(root: Path) -> Path:
    """The valid ledger, with acme's contact details also typed into free text."""
    return write_ledger(root, {
        **VALID,
        "customers/acme.yaml": VALID["customers/acme.yaml"].replace(
            "    phone: \"+86 510 5555 0212\"\n", f"    phone: \"+86 510 5555 0212\"\n  - name: 钱\n    phone: \"{MOBILE}\"\n")
        .replace("reason: 对账中", f"reason: \"对账中, 联系 {EMAIL}\""),
        "invoices/2026/acme.yaml": VALID["invoices/2026/acme.yaml"].replace(
            "    amount: 400\n", f"    amount: 400\n    note: \"微信 {WECHAT} 说质量问题\"\n"),
        "notes/acme/2026-11-20.md": (
            "---\ndate: 2026-11-20\ncustomer: acme\nchannel: phone\n"
            f"contact: \"周建国 {PHONE}\"\nnext: {{date: 2026-11-25, action: \"call {MOBILE} again\"}}\n---\n"
            f"Called 周建国 on {PHONE} (mobile {MOBILE}); he asked us to write to {EMAIL} or WeChat {WECHAT}.\n"
        ),
    })


def test_details_typed_into_notes_and_other_free_text_are_masked_too(tmp_path):
    ledger = echoing_ledger(tmp_path / "ledger")
    out = tmp_path / "site"
    result = build(ledger, out, "--redact")
    assert result.exit_code == 0, result.output
    secrets = details_in(ledger) | {re.sub(r"\D", "", PHONE)}
    assert {PHONE, MOBILE, EMAIL, WECHAT} <= secrets
    assert leaks(out, secrets) == []
    page = (out / "customers" / "acme.html").read_text(encoding="utf-8")
    assert "周建国" in page and "Called" in page  # the note is there, only the details are masked


def test_the_data_quality_page_of_a_redacted_build_quotes_no_contact_detail(tmp_path):
    """A contact with an invalid field is reported on quality.html; the message quotes
    what was written, which may be a phone number, an e-mail address or a WeChat id."""
    ledger = write_ledger(tmp_path / "ledger", {
        **VALID,
        "customers/bad.yaml": (
            "id: bad\nname: Bad Co\ncontacts:\n"
            "  - {name: Li, email: li@bad.example, phone: \"+86 138 5555 6666\", wechat: li_wx_77, "
            "primary: li@bad.example}\n"
            "  - {name: Wu, role: wu_wechat_88, phone: [\"+86 139 7777 8888\"]}\n"
            "  - {name: Ma, role: \"+86 137 1111 2222\", email: ma@bad.example}\n"
        ),
    })
    out = tmp_path / "site"
    result = build(ledger, out, "--redact", "--keep-going")
    assert result.exit_code == 1
    quality = (out / "quality.html").read_text(encoding="utf-8")
    assert "customers/bad.yaml" in quality
    secrets = details_in(ledger) | {"wu_wechat_88", "+86 137 1111 2222", "13711112222"}
    assert leaks(out, secrets) == []


# ------------------------------------------------------------------ the redactor


def test_contact_details_of_a_ledger():
    from collect.load import load_ledger
    import datetime as dt

    with_details = contact_details(load_ledger(SAMPLE_LEDGER, dt.date.fromisoformat(AS_OF))[0])
    assert "zhangli@huaxin.example.cn" in with_details and "+86 138 0000 0101" in with_details
    assert "13800000101" in with_details  # a phone also as bare digits


@pytest.mark.parametrize("text, expected", [
    ("call +86 138 0000 0101 or 13800000101", "call 861********01 or 138******01"),
    ("mail zhangli@example.cn, wechat zl_wechat_42", "mail z***@example.cn, wechat z***"),
    ("another one: bob@other.example / +44 20 7946 0958", "another one: b***@other.example / 442*******58"),
    # figures, dates, ids and invoice numbers are not phone numbers
    ("1,234,567.00 on 2026-11-22, invoice 0000611288, INV-2026-0001, HX/2025/0117, tax 914403001922038216",
     "1,234,567.00 on 2026-11-22, invoice 0000611288, INV-2026-0001, HX/2025/0117, tax 914403001922038216"),
])
def test_the_redactor_masks_details_in_text(text, expected):
    redactor = Redactor({"zl_wechat_42", "+86 138 0000 0101", "13800000101", "zhangli@example.cn", "ab"})
    assert redactor.text(text) == expected


def test_the_redactor_masks_only_known_details_in_a_page():
    redactor = Redactor({"zl_wechat_42", "+86 138 0000 0101", "zhangli@example.cn", "ab"})
    page = ('<a href="mailto:zhangli@example.cn">zhangli@example.cn</a> ab <td>+86 138 0000 0101</td>'
            '<svg><path d="M 10 20 30 40 50 60 70 80"/></svg> other@x.example')
    assert redactor.html(page) == (
        '<a href="mailto:z***@example.cn">z***@example.cn</a> ab <td>861********01</td>'
        '<svg><path d="M 10 20 30 40 50 60 70 80"/></svg> other@x.example')


def test_the_redactor_masks_what_a_diagnostic_quotes_of_a_contact():
    redactor = Redactor(set())
    d = error("E109", Mark("customers/bad.yaml", 5, 20),
              "contacts[2].role: `wu_wechat_88` is not one of accounts_payable, finance", "did you mean `finance`?")
    assert redactor.diagnostic(d).message == "contacts[2].role: `w***` is not one of accounts_payable, finance"
    assert redactor.diagnostic(d).hint == "did you mean `finance`?"
    kept = error("E201", Mark("invoices/a.yaml", 2, 3), "there is no customer `acme2`", "did you mean `acme`?")
    assert redactor.diagnostic(kept) is kept
    assert mask("li@bad.example") == "l***@bad.example"
