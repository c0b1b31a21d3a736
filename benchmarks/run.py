"""Benchmark runner: wall time and peak memory of collect's commands on generated ledgers.

    python benchmarks/run.py [--sizes 10000,50000,200000] [--customers-per-50k 1000] [--work DIR]

For each size it generates a ledger (benchmarks/generate.py), then times, each in its own
process: the raw parse floor (every file through yaml.CSafeLoader and nothing else),
cold `check` (empty cache), warm `check` after editing one note, `status --format json`,
cold `build` (empty cache, no earlier output: what CI pays on every commit), rebuild after
editing one note, and `bean-check -C` (its own cache off) on the same ledger exported as
Beancount. Prints seconds, peak RSS and the ratios the targets are set in.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
AS_OF = "2026-11-22"

RAW_PARSE = r"""
import sys, yaml
from pathlib import Path
if not getattr(yaml, "__with_libyaml__", False):
    sys.exit("libyaml is missing: the raw parse floor would be meaningless")
root = Path(sys.argv[1])
for path in sorted(root.rglob("*")):
    if not path.is_file():
        continue
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".md":
        text = text.split("---\n", 2)[1]
    yaml.load(text, Loader=yaml.CSafeLoader)
"""


def timed(cmd: list[str], env: dict | None = None, stdout=subprocess.DEVNULL) -> tuple[float, float, int]:
    """(seconds, peak RSS in MiB, exit code) of one child process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=stdout, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    stderr = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        print(f"  ! {' '.join(cmd)} exited {code}\n{stderr[-2000:]}", file=sys.stderr)
    return elapsed, usage.ru_maxrss / 1024, code


def edit_one_note(ledger: Path) -> None:
    note = sorted((ledger / "notes").rglob("*.md"))[0]
    with note.open("a", encoding="utf-8") as handle:
        handle.write("\nEdited for the benchmark.\n")


def collect_cmd(ledger: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "collect", "--ledger", str(ledger), "--as-of", AS_OF, *args]


def bench(size: int, customers: int, work: Path) -> dict[str, tuple[float, float]]:
    base = work / f"ledger-{size}"
    ledger = base / "ledger"
    if not ledger.exists():
        subprocess.run([sys.executable, str(HERE / "generate.py"), str(ledger), "--customers", str(customers),
                        "--invoices", str(size)], check=True)
    cache = base / "cache"
    out = base / "output"
    shutil.rmtree(cache, ignore_errors=True)
    shutil.rmtree(out, ignore_errors=True)
    env = dict(os.environ, XDG_CACHE_HOME=str(cache), CI="true")
    results: dict[str, tuple[float, float]] = {}

    def run(name: str, cmd: list[str], **kw) -> None:
        seconds, mib, _ = timed(cmd, env=env, **kw)
        results[name] = (seconds, mib)
        print(f"  {name:<28} {seconds:8.2f} s {mib:8.0f} MiB", flush=True)

    print(f"{size:,} invoices ({customers:,} customers) in {ledger}")
    run("raw parse floor", [sys.executable, "-c", RAW_PARSE, str(ledger)])
    run("check (cold)", collect_cmd(ledger, "check"))
    edit_one_note(ledger)
    run("check (warm, 1 note edited)", collect_cmd(ledger, "check"))
    run("status --format json", collect_cmd(ledger, "status", "--format", "json"))
    shutil.rmtree(cache, ignore_errors=True)  # cold: no cache and no earlier output, as in CI
    run("build (cold)", collect_cmd(ledger, "build", "--out", str(out)))
    edit_one_note(ledger)
    run("build (1 note edited)", collect_cmd(ledger, "build", "--out", str(out)))
    bean = base / "ledger.beancount"
    with bean.open("wb") as handle:
        seconds, _, code = timed(collect_cmd(ledger, "export", "--format", "beancount"), env=env, stdout=handle)
    if code == 0 and shutil.which("bean-check"):
        # -C: beancount keeps a pickle of the parsed file beside it; the reference is a
        # cold check, like ours
        run("bean-check (reference)", ["bean-check", "-C", str(bean)])
    return results


def ratios(r: dict[str, tuple[float, float]]) -> list[str]:
    floor = r["raw parse floor"][0]
    lines = [
        f"  cold check / raw parse      {r['check (cold)'][0] / floor:6.2f}  (target ≤ 1.5)",
        f"  warm check / cold check     {r['check (warm, 1 note edited)'][0] / r['check (cold)'][0]:6.2f}  (target ≤ 0.2)",
        f"  build / raw parse           {r['build (cold)'][0] / floor:6.2f}  (target ≤ 4)",
        f"  rebuild / build             {r['build (1 note edited)'][0] / r['build (cold)'][0]:6.2f}  (target ≤ 0.25)",
        f"  build peak memory           {r['build (cold)'][1]:6.0f} MiB (target ≤ 2048)",
    ]
    if "bean-check (reference)" in r:
        lines.insert(1, f"  cold check / bean-check     {r['check (cold)'][0] / r['bean-check (reference)'][0]:6.2f}  (target ≤ 0.5)")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,50000,200000")
    parser.add_argument("--customers-per-50k", type=int, default=1000)
    parser.add_argument("--work", type=Path, default=Path("/tmp/collect-bench"))
    args = parser.parse_args()
    import yaml

    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"libyaml {'yes' if getattr(yaml, '__with_libyaml__', False) else 'NO'}")
    if not getattr(yaml, "__with_libyaml__", False):
        sys.exit("libyaml is missing: install PyYAML with its C extension before benchmarking")
    args.work.mkdir(parents=True, exist_ok=True)
    for size in (int(s) for s in args.sizes.split(",")):
        customers = max(10, size * args.customers_per_50k // 50_000)
        results = bench(size, customers, args.work)
        print("\n".join(ratios(results)), flush=True)
        print()


if __name__ == "__main__":
    main()
