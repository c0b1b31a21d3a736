"""Shared data of the letter tests (imported by name: the test folder is on sys.path, and
``conftest`` is ambiguous across test folders)."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
SAMPLE = REPO / "ledger"
AS_OF = dt.date(2026, 11, 22)

#: For each letter type, a sample customer that has something for it to say.
CUSTOMER_FOR = {
    "reminder": "pacific-rim-robotics",
    "second_reminder": "jiangnan-machinery",
    "demand": "ruitai-medical",
    "final_notice": "haiyue-logistics",
    "legal": "longsheng-building",
    "statement": "xinhe-food",
    "acknowledgement": "ruitai-medical",
    "payment_plan": "xinhe-food",
}


def write_small_ledger(tmp_path: Path, fee: str | None = None, customer_name: str = "Acme Trading Co., Ltd.") -> Path:
    root = tmp_path / "small" / "ledger"
    files = {
        "company.yaml": """\
            name: 上海澄远贸易有限公司
            currency: CNY
            language: zh
            jurisdiction: cn
            bank: {name: 工商银行上海分行, account_no: "1001 2002 3003"}
            contact: {email: ar@chengyuan.example.cn, phone: "+86 21 0000 0000"}
            """,
        "policy.yaml": f"""\
            interest_rate: "0.05%/day"
            ladder:
              - {{step: reminder, after_days: 1, letter: reminder}}
              - {{step: demand, after_days: 31, letter: demand{', fee: ' + fee if fee else ''}}}
            """,
        "customers/acme.yaml": f"""\
            id: acme
            name: {customer_name!r}
            address: 北京市朝阳区
            contacts:
              - {{name: 张伟, email: ap@acme.example, primary: true}}
            """,
        "invoices/a.yaml": """\
            - {number: A-1, customer: acme, issued: 2026-03-01, due: 2026-04-01, amount: 10000.00, contract: C-1}
            - {number: A-2, customer: acme, issued: 2026-03-05, due: 2026-04-05, amount: 5000.00, contract: C-1,
               dispute: {opened: 2026-04-10, reason: quality}}
            """,
    }
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root
