"""The one way text is folded for comparison: lower case, no accents, single spaces.

Readers compare headers and labels with it (formats.text.normalize), the directory compares the
names of dependencias (organization.directory.name_key), the importer recognises plan types.
Each of those adds what its own comparison needs, on top of this.
"""

from __future__ import annotations

import unicodedata


def strip_accents(text: str) -> str:
    """The text without its accents and other combining marks («Planeación» → «Planeacion»),
    compatibility characters decomposed (NFKD: «ﬁ» → «fi», «²» → «2»)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def fold(text: str) -> str:
    """A comparison key: lower case, no accents, single spaces, no edge spaces."""
    return " ".join(strip_accents(text.lower()).split())
