"""``collect check``: exit codes, the three output formats, the environment, and that
checking never touches the ledger."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest

from checkkit import ACME, INVOICE, NOTE, with_files
from collect.diagnostics import Diagnostic, Severity, format_github

AS_OF = "2026-11-22"
BAD_DATE = {"invoices/a.yaml": INVOICE.replace("2026-02-04", "2026-02-30")}
FUTURE = {"invoices/a.yaml": INVOICE.replace("2026-01-05", "2027-01-05").replace("2026-02-04", "2027-02-04")}


@pytest.fixture
def here(tmp_path, monkeypatch):
    """Run from the folder holding the test ledgers, so paths print as a user types them."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def check(cli, root: Path, *args: str, env: dict | None = None):
    return cli("--ledger", str(root), "--as-of", AS_OF, "check", *args, env=env)


# ---------------------------------------------------------------- exit codes


def test_clean_ledger_exits_0(cli, ledger_dir):
    result = check(cli, ledger_dir(with_files({"invoices/a.yaml": INVOICE, "notes/n.md": NOTE})))
    assert result.exit_code == 0
    assert result.output.strip() == "ok: 0 errors, 0 warnings"


def test_errors_exit_1(cli, ledger_dir):
    assert check(cli, ledger_dir(with_files(BAD_DATE))).exit_code == 1


def test_warnings_exit_0(cli, ledger_dir):
    result = check(cli, ledger_dir(with_files(FUTURE)))
    assert result.exit_code == 0
    assert "ok: 0 errors, 1 warning" in result.output


def test_warnings_exit_1_with_strict(cli, ledger_dir):
    assert check(cli, ledger_dir(with_files(FUTURE)), "--strict").exit_code == 1


def test_empty_file_is_a_warning_that_fails_only_with_strict(cli, ledger_dir):
    root = ledger_dir(with_files({"invoices/a.yaml": ""}))
    assert check(cli, root).exit_code == 0
    assert check(cli, root, "--strict").exit_code == 1


@pytest.mark.parametrize("args", [
    ["check", "--colour"],
    ["check", "--format", "xml"],
    ["--as-of", "2026/11/22", "check"],
    ["--as-of", "2026-02-30", "check"],
    ["--ledger", "no/such/folder", "check"],
    ["frobnicate"],
])
def test_usage_errors_exit_2(cli, ledger_dir, args):
    root = ledger_dir(with_files({}))
    if args[0] != "--ledger":
        args = ["--ledger", str(root), *args]
    result = cli(*args)
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_bad_as_of_says_how_to_write_it(cli, ledger_dir):
    result = cli("--ledger", str(ledger_dir({})), "--as-of", "22.11.2026", "check")
    assert result.exit_code == 2 and "YYYY-MM-DD" in result.output


def test_missing_ledger_folder_says_so(cli, tmp_path):
    result = cli("--ledger", str(tmp_path / "nothing"), "check")
    assert result.exit_code == 2 and "no ledger folder" in result.output


def test_ledger_and_as_of_after_the_command_name(cli, ledger_dir):
    root = ledger_dir(with_files(FUTURE))
    result = cli("check", "--ledger", str(root), "--as-of", "2027-06-01")
    assert result.exit_code == 0 and "0 warnings" in result.output


def test_as_of_from_the_environment(cli, ledger_dir):
    root = ledger_dir(with_files(FUTURE))
    assert "1 warning" in cli("--ledger", str(root), "check", env={"COLLECT_AS_OF": "2026-11-22"}).output
    assert "0 warnings" in cli("--ledger", str(root), "check", env={"COLLECT_AS_OF": "2027-06-01"}).output


def test_as_of_option_beats_the_environment(cli, ledger_dir):
    root = ledger_dir(with_files(FUTURE))
    result = cli("--ledger", str(root), "--as-of", "2027-06-01", "check", env={"COLLECT_AS_OF": "2026-11-22"})
    assert "0 warnings" in result.output


