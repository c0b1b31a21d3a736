"""One small ledger per problem the loader reports (hledger style): the file's bytes
inline, the diagnostics expected at their exact file, line and column.

Each case lists *every* diagnostic the ledger gives, so a follow-on error (a value the
loader dropped, reported again as missing) fails the test as surely as a wrong column.
"""

from __future__ import annotations


import pytest

from checkkit import ACME, INVOICE, NOTE, run_load, where, with_files
from collect.load.source import MAX_FILE_BYTES
from collect.load.yamltree import MAX_SCALAR

ACME_FILE = "customers/acme.yaml"

CASES = [
    # ---------------------------------------------------------------- encodings
    pytest.param(
        {ACME_FILE: ACME.replace("Acme Trading", "名称").encode("gbk")},
        [("E001", ACME_FILE, 2, 7)], id="gbk"),
    pytest.param(
        {ACME_FILE: ACME.encode("utf-16")},
        [("E001", ACME_FILE, 1, 1)], id="utf-16"),
    pytest.param(
        {ACME_FILE: ACME.encode("utf-16-be")},  # no BOM: every other byte is NUL
        [("E001", ACME_FILE, 1, 1)], id="utf-16-without-bom"),
    pytest.param(
        {ACME_FILE: b"\xef\xbb\xbf" + ACME.encode()},
        [], id="utf-8-bom-accepted"),
    pytest.param(
        {ACME_FILE: b"\xef\xbb\xbf" + ACME.encode() + b"bogus: 1\n"},
        [("E101", ACME_FILE, 6, 1)], id="utf-8-bom-marks-unchanged"),
    pytest.param(
        {ACME_FILE: b"\xef\xbb\xbf" + b"bogus: 1\n" + ACME.encode()},
        [("E101", ACME_FILE, 1, 1)], id="utf-8-bom-first-column"),
    pytest.param(
        {ACME_FILE: ACME.encode() + b"address: a\x00b\n"},
        [("E001", ACME_FILE, 6, 11)], id="nul-byte"),
    pytest.param(
        {ACME_FILE: ACME + "address: a\x07b\n"},
        [("E002", ACME_FILE, 6, 11)], id="control-character"),
    pytest.param(
        {ACME_FILE: ACME.replace("\n", "\r\n") + "bogus: 1\r\n"},
        [("E101", ACME_FILE, 6, 1)], id="crlf-line-ends"),
    # ---------------------------------------------------------------- YAML syntax
    pytest.param(
        {ACME_FILE: "id: acme\nname: Acme\ncontacts:\n\t- name: Zhang Wei\n"},
        [("E003", ACME_FILE, 4, 1)], id="tab-indentation"),
    pytest.param(
        {ACME_FILE: ACME + "hold:\n  \treason: moving offices\n"},
        [("E003", ACME_FILE, 7, 3)], id="tab-after-spaces"),
    pytest.param(
        {ACME_FILE: ACME.replace("id: acme", "id:\tacme")},
        [], id="tab-as-separator-is-fine"),
    pytest.param(
        {ACME_FILE: ACME.replace("name: Acme Trading", "name: Acme: Trading")},
        [("E002", ACME_FILE, 2, 11)], id="unreadable-yaml"),
    pytest.param(
        {ACME_FILE: ACME.replace("name: Acme Trading", "name: [Acme Trading")},
        [("E002", ACME_FILE, 3, 9)], id="unclosed-bracket"),
    pytest.param(
        {ACME_FILE: ACME + "---\n" + ACME},
        [("E002", ACME_FILE, 6, 1)], id="two-documents"),
    pytest.param(
        {ACME_FILE: ACME + "name: Acme Ltd\n"},
        [("E004", ACME_FILE, 6, 1)], id="duplicate-key"),
    pytest.param(
        {"invoices/a.yaml": "- number: A-1\n  customer: acme\n  issued: 2026-01-05\n  amount: 100\n  amount: 200\n"},
        [("E004", "invoices/a.yaml", 5, 3)], id="duplicate-key-in-list-item"),
    pytest.param(
        {"notes/n.md": NOTE.replace("channel: phone\n", "channel: phone\ndate: 2026-03-02\n")},
        [("E004", "notes/n.md", 5, 1)], id="duplicate-key-in-front-matter"),
    pytest.param(
        {ACME_FILE: ACME.replace("id: acme\nname: Acme Trading", "id: &x acme\nname: *x")},
        [("E005", ACME_FILE, 2, 1)], id="anchor-and-alias"),
    pytest.param(
        {ACME_FILE: ACME + "hold:\n  <<: {reason: moving offices}\n"},
        [("E005", ACME_FILE, 7, 3)], id="merge-key"),
    pytest.param(
        {ACME_FILE: ACME.replace("name: Acme Trading", "name: !!binary QWNtZQ==")},
        [("E006", ACME_FILE, 2, 7)], id="binary-tag"),
    pytest.param(
        {ACME_FILE: ACME.replace("name: Acme Trading", "name: !custom Acme")},
        [("E006", ACME_FILE, 2, 7)], id="local-tag"),
    pytest.param(
        {ACME_FILE: ACME.replace("name: Acme Trading", "name: !!str Acme")},
        [], id="standard-str-tag-is-fine"),
    pytest.param(
        {ACME_FILE: ACME + "[a]: b\n"},
        [("E010", ACME_FILE, 6, 1)], id="key-not-a-name"),
    # ---------------------------------------------------------------- limits
    pytest.param(
        {ACME_FILE: ACME + "# " + "x" * MAX_FILE_BYTES + "\n"},
        [("E007", ACME_FILE, 1, 1)], id="file-over-size-limit"),
    pytest.param(
        {ACME_FILE: ACME + "address: " + "x" * (MAX_SCALAR + 1) + "\n"},
        [("E007", ACME_FILE, 6, 10)], id="value-over-size-limit"),
    pytest.param(
        {ACME_FILE: "[" * 100_000},
        [("E007", ACME_FILE, 1, 33)], id="100000-brackets"),
    pytest.param(
        {ACME_FILE: "{a: " * 100_000},
        [("E007", ACME_FILE, 1, 129)], id="100000-braces"),
    pytest.param(
        {ACME_FILE: "- " * 100_000 + "x\n"},
        [("E007", ACME_FILE, 1, 65)], id="100000-dashes"),
    pytest.param(
        {ACME_FILE: "".join(" " * i + "a:\n" for i in range(2_000))},
        [("E007", ACME_FILE, 33, 33)], id="2000-indented-keys"),
    pytest.param(
        {ACME_FILE: ACME + "tags: " + "[" * 32 + "x" + "]" * 32 + "\n"},
        # tags[1] is a list where text belongs, whatever is inside it
        [("E110", ACME_FILE, 6, 8), ("E007", ACME_FILE, 6, 39)], id="too-deep-for-a-record"),
    # ---------------------------------------------------------------- shapes
    pytest.param({ACME_FILE: ""}, [("W001", ACME_FILE, 1, 1)], id="empty-file"),
    pytest.param({ACME_FILE: "# nothing yet\n"}, [("W001", ACME_FILE, 1, 1)], id="comment-only-file"),
    pytest.param({"invoices/a.yaml": "\n\n"}, [("W001", "invoices/a.yaml", 1, 1)], id="blank-file"),
    pytest.param({"notes/n.md": "Called Zhang Wei.\n"}, [("E008", "notes/n.md", 1, 1)], id="note-without-front-matter"),
    pytest.param({"notes/n.md": "---\ndate: 2026-03-01\ncustomer: acme\n"},
                 [("E008", "notes/n.md", 1, 1)], id="note-front-matter-unclosed"),
    pytest.param({"notes/n.md": "---\n---\nCalled.\n"}, [("E008", "notes/n.md", 1, 1)], id="note-front-matter-empty"),
    pytest.param({"notes/n.md": "---\n- a\n---\n"}, [("E009", "notes/n.md", 2, 1)], id="note-front-matter-a-list"),
    pytest.param({ACME_FILE: "- " + ACME.replace("\n", "\n  ").rstrip() + "\n"},
                 [("E009", ACME_FILE, 1, 1)], id="list-in-a-customer-file"),
    pytest.param({ACME_FILE: "Acme Trading\n"}, [("E009", ACME_FILE, 1, 1)], id="scalar-customer-file"),
    pytest.param({"invoices/a.yaml": "A-1\n"}, [("E009", "invoices/a.yaml", 1, 1)], id="scalar-invoice-file"),
    pytest.param({"invoices/a.yaml": "- " + INVOICE.replace("\n", "\n  ").rstrip() + "\n- A-2\n"},
                 [("E009", "invoices/a.yaml", 6, 3)], id="list-item-not-a-record"),
    # ---------------------------------------------------------------- files
    pytest.param({"invoices/readme.txt": "scans are in the drive"},
                 [("W002", "invoices/readme.txt", None, None)], id="non-yaml-in-invoices"),
    pytest.param({"invoices/a.yaml.bak": INVOICE},
                 [("W002", "invoices/a.yaml.bak", None, None)], id="backup-file-in-invoices"),
    pytest.param({"notes/n.txt": NOTE}, [("W002", "notes/n.txt", None, None)], id="non-markdown-in-notes"),
    pytest.param({"customers/old/acme2.yaml": ACME},
                 [("W002", "customers/old/acme2.yaml", None, None)], id="customer-in-sub-folder"),
    pytest.param({"invoice/a.yaml": INVOICE}, [("W002", "invoice", None, None)], id="misspelt-folder"),
    pytest.param({"Policy.yaml": "terms: 30\n"}, [("W002", "Policy.yaml", None, None)], id="misspelt-policy"),
    pytest.param({"Customers/acme.yaml": ACME}, [("W002", "Customers", None, None)], id="capitalised-folder"),
    pytest.param({"invoices.csv": "number,amount\n", "README.md": "# ledger\n", "output/index.html": "<p>"},
                 [], id="other-files-beside-the-ledger"),
    pytest.param({"invoices/.a.yaml.swp": "x", "invoices/.gitkeep": ""}, [], id="hidden-files-skipped"),
    pytest.param({"invoices/2026/a.yml": INVOICE}, [], id="yml-in-sub-folder-read"),
]


