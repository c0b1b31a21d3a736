"""Property: whatever happens to a file, ``check`` answers with located diagnostics.

A valid ledger is damaged the ways files really get damaged (a line deleted, doubled
or swapped in a merge, indentation shifted, a save cut short, a stray character typed,
a value replaced by a list or a paste of a whole document, bytes from another encoding
or another program) and loaded again. The loader must never raise, every diagnostic
must have a path, and every problem in a file that exists must have a line and column
inside that file.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checkkit import AS_OF, damage
from collect.cli import main
from collect.load import load_ledger

# A small ledger using most of what the format offers, so damage meets every kind of value.
VALID = {
    "company.yaml": (
        "name: 上海澄远贸易有限公司\ncurrency: CNY\nlanguage: zh\njurisdiction: cn\n"
        "bank: {name: 招商银行, account_no: \"1219 0888\"}\nfx:\n  USD: \"7.10\"\n"
    ),
    "policy.yaml": (
        "terms: 30\nbuckets: [30, 60, 90, 180, 365]\ninterest_rate:\n  - from: 2025-01-01\n    rate: \"0.05%/day\"\n"
        "ladder:\n  - {step: reminder, after_days: 1, letter: reminder}\n"
        "  - {step: demand, after_days: 31, letter: demand, min_amount: 1000}\n"
        "provision:\n  current: \"0%\"\n  \"1-30\": \"1%\"\n  \"31-60\": \"3%\"\n  \"61-90\": \"5%\"\n"
        "  \"91-180\": \"10%\"\n  \"181-365\": \"30%\"\n  \"365+\": \"50%\"\n"
    ),
    "customers/acme.yaml": (
        "id: acme\nname: 江南机械\nlegal_name: 无锡江南机械制造有限公司\ntax_id: 914403001922038216\n"
        "country: CN\nterms: 45\ncredit_limit: 400000.00\ntags: [machinery, key]\n"
        "contacts:\n  - name: 周建国\n    role: finance\n    email: zhou@example.cn\n    primary: true\n"
        "  - name: 许芳\n    phone: \"+86 510 5555 0212\"\nhold:\n  reason: 对账中\n  until: 2026-12-01\n"
    ),
    "customers/hartley.yaml": "id: hartley\nname: Hartley Design\ncountry: GB\ncurrency: USD\ncontacts: [{name: Ann}]\n",
    "invoices/2026/acme.yaml": (
        "# Invoices of acme\n- number: 0000611288\n  customer: acme\n  issued: 2026-03-10\n  terms: 45\n"
        "  lines:\n    - {description: 交流伺服电机, quantity: 20, unit_price: 2600.00, tax_rate: \"13%\"}\n"
        "    - description: 伺服驱动器\n      quantity: 20\n      unit_price: 1900.00\n"
        "- number: \"0000611327\"\n  customer: acme\n  issued: 2026-10-20\n  due: 2026-12-04\n  amount: 90400.00\n"
        "  dispute:\n    opened: 2026-11-01\n    reason: quality\n    amount: 400\n"
    ),
    "invoices/hartley.yaml": "number: HD/2026/7\ncustomer: hartley\nissued: 2026-05-01\ndue: 2026-05-31\namount: 1200.50\n",
    "payments/2026.yaml": (
        "- date: 2026-05-20\n  customer: acme\n  amount: 50000\n  ref: B-0520\n"
        "  allocations:\n    - invoice: \"0000611288\"\n      amount: 50000\n"
        "- {date: 2026-06-01, customer: hartley, amount: 200, ref: W1, currency: USD}\n"
    ),
    "notes/acme/2026-11-13.md": (
        "---\ndate: 2026-11-13\ncustomer: acme\nchannel: phone\ninvoices: [\"0000611288\"]\noutcome: plan_agreed\n"
        "plan:\n  - {due: 2026-12-01, amount: 30000}\n  - {due: 2027-01-01, amount: 20000}\n"
        "letter: {type: demand, sent: 2026-11-01, delivered: 2026-11-03, proof: EMS 1234}\n---\n"
        "周建国 agreed to two instalments.\n"
    ),
}
NAMES = sorted(VALID)

STRAY = [b":", b"-", b"[", b"]", b"{", b'"', b"'", b"\t", b"\x00", b"\xff", b"\xc3", b"\xe4\xb8", b"#", b"&a ",
         b"*a", b"!!python/object:os.system ", b"<<: ", b"---\n", b"\r", b"\xef\xbb\xbf", b"? ", b"|", b">", b"%",
         b"\x85", "\u2028".encode(), b"\x07", b"\n"]
REPLACEMENTS = [b"[1, 2]", b"{a: b}", b"x" * 200_000, b"", b"~", b"- a\n- b", b"!!binary aGk=", b"[" * 100,
                b"2026-02-30", b"-1", b"1e3", b"yes", "名称".encode("gbk"), b'"unclosed', b"*alias"]


@st.composite
def damaged_ledger(draw) -> tuple[str, bytes]:
    name = draw(st.sampled_from(NAMES))
    data = VALID[name].encode("utf-8")
    for _ in range(draw(st.integers(1, 3))):
        data = draw(damage(data, STRAY, REPLACEMENTS))
    return name, data


def _write(root: Path, name: str, data: bytes) -> Path:
    for path, text in VALID.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data if path == name else text.encode("utf-8"))
    return root / name


FILE_LEVEL = {"W002", "E011", "E012", "E013"}  # about a file as a whole: no line to point at


def _assert_located(diagnostics, damaged: Path, data: bytes) -> None:
    text_lines = len(data.decode("utf-8", errors="replace").splitlines())
    for d in diagnostics:
        assert d.path, d
        assert d.code[0] in "EW" and d.message, d
        if Path(d.path).is_file() and d.code not in FILE_LEVEL:
            assert d.line is not None and d.line >= 1 and d.col is not None and d.col >= 1, d
        if Path(d.path) == damaged and d.line is not None:
            assert d.line <= text_lines + 1, (d, text_lines)


def test_the_valid_ledger_is_clean():
    with tempfile.TemporaryDirectory() as tmp:
        _write(Path(tmp), "", b"")
        _, diagnostics = load_ledger(Path(tmp), AS_OF)
        assert diagnostics == []


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(damaged_ledger())
def test_loader_locates_every_problem_of_a_damaged_file(case):
    name, data = case
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        damaged = _write(root, name, data)
        _, diagnostics = load_ledger(root, AS_OF)
        _assert_located(diagnostics, damaged, data)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(damaged_ledger())
def test_a_ledger_without_errors_computes(case):
    """What check lets through, the engine takes: no crash after a clean check."""
    from collect.compute.engine import compute

    name, data = case
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        _write(root, name, data)
        ledger, diagnostics = load_ledger(root, AS_OF)
        if not any(d.is_error for d in diagnostics):
            compute(ledger, AS_OF)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(damaged_ledger(), st.sampled_from(["text", "json", "github"]))
def test_check_answers_a_damaged_ledger_with_exit_0_or_1(case, fmt):
    name, data = case
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        damaged = _write(root, name, data)
        result = CliRunner().invoke(main, ["--ledger", str(root), "--as-of", str(AS_OF), "check", "--format", fmt],
                                    catch_exceptions=False)
        assert result.exit_code in (0, 1), result.output
        assert "Traceback" not in result.output
        if fmt == "json":
            payload = json.loads(result.output)
            assert (payload["errors"] > 0) == (result.exit_code == 1)
            for d in payload["diagnostics"]:
                assert d["path"]
                if Path(d["path"]) == damaged and d["code"] not in FILE_LEVEL:
                    assert d["line"] >= 1 and d["col"] >= 1


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=300), st.sampled_from(NAMES))
def test_arbitrary_bytes_in_any_file(data, name):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        damaged = _write(root, name, data)
        _, diagnostics = load_ledger(root, AS_OF)
        _assert_located(diagnostics, damaged, data)


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200), st.sampled_from(NAMES))
def test_arbitrary_text_in_any_file(text, name):
    data = text.encode("utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        damaged = _write(root, name, data)
        _, diagnostics = load_ledger(root, AS_OF)
        _assert_located(diagnostics, damaged, data)
