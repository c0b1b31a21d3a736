"""``collect build``: what lands in output/, and what never does."""

from __future__ import annotations

import shutil
from pathlib import Path

from sitekit import SAMPLE_LEDGER, TOP_PAGES, build, html_pages, scan, tree_hashes

from collect.render.paths import invoice_anchor

CUSTOMER = """\
id: {id}
name: {name}
owner: 王静
contacts:
  - name: 张丽
    phone: "+86 138 0000 0101"
    email: zhangli@example.cn
    wechat: zl_wechat_42
    primary: true
"""

NOTE = """\
---
date: 2026-10-01
customer: acme
channel: phone
{extra}---
{body}
"""


def small_ledger(ledger_dir, **extra_files):
    files = {
        "customers/acme.yaml": CUSTOMER.format(id="acme", name="艾克米"),
        "invoices/2026.yaml": """\
            - {number: AC/2026/0001, customer: acme, issued: 2026-08-01, amount: 1000.00}
            - {number: AC/2026/0002, customer: acme, issued: 2026-01-10, amount: 500.00}
        """,
        "payments/2026.yaml": """\
            - {date: 2026-02-01, customer: acme, amount: 500.00, ref: P-1,
               allocations: [{invoice: AC/2026/0002, amount: 500.00}]}
        """,
    }
    files.update(extra_files)
    return ledger_dir(files)


def test_two_builds_of_the_sample_are_byte_identical(tmp_path):
    assert build(SAMPLE_LEDGER, tmp_path / "a").exit_code == 0
    assert build(SAMPLE_LEDGER, tmp_path / "b").exit_code == 0
    first, second = tree_hashes(tmp_path / "a"), tree_hashes(tmp_path / "b")
    assert first == second
    assert "index.html" in first and "assets/style.css" in first


def test_sample_site_has_every_page_and_one_page_per_customer(sample_sites):
    customers = sorted(f"customers/{p.stem}.html" for p in (SAMPLE_LEDGER / "customers").glob("*.yaml"))
    pages = html_pages(sample_sites["zh"])
    assert sorted(p for p in pages if not p.startswith("letters/")) == sorted([*TOP_PAGES, *customers])


def test_a_ledger_with_errors_exits_1_and_leaves_the_previous_output_untouched(tmp_path):
    ledger = tmp_path / "ledger"
    shutil.copytree(SAMPLE_LEDGER, ledger)
    out = tmp_path / "output"
    assert build(ledger, out).exit_code == 0
    before = tree_hashes(out)

    (ledger / "customers" / "broken.yaml").write_text("id: broken\nname: [unclosed\n", encoding="utf-8")
    result = build(ledger, out)

    assert result.exit_code == 1
    assert "broken.yaml" in result.output
    assert tree_hashes(out) == before
    # no staging or old folder is left beside output/
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.endswith(".lock")) == ["ledger", "output"]


def test_keep_going_writes_the_site_with_the_errors_on_the_quality_page_and_still_exits_1(ledger_dir, tmp_path):
    # --keep-going is for looking at a broken ledger, not for pretending it is fine:
    # CI must still fail, so the exit code stays 1 while the site gets written.
    ledger = small_ledger(ledger_dir, **{"customers/broken.yaml": "id: broken\nname: [unclosed\n"})
    out = tmp_path / "out"
    result = build(ledger, out, "--keep-going")

    assert result.exit_code == 1
    assert (out / "index.html").is_file() and (out / "customers" / "acme.html").is_file()
    quality = (out / "quality.html").read_text(encoding="utf-8")
    assert "customers/broken.yaml:3:1" in quality and "E002" in quality
    index = (out / "index.html").read_text(encoding="utf-8")
    assert 'class="banner bad"' in index and 'href="quality.html"' in index


def test_a_ledger_repository_overrides_the_theme_file_by_file(tmp_path):
    ledger = tmp_path / "repo" / "ledger"
    shutil.copytree(SAMPLE_LEDGER, ledger)
    own = tmp_path / "repo" / "site_templates"
    (own / "site").mkdir(parents=True)
    (own / "site" / "index.html").write_text(
        '{% extends "site/base.html" %}{% block title %}Our board{% endblock %}'
        '{% block content %}<p id="own-dashboard">{{ fmt.money(state.totals.outstanding, base) }}</p>{% endblock %}',
        encoding="utf-8")
    (own / "static").mkdir()
    (own / "static" / "style.css").write_text("/* our colours */\n", encoding="utf-8")
    out = tmp_path / "out"

    assert build(ledger, out).exit_code == 0

    index = (out / "index.html").read_text(encoding="utf-8")
    assert '<p id="own-dashboard">¥2,048,464.00</p>' in index
    assert "<title>Our board · 恒岳电子</title>" in index
    assert 'id="customer-table"' in (out / "customers.html").read_text(encoding="utf-8")  # still the default
    assert (out / "assets" / "style.css").read_text(encoding="utf-8") == "/* our colours */\n"
    assert "makeSortable" in (out / "assets" / "app.js").read_text(encoding="utf-8")


