"""The ``collect`` process ends without freeing what it built (``collect.lifetime``): its
exit codes and its output must be exactly those of an ordinary exit."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

SAMPLE = Path(__file__).resolve().parents[1] / "ledger"


def collect(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "collect", *args], capture_output=True, text=True, cwd=cwd,
                          timeout=120)


def test_a_clean_check_exits_0_with_its_report():
    done = collect("--ledger", str(SAMPLE), "--as-of", "2026-11-22", "check")
    assert done.returncode == 0
    assert done.stdout.strip().endswith("ok: 0 errors, 0 warnings")


def test_a_ledger_with_errors_exits_1_with_every_message(tmp_path):
    ledger = tmp_path / "ledger"
    (ledger / "customers").mkdir(parents=True)
    (ledger / "company.yaml").write_text("name: Test Co\ncurrency: CNY\n", encoding="utf-8")
    (ledger / "customers" / "acme.yaml").write_text("id: acme\nname: Acme\ncolour: red\n", encoding="utf-8")
    done = collect("--ledger", str(ledger), "--as-of", "2026-11-22", "check")
    assert done.returncode == 1
    assert "customers/acme.yaml:3:1: error[E101]" in done.stdout
    assert "1 error" in done.stdout


def test_usage_errors_exit_2_with_their_message(tmp_path):
    done = collect("--ledger", str(tmp_path / "missing"), "check")
    assert done.returncode == 2
    assert "no ledger folder" in done.stderr


@pytest.mark.parametrize("args", [("--version",), ("--help",), ("schema", "invoices")])
def test_informational_commands_exit_0_with_all_their_output(args):
    done = collect(*args)
    assert done.returncode == 0 and done.stdout.strip()
    if args[0] == "schema":
        import json

        assert json.loads(done.stdout)["$schema"]  # the whole document was written out


def test_a_closed_pipe_ends_the_command_quietly():
    shell = subprocess.run(
        f"{sys.executable} -m collect --ledger {SAMPLE} --as-of 2026-11-22 status --format json | head -c 10",
        shell=True, capture_output=True, text=True, timeout=120)
    assert shell.stdout == '{\n  "as_of'[:10]
    assert "Traceback" not in shell.stderr


def test_a_build_writes_its_whole_site_before_the_process_ends(tmp_path):
    out = tmp_path / "out"
    done = collect("--ledger", str(SAMPLE), "--as-of", "2026-11-22", "build", "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert (out / "index.html").read_text(encoding="utf-8").rstrip().endswith("</html>")
    assert (out / ".collect-manifest.json").read_text(encoding="utf-8").endswith("}\n")


def test_a_long_running_process_keeps_only_the_last_few_objects(monkeypatch):
    # collect serve rebuilds on every change: what each rebuild loaded must not pile up
    import gc
    import weakref

    from collect import lifetime

    monkeypatch.setattr(lifetime, "_exiting_fast", True)
    monkeypatch.setattr(lifetime, "_kept", type(lifetime._kept)(maxlen=lifetime._kept.maxlen))

    class Ledger:
        pass

    first = Ledger()
    gone = weakref.ref(first)
    lifetime.outlive(first)
    del first
    for _ in range(10):
        lifetime.outlive(Ledger())
    gc.collect()
    assert gone() is None
    assert len(lifetime._kept) == lifetime._kept.maxlen