@pytest.mark.parametrize("files, expected", CASES)
def test_loader_reports_each_problem_at_its_place(ledger_dir, files, expected):
    root = ledger_dir(with_files(files))
    assert where(run_load(root), root) == expected


# ---------------------------------------------------------------- messages and hints


def _one(ledger_dir, files):
    root = ledger_dir(with_files(files))
    diagnostics = run_load(root)
    assert len(diagnostics) == 1, diagnostics
    return diagnostics[0]


def test_gbk_file_is_named_with_the_way_to_convert_it(ledger_dir):
    d = _one(ledger_dir, {ACME_FILE: ACME.replace("Acme Trading", "名称").encode("gbk")})
    assert "GBK" in d.message
    assert "iconv -f GBK -t UTF-8" in d.hint


def test_utf16_is_named(ledger_dir):
    d = _one(ledger_dir, {ACME_FILE: ACME.encode("utf-16")})
    assert "UTF-16" in d.message and "UTF-8" in d.hint


def test_utf16_without_bom_is_named_not_called_binary(ledger_dir):
    d = _one(ledger_dir, {ACME_FILE: ACME.encode("utf-16-le")})
    assert "UTF-16" in d.message


def test_nul_byte_says_binary(ledger_dir):
    d = _one(ledger_dir, {ACME_FILE: ACME.encode() + b"address: a\x00b\n"})
    assert "NUL" in d.message


