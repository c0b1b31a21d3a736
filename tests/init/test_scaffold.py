"""``collect init DIR``: a new ledger repository that passes check and build at once,
and never overwrites anything."""

from __future__ import annotations

import glob
import json
import re
import tomllib
from pathlib import Path

from collect.init import TEMPLATE, template_files
from gitkit import commit, git

REPO = Path(__file__).resolve().parents[2]


def test_init_then_git_init_check_and_build(tmp_path, monkeypatch, cli):
    monkeypatch.chdir(tmp_path)
    result = cli("init", "books")
    assert result.exit_code == 0, result.output
    assert "Next:" in result.output and "cd books" in result.output and "git init" in result.output

    monkeypatch.chdir(tmp_path / "books")
    git(Path("."), "init", "-q", "-b", "main")
    checked = cli("check")  # as of today: the examples are valid on any date
    assert checked.exit_code == 0, checked.output
    checked = cli("--as-of", "2026-11-22", "check")
    assert checked.output.strip() == "ok: 0 errors, 0 warnings"

    commit(Path("."), "New receivables ledger")
    built = cli("--as-of", "2026-11-22", "build")
    assert built.exit_code == 0, built.output
    site = Path("output")
    assert (site / "index.html").is_file()
    for customer in ("mingda-machinery", "northwind-traders"):
        page = (site / "customers" / f"{customer}.html").read_text(encoding="utf-8")
        assert "Wang Jing · New receivables ledger" in page  # the change list from git
    # the build's lock file and output stay out of git
    assert git(Path("."), "status", "--porcelain") == ""


def test_the_example_ledger_shows_each_kind_of_record(tmp_path, cli):
    cli("init", str(tmp_path / "books"))
    ledger = tmp_path / "books" / "ledger"
    status = cli("--ledger", str(ledger), "--as-of", "2026-11-22", "status", "--format", "json")
    assert status.exit_code == 0, status.output
    data = json.loads(status.output)
    customers = {c["id"]: c for c in data["customers"]}
    assert set(customers) == {"mingda-machinery", "northwind-traders"}
    # 40,000 + 13 % VAT = 45,200, less the 20,000 received on 10-15
    assert customers["mingda-machinery"]["outstanding"] == "25200.00"
    assert customers["mingda-machinery"]["escalation"]["paused_by"] == "promise"
    # 8,600 less 3,000 received on 11-10; the reminder was sent on 11-03
    assert customers["northwind-traders"]["outstanding"] == "5600.00"
    assert customers["northwind-traders"]["escalation"]["reached"] == "reminder"
    assert data["worklist"], "the examples give the worklist something to show"


def test_init_refuses_a_non_empty_folder(tmp_path, cli):
    target = tmp_path / "books"
    target.mkdir()
    (target / "notes.txt").write_text("mine", encoding="utf-8")

    result = cli("init", str(target))

    assert result.exit_code == 2
    assert "is not empty (it holds notes.txt)" in result.output
    assert "never overwrites" in result.output
    assert [p.name for p in target.iterdir()] == ["notes.txt"]
    assert (target / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["books"]  # no staging folder left


def test_init_refuses_a_file(tmp_path, cli):
    target = tmp_path / "books"
    target.write_text("", encoding="utf-8")
    result = cli("init", str(target))
    assert result.exit_code == 2
    assert "is not a folder" in result.output


def test_an_empty_folder_or_a_fresh_clone_is_fine(tmp_path, cli):
    empty = tmp_path / "empty"
    empty.mkdir()
    assert cli("init", str(empty)).exit_code == 0
    assert (empty / "ledger" / "company.yaml").is_file()

    clone = tmp_path / "clone"
    clone.mkdir()
    git(clone, "init", "-q")
    result = cli("init", str(clone))
    assert result.exit_code == 0, result.output
    assert "git init" not in result.output  # it already is a repository
    assert (clone / ".github" / "workflows" / "collect.yml").is_file()


def test_missing_parent_folders_are_created(tmp_path, cli):
    target = tmp_path / "a" / "b" / "books"
    assert cli("init", str(target)).exit_code == 0
    assert (target / "ledger" / "policy.yaml").is_file()
    assert sorted(p.name for p in target.parent.iterdir()) == ["books"]


def test_every_file_is_written(tmp_path, cli):
    cli("init", str(tmp_path / "books"))
    written = sorted(p.relative_to(tmp_path / "books").as_posix()
                     for p in (tmp_path / "books").rglob("*") if p.is_file())
    assert written == sorted(template_files())
    for name in (".gitignore", ".pre-commit-config.yaml", ".gitlab-ci.yml", ".github/workflows/collect.yml",
                 ".vscode/settings.json", "README.md", ".schemas/customer.json", ".schemas/note.json",
                 "ledger/company.yaml", "ledger/policy.yaml"):
        assert name in written


def test_the_template_ships_in_the_wheel():
    """Every template file, dotfiles too, matches a package-data pattern of pyproject.toml
    (globbed the way setuptools does: ``*`` and ``**`` skip hidden names)."""
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["collect"]
    package = TEMPLATE.parent.parent
    shipped = set()
    for pattern in patterns:
        shipped.update(Path(p).as_posix() for p in glob.glob(pattern, root_dir=package, recursive=True)
                       if (package / p).is_file())
    files = {p.relative_to(package).as_posix() for p in TEMPLATE.rglob("*") if p.is_file()}
    assert files - shipped == set()


def test_the_chinese_example_customer_has_a_valid_credit_code():
    from collect.validate.uscc import uscc_problem

    text = (TEMPLATE / "ledger" / "customers" / "mingda-machinery.yaml").read_text(encoding="utf-8")
    code = re.search(r"^tax_id: (\S+)", text, re.MULTILINE).group(1)
    assert uscc_problem(code) is None
    company = (TEMPLATE / "ledger" / "company.yaml").read_text(encoding="utf-8")
    assert uscc_problem(re.search(r"^tax_id: (\S+)", company, re.MULTILINE).group(1)) is None


def test_the_team_readme_says_how_to_record_and_run():
    text = (TEMPLATE / "README.md").read_text(encoding="utf-8")
    for needle in ("**An invoice**", "**A payment**", "**A note**", "collect check", "collect build",
                   "What CI does"):
        assert needle in text
