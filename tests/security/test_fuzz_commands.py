"""Property: whatever is in the ledger, every command that reads it answers.

``tests/load/test_damaged_files.py`` damages files and runs the loader and ``check``;
here the same kinds of damage (and odd but well-formed values, and arbitrary bytes) go
through every other reading command: ``status`` (table and JSON), ``build`` (plain and
redacted), ``letters`` and ``export`` (CSV, JSON, Beancount). Each must exit 0 or 1,
never with a traceback, and on exit 1 name each error with its file, line and column on
standard error. The commands run in-process (an exception fails the test); a few fixed
hostile ledgers also run as real processes with a time limit.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from seckit import (
    NAMES, OTHER_READERS, VALID, argv, assert_answered, damaged, damaged_file, odd_file, run, write_ledger,
)

FUZZ = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# How many inputs each property tries per run (the README quotes the sum).
DAMAGED_EXAMPLES = 120
ODD_EXAMPLES = 80
BYTES_EXAMPLES = 40


@settings(max_examples=DAMAGED_EXAMPLES, **FUZZ)
@given(damaged_file(), st.sampled_from(OTHER_READERS))
def test_a_damaged_file_through_every_reading_command(case, command):
    name, data = case
    with tempfile.TemporaryDirectory() as tmp:
        ledger = damaged(Path(tmp) / "ledger", name, data)
        assert_answered(run(ledger, Path(tmp) / "out", command), command)


@settings(max_examples=ODD_EXAMPLES, **FUZZ)
@given(odd_file(), st.sampled_from(OTHER_READERS))
def test_odd_values_through_every_reading_command(case, command):
    """Values that often pass validation (extreme dates and amounts, 100% rates, text with
    line breaks and markup), so that the engine and the renderers meet them too."""
    name, data = case
    with tempfile.TemporaryDirectory() as tmp:
        ledger = damaged(Path(tmp) / "ledger", name, data)
        assert_answered(run(ledger, Path(tmp) / "out", command), command)


@settings(max_examples=BYTES_EXAMPLES, **FUZZ)
@given(st.binary(max_size=400), st.sampled_from(NAMES), st.sampled_from(OTHER_READERS))
def test_arbitrary_bytes_through_every_reading_command(data, name, command):
    with tempfile.TemporaryDirectory() as tmp:
        ledger = damaged(Path(tmp) / "ledger", name, data)
        assert_answered(run(ledger, Path(tmp) / "out", command), command)


# ------------------------------------------------------------------ fixed hostile files

ACME = "customers/acme.yaml"
INVOICES = "invoices/2026/acme.yaml"
NOTE = "notes/acme/2026-11-13.md"

HOSTILE: dict[str, dict[str, bytes]] = {
    "python-object-tag": {ACME: VALID[ACME].replace("name: 江南机械", "name: !!python/object/apply:os.system "
                                                     "['touch /tmp/collect-pwned']").encode()},
    "python-name-tag": {INVOICES: b"- !!python/name:os.system\n"},
    "binary-tag": {ACME: VALID[ACME].replace("name: 江南机械", "name: !!binary 5rGf5Y2X").encode()},
    "nul-byte": {ACME: VALID[ACME].encode() + b"address: a\x00b\n"},
    "invalid-utf8": {ACME: VALID[ACME].encode() + b"address: \xff\xfe\xc3\n"},
    "gbk": {ACME: VALID[ACME].encode("gbk")},
    "utf16": {"company.yaml": VALID["company.yaml"].encode("utf-16")},
    "over-5-mib": {INVOICES: VALID[INVOICES].encode() + b"# " + b"x" * (5 * 1024 * 1024) + b"\n"},
    "huge-scalar": {ACME: VALID[ACME].encode() + b"address: " + b"x" * 300_000 + b"\n"},
    "100000-brackets": {INVOICES: b"[" * 100_000},
    "100000-braces": {ACME: b"{a: " * 100_000},
    "deep-indentation": {ACME: "".join(" " * i + "a:\n" for i in range(3000)).encode()},
    "many-aliases": {INVOICES: b"- &a {number: X-1, customer: acme, issued: 2026-01-01, amount: 1}\n"
                     + b"- *a\n" * 2_000},
    "merge-keys": {ACME: VALID[ACME].encode() + b"hold:\n  <<: {reason: x}\n"},
    "control-characters": {ACME: VALID[ACME].encode() + b"address: \x1b[31mred\x07\n"},
    "front-matter-only-dashes": {NOTE: b"---\n---\n---\n"},
    "note-without-front-matter": {NOTE: b"# Just a heading\n"},
    "note-markdown-bomb": {NOTE: VALID[NOTE].encode() + b"[" * 50_000 + b"\n" + b"- " * 3000 + b"x\n"},
    "empty-company": {"company.yaml": b""},
    "company-is-a-list": {"company.yaml": b"- name: x\n"},
    "every-file-empty": {name: b"" for name in NAMES},
}


@pytest.mark.parametrize("command", OTHER_READERS)
@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_file_through_every_reading_command(case, command, tmp_path, monkeypatch):
    monkeypatch.setenv("COLLECT_CACHE", "0")
    ledger = write_ledger(tmp_path / "ledger", {**VALID, **HOSTILE[case]})
    result = run(ledger, tmp_path / "out", command)
    assert_answered(result, command)
    assert not Path("/tmp/collect-pwned").exists()


def _special_files(root: Path, elsewhere: Path) -> None:
    """Links out of the ledger, a link loop, a link to nothing, a folder where a file belongs."""
    elsewhere.mkdir(exist_ok=True)
    (elsewhere / "a.yaml").write_text("number: OUT-1\ncustomer: acme\nissued: 2026-01-01\namount: 1\n")
    (elsewhere / "n.md").write_text("---\ndate: 2026-01-01\ncustomer: acme\nchannel: phone\n---\nsecret\n")
    (root / "invoices" / "out.yaml").symlink_to(elsewhere / "a.yaml")
    (root / "notes" / "elsewhere").symlink_to(elsewhere, target_is_directory=True)
    (root / "payments" / "loop-a").symlink_to(root / "payments" / "loop-b")
    (root / "payments" / "loop-b").symlink_to(root / "payments" / "loop-a")
    (root / "notes" / "acme" / "up").symlink_to(root, target_is_directory=True)  # inside, but a cycle
    (root / "invoices" / "gone.yaml").symlink_to(root / "invoices" / "missing.yaml")
    (root / "invoices" / "folder.yaml").mkdir()


@pytest.mark.parametrize("command", OTHER_READERS)
def test_links_out_of_the_ledger_loops_and_odd_files_through_every_command(command, tmp_path):
    ledger = write_ledger(tmp_path / "ledger", VALID)
    _special_files(ledger, tmp_path / "elsewhere")
    result = run(ledger, tmp_path / "out", command)
    assert_answered(result, command)
    assert result.exit_code == 1  # the links out are errors
    for link in ("invoices/out.yaml", "notes/elsewhere", "payments/loop-a", "payments/loop-b"):
        assert f"{link}: error[E012]" in result.stderr, (link, result.stderr)
    assert "OUT-1" not in result.output and "secret" not in result.output


# ------------------------------------------------------------------ real processes, bounded


def _collect(args: list[str], timeout: float = 60, env: dict | None = None) -> subprocess.CompletedProcess:
    environment = {**os.environ, "COLLECT_CACHE": "0", **(env or {})}
    return subprocess.run([sys.executable, "-m", "collect", *args], capture_output=True, text=True,
                          timeout=timeout, env=environment, stdin=subprocess.DEVNULL)


def _all_hostile_at_once(root: Path) -> Path:
    files = dict(VALID)
    for case, extra in sorted(HOSTILE.items()):
        if case in ("empty-company", "company-is-a-list", "utf16", "every-file-empty"):
            continue
        for name, data in extra.items():  # each hostile file under a name of its own
            stem, dot, suffix = name.rpartition(".")
            files[f"{stem}-{case}{dot}{suffix}"] = data
    return write_ledger(root, files)


@pytest.mark.parametrize("command", ["check", "build", "export-beancount"])
def test_every_hostile_file_at_once_in_a_real_process(command, tmp_path):
    ledger = _all_hostile_at_once(tmp_path / "ledger")
    result = _collect(argv(ledger, tmp_path / "out", command))
    assert result.returncode == 1, (result.returncode, result.stderr[-2000:])
    assert "Traceback" not in result.stderr + result.stdout
    report = result.stdout if command == "check" else result.stderr
    for case in ("100000-brackets", "over-5-mib", "many-aliases", "python-name-tag"):
        assert f"acme-{case}.yaml:" in report, case


def test_a_fifo_in_the_ledger_does_not_hang_a_command(tmp_path):
    """A named pipe called ``*.yaml`` (git cannot commit one, a local user can make one)
    must be reported, not read: reading it waits for a writer for ever."""
    ledger = write_ledger(tmp_path / "ledger", VALID)
    os.mkfifo(ledger / "invoices" / "pipe.yaml")
    try:
        result = _collect(argv(ledger, tmp_path / "out", "check"), timeout=10)
    except subprocess.TimeoutExpired:
        pytest.fail("collect check waited for ever on invoices/pipe.yaml (a FIFO)")
    assert result.returncode in (0, 1), result.stderr
    assert "invoices/pipe.yaml" in result.stdout


def test_twenty_thousand_errors_in_one_file_are_reported_in_seconds(tmp_path):
    """The report quotes each error's line: it must not read and split the whole file
    again for every error (quadratic: minutes for a large damaged file)."""
    import time

    ledger = write_ledger(tmp_path / "ledger", {
        **VALID, "invoices/aliases.yaml": b"- &a {number: X-1, customer: acme, issued: 2026-01-01, amount: 1}\n"
                                          + b"- *a\n" * 20_000})
    start = time.perf_counter()
    result = run(ledger, tmp_path / "out", "check")
    elapsed = time.perf_counter() - start
    assert result.exit_code == 1 and "aliases.yaml:" in result.stdout
    assert elapsed < 5, f"check took {elapsed:.1f} s to report the errors of one 100 kB file"


# ------------------------------------------------------------------ many files


@pytest.fixture(scope="module")
def many_files(tmp_path_factory) -> Path:
    """The valid ledger and 2,000 more invoice files, one a line each."""
    root = write_ledger(tmp_path_factory.mktemp("many") / "ledger", VALID)
    folder = root / "invoices" / "many"
    folder.mkdir(parents=True)
    for i in range(2000):
        (folder / f"{i:04d}.yaml").write_text(
            f"number: M-{i:04d}\ncustomer: hartley\nissued: 2026-10-01\ndue: 2026-10-31\namount: 1.00\n",
            encoding="utf-8")
    return root


def test_two_thousand_files_build_clean(many_files, tmp_path):
    result = run(many_files, tmp_path, "build")
    assert result.exit_code == 0, result.output
    status = run(many_files, tmp_path, "status-json")
    assert json.loads(status.stdout)["totals"]["outstanding"]


@pytest.mark.parametrize("command", ["check-json", "status-json", "build", "letters"])
def test_one_damaged_file_among_two_thousand_is_named(many_files, command, tmp_path):
    damaged_file_ = many_files / "invoices" / "many" / "1234.yaml"
    good = damaged_file_.read_bytes()
    damaged_file_.write_bytes(good.replace(b"due: 2026-10-31", b"due: [2026-10-31"))
    try:
        result = run(many_files, tmp_path, command)
    finally:
        damaged_file_.write_bytes(good)
    assert_answered(result, command)
    assert result.exit_code == 1
    report = result.stdout if command.startswith("check") else result.stderr
    if command == "check-json":
        [d] = json.loads(report)["diagnostics"]
        assert (Path(d["path"]).name, d["line"], d["code"]) == ("1234.yaml", 5, "E002")
    else:
        assert "invoices/many/1234.yaml:5:" in report and "E002" in report, report
        assert report.count("error[") == 1


# ------------------------------------------------------------------ memory


def _five_mib(unit: bytes) -> bytes:
    return unit * ((5 * 1024 * 1024 - 16) // len(unit))


def _keys() -> bytes:
    lines, size, n = [], 0, 0
    while size < 5 * 1024 * 1024 - 32:
        line = f"k{n}: v\n".encode()
        lines.append(line)
        size += len(line)
        n += 1
    return b"".join(lines)


def _legitimate() -> bytes:
    """Half the limit of real invoices: the bounds must not refuse a large honest file."""
    record = ("- number: INV-{n:07d}\n  customer: acme\n  issued: 2026-01-05\n  due: 2026-02-04\n"
              "  amount: 1234.50\n  description: 交流伺服电机 20台\n\n")
    out, size, n = [], 0, 0
    while True:
        item = record.format(n=n).encode()
        if size + len(item) > 5 * 1024 * 1024 // 2:
            return b"".join(out)
        out.append(item)
        size += len(item)
        n += 1


MEMORY_CASES = {
    "a-list-of-1.3-million-words": lambda: _five_mib(b"- a\n"),
    "a-million-empty-records": lambda: _five_mib(b"- {}\n"),
    "half-a-million-unknown-fields": _keys,
    "twenty-thousand-real-invoices": _legitimate,
}
LIMIT_AS = 1 << 30  # 1 GiB of address space for the whole process
RUN_LIMITED = """
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, ({limit}, {limit}))
from collect.cli import main
sys.argv = ["collect", *sys.argv[1:]]
main()
"""


@pytest.fixture(scope="module")
def memory_runs(tmp_path_factory) -> dict:
    """``collect check`` on each 5 MiB file, all at once (each in its own process, under
    its own 1 GiB limit): case → (exit code or None after 30 s, stdout, stderr)."""
    import time

    root = tmp_path_factory.mktemp("memory")
    started = {}
    for case, make in sorted(MEMORY_CASES.items()):
        ledger = write_ledger(root / case / "ledger", {**VALID, "invoices/big.yaml": make()})
        started[case] = subprocess.Popen(
            [sys.executable, "-c", RUN_LIMITED.format(limit=LIMIT_AS), *argv(ledger, root / case / "out", "check")],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True,
            env={**os.environ, "COLLECT_CACHE": "0"})
    deadline = time.monotonic() + 30
    done = {}
    for case, process in started.items():
        try:
            out, err = process.communicate(timeout=max(0.1, deadline - time.monotonic()))
            done[case] = (process.returncode, out, err)
        except subprocess.TimeoutExpired:
            process.kill()
            out, err = process.communicate()
            done[case] = (None, out, err)
    return done


@pytest.mark.parametrize("case", sorted(MEMORY_CASES))
def test_a_5_mib_file_loads_within_1_gib_and_30_seconds(case, memory_runs):
    """Every file under the 5 MiB limit is read in bounded memory and time: no MemoryError,
    no abort from an allocation that failed, a located answer (and a large honest file
    still loads)."""
    returncode, stdout, stderr = memory_runs[case]
    if returncode is None:
        pytest.fail(f"collect check took over 30 s on a 5 MiB file ({case})")
    output = stdout + stderr
    assert "MemoryError" not in output and "Traceback" not in output, output[-3000:]
    assert returncode in (0, 1), (returncode, output[-3000:])
    if case == "twenty-thousand-real-invoices":
        assert returncode == 0, output[-3000:]
    else:
        assert returncode == 1 and "invoices/big.yaml:" in stdout
        assert len(stdout) < 1_000_000, "the report of one file is over a megabyte"