def test_bad_as_of_in_the_environment_is_a_usage_error(cli, ledger_dir):
    result = cli("--ledger", str(ledger_dir({})), "check", env={"COLLECT_AS_OF": "tomorrow"})
    assert result.exit_code == 2


def test_version_names_the_yaml_loader(cli):
    result = cli("--version")
    assert result.exit_code == 0
    assert "libyaml" in result.output and "collect" in result.output


# ---------------------------------------------------------------- text report


def test_text_report_layout(cli, ledger_dir, here):
    root = ledger_dir(with_files(BAD_DATE))
    result = cli("--ledger", root.name, "--as-of", AS_OF, "check")
    assert result.output == (
        f"{root.name}/invoices/a.yaml:4:6: error[E103]: due: `2026-02-30` is not a real date\n"
        "  |\n"
        "4 | due: 2026-02-30\n"
        "  |      ^\n"
        "  = hint: 2026-02 has 28 days\n"
        "\n"
        "1 error, 0 warnings\n"
    )


def test_text_report_caret_under_a_value_after_chinese_text(cli, ledger_dir, here):
    text = INVOICE.replace("amount: 100\n", "lines:\n  - {description: 伺服电机, quantity: -2, unit_price: 1}\n")
    root = ledger_dir(with_files({"invoices/a.yaml": text}))
    result = cli("--ledger", root.name, "--as-of", AS_OF, "check")
    lines = result.output.splitlines()
    assert lines[0] == (f"{root.name}/invoices/a.yaml:6:35: error[E105]: "
                        "lines[1].quantity: a quantity must not be negative (`-2`)")
    assert lines[2] == "6 |   - {description: 伺服电机, quantity: -2, unit_price: 1}"
    # the four Chinese characters take two cells each: the caret sits under the `-`
    assert lines[3] == "  | " + " " * (34 + 4) + "^"
    assert lines[4].startswith("  = hint: ")


def test_text_report_gutter_widens_for_long_files(cli, ledger_dir, here):
    text = "".join(f"# line {i}\n" for i in range(1, 100)) + INVOICE.replace("amount: 100", "amount: abc")
    root = ledger_dir(with_files({"invoices/a.yaml": text}))
    lines = cli("--ledger", root.name, "--as-of", AS_OF, "check").output.splitlines()
    assert lines[0].startswith(f"{root.name}/invoices/a.yaml:104:9: error[E104]:")
    assert lines[1:4] == ["    |", "104 | amount: abc", "    |         ^"]


def test_text_report_of_a_file_level_problem_has_no_excerpt(cli, ledger_dir, here):
    root = ledger_dir(with_files({"invoices/scan.pdf": b"%PDF-1.4"}))
    result = cli("--ledger", root.name, "--as-of", AS_OF, "check")
    assert result.output == (
        f"{root.name}/invoices/scan.pdf: warning[W002]: this file is not read: "
        "files in invoices/ must end in .yaml or .yml\n"
        "  = hint: rename it to end in .yaml or move it out of the ledger\n"
        "\n"
        "ok: 0 errors, 1 warning\n"
    )


def test_text_report_of_a_tab(cli, ledger_dir, here):
    root = ledger_dir(with_files({"customers/acme.yaml": "id: acme\nname: Acme\ncontacts:\n  \t- name: Li\n"}))
    lines = cli("--ledger", root.name, "--as-of", AS_OF, "check").output.splitlines()
    assert lines[0] == (f"{root.name}/customers/acme.yaml:4:3: error[E003]: "
                        "a tab is used for indentation; YAML allows only spaces")
    assert lines[2:4] == ["4 |    - name: Li", "  |   ^"]


