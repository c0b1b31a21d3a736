"""Finding every translatable message: site and letter templates plus the Python modules
that mark messages with ``N_``/``gettext``. Used by the catalogue tests and by
``python -m collect.render.catalog`` to list what a translator has to cover."""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.extract import extract, extract_from_dir

from collect.render.env import default_templates

PYTHON_SOURCES = ("labels.py", "evidence.py", "site.py", "risk_text.py")
KEYWORDS = {"N_": None, "_": None, "gettext": None}


def _first(message) -> str | None:
    """The message id, or None for calls whose argument is not a literal (``_(e.label)``)."""
    if isinstance(message, str):
        return message
    literal = [m for m in message if isinstance(m, str)]
    return literal[0] if literal else None


def template_messages(folder: str) -> set[str]:
    root = default_templates() / folder
    found = extract_from_dir(
        str(root), method_map=[("**.html", "jinja2"), ("**.md", "jinja2"), ("**.txt", "jinja2")],
        options_map={"**": {"extensions": "jinja2.ext.i18n"}},
    )
    return {m for m in (_first(entry[2]) for entry in found) if m}


def python_messages(names=PYTHON_SOURCES) -> set[str]:
    out: set[str] = set()
    here = Path(__file__).resolve().parent
    for name in names:
        path = here / name
        if not path.exists():
            continue
        with path.open("rb") as handle:
            for _line, message, _comments, _context in extract("python", handle, keywords=KEYWORDS):
                if _first(message):
                    out.add(_first(message))
    return out


def site_messages() -> set[str]:
    return template_messages("site") | python_messages()


if __name__ == "__main__":  # pragma: no cover - a translator's helper
    from collect.render.i18n import translations

    trans = translations(sys.argv[1] if len(sys.argv) > 1 else "zh")
    for message in sorted(site_messages()):
        if trans.gettext(message) == message:
            print(message)
