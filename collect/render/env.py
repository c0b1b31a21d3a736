"""The Jinja environment shared by the site and the letters.

Templates are searched first in the ledger repository's own ``site_templates/`` and then
in the default theme, file by file, so a team can override one page or one letter
without copying the rest. Autoescaping is always on.
"""

from __future__ import annotations

from pathlib import Path

import jinja2

from collect.render import labels
from collect.render.formatting import Formatter
from collect.render.i18n import translations
from collect.render.paths import customer_page, invoice_anchor, slug


def default_templates() -> Path:
    """The theme shipped in the wheel (collect/site_templates), or the source checkout's."""
    package = Path(__file__).resolve().parent.parent
    for candidate in (package / "site_templates", package.parent / "site_templates"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("the default site_templates folder is missing from the installation")


def template_dirs(ledger_root: Path | None) -> list[Path]:
    dirs = []
    if ledger_root is not None:
        own = ledger_root.resolve().parent / "site_templates"
        if own.is_dir() and own.resolve() != default_templates().resolve():
            dirs.append(own)
    dirs.append(default_templates())
    return dirs


def make_env(lang: str, ledger_root: Path | None) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader([jinja2.FileSystemLoader(str(d)) for d in template_dirs(ledger_root)]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    trans = translations(lang)
    env.install_gettext_translations(trans, newstyle=True)  # type: ignore[attr-defined]
    env.globals["_"] = _remembered_gettext(env.globals["gettext"])
    fmt = Formatter(lang)
    env.globals.update(
        lang=lang,
        fmt=fmt,
        label=_Labels(trans),
        reason_text=lambda reason: reason_text(reason, trans, fmt),
        invoice_anchor=invoice_anchor,
        customer_page=customer_page,
        slug=slug,
        ledger_root=ledger_root,
    )
    return env


def _remembered_gettext(installed):
    """``_("text")`` as Jinja's i18n extension defines it, but a message without
    placeholders is translated and formatted once: a large site shows the same
    column headings and labels hundreds of thousands of times."""
    memo: dict[tuple[str, bool], str] = {}

    @jinja2.pass_context
    def gettext_alias(context, *args, **kwargs):
        gettext = context.resolve("gettext")
        if kwargs or len(args) != 1 or not isinstance(args[0], str) or gettext is not installed:
            return context.call(gettext, *args, **kwargs)
        key = (args[0], bool(context.eval_ctx.autoescape))
        text = memo.get(key)
        if text is None:
            text = memo[key] = context.call(gettext, args[0])
        return text

    return gettext_alias


class _Labels:
    """``label(group, code)`` in templates: the translated label, remembered (a large site
    asks for the same few labels hundreds of thousands of times)."""

    def __init__(self, trans):
        self.trans = trans
        self.memo: dict[tuple[str, str | None], str] = {}

    def __call__(self, group: str, code: str | None) -> str:
        key = (group, code)
        text = self.memo.get(key)
        if text is None:
            text = self.memo[key] = _label(self.trans, group, code)
        return text


def _label(trans, group: str, code: str | None) -> str:
    if code is None:
        return "—"
    table = getattr(labels, group.upper())
    text = table.get(code)
    return trans.gettext(text) if text else code


def reason_text(reason, trans, fmt: Formatter) -> str:
    params = dict(reason.params)
    currency = params.get("currency", "")
    shown = dict(params)
    for key in ("amount", "promised"):
        if key in params and currency:
            from decimal import Decimal

            shown[key] = fmt.money(Decimal(params[key]), currency)
    template = labels.REASONS.get(reason.code)
    text = trans.gettext(template).format_map(_Blank(shown)) if template else reason.code
    parts = [text]
    if params.get("last_letter"):
        letter = _label(trans, "letters", params.get("last_letter_type"))
        parts.append(trans.gettext(labels.LAST_LETTER).format(letter=letter, date=params["last_letter"]))
    if params.get("raised"):
        parts.append(trans.gettext(labels.RAISED))
    separator = "；" if fmt.lang == "zh" else "; "
    return separator.join(parts)


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return "?"
