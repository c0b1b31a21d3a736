"""The demand letter: the 催款函's five parts, the UK statutory claim, the letter before claim."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from collect.render.capital import rmb_capital


def test_cuikuanhan_has_every_element_of_domain_md(sample, letter):
    state, ledger = sample
    data, draft = letter("ruitai-medical", "demand", "zh")
    md, html = draft.md, draft.html
    c = state.customer("ruitai-medical")
    # 1. title and reference number
    assert "# 催款函" in md and "编号：HENGYUE-ruitai-medical-DEM-20261122" in md
    assert "催 款 函" not in md and ">催款函<" in html
    # 2. both parties' full registered names
    assert "杭州瑞泰医疗器械有限公司" in md and "上海恒岳电子元器件贸易有限公司" in md
    assert c.customer.address in md
    # 3. contract and invoice numbers, amounts owed, paid, balance as of a date, days overdue
    assert "HYXS-2026-022" in md
    for s in c.open_invoices:
        assert s.number in md
        assert f"| {s.days_overdue} |" in md
    assert "| 146,900.00 | 0.00 | 146,900.00 | 45 |" in md
    assert "截至2026年11月22日" in md and "已付/已冲减" in md and "余额" in md
    # 4. the demand: deadline, interest, next step (consequence), rights reserved
    deadline = dt.date(2026, 11, 22) + dt.timedelta(days=ledger.policy.deadline_days("demand"))
    assert data.deadline == deadline and "请于2026年12月2日前" in md
    assert "逾期利息（计至2026年11月22日）" in md and "每日0.03%（万分之三）" in md
    assert "暂停贵司的信用额度、停止供货" in md
    assert "保留依据合同及法律追究贵司违约责任的一切权利" in md
    assert "人民币211,250.68元" in md and rmb_capital(Decimal("211250.68")) in md
    # 5. our bank account; seal, signature and date
    assert "1219 0888 6610 501" in md and "招商银行上海张江支行" in md
    assert "债权人（盖章）" in md and "签字" in md and "日期：2026年11月22日" in md
    assert 'class="signature"' in html and 'class="blank"' in html


def test_uk_demand_claims_statutory_interest_and_the_70_pound_fixed_sum(sample, letter):
    state, _ = sample
    data, draft = letter("thornbury-components", "demand")
    (invoice,) = state.customer("thornbury-components").open_invoices
    assert data.lang == "en" and data.law == "uk" and not data.protocol
    (total,) = data.totals
    assert total.currency == "GBP"
    assert (total.principal, total.interest, total.fixed_sums) == (Decimal("5000.00"), invoice.interest, Decimal(70))
    assert total.total == Decimal("5000.00") + invoice.interest + Decimal(70) == Decimal("5203.60")
    md = draft.md
    assert "£70.00" in md and "£133.60" in md and "£5,203.60" in md
    assert "Statutory fixed sums for late payment" in md
    assert "Late Payment of Commercial Debts (Interest) Act 1998" in md
    assert "11.75% a year (8% over the Bank of England Bank Rate of 3.75%" in md
    assert "Thornbury Components Ltd" in md and "TC-2026-02" in md
    assert data.deadline_days >= 14 and "6 December 2026" in md
    assert "人民币" not in md and "大写" not in md
    assert "Pre-Action Protocol" not in md  # a company, not a sole trader


def test_sole_trader_gets_a_letter_before_claim_under_the_protocol(letter):
    data, draft = letter("hartley-design", "demand")
    assert data.protocol and data.deadline_days == 30
    md = draft.md
    assert "# Letter before claim" in md
    assert "Pre-Action Protocol for Debt Claims" in md
    assert "within 30 days" in md and "22 December 2026" in md
    assert "Reply Form" in md and "Information Sheet" in md
    assert "Statement of account" in md  # enclosed
    assert "Thomas Hartley trading as Hartley Design Studio" in md
    assert "£70.00" in md  # £1,240 debt: the £70 band


def test_disputed_and_held_invoices_are_named_as_excluded(letter):
    data, draft = letter("jiangnan-machinery", "second_reminder", "zh")
    assert [(e.number, e.reason) for e in data.excluded] == [("0000611389", "on_hold")]
    assert "0000611389" not in data.invoice_numbers
    assert "发票0000611389暂未列入本函" in draft.md
    data, draft = letter("krause-gmbh", "reminder", "en")
    assert [(e.number, e.reason) for e in data.excluded] == [("HY26-0276", "disputed")]
    assert data.courtesy and data.invoice_numbers == ("HY26-0342",)
    assert "Invoice(s) HY26-0276, on which you have raised a dispute, are not included" in draft.md
    assert "fall due shortly" in draft.md


def test_foreign_currency_in_a_chinese_letter_has_no_capital_figures(letter):
    data, draft = letter("pacific-rim-robotics", "demand", "zh")
    assert data.totals[0].currency == "USD" and data.totals[0].total_capital is None
    assert "美元16,820.00" in draft.md and "大写" not in draft.md


def test_reference_is_stable_and_names_company_customer_type_and_date(sample, letter):
    first, draft1 = letter("ruitai-medical", "demand")
    second, draft2 = letter("ruitai-medical", "demand")
    assert first.reference == second.reference == "HENGYUE-ruitai-medical-DEM-20261122"
    assert (draft1.md, draft1.html, draft1.eml) == (draft2.md, draft2.html, draft2.eml)


def test_lawyers_letter_is_a_draft_for_counsel_with_the_evidence_list(letter):
    data, draft = letter("longsheng-building", "legal", "zh")
    md = draft.md
    assert "律师函草稿（供律师审核）" in md
    for placeholder in ("【律师事务所名称】", "【律师姓名】", "【执业证号】"):
        assert placeholder in md
    assert "EMS EK726150338CN" in md  # delivery proof of the demand
    assert "证据清单" in md and "签章的对账单或债务确认书 | 缺失" in md
    assert len(data.evidence) == 6