def test_control_character_is_named(ledger_dir):
    d = _one(ledger_dir, {ACME_FILE: ACME + "address: a\x07b\n"})
    assert "U+0007" in d.message
    assert "unicode string" not in d.message  # no parser internals


def test_tab_is_called_a_tab(ledger_dir):
    d = _one(ledger_dir, {ACME_FILE: "id: acme\nname: Acme\ncontacts:\n\t- name: Zhang Wei\n"})
    assert d.code == "E003" and "tab" in d.message and "spaces" in d.hint


def test_duplicate_key_names_the_first_line(ledger_dir):
    d = _one(ledger_dir, {ACME_FILE: ACME + "name: Acme Ltd\n"})
    assert "`name`" in d.message and "line 2" in d.message


def test_duplicate_key_in_front_matter_names_the_file_line(ledger_dir):
    d = _one(ledger_dir, {"notes/n.md": NOTE.replace("channel: phone\n", "channel: phone\ndate: 2026-03-02\n")})
    assert "line 2" in d.message  # the line in the .md file, not in the front matter


def test_yaml_syntax_error_says_where_the_open_bracket_started(ledger_dir):
    d = _one(ledger_dir, {ACME_FILE: ACME.replace("name: Acme Trading", "name: [Acme Trading")})
    assert d.code == "E002" and "line 2" in d.message


