"""Generate a large, realistic synthetic ledger for benchmarks.

    python benchmarks/generate.py OUT_DIR --customers 1000 --invoices 50000 [--seed 1]

About 70 % of invoices are fully paid (some late, some in parts), the rest open at
different ages; ~0.7 payment entries per invoice; one note per five invoices with
promises, plans, letters with delivery proof and acknowledgements; Chinese and English
customers. Deterministic for a given seed. The ledger passes `collect check`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
from decimal import Decimal
from pathlib import Path

AS_OF = dt.date(2026, 11, 22)
CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
ZH_NAMES = ["华信", "江南", "瑞泰", "海悦", "隆盛", "东方", "鑫禾", "光辉", "永丰", "凯达", "恒通", "博远", "天成", "金桥"]
ZH_TRADES = ["电子", "机械", "医疗", "物流", "建材", "塑胶", "食品", "光学", "包装", "电气"]
EN_NAMES = ["Thornbury", "Hartley", "Krause", "Pacific", "Lion Gate", "Northwind", "Bluewater", "Redwood", "Ashford"]
EN_TRADES = ["Components", "Design", "Trading", "Robotics", "Supplies", "Systems", "Industries"]
OWNERS = ["王静", "李强", "Chen Yu", "张敏"]


def uscc(rng: random.Random) -> str:
    first = "91" + "".join(rng.choice("0123456789") for _ in range(6)) + "".join(rng.choice(CHARSET) for _ in range(9))
    total = sum(CHARSET.index(c) * w for c, w in zip(first, WEIGHTS))
    check = (31 - total % 31) % 31
    return first + CHARSET[check]


def money(value: Decimal) -> str:
    return f"{value:.2f}"


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def generate(out: Path, customers: int, invoices: int, seed: int) -> dict:
    rng = random.Random(seed)
    ledger = out
    write(ledger / "company.yaml", """\
