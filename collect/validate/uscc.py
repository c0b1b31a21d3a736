"""统一社会信用代码 (Unified Social Credit Code) check, GB 32100-2015.

Letters and statements name the debtor by its full registered name *and* its
credit code; a mistyped code sends a demand to the wrong legal person, so the
ledger checks every code before anything is rendered. Only the form and the
18th (check) character are verified: whether the code was actually issued can
be answered only by the national registry.

Not checked (deliberately, to avoid rejecting real codes on a stricter reading):
the registration-authority and type characters (positions 1-2), the division
code (3-8) and the GB 11714 check inside the organisation code (9-17).
"""

from __future__ import annotations

__all__ = ["CHARSET", "uscc_check_char", "uscc_problem"]

#: The 31 characters a code may use, in value order 0..30 (no I, O, Z, S, V:
#: they are too easily confused with 1, 0, 2, 5 and U).
CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_VALUE = {ch: i for i, ch in enumerate(CHARSET)}
#: Weights of positions 1..17: 3**(i-1) mod 31.
_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_LENGTH = 18


def uscc_check_char(first17: str) -> str:
    """Return the 18th character that GB 32100-2015 requires after ``first17``.

    Raises ValueError if ``first17`` is not 17 characters from :data:`CHARSET`,
    because a check character of an invalid body means nothing.
    """
    if len(first17) != _LENGTH - 1:
        raise ValueError(f"expected 17 characters, got {len(first17)}")
    bad = [ch for ch in first17 if ch not in _VALUE]
    if bad:
        raise ValueError(f"character {bad[0]!r} is not allowed in a credit code")
    total = sum(_VALUE[ch] * w for ch, w in zip(first17, _WEIGHTS))
    return CHARSET[(31 - total % 31) % 31]


def uscc_problem(code: str) -> str | None:
    """Return None for a well-formed code, else one English sentence saying what is wrong.

    A sentence rather than a bool so the ledger's validation report can tell the
    user which character to fix. Problems are reported in order: length, then
    the first bad character, then the check character.
    """
    if len(code) != _LENGTH:
        return f"A credit code must be 18 characters, but {code!r} has {len(code)}."
    for position, ch in enumerate(code, start=1):
        if ch in _VALUE:
            continue
        if ch.upper() in _VALUE:
            return (
                f"The character {ch!r} at position {position} is lower case; "
                "letters must be upper case."
            )
        return (
            f"The character {ch!r} at position {position} is not allowed; a credit code "
            f"uses only 0-9 and {CHARSET[10:]} (no I, O, Z, S or V)."
        )
    expected = uscc_check_char(code[:17])
    if code[17] != expected:
        return (
            f"The check character is {code[17]}, but the first 17 characters "
            f"give {expected}."
        )
    return None