def test_two_documents_hint_says_remove_the_separator(ledger_dir):
    d = _one(ledger_dir, {ACME_FILE: ACME + "---\n" + ACME})
    assert "---" in d.hint


def test_python_tag_is_refused_and_never_run(ledger_dir, tmp_path):
    sentinel = tmp_path / "executed"
    files = {ACME_FILE: ACME.replace(
        "name: Acme Trading", f"name: !!python/object/apply:os.system ['touch {sentinel}']")}
    root = ledger_dir(with_files(files))
    assert where(run_load(root), root) == [("E006", ACME_FILE, 2, 7)]
    assert not sentinel.exists()


@pytest.mark.parametrize("tag", ["!!python/object/new:os.system", "!!python/name:os.system",
                                 "!!python/module:os"])
def test_other_python_tags_are_refused(ledger_dir, tmp_path, tag):
    files = {ACME_FILE: ACME.replace("name: Acme Trading", f"name: {tag} [x]")}
    root = ledger_dir(with_files(files))
    codes = [d.code for d in run_load(root)]
    assert codes == ["E006"]


def test_merge_key_hint_says_write_fields_out(ledger_dir):
    d = _one(ledger_dir, {ACME_FILE: ACME + "hold:\n  <<: {reason: moving offices}\n"})
    assert "<<" in d.message and "in full" in d.hint


def test_empty_file_is_a_warning(ledger_dir):
    d = _one(ledger_dir, {ACME_FILE: ""})
    assert not d.is_error


def test_list_in_customer_file_says_one_file_per_customer(ledger_dir):
    d = _one(ledger_dir, {ACME_FILE: "- " + ACME.replace("\n", "\n  ").rstrip() + "\n"})
    assert "customers/<id>.yaml" in d.hint


def test_messages_use_the_right_article(ledger_dir):
    d = _one(ledger_dir, {"invoices/a.yaml": "A-1\n"})
    assert "an invoice" in d.message


def test_non_yaml_file_is_never_silently_ignored(ledger_dir):
    d = _one(ledger_dir, {"payments/2026-03.csv": "date,amount\n"})
    assert d.code == "W002" and "not read" in d.message and ".yaml" in d.hint


def test_no_company_file(ledger_dir):
    root = ledger_dir(with_files({}), company=None)
    diagnostics = run_load(root)
    assert [(d.code, d.line) for d in diagnostics] == [("E011", None)]
    assert "company.yaml" in diagnostics[0].message


def test_symlink_out_of_the_ledger_is_refused(ledger_dir, tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "a.yaml").write_text(INVOICE, encoding="utf-8")
    root = ledger_dir(with_files({"invoices/b.yaml": INVOICE.replace("A-1", "B-1")}))
    (root / "invoices" / "a.yaml").symlink_to(outside / "a.yaml")
    (root / "invoices" / "all").symlink_to(outside)
    assert where(run_load(root), root) == [
        ("E012", "invoices/a.yaml", None, None),
        ("E012", "invoices/all", None, None),
    ]


def test_company_symlink_out_of_the_ledger_is_refused(ledger_dir, tmp_path):
    outside = tmp_path / "company.yaml"
    outside.write_text("name: Somebody else\n", encoding="utf-8")
    root = ledger_dir(with_files({}), company=None)
    (root / "company.yaml").symlink_to(outside)
    assert [d.code for d in run_load(root)] == ["E012"]


def test_symlink_inside_the_ledger_is_read(ledger_dir):
    root = ledger_dir(with_files({"archive/a.yaml": INVOICE}))
    (root / "invoices").mkdir()
    (root / "invoices" / "a.yaml").symlink_to(root / "archive" / "a.yaml")
    assert run_load(root) == []


def test_symlink_loop_says_it_leads_nowhere(ledger_dir):
    root = ledger_dir(with_files({}))
    (root / "invoices").mkdir()
    (root / "invoices" / "self.yaml").symlink_to(root / "invoices" / "self.yaml")
    d = run_load(root)
    assert [x.code for x in d] == ["E012"] and "itself" in d[0].message


def test_dangling_link_is_a_read_error(ledger_dir):
    root = ledger_dir(with_files({}))
    (root / "invoices").mkdir()
    (root / "invoices" / "gone.yaml").symlink_to(root / "invoices" / "missing.yaml")
    assert where(run_load(root), root) == [("E013", "invoices/gone.yaml", None, None)]
