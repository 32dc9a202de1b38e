"""Text helpers shared by the readers: comparison keys, Spanish dates, month marks."""

from __future__ import annotations

import datetime
import re
import unicodedata

MONTH_NAMES = {
    "enero": 1,
    "febrero": 2,
    "marzo": 3,
    "abril": 4,
    "mayo": 5,
    "junio": 6,
    "julio": 7,
    "agosto": 8,
    "septiembre": 9,
    "setiembre": 9,
    "octubre": 10,
    "noviembre": 11,
    "diciembre": 12,
}
MONTH_ABBREVIATIONS = {name[:3]: number for name, number in MONTH_NAMES.items()}

MONTH_MARKS = {"x", "✓", "✔", "•", "●", "1", "si", "sí"}


def normalize(text: str) -> str:
    """A comparison key: lower case, no accents, no bold markers, single spaces."""
    text = text.replace("**", "")
    decomposed = unicodedata.normalize("NFKD", text.lower())
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(plain.split())


_LONG_DATE = re.compile(
    r"^(?P<day>\d{1,2})\s*(?:°|º|o)?\s+de\s+(?P<month>[a-z]+)\s+(?:de|del)\s+(?P<year>\d{4})$"
)
_NUMERIC_DATE = re.compile(r"^(?P<day>\d{1,2})[/\-.](?P<month>\d{1,2})[/\-.](?P<year>\d{4})$")


def _date(year: int, month: int, day: int, written: str, expected: str) -> datetime.date:
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise ValueError(f"«{written}» no es una fecha válida (se espera {expected}).") from None


def parse_spanish_date(text: str) -> datetime.date:
    """A date written in words, as in "29 de octubre de 2024" or "1° de marzo del 2025"."""
    match = _LONG_DATE.match(normalize(text))
    expected = "una fecha como «29 de octubre de 2024»"
    if not match or match["month"] not in MONTH_NAMES:
        raise ValueError(f"«{text.strip()}» no es una fecha válida (se espera {expected}).")
    return _date(
        int(match["year"]), MONTH_NAMES[match["month"]], int(match["day"]), text.strip(), expected
    )


def parse_numeric_date(text: str) -> datetime.date:
    """A date written as Colombians do with numbers: day first (06/03/2024)."""
    match = _NUMERIC_DATE.match(text.strip())
    expected = "dd/mm/aaaa"
    if not match:
        raise ValueError(f"«{text.strip()}» no es una fecha válida (se espera {expected}).")
    return _date(int(match["year"]), int(match["month"]), int(match["day"]), text.strip(), expected)


def parse_date(text: str) -> datetime.date:
    """Either way of writing a date."""
    try:
        return parse_numeric_date(text)
    except ValueError:
        return parse_spanish_date(text)


def is_month_mark(text: str) -> bool:
    """Whether a month cell marks the month as scheduled (X, ✓, •, 1...). Empty means no."""
    return normalize(text) in MONTH_MARKS


def title_case(text: str) -> str:
    """Spanish title case for names written in capitals: "VALLE DEL CAUCA" → "Valle del Cauca"."""
    small = {"de", "del", "la", "las", "los", "el", "y", "e", "en"}
    words = text.lower().split()
    return " ".join(
        word if index and word in small else word[:1].upper() + word[1:]
        for index, word in enumerate(words)
    )


def long_date(value: datetime.date) -> str:
    """A date as Colombians write it in words: "29 de octubre de 2024"."""
    months = list(dict.fromkeys(MONTH_NAMES))  # setiembre is only read, never written
    months.remove("setiembre")
    return f"{value.day} de {months[value.month - 1]} de {value.year}"