name: 基准测试贸易有限公司
legal_name: 上海基准测试贸易有限公司
tax_id: 91310115MA1K4Q8X2R
address: 上海市浦东新区张江路 1 号
currency: CNY
language: zh
jurisdiction: cn
bank: {name: 招商银行上海分行, account_name: 上海基准测试贸易有限公司, account_no: "121900000000001"}
signatory: {name: 王静, title: 财务总监}
contact: {phone: "+86 21 5000 0000", email: ar@example.cn}
fx: {USD: "7.10", GBP: "9.05", EUR: "7.75"}
""".replace("91310115MA1K4Q8X2R", uscc(rng)))
    write(ledger / "policy.yaml", "tolerance: 100\nholidays: [2026-10-01, 2026-10-02, 2026-10-05, 2026-10-06, 2026-10-07]\n")
    per_customer = max(1, invoices // customers)
    counts = {"customers": customers, "invoices": 0, "payments": 0, "notes": 0, "files": 2}
    number = 0
    pay_by_month: dict[str, list[str]] = {}
    for c in range(customers):
        english = c % 5 == 4
        cid = f"c{c:05d}"
        currency = rng.choice(["USD", "GBP", "EUR"]) if english else "CNY"
        if english:
            name = f"{rng.choice(EN_NAMES)} {rng.choice(EN_TRADES)} {c}"
            body = (f"id: {cid}\nname: {name} Ltd\nlanguage: en\ncurrency: {currency}\ncountry: GB\n"
                    f"owner: {rng.choice(OWNERS)}\ncredit_limit: {rng.randint(2, 40) * 10000}\n"
                    f"tags: [export]\ncontacts:\n  - name: Alex Smith\n    role: accounts_payable\n"
                    f"    email: ap{c}@example.com\n    primary: true\n")
        else:
            name = f"{rng.choice(ZH_NAMES)}{rng.choice(ZH_TRADES)}{c}"
            body = (f"id: {cid}\nname: {name}\nlegal_name: 上海{name}有限公司\ntax_id: {uscc(rng)}\n"
                    f"address: 上海市闵行区某路 {c} 号\nlanguage: zh\nowner: {rng.choice(OWNERS)}\n"
                    f"credit_limit: {rng.randint(5, 100) * 10000}\ntags: [domestic]\ncontacts:\n"
                    f"  - name: 张三\n    role: finance\n    phone: '+86 138 0000 {c % 10000:04d}'\n    primary: true\n")
        write(ledger / "customers" / f"{cid}.yaml", body)
        counts["files"] += 1
        by_year: dict[int, list[str]] = {}
        open_numbers: list[tuple[str, dt.date, Decimal]] = []
        n_invoices = per_customer + (1 if c < invoices - per_customer * customers else 0)
        for k in range(n_invoices):
            number += 1
            issued = AS_OF - dt.timedelta(days=rng.randint(0, 3 * 365))
            due = issued + dt.timedelta(days=rng.choice([30, 45, 60]))
            amount = Decimal(rng.randint(500, 500_000)) + Decimal(rng.randint(0, 99)) / 100
            inv_no = f"INV-{number:07d}"
            by_year.setdefault(issued.year, []).append(
                f"- number: {inv_no}\n  customer: {cid}\n  issued: {issued}\n  due: {due}\n"
                f"  currency: {currency}\n  amount: {money(amount)}\n  contract: HT-{cid}-{issued.year}\n")
            counts["invoices"] += 1
            roll = rng.random()
            if roll < 0.7 and due < AS_OF:  # paid: on time, late, or in two parts
                paid_on = min(AS_OF, due + dt.timedelta(days=rng.choice([-5, 0, 3, 12, 30, 75])))
                paid_on = max(paid_on, issued)
                parts = [amount] if rng.random() < 0.95 else [(amount / 2).quantize(Decimal("0.01")), None]
                if parts[-1] is None:
                    parts[-1] = amount - parts[0]
                for p, part in enumerate(parts):
                    day = paid_on if p == 0 else min(AS_OF, paid_on + dt.timedelta(days=20))
                    pay_by_month.setdefault(day.strftime("%Y-%m"), []).append(
                        f"- date: {day}\n  customer: {cid}\n  amount: {money(part)}\n  currency: {currency}\n"
                        f"  ref: R-{number:07d}-{p}\n  allocations:\n    - invoice: {inv_no}\n      amount: {money(part)}\n")
                    counts["payments"] += 1
            else:
                open_numbers.append((inv_no, due, amount))
        for year, items in sorted(by_year.items()):
            write(ledger / "invoices" / str(year) / f"{cid}.yaml", "".join(items))
            counts["files"] += 1
        n_notes = max(1, n_invoices // 5)
        for k in range(n_notes):
            day = AS_OF - dt.timedelta(days=rng.randint(1, 400))
            subject = rng.choice(open_numbers)[0] if open_numbers and rng.random() < 0.7 else None
            front = [f"date: {day}", f"customer: {cid}", f"author: {rng.choice(OWNERS)}",
                     f"channel: {rng.choice(['phone', 'email', 'wechat', 'visit', 'letter'])}"]
            if subject:
                front.append(f"invoices: [{subject}]")
            kind = rng.random()
            if kind < 0.2:
                front.append(f"promise: {{date: {day + dt.timedelta(days=14)}, amount: {rng.randint(1, 50) * 1000}}}")
                front.append("outcome: promise")
            elif kind < 0.3:
                front.append("plan:")
                for i in range(3):
                    front.append(f"  - {{due: {day + dt.timedelta(days=30 * (i + 1))}, amount: {rng.randint(1, 20) * 1000}}}")
                front.append("outcome: plan_agreed")
            elif kind < 0.45:
                letter = rng.choice(["reminder", "second_reminder", "demand"])
                front.append(f"letter: {{type: {letter}, sent: {day}, delivered: {day + dt.timedelta(days=3)}, "
                             f"proof: EMS EK{rng.randint(10**8, 10**9 - 1)}CN}}")
            elif kind < 0.5:
                front.append("acknowledged: true")
            text = ("客户表示月底前安排付款，财务正在走审批流程。\n" if not english else
                    "Spoke to accounts payable; payment run at month end.\n")
            write(ledger / "notes" / cid / f"{day}-{k:03d}.md", "---\n" + "\n".join(front) + "\n---\n" + text)
            counts["notes"] += 1
            counts["files"] += 1
    for month, items in sorted(pay_by_month.items()):
        write(ledger / "payments" / month[:4] / f"{month}.yaml", "".join(items))
        counts["files"] += 1
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--customers", type=int, default=1000)
    parser.add_argument("--invoices", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    counts = generate(args.out, args.customers, args.invoices, args.seed)
    print(" ".join(f"{k}={v}" for k, v in counts.items()))


if __name__ == "__main__":
    main()
