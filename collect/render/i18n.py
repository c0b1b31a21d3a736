"""Message catalogues: English message ids, translations in ``collect/locale/<lang>/``.

Catalogues are kept as ``.po`` text in the repository and compiled in memory when first
used, so there is no build step to forget and the wheel carries one file per language.
"""

from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
LANGUAGES = ("zh", "en")
BABEL_LOCALE = {"zh": "zh_CN", "en": "en_GB"}


@lru_cache(maxsize=None)
def translations(lang: str) -> NullTranslations:
    po = LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po"
    if lang == "en" or not po.exists():
        return NullTranslations()
    with po.open("rb") as handle:
        catalog = read_po(handle, locale=BABEL_LOCALE.get(lang, lang))
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(fp=buffer)


def gettext(lang: str, message: str) -> str:
    return translations(lang).gettext(message)


def N_(message: str) -> str:
    """Mark a message for extraction without translating it here."""
    return message
