"""Text helpers shared by the readers and writers: comparison keys, Spanish dates, month marks,
names, numbers, and what a spreadsheet would take for a formula."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal

from core.dates import MONTHS
from core.text import fold

# Month names as files write them: «setiembre» is read too (and never written, core.dates).
MONTH_NAMES = {name: number for number, name in enumerate(MONTHS, start=1)} | {"setiembre": 9}

# A cell that starts with one of these is a formula to a spreadsheet: the writers store such
# text as text (XLSX) or put a ' before it (CSV), so opening an export never runs anything.
FORMULA_STARTS = ("=", "+", "-", "@")

# Compared after normalize(), so "Sí", "SI" and " x " are marks too.
MONTH_MARKS = frozenset({"x", "✓", "✔", "•", "●", "1", "si"})

# Words that stay in lower case inside a Spanish name: "Valle del Cauca", "Alcaldía de Cartago".
_NAME_PARTICLES = frozenset({"de", "del", "la", "las", "los", "el", "y", "e", "en"})

_LONG_DATE = re.compile(
    r"^(?P<day>\d{1,2})\s*(?:°|o|ro)?\s+de\s+(?P<month>[a-z]+)\s+(?:del?\s+)?(?P<year>\d{4})$"
)
_NUMERIC_DATE = re.compile(r"^(?P<day>\d{1,2})([/\-.])(?P<month>\d{1,2})\2(?P<year>\d{4})$")


def normalize(text: str) -> str:
    """A comparison key: lower case, no accents, single spaces (core.text.fold), and no ``**``:
    the bold markers of the plan format's text version are not part of what a label says."""
    return fold(text.replace("**", ""))


def _date(year: int, month: int, day: int, written: str, expected: str) -> datetime.date:
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise ValueError(f"«{written}» no es una fecha válida (se espera {expected}).") from None


def parse_spanish_date(text: str) -> datetime.date:
    """A date in words: "29 de octubre de 2024", "29 de Octubre del 2024", "1° de marzo de 2025"."""
    written = " ".join(text.replace("**", "").split())
    expected = "una fecha como «29 de octubre de 2024»"
    match = _LONG_DATE.match(normalize(text))
    if not match or match["month"] not in MONTH_NAMES:
        raise ValueError(f"«{written}» no es una fecha válida (se espera {expected}).")
    month = MONTH_NAMES[match["month"]]
    return _date(int(match["year"]), month, int(match["day"]), written, expected)


def parse_numeric_date(text: str) -> datetime.date:
    """A date in numbers, day first as Colombians write it: "06/03/2024", "6-3-2024"."""
    written = " ".join(text.replace("**", "").split())
    expected = "dd/mm/aaaa"
    match = _NUMERIC_DATE.match(written)
    if not match:
        raise ValueError(f"«{written}» no es una fecha válida (se espera {expected}).")
    return _date(int(match["year"]), int(match["month"]), int(match["day"]), written, expected)


def is_month_mark(text: str) -> bool:
    """Whether a cronograma cell marks its month as scheduled (X, ✓, •, 1, sí...).

    An empty cell is not a mark, and neither is any other text: the caller decides whether that
    is an error.
    """
    return normalize(text) in MONTH_MARKS


def title_case(text: str) -> str:
    """Spanish title case for names written in capitals: "VALLE DEL CAUCA" → "Valle del Cauca"."""
    words = text.lower().split()
    return " ".join(
        word if index and word in _NAME_PARTICLES else word[:1].upper() + word[1:]
        for index, word in enumerate(words)
    )


def parse_date(text: str) -> datetime.date:
    """A date written either way: 06/03/2024 or 6 de marzo de 2024."""
    if re.match(r"\s*\d{1,2}\s*[/.-]", text):
        return parse_numeric_date(text)
    return parse_spanish_date(text)


# -- numbers as Colombians write them -------------------------------------------------------------

_CURRENCY = re.compile(r"^(?:\$|cop\b|col\$)\s*|\s*(?:cop|pesos)$", re.IGNORECASE)
_EXPONENT = re.compile(r"^(?P<mantissa>[0-9]+(?:[.,][0-9]+)?)[eE](?P<exponent>[+-]?[0-9]+)$")


@dataclass(frozen=True)
class WrittenNumber:
    """A number read from a cell. ``percent``: written with %. ``thousands``: a single dot
    followed by three digits («1.200»), read as the thousands separator. ``decimal_point``: a
    dot used as the decimal mark («2.5»). A column that holds both is ambiguous."""

    value: Decimal
    percent: bool = False
    thousands: bool = False
    decimal_point: bool = False


