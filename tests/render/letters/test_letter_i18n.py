"""Every message of the letter templates and modules has its zh translation."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.extract import DEFAULT_KEYWORDS, extract

from collect.render.i18n import translations
from letter_fixtures import REPO

TEMPLATES = REPO / "site_templates" / "letters"
MODULES = [*sorted((REPO / "collect" / "render" / "letters").glob("*.py")), REPO / "collect" / "render" / "evidence.py"]
JINJA_OPTIONS = {"extensions": "jinja2.ext.do", "newstyle_gettext": "true", "trim_blocks": "true",
                 "lstrip_blocks": "true"}
PLACEHOLDER = re.compile(r"%\([a-z_]+\)s|\{[a-z_]+\}")


def letter_msgids() -> dict[str, str]:
    found: dict[str, str] = {}

    def add(messages, where: Path) -> None:
        for lineno, message, _comments, _context in messages:
            for text in message if isinstance(message, tuple) else (message,):
                if text:
                    found.setdefault(text, f"{where.name}:{lineno}")

    for path in sorted(TEMPLATES.iterdir()):
        if path.suffix != ".css":
            with path.open("rb") as handle:
                add(extract("jinja2.ext.babel_extract", handle, keywords=DEFAULT_KEYWORDS, options=JINJA_OPTIONS), path)
    for path in MODULES:
        with path.open("rb") as handle:
            add(extract("python", handle, keywords={**DEFAULT_KEYWORDS, "N_": None}), path)
    return found


def test_templates_have_messages_to_translate():
    ids = letter_msgids()
    assert len(ids) > 150
    assert "Letter of demand" in ids and "Statement of account" in ids


def test_every_letter_message_has_a_zh_translation_with_the_same_placeholders():
    zh = translations("zh")
    missing, broken = [], []
    for msgid, where in letter_msgids().items():
        text = zh.gettext(msgid)
        if text == msgid:
            missing.append(f"{where}: {msgid!r}")
        elif sorted(PLACEHOLDER.findall(text)) != sorted(set(PLACEHOLDER.findall(msgid))) and \
                set(PLACEHOLDER.findall(text)) != set(PLACEHOLDER.findall(msgid)):
            broken.append(f"{where}: {msgid!r} → {text!r}")
    assert not missing, "untranslated:\n" + "\n".join(missing)
    assert not broken, "placeholders differ:\n" + "\n".join(broken)


def test_zh_letters_carry_no_english_sentence(letter):
    """Rendered zh letters contain no untranslated wording (ids, codes and addresses aside)."""
    from letter_fixtures import CUSTOMER_FOR

    for letter_type, customer in [*CUSTOMER_FOR.items(), ("demand", "thornbury-components")]:
        data, draft = letter(customer, letter_type, "zh")
        prose = draft.md
        for name in (data.customer.full_name, data.customer.address, data.contact.name if data.contact else ""):
            prose = prose.replace(name or "\0", "")
        prose = re.sub(r"<!--.*?-->|[A-Za-z0-9._/@+-]*\d[A-Za-z0-9._/@+-]*|[a-z]+@[a-z.]+", "", prose)
        words = re.findall(r"\b[A-Za-z]{4,}\b", prose)
        allowed = {"SWIFT", "EMS", "HENGYUE", "CMBCCNBS", "letter", "visit", "demand", "final_notice",
                   "meeting", "phone", "wechat", "email", "acknowledged", "notice", "final"}
        assert not [w for w in words if w not in allowed], (letter_type, sorted(set(words) - allowed))


def test_english_letters_name_the_company_in_english(letter):
    data, draft = letter("thornbury-components", "demand")
    assert data.company.full_name == "Shanghai Hengyue Electronic Components Trading Co., Ltd."
    assert data.bank.name == "China Merchants Bank, Shanghai Zhangjiang Sub-branch"
    assert data.signatory.name == "Zhou Mingyuan"
    assert "恒岳" not in draft.md and "招商银行" not in draft.md


def test_chinese_letters_keep_the_registered_chinese_names(letter):
    data, draft = letter("ruitai-medical", "demand")
    assert data.company.full_name == "上海恒岳电子元器件贸易有限公司"
    assert "招商银行上海张江支行" in draft.md