def test_diagnostics_sorted_by_file_then_line(cli, ledger_dir, here):
    files = {
        "invoices/b.yaml": INVOICE.replace("A-1", "B-1").replace("amount: 100", "amount: abc"),
        "invoices/a.yaml": INVOICE.replace("2026-02-04", "2026-02-30").replace("amount: 100", "amount: -1"),
        "customers/acme.yaml": ACME + "colour: red\n",
        "notes/n.md": NOTE.replace("channel: phone", "channel: fax"),
    }
    root = ledger_dir(with_files(files))
    output = cli("--ledger", root.name, "--as-of", AS_OF, "check", "--format", "json").output
    places = [(d["path"], d["line"]) for d in json.loads(output)["diagnostics"]]
    assert places == sorted(places)
    assert [p for p, _ in places] == [f"{root.name}/{name}" for name in
                                      ["customers/acme.yaml", "invoices/a.yaml", "invoices/a.yaml",
                                       "invoices/b.yaml", "notes/n.md"]]
    text = cli("--ledger", root.name, "--as-of", AS_OF, "check").output
    heads = [re.match(r"(\S+):(\d+):\d+: ", line) for line in text.splitlines()]
    assert [(m[1], int(m[2])) for m in heads if m] == places


# ---------------------------------------------------------------- JSON


def test_json_report(cli, ledger_dir):
    root = ledger_dir(with_files({**BAD_DATE, **{"invoices/f.yaml": FUTURE["invoices/a.yaml"].replace("A-1", "F-1")}}))
    result = check(cli, root, "--format", "json")
    assert result.exit_code == 1
    payload = json.loads(result.output)  # nothing but the JSON on stdout
    assert payload["errors"] == 1 and payload["warnings"] == 1
    assert len(payload["diagnostics"]) == 2
    for d in payload["diagnostics"]:
        assert set(d) == {"code", "severity", "path", "line", "col", "message", "hint"}
        assert re.fullmatch(r"[EW]\d{3}", d["code"])
        assert d["severity"] in ("error", "warning")
        assert isinstance(d["line"], int) and isinstance(d["col"], int)
        assert d["message"] and d["hint"]
    assert [d["severity"] for d in payload["diagnostics"]] == ["error", "warning"]


def test_json_report_of_a_clean_ledger(cli, ledger_dir):
    result = check(cli, ledger_dir(with_files({})), "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.output) == {"errors": 0, "warnings": 0, "diagnostics": []}


def test_json_keeps_chinese_readable(cli, ledger_dir):
    root = ledger_dir(with_files({"invoices/a.yaml": INVOICE.replace("customer: acme", "customer: 客户")}))
    assert "客户" in check(cli, root, "--format", "json").output


def test_json_is_not_mixed_with_annotations_on_github(cli, ledger_dir):
    result = check(cli, ledger_dir(with_files(BAD_DATE)), "--format", "json", env={"GITHUB_ACTIONS": "true"})
    assert json.loads(result.output)["errors"] == 1


# ---------------------------------------------------------------- GitHub annotations


def test_github_annotations(cli, ledger_dir, here):
    root = ledger_dir(with_files({**BAD_DATE, "invoices/f.yaml": FUTURE["invoices/a.yaml"].replace("A-1", "F-1")}))
    result = cli("--ledger", root.name, "--as-of", AS_OF, "check", "--format", "github")
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"::error file={root.name}/invoices/a.yaml,line=4,col=6,title=E103 error::"
        "due: `2026-02-30` is not a real date Hint: 2026-02 has 28 days",
        f"::warning file={root.name}/invoices/f.yaml,line=3,col=9,title=W103 warning::"
        "invoice F-1 is issued after the as-of date 2026-11-22; it is not counted yet "
        "Hint: check the date, or run with a later --as-of",
    ]


def test_github_escapes_as_the_runner_expects():
    # actions/toolkit command.ts: data escapes % CR LF; properties also : and ,
    d = Diagnostic("E002", Severity.ERROR, "in,v:1%.yaml", 3, 4, "50% done,\r\nnext: line", "a:b, c")
    assert format_github([d]) == (
        "::error file=in%2Cv%3A1%25.yaml,line=3,col=4,title=E002 error::"
        "50%25 done,%0D%0Anext: line Hint: a:b, c"
    )


