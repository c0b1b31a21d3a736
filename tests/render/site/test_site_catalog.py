"""The zh site catalogue covers every message the site can show."""

from __future__ import annotations

import re

from collect.render import labels
from collect.render.catalog import site_messages
from collect.render.i18n import translations

PERCENT = re.compile(r"%\((\w+)\)[sd]")
BRACES = re.compile(r"\{(\w+)\}")
# The same in both languages on purpose.
SAME_IN_ZH: set[str] = set()


def _placeholders(text: str) -> tuple[list[str], list[str]]:
    return sorted(PERCENT.findall(text)), sorted(BRACES.findall(text))


def test_site_messages_are_found():
    messages = site_messages()
    assert "Dashboard" in messages  # a template
    assert labels.STEPS["reminder"] in messages  # a Python label
    assert "Contract" in messages  # the evidence checklist
    assert len(messages) > 150


def test_every_site_message_has_a_zh_translation_with_the_same_placeholders():
    zh = translations("zh")
    missing, mismatched = [], []
    for message in sorted(site_messages()):
        translated = zh.gettext(message)
        if translated == message and message not in SAME_IN_ZH:
            missing.append(message)
        elif _placeholders(translated) != _placeholders(message):
            mismatched.append(f"{message!r} → {translated!r}")
    assert not missing, "no zh translation (add to tools/zh_site_messages.py, then run tools/write_po.py):\n" + \
        "\n".join(missing)
    assert not mismatched, "placeholders differ:\n" + "\n".join(mismatched)
