"""What a view reads from an address: a whole number or nothing, never a server error.

``"²".isdigit()`` is true and ``int("²")`` fails; a 5,000-digit number exceeds Python's limit
for converting text to int and every database integer column.
"""

from __future__ import annotations


def whole_number(text: str | None, *, digits: int = 18) -> int | None:
    """``text`` as a non-negative whole number written in ASCII digits (at most ``digits`` of
    them), else None."""
    if text and text.isascii() and text.isdigit() and len(text) <= digits:
        return int(text)
    return None