def _grouped(digits: str, separator: str) -> bool:
    return bool(re.fullmatch(r"[0-9]{1,3}(?:" + re.escape(separator) + r"[0-9]{3})+", digits))


def parse_number(text: str) -> WrittenNumber:
    """A number as Colombians write it: «1.200» is 1200, «1.200,5» is 1200.5, «$ 1.200.000»,
    «50 %», «0,5», «-3». A dot before exactly three digits is the thousands separator; any
    other single dot is a decimal point (a file in another convention: «2.5», «1,200.5»).
    Raises ValueError (Spanish) for what is not a number."""
    written = " ".join(text.split())
    plain = _CURRENCY.sub("", written.strip())
    percent = plain.endswith("%")
    plain = plain.rstrip("%").strip().replace("\u2212", "-")
    negative = plain.startswith("-")
    plain = plain.lstrip("+-").strip()
    if " " in plain:  # «1 200 000»: spaces only between groups of three digits
        whole = re.split(r"[.,]", plain)[0] if re.search(r"[.,]", plain) else plain
        if not _grouped(whole, " "):
            raise ValueError(f"«{written}» no es un número.")
        plain = plain.replace(" ", "")
    thousands = decimal_point = False
    exponent = _EXPONENT.match(plain)
    if exponent:
        mantissa = exponent["mantissa"].replace(",", ".")
        decimal_point = "." in exponent["mantissa"]
        digits = f"{mantissa}E{exponent['exponent']}"
    elif "," in plain and "." in plain:
        # The last mark is the decimal one; the other groups thousands.
        point, group = (",", ".") if plain.rfind(",") > plain.rfind(".") else (".", ",")
        whole, _, fraction = plain.rpartition(point)
        if not _grouped(whole, group) or not fraction.isdigit():
            raise ValueError(f"«{written}» no es un número.")
        digits = f"{whole.replace(group, '')}.{fraction}"
        decimal_point = point == "."
    elif plain.count(",") == 1:
        digits = plain.replace(",", ".")
    elif "," in plain:
        if not _grouped(plain, ","):
            raise ValueError(f"«{written}» no es un número.")
        digits = plain.replace(",", "")
    elif plain.count(".") > 1:
        if not _grouped(plain, "."):
            raise ValueError(f"«{written}» no es un número.")
        digits = plain.replace(".", "")
    elif "." in plain:
        if _grouped(plain, ".") and not plain.startswith("0"):
            digits, thousands = plain.replace(".", ""), True
        else:
            digits, decimal_point = plain, True
    else:
        digits = plain
    if not re.fullmatch(r"[0-9]*\.?[0-9]+(?:E[+-]?[0-9]+)?|[0-9]+\.", digits):
        raise ValueError(f"«{written}» no es un número.")
    value = Decimal(digits)
    return WrittenNumber(-value if negative else value, percent, thousands, decimal_point)


# Colombia's departments (and its capital district), as a title line names them.
DEPARTMENTS = (
    "Amazonas",
    "Antioquia",
    "Arauca",
    "Atlántico",
    "Bolívar",
    "Boyacá",
    "Caldas",
    "Caquetá",
    "Casanare",
    "Cauca",
    "Cesar",
    "Chocó",
    "Córdoba",
    "Cundinamarca",
    "Guainía",
    "Guaviare",
    "Huila",
    "La Guajira",
    "Magdalena",
    "Meta",
    "Nariño",
    "Norte de Santander",
    "Putumayo",
    "Quindío",
    "Risaralda",
    "San Andrés, Providencia y Santa Catalina",
    "Santander",
    "Sucre",
    "Tolima",
    "Valle del Cauca",
    "Vaupés",
    "Vichada",
    "Bogotá D.C.",
)
_DEPARTMENT_KEYS = {normalize(name).replace(".", ""): name for name in DEPARTMENTS} | {
    "valle": "Valle del Cauca",
    "san andres": "San Andrés, Providencia y Santa Catalina",
    "bogota": "Bogotá D.C.",
    "bogota dc": "Bogotá D.C.",
}


def department_name(text: str) -> str | None:
    """The department a text names («VALLE DEL CAUCA», «Departamento del Cauca»), else None."""
    key = normalize(text).replace(".", "").strip(" ,;-–—")
    key = re.sub(r"^(departamento|depto)\s+(del?\s+)?", "", key)
    return _DEPARTMENT_KEYS.get(key)