def test_github_file_level_annotation_has_no_line():
    d = Diagnostic("W002", Severity.WARNING, "ledger/invoices/x.txt", None, None, "not read", "rename it")
    assert format_github([d]) == "::warning file=ledger/invoices/x.txt,title=W002 warning::not read Hint: rename it"


def test_github_annotation_of_a_file_with_a_comma_in_its_name(cli, ledger_dir, here):
    root = ledger_dir(with_files({"invoices/march, 2026: 50%.yaml": INVOICE.replace("amount: 100", "amount: x")}))
    out = cli("--ledger", root.name, "--as-of", AS_OF, "check", "--format", "github").output
    assert out.startswith(f"::error file={root.name}/invoices/march%2C 2026%3A 50%25.yaml,line=5,col=9,")


def test_on_github_actions_text_format_prints_annotations_and_report(cli, ledger_dir, here):
    root = ledger_dir(with_files(BAD_DATE))
    result = cli("--ledger", root.name, "--as-of", AS_OF, "check", env={"GITHUB_ACTIONS": "true"})
    lines = result.output.splitlines()
    assert lines[0].startswith(f"::error file={root.name}/invoices/a.yaml,line=4,col=6,")
    assert f"{root.name}/invoices/a.yaml:4:6: error[E103]: due: `2026-02-30` is not a real date" in lines
    assert lines[-1] == "1 error, 0 warnings"


def test_github_format_of_a_clean_ledger_prints_nothing(cli, ledger_dir):
    result = check(cli, ledger_dir(with_files({})), "--format", "github")
    assert result.exit_code == 0 and result.output == ""


# ---------------------------------------------------------------- read only


def _hashes(root: Path) -> dict:
    return {p.relative_to(root).as_posix(): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
            for p in sorted(root.rglob("*")) if p.is_file()}


BROKEN = {
    "customers/acme.yaml": ACME + "colour: red\nname: twice\n",
    "customers/gbk.yaml": "name: 名称\n".encode("gbk"),
    "customers/tab.yaml": "id: tab\n\tname: x\n",
    "customers/bom.yaml": b"\xef\xbb\xbf" + ACME.replace("acme", "bom").encode(),
    "invoices/a.yaml": INVOICE.replace("2026-02-04", "2026/02/04"),
    "invoices/crlf.yaml": INVOICE.replace("A-1", "C-1").replace("\n", "\r\n"),
    "invoices/empty.yaml": "",
    "invoices/deep.yaml": "[" * 10_000,
    "invoices/notes.txt": "x",
    "payments/p.yaml": "- date: 2026-02-30\n  customer: nobody\n",
    "notes/n.md": "no front matter",
}


@pytest.mark.parametrize("files", [{}, BROKEN], ids=["clean", "full-of-errors"])
@pytest.mark.parametrize("fmt", ["text", "json", "github"])
def test_check_modifies_no_file(cli, ledger_dir, files, fmt):
    root = ledger_dir(with_files({**files}) if files else with_files({"invoices/a.yaml": INVOICE, "notes/n.md": NOTE}))
    before = _hashes(root)
    result = check(cli, root, "--format", fmt, "--strict")
    assert result.exit_code == (1 if files else 0)
    assert _hashes(root) == before
    assert {p for p in root.rglob("*") if not p.is_dir()} == {root / name for name in before}


def test_cache_and_jobs_options_are_scoped_to_the_command(cli, tmp_path):
    import os

    before = {k: os.environ.get(k) for k in ("COLLECT_CACHE", "COLLECT_JOBS", "COLLECT_CACHE_DIR")}
    root = tmp_path / "ledger"
    root.mkdir()
    (root / "company.yaml").write_text("name: X\ncurrency: CNY\n", encoding="utf-8")
    result = cli("--no-cache", "--jobs", "1", "--cache-dir", str(tmp_path / "c"), "--ledger", str(root),
                 "--as-of", "2026-11-22", "check")
    assert result.exit_code == 0
    assert not (tmp_path / "c").exists()  # --no-cache wins: nothing written
    assert {k: os.environ.get(k) for k in before} == before
