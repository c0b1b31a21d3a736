"""Letter drafts: reminders, 催款函, final notices, lawyer's-letter drafts, statements,
acknowledgements and payment plans, in zh and en, as Markdown, print-ready HTML and .eml.

The pipeline reads top to bottom: ``select`` picks the letters due, ``content`` works out
every figure into a :class:`LetterData` (from the engine's state, never anew),
``render`` fills the templates, ``eml`` wraps the result in a draft e-mail, ``drafts``
writes the files.
"""

from collect.render.letters.drafts import render_due_letters, write_letters

__all__ = ["render_due_letters", "write_letters"]
