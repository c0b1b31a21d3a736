"""collect's pre-commit hook (``.pre-commit-hooks.yaml`` at the repository root), run the
way pre-commit runs it: on the staged files matching ``files``, once, with no file names
(the check needs the whole ledger: its rules span files)."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from gitkit import commit, git, write

REPO = Path(__file__).resolve().parents[2]
MANIFEST = REPO / ".pre-commit-hooks.yaml"

# https://pre-commit.com/#creating-new-hooks: the keys a hook definition may have
REQUIRED = {"id", "name", "entry", "language"}
OPTIONAL = {"files", "exclude", "types", "types_or", "exclude_types", "always_run", "fail_fast", "verbose",
            "pass_filenames", "require_serial", "description", "language_version",
            "minimum_pre_commit_version", "args", "stages"}


def hook() -> dict:
    hooks = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    assert isinstance(hooks, list) and len(hooks) == 1
    return hooks[0]


def test_the_hook_definition_follows_pre_commits_schema():
    definition = hook()
    assert REQUIRED <= set(definition) <= REQUIRED | OPTIONAL
    assert definition["id"] == "collect-check"
    assert definition["language"] == "python"  # pre-commit installs this repository with pip
    assert definition["entry"] == "collect check"
    assert definition["pass_filenames"] is False
    assert definition["files"] == "^ledger/"


def test_pre_commit_accepts_the_manifest():
    from pre_commit import clientlib  # in the dev extras
    loaded = clientlib.load_manifest(str(MANIFEST))
    assert loaded[0]["id"] == "collect-check"


def run_hook(repo: Path) -> subprocess.CompletedProcess | None:
    """What pre-commit does on commit: the staged files, filtered by ``files``; if any is
    left, the entry once (no file names), from the repository's top folder."""
    definition = hook()
    staged = git(repo, "diff", "--cached", "--name-only", "-z").split("\0")
    if not [name for name in staged if name and re.search(definition["files"], name)]:
        return None  # "(no files to check) Skipped"
    argv = shlex.split(definition["entry"]) + definition.get("args", [])
    executable = shutil.which(argv[0])
    argv = [executable, *argv[1:]] if executable else [sys.executable, "-m", "collect", *argv[1:]]
    env = dict(os.environ, COLLECT_AS_OF="2026-11-22")  # the examples' date, on any clock
    return subprocess.run(argv, cwd=repo, capture_output=True, text=True, env=env)


@pytest.fixture
def books(tmp_path, cli):
    repo = tmp_path / "books"
    assert cli("init", str(repo)).exit_code == 0
    git(repo, "init", "-q", "-b", "main")
    commit(repo, "New ledger")
    return repo


def test_several_staged_ledger_files_one_run_over_the_whole_ledger(books):
    write(books, {
        "ledger/customers/northwind-traders.yaml":
            (books / "ledger/customers/northwind-traders.yaml").read_text(encoding="utf-8") + "colour: blue\n",
        # refers to an invoice in a file that is not part of this commit
        "ledger/payments/2026/2026-11.yaml":
            (books / "ledger/payments/2026/2026-11.yaml").read_text(encoding="utf-8")
            + "\n- {date: 2026-11-20, customer: mingda-machinery, amount: 1000.00, ref: X-1,"
              " allocations: [{invoice: EX26-0001, amount: 1000.00}]}\n",
        "README.md": "Our ledger.\n",
    })
    git(books, "add", "-A")

    failed = run_hook(books)

    assert failed is not None and failed.returncode == 1
    assert "ledger/customers/northwind-traders.yaml:" in failed.stdout
    assert "unknown field `colour`" in failed.stdout
    assert "1 error" in failed.stdout  # the allocation to an unchanged file's invoice is fine

    write(books, {"ledger/customers/northwind-traders.yaml":
                  (books / "ledger/customers/northwind-traders.yaml").read_text(encoding="utf-8")
                  .replace("colour: blue\n", "")})
    git(books, "add", "-A")
    passed = run_hook(books)
    assert passed.returncode == 0, passed.stdout
    assert passed.stdout.startswith("ok: 0 errors")


def test_a_commit_outside_the_ledger_does_not_run_it(books):
    write(books, {"README.md": "Our ledger.\n", ".gitlab-ci.yml": "# not used\n"})
    git(books, "add", "-A")
    assert run_hook(books) is None