def test_lang_en_overrides_the_company_language(sample_sites):
    zh = (sample_sites["zh"] / "index.html").read_text(encoding="utf-8")
    en = (sample_sites["en"] / "index.html").read_text(encoding="utf-8")
    assert '<html lang="zh-CN">' in zh and ">总览<" in zh and ">Dashboard<" not in zh
    assert '<html lang="en-GB">' in en and ">Dashboard<" in en and "总览" not in en


def test_the_company_language_is_the_default(ledger_dir, tmp_path):
    english = "name: Acme Ltd\ncurrency: GBP\nlanguage: en\njurisdiction: uk\n"
    ledger = ledger_dir({"customers/acme.yaml": CUSTOMER.format(id="acme", name="Acme Buyer")}, company=english)
    out = tmp_path / "out"
    result = build(ledger, out)
    assert result.exit_code == 0, result.output
    assert '<html lang="en-GB">' in (out / "index.html").read_text(encoding="utf-8")
    assert build(ledger, tmp_path / "zh", "--lang", "zh").exit_code == 0
    assert '<html lang="zh-CN">' in (tmp_path / "zh" / "index.html").read_text(encoding="utf-8")


def test_redact_masks_contacts_and_omits_private_note_bodies(ledger_dir, tmp_path):
    ledger = small_ledger(ledger_dir, **{
        "notes/acme/private.md": NOTE.format(extra="private: true\n", body="Salary of the CFO: SECRET-8841"),
        "notes/acme/public.md": NOTE.format(extra="", body="Called, PUBLIC-1234 promised."),
    })
    secrets = ("138 0000 0101", "13800000101", "zhangli@example.cn", "zl_wechat_42", "SECRET-8841")

    assert build(ledger, tmp_path / "plain").exit_code == 0
    plain = "".join(p.read_text(encoding="utf-8") for p in (tmp_path / "plain").rglob("*.html"))
    assert all(s in plain for s in ("138 0000 0101", "zhangli@example.cn", "zl_wechat_42", "SECRET-8841"))

    assert build(ledger, tmp_path / "red", "--redact").exit_code == 0
    # the site's pages and assets; the letter drafts under letters/ are addressed to the customer
    site_files = [p for p in (tmp_path / "red").rglob("*") if p.is_file() and "letters" not in p.parts]
    every_file = "".join(p.read_text(encoding="utf-8") for p in site_files)
    for secret in secrets:
        assert secret not in every_file, secret
    page = (tmp_path / "red" / "customers" / "acme.html").read_text(encoding="utf-8")
    assert "z***@example.cn" in page and "PUBLIC-1234" in page
    assert "（私密记录：正文未发布）" in page


def test_invoice_numbers_with_slashes_stay_inside_output_as_anchors(ledger_dir, tmp_path):
    ledger = small_ledger(ledger_dir)
    work = tmp_path / "work"
    work.mkdir()
    out = work / "out"
    assert build(ledger, out).exit_code == 0

    assert sorted(p.name for p in work.iterdir() if not p.name.endswith(".lock")) == ["out"]
    folders = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_dir())
    assert set(folders) <= {"assets", "customers", "letters", "letters/acme"}, folders
    names = [p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()]
    assert not [n for n in names if "AC" in n or "0001" in n or "0002" in n], names
    ids = scan(out / "customers" / "acme.html").ids
    assert invoice_anchor("AC/2026/0001") == "inv-AC~2F2026~2F0001"
    assert {invoice_anchor("AC/2026/0001"), invoice_anchor("AC/2026/0002")} <= ids


def test_no_page_per_invoice_paid_or_open(sample_sites):
    pages = html_pages(sample_sites["en"])
    assert not [p for p in pages if p.startswith(("invoices/", "customers/HX", "customers/HY"))]
    assert len([p for p in pages if p.startswith("customers/")]) == len(list((SAMPLE_LEDGER / "customers").glob("*.yaml")))


def test_every_page_carries_the_content_security_policy(sample_sites):
    for lang, root in sample_sites.items():
        for page in html_pages(root):
            metas = scan(root / page).metas
            csp = [m.get("content", "") for m in metas if m.get("http-equiv", "").lower() == "content-security-policy"]
            assert len(csp) == 1, f"{lang}/{page}"
            assert "default-src 'none'" in csp[0], f"{lang}/{page}"
            if not page.startswith("letters/"):  # letter drafts carry no script at all
                assert "script-src 'self'" in csp[0], f"{lang}/{page}"


def test_every_internal_link_resolves_to_a_file_and_an_id(sample_sites):
    """Static twin of the browser link check: fast, and names the page that is wrong."""
    for root in sample_sites.values():
        ids = {page: scan(root / page).ids for page in html_pages(root)}
        for page in ids:
            for href in scan(root / page).hrefs:
                assert "://" not in href and not href.startswith(("/", "//", "mailto:", "javascript:")), (page, href)
                target, _, anchor = href.partition("#")
                resolved = (root / page).parent / target if target else root / page
                resolved = Path(*[part for part in resolved.resolve().parts])
                assert resolved.is_relative_to(root.resolve()), (page, href)
                assert resolved.is_file(), (page, href)
                if anchor:
                    rel = resolved.relative_to(root.resolve()).as_posix()
                    assert anchor in ids[rel], (page, href)
