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
    """All catalogues of a language (messages.po for the site, letters.po for letters)
    merged into one; English is the message ids themselves."""
    folder = LOCALE_DIR / lang / "LC_MESSAGES"
    files = sorted(folder.glob("*.po")) if lang != "en" and folder.is_dir() else []
    if not files:
        return NullTranslations()
    merged: Translations | None = None
    for po in files:
        with po.open("rb") as handle:
            catalog = read_po(handle, locale=BABEL_LOCALE.get(lang, lang))
        buffer = io.BytesIO()
        write_mo(buffer, catalog)
        buffer.seek(0)
        part = Translations(fp=buffer)
        if merged is None:
            merged = part
        else:
            merged.merge(part)
    return merged


def gettext(lang: str, message: str) -> str:
    return translations(lang).gettext(message)


def N_(message: str) -> str:
    """Mark a message for extraction without translating it here."""
    return message
