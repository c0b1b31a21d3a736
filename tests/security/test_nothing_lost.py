"""Nothing lost: every write is whole or not at all, and reading never writes.

Each command that writes is interrupted at its most awkward moment (a renderer raising
half-way, the final rename failing, Ctrl-C between two files): the previous state must
be untouched and no temporary file or folder left behind. Two builds at once must not
mix. And the commands that only read (check, status, build, letters, export) must not
change one byte, name or mode in the ledger, clean or damaged.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import jinja2
import pytest
from click.testing import CliRunner

from seckit import AS_OF, READERS, VALID, fingerprint, run, write_ledger
from sitekit import SAMPLE_LEDGER, tree_hashes

from collect.cli import main


class Interrupted(KeyboardInterrupt):
    """What the patched step raises: Ctrl-C, the hardest interruption to clean up after."""


def assert_interrupted(result) -> None:
    """click turns Ctrl-C into "Aborted!" and exit 1."""
    assert result.exit_code == 1 and "Aborted!" in result.output, result.output


def assert_fails(failure: BaseException, command) -> None:
    """``command()`` stops with ``failure``: an OSError goes up, Ctrl-C is "Aborted!"."""
    if isinstance(failure, KeyboardInterrupt):
        assert_interrupted(command())
    else:
        with pytest.raises(type(failure)):
            command()


def collect(*args: str, ledger: Path, env: dict | None = None):
    return CliRunner().invoke(main, ["--ledger", str(ledger), "--as-of", AS_OF, *args],
                              env={"USER": "tester", **(env or {})}, catch_exceptions=False)


def interrupt_rendering_after(monkeypatch, calls: int) -> None:
    """Every Jinja template render after the first ``calls`` raises Interrupted."""
    original = jinja2.Template.render
    count = {"n": 0}

    def render(self, *args, **kwargs):
        count["n"] += 1
        if count["n"] > calls:
            raise Interrupted()
        return original(self, *args, **kwargs)

    monkeypatch.setattr(jinja2.Template, "render", render)


def beside(folder: Path) -> list[str]:
    """What sits in a folder apart from lock files (which are meant to stay)."""
    return sorted(p.name for p in folder.iterdir() if not p.name.endswith(".lock"))


@pytest.fixture
def ledger(tmp_path):
    return write_ledger(tmp_path / "ledger", VALID)


# ------------------------------------------------------------------ build


@pytest.mark.parametrize("calls", [0, 3, 8])
def test_an_interrupted_build_leaves_the_previous_site(ledger, tmp_path, monkeypatch, calls):
    work = tmp_path / "work"
    out = work / "site"
    assert collect("build", "--out", str(out), ledger=ledger).exit_code == 0
    before = tree_hashes(out)
    (ledger / "invoices" / "hartley.yaml").write_text(VALID["invoices/hartley.yaml"].replace("5000", "6000"))
    interrupt_rendering_after(monkeypatch, calls)
    assert_interrupted(collect("build", "--out", str(out), ledger=ledger))
    assert tree_hashes(out) == before
    assert beside(work) == ["site"]


def test_a_build_whose_final_rename_fails_leaves_the_previous_site(ledger, tmp_path, monkeypatch):
    work = tmp_path / "work"
    out = work / "site"
    assert collect("build", "--out", str(out), ledger=ledger).exit_code == 0
    before = tree_hashes(out)
    original = Path.rename

    def rename(self, target):
        if Path(target).name == "site" and Path(self).name.startswith(".site.new-"):
            raise OSError(28, "No space left on device")
        return original(self, target)

    monkeypatch.setattr(Path, "rename", rename)
    with pytest.raises(OSError):
        collect("build", "--out", str(out), ledger=ledger)
    assert tree_hashes(out) == before
    assert beside(work) == ["site"]


def test_a_changed_file_in_the_previous_output_does_not_survive_the_next_build(ledger, tmp_path):
    """Builds are a function of the ledger: whatever was done to output/ in between (an
    edited page, a planted script) is gone after the next build."""
    out = tmp_path / "site"
    assert collect("build", "--out", str(out), ledger=ledger).exit_code == 0
    fresh = tree_hashes(out)
    page = out / "customers" / "hartley.html"
    page.write_text(page.read_text(encoding="utf-8").replace("</body>", "<script>planted()</script></body>"))
    (out / "assets" / "app.js").write_text("planted()")
    (out / "planted.html").write_text("<script>planted()</script>")
    assert collect("build", "--out", str(out), ledger=ledger).exit_code == 0
    assert tree_hashes(out) == fresh


BUILD_TWICE = """
import subprocess, sys
args = sys.argv[1:]
first = subprocess.Popen([sys.executable, "-m", "collect", *args])
second = subprocess.Popen([sys.executable, "-m", "collect", *args])
sys.exit(first.wait() * 10 + second.wait())
"""


def test_two_builds_at_once_give_the_site_of_one(tmp_path):
    ledger = tmp_path / "ledger"
    shutil.copytree(SAMPLE_LEDGER, ledger)
    out = tmp_path / "work" / "site"
    single = tmp_path / "single"
    assert collect("build", "--out", str(single), ledger=ledger).exit_code == 0
    done = subprocess.run([sys.executable, "-c", BUILD_TWICE, "--ledger", str(ledger), "--as-of", AS_OF, "build",
                           "--out", str(out)], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "COLLECT_CACHE": "0"})
    assert done.returncode == 0, done.stderr
    assert tree_hashes(out) == tree_hashes(single)
    assert beside(out.parent) == ["site"]


# ------------------------------------------------------------------ letters


def test_interrupted_letters_leave_the_previous_drafts(ledger, tmp_path, monkeypatch):
    out = tmp_path / "out"
    assert collect("letters", "--out", str(out), "--type", "statement", ledger=ledger).exit_code == 0
    before = tree_hashes(out / "letters")
    assert len(before) >= 7  # css and three files for each of two customers
    interrupt_rendering_after(monkeypatch, 2)
    assert_interrupted(collect("letters", "--out", str(out), "--type", "demand", ledger=ledger))
    assert tree_hashes(out / "letters") == before
    assert beside(out) == ["letters"]


# ------------------------------------------------------------------ export --out


@pytest.mark.parametrize("fmt", ["csv", "json", "beancount"])
def test_an_export_whose_rename_fails_leaves_the_previous_file(ledger, tmp_path, monkeypatch, fmt):
    target = tmp_path / "exports" / f"ledger.{fmt}"
    target.parent.mkdir()
    target.write_text("the previous export\n")
    monkeypatch.setattr(os, "replace", lambda *a, **k: (_ for _ in ()).throw(OSError(28, "No space left")))
    with pytest.raises(OSError):
        collect("export", "--format", fmt, "--out", str(target), ledger=ledger)
    assert target.read_text() == "the previous export\n"
    assert beside(target.parent) == [target.name]


def test_export_never_writes_into_the_ledger(ledger):
    result = collect("export", "--format", "csv", "--out", str(ledger / "invoices" / "x.csv"), ledger=ledger)
    assert result.exit_code == 2 and "inside the ledger" in result.output
    assert not (ledger / "invoices" / "x.csv").exists()


# ------------------------------------------------------------------ import

CSV = "number,customer,issued,due,amount\nN-1,newco,2026-10-01,2026-10-31,100.00\nN-2,hartley,2026-10-02,2026-11-01,200.00\n"


@pytest.mark.parametrize("failure", [OSError(28, "No space left on device"), Interrupted()])
def test_an_interrupted_import_writes_no_file_at_all(ledger, tmp_path, monkeypatch, failure):
    """An import with a new customer writes two files: if the second cannot be put in
    place, the first is taken back (a half import would leave invoices without their
    customer, or a customer without the invoices the CSV gave)."""
    from collect.interop import csv_import

    csv = tmp_path / "bank.csv"
    csv.write_text(CSV, encoding="utf-8")
    before = fingerprint(ledger)
    original = os.rename
    count = {"n": 0}

    def rename(src, dst):
        count["n"] += 1
        if count["n"] == 2:
            raise failure
        return original(src, dst)

    monkeypatch.setattr(csv_import.os, "rename", rename)
    assert_fails(failure, lambda: collect("import", "invoices", str(csv), "--create-customers", ledger=ledger))
    assert count["n"] == 2
    assert fingerprint(ledger) == before


def test_an_import_writes_all_its_files(ledger, tmp_path):
    csv = tmp_path / "bank.csv"
    csv.write_text(CSV, encoding="utf-8")
    result = collect("import", "invoices", str(csv), "--create-customers", ledger=ledger)
    assert result.exit_code == 0, result.output
    assert (ledger / "customers" / "newco.yaml").is_file()
    assert len(list((ledger / "invoices" / "imported").glob("*.yaml"))) == 1
    assert not [p for p in ledger.rglob(".*") if p.is_file()]  # no temporary file left


# ------------------------------------------------------------------ note


@pytest.mark.parametrize("failure", [OSError(5, "Input/output error"), Interrupted()])
def test_an_interrupted_note_leaves_no_file_and_no_folder(ledger, monkeypatch, failure):
    from collect.render.letters import casenote

    before = fingerprint(ledger)
    monkeypatch.setattr(casenote.os, "link", lambda *a, **k: (_ for _ in ()).throw(failure))
    # notes/hartley/ exists
    assert_fails(failure, lambda: collect("note", "hartley", "--channel", "phone", ledger=ledger))
    assert fingerprint(ledger) == before
    (ledger / "customers" / "newco.yaml").write_text("id: newco\nname: New Co\ncontacts: [{name: P}]\n")
    before = fingerprint(ledger)
    # notes/newco/ does not
    assert_fails(failure, lambda: collect("note", "newco", "--channel", "phone", ledger=ledger))
    assert fingerprint(ledger) == before


def test_a_note_never_replaces_a_note(ledger):
    first = collect("note", "hartley", "--channel", "phone", ledger=ledger)
    second = collect("note", "hartley", "--channel", "phone", ledger=ledger)
    assert first.exit_code == second.exit_code == 0
    names = sorted(p.name for p in (ledger / "notes" / "hartley").iterdir())
    assert names == ["2026-11-02.md", f"{AS_OF}-phone-2.md", f"{AS_OF}-phone.md"]


# ------------------------------------------------------------------ init


def test_an_interrupted_init_into_an_empty_folder_leaves_it_empty(tmp_path, monkeypatch):
    target = tmp_path / "books"
    (target / ".git").mkdir(parents=True)
    original = Path.rename
    count = {"n": 0}

    def rename(self, destination):
        if Path(destination).parent == target:
            count["n"] += 1
            if count["n"] == 3:
                raise Interrupted()
        return original(self, destination)

    monkeypatch.setattr(Path, "rename", rename)
    assert_interrupted(CliRunner().invoke(main, ["init", str(target)], catch_exceptions=False))
    assert count["n"] == 3
    assert sorted(p.name for p in target.iterdir()) == [".git"]


def test_an_interrupted_init_of_a_new_folder_leaves_nothing(tmp_path, monkeypatch):
    from collect import init

    original = init.write_text
    count = {"n": 0}

    def write_text(path, text):
        count["n"] += 1
        if count["n"] == 5:
            raise Interrupted()
        return original(path, text)

    monkeypatch.setattr(init, "write_text", write_text)
    assert_interrupted(CliRunner().invoke(main, ["init", str(tmp_path / "books")], catch_exceptions=False))
    assert beside(tmp_path) == []


# ------------------------------------------------------------------ reading never writes


def damaged_ledger(root: Path) -> Path:
    ledger = write_ledger(root, {**VALID, "invoices/hartley.yaml": b"- {number: HD/1, customer: hartley, \xff\n",
                                 "customers/broken.yaml": "id: broken\nname: [unclosed\n"})
    (ledger / "invoices" / "link-out.yaml").symlink_to(root.parent / "nowhere.yaml")
    os.chmod(ledger / "company.yaml", 0o640)
    return ledger


@pytest.mark.parametrize("which", ["sample", "damaged"])
def test_reading_commands_never_change_the_ledger(tmp_path, which):
    if which == "sample":
        ledger = tmp_path / "ledger"
        shutil.copytree(SAMPLE_LEDGER, ledger, symlinks=True)
    else:
        ledger = damaged_ledger(tmp_path / "ledger")
    before = fingerprint(ledger)
    listing = sorted(os.listdir(ledger))
    for command in sorted(READERS):
        result = run(ledger, tmp_path / "out" / command, command)
        assert result.exit_code == (0 if which == "sample" else 1), (command, result.output)
        assert fingerprint(ledger) == before, command
    assert sorted(os.listdir(ledger)) == listing
    # and nothing was written beside the ledger either (outputs went to --out)
    assert set(beside(tmp_path)) <= {"ledger", "out"}
