"""Shared pieces of the security tests: a small valid ledger that has letters due, the
ways files get damaged, every reading command, and a fingerprint of a folder.

(Imported by name, like ``checkkit``: ``conftest`` is ambiguous across test folders.)
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

from click.testing import CliRunner
from hypothesis import strategies as st

from checkkit import damage
from collect.cli import main

AS_OF = "2026-11-22"

# A small ledger using most of what the format offers, with letters due (hartley is
# overdue and has an e-mail contact), a dispute, a hold, a promise and a private note.
VALID: dict[str, str] = {
    "company.yaml": (
        "name: 上海澄远贸易有限公司\ncurrency: CNY\nlanguage: zh\njurisdiction: cn\n"
        "bank: {name: 招商银行, account_no: \"1219 0888\"}\nfx:\n  USD: \"7.10\"\n"
        "contact: {email: ar@chengyuan.example.cn, phone: \"+86 21 0000 0000\"}\n"
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
        "contacts:\n  - name: 周建国\n    role: finance\n    email: zhou@example.cn\n    wechat: zjg_wx_1961\n"
        "    primary: true\n  - name: 许芳\n    phone: \"+86 510 5555 0212\"\n"
        "hold:\n  reason: 对账中\n  until: 2026-12-01\n"
    ),
    "customers/hartley.yaml": (
        "id: hartley\nname: Hartley Design\ncountry: GB\ncurrency: USD\nlanguage: en\n"
        "contacts: [{name: Ann Lee, email: ann@hartley.example, phone: \"+44 20 7946 0958\", primary: true}]\n"
    ),
    "invoices/2026/acme.yaml": (
        "# Invoices of acme\n- number: 0000611288\n  customer: acme\n  issued: 2026-03-10\n  terms: 45\n"
        "  lines:\n    - {description: 交流伺服电机, quantity: 20, unit_price: 2600.00, tax_rate: \"13%\"}\n"
        "    - description: 伺服驱动器\n      quantity: 20\n      unit_price: 1900.00\n"
        "- number: \"0000611327\"\n  customer: acme\n  issued: 2026-10-20\n  due: 2026-12-04\n  amount: 90400.00\n"
        "  dispute:\n    opened: 2026-11-01\n    reason: quality\n    amount: 400\n"
    ),
    "invoices/hartley.yaml": (
        "- {number: HD/2026/7, customer: hartley, issued: 2026-05-01, due: 2026-05-31, amount: 1200.50}\n"
        "- {number: HD/2026/9, customer: hartley, issued: 2026-09-01, due: 2026-10-01, amount: 5000}\n"
    ),
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
    "notes/hartley/2026-11-02.md": (
        "---\ndate: 2026-11-02\ncustomer: hartley\nchannel: email\noutcome: promise\n"
        "promise: {date: 2026-11-15, amount: 1000}\nnext: {date: 2026-11-20, action: call Ann}\nprivate: true\n---\n"
        "Ann says the **MD** is away. PRIVATE-BODY-7731\n"
    ),
}
NAMES = sorted(VALID)

# Every command that reads the ledger (and writes, if at all, outside it): name → argv
# after ``collect --ledger L --as-of D``; ``{out}`` is a fresh folder outside the ledger.
READERS: dict[str, tuple[str, ...]] = {
    "check": ("check",),
    "check-json": ("check", "--format", "json"),
    "status": ("status",),
    "status-json": ("status", "--format", "json"),
    "build": ("build", "--out", "{out}/site"),
    "build-redact": ("build", "--redact", "--out", "{out}/site"),
    "letters": ("letters", "--out", "{out}/drafts"),
    "export-csv": ("export", "--format", "csv"),
    "export-json": ("export", "--format", "json"),
    "export-beancount": ("export", "--format", "beancount", "--out", "{out}/gl.beancount"),
}
OTHER_READERS = tuple(name for name in READERS if not name.startswith("check"))

LOCATED = re.compile(r"^(?P<path>[^\s:][^:]*):(?P<line>\d+):(?P<col>\d+): error\[E\d{3}\]", re.M)
UNLOCATED = re.compile(r"^(?P<path>[^\s:][^:]*): error\[E01[123]\]", re.M)  # about a whole file


def write_ledger(root: Path, files: dict[str, bytes | str]) -> Path:
    for name, data in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return root


def damaged(root: Path, name: str, data: bytes) -> Path:
    """The valid ledger in ``root`` with file ``name`` replaced by ``data``."""
    return write_ledger(root, {**VALID, name: data})


def argv(ledger: Path, out: Path, command: str) -> list[str]:
    return ["--ledger", str(ledger), "--as-of", AS_OF, *(a.format(out=out) for a in READERS[command])]


def run(ledger: Path, out: Path, command: str):
    """``collect`` in-process; an exception is a failure of the test, not a result."""
    return CliRunner().invoke(main, argv(ledger, out, command), catch_exceptions=False)


def assert_answered(result, command: str) -> None:
    """Exit 0 or 1, no traceback, and for exit 1 the errors on stderr with their place."""
    assert result.exit_code in (0, 1), (command, result.exit_code, result.output)
    assert "Traceback" not in result.output, (command, result.output)
    if result.exit_code == 1 and not command.startswith("check"):
        # check prints its report on stdout (it is the report); the others on stderr
        assert LOCATED.search(result.stderr) or UNLOCATED.search(result.stderr), (command, result.stderr)


# ------------------------------------------------------------------ damage


STRAY = [b":", b"-", b"[", b"]", b"{", b'"', b"'", b"\t", b"\x00", b"\xff", b"\xc3", b"\xe4\xb8", b"#", b"&a ",
         b"*a", b"!!python/object:os.system ", b"!!python/object/apply:os.system [\"touch /tmp/pwned\"] ",
         b"<<: ", b"---\n", b"\r", b"\xef\xbb\xbf", b"? ", b"|", b">", b"%", b"\x85", "\u2028".encode(), b"\x07",
         b"\n", b"<script>", b"@", b"`"]
REPLACEMENTS = [b"[1, 2]", b"{a: b}", b"x" * 120_000, b"", b"~", b"- a\n- b", b"!!binary aGk=", b"[" * 100,
                b"2026-02-30", b"-1", b"1e3", b"yes", "名称".encode("gbk"), b'"unclosed', b"*alias",
                b"9" * 40, b"0.0000000001", b"99999999999999999999.99", b"1900-01-01", b"9999-12-31",
                b"\"-100%/day\"", b"NaN", b"inf", b"../../etc/passwd", b"CON", b"\"a\\u2028b\""]




# Values a careless or hostile editor may type that still pass validation, so that the
# engine and the renderers (not only the loader) meet odd figures, dates and text.
ODD_VALUES = [b"0", b"0.01", b"1", b"99999999999.99", b"1900-01-01", b"2000-02-29", b"2099-12-31", b"2026-11-22",
              b"2026-11-23", b"\"100%\"", b"\"0%\"", b"\"0%/day\"", b"\"36%/year\"", b"36500", b"0000000001",
              b"USD", b"EUR", b"en", b"zh", b"uk", b"de", b"true", b"false", b"acme", b"hartley",
              b"\"<script>alert(1)</script>\"", b"\"a\\nb # c | d\"", b"\"\\u2028\\u0085\\r\\n\"",
              "名称 ＆ Co. – «x»".encode(), b"\"\\U0001F600\"", b"\" \"", b"[]", b"{}"]


@st.composite
def odd_value(draw, data: bytes) -> bytes:
    """One ``key: value`` line of ``data`` given an odd but well-formed value."""
    lines = data.split(b"\n")
    keyed = [i for i, line in enumerate(lines) if re.match(rb"^[ -]*[a-z_]+: \S", line)]
    if not keyed:
        return data
    i = draw(st.sampled_from(keyed))
    colon = lines[i].find(b": ")
    lines[i] = lines[i][: colon + 2] + draw(st.sampled_from(ODD_VALUES))
    return b"\n".join(lines)


@st.composite
def odd_file(draw) -> tuple[str, bytes]:
    """One file of the valid ledger with one to three values changed to odd ones."""
    name = draw(st.sampled_from(NAMES))
    data = VALID[name].encode("utf-8")
    for _ in range(draw(st.integers(1, 3))):
        data = draw(odd_value(data))
    return name, data


@st.composite
def damaged_file(draw) -> tuple[str, bytes]:
    """One file of the valid ledger, damaged one to three times."""
    name = draw(st.sampled_from(NAMES))
    data = VALID[name].encode("utf-8")
    for _ in range(draw(st.integers(1, 3))):
        data = draw(damage(data, STRAY, REPLACEMENTS))
    return name, data


# ------------------------------------------------------------------ fingerprints


def fingerprint(root: Path) -> dict[str, tuple]:
    """Every entry under ``root`` (hidden ones too): its kind, mode, size and content hash
    (or link target), so that any file written, removed, renamed or changed shows."""
    found: dict[str, tuple] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in sorted(dirnames + filenames):
            path = Path(dirpath) / name
            rel = path.relative_to(root).as_posix()
            st_ = path.lstat()
            if path.is_symlink():
                found[rel] = ("link", os.readlink(path))
            elif path.is_dir():
                found[rel] = ("dir", st_.st_mode)
            else:
                found[rel] = ("file", st_.st_mode, st_.st_size, st_.st_mtime_ns,
                              hashlib.sha256(path.read_bytes()).hexdigest())
    return found
