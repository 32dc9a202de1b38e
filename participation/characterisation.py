"""The characterisation of a grupo de valor (DAFP, «Guía para la caracterización de ciudadanos,
usuarios y grupos de interés»): its variables by dimension, kept only as aggregates (how many
people, or what share, fall in each category), never as a list of people.

A row is ``{"variable", "category", "value", "unit", "source", "date"}`` under its dimension in
``ValueGroup.characterisation``. The rules here are pure functions: the service applies them to
what the form sends and to what a file brings alike.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
import unicodedata
from collections import Counter
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError

from participation.models import ValueGroup

Dimension = ValueGroup.Dimension

PEOPLE, PERCENT = "personas", "porcentaje"
UNITS = ((PEOPLE, "Número de personas"), (PERCENT, "Porcentaje"))

# The guide's variables of each dimension, offered as suggestions (the form takes any other).
SUGGESTED_VARIABLES: dict[str, tuple[str, ...]] = {
    Dimension.GEOGRAPHIC: (
        "Ubicación (urbana / rural)",
        "Municipio",
        "Vereda o corregimiento",
        "Comuna o barrio",
        "Clima o tipo de territorio",
    ),
    Dimension.DEMOGRAPHIC: (
        "Edad",
        "Sexo",
        "Identidad de género",
        "Pertenencia étnica",
        "Escolaridad",
        "Estrato socioeconómico",
        "Ocupación",
        "Discapacidad",
        "Régimen de afiliación en salud",
        "Condición de víctima",
    ),
    Dimension.INTRINSIC: (
        "Intereses",
        "Lugares de encuentro",
        "Acceso a canales (internet, teléfono, radio)",
        "Lengua",
        "Conocimiento de la entidad",
        "Uso de redes sociales",
    ),
    Dimension.BEHAVIOURAL: (
        "Canales de atención usados",
        "Frecuencia de uso",
        "Beneficios buscados",
        "Nivel de uso de los servicios",
        "Lealtad o satisfacción",
    ),
}

# Words that name a person's identity or contact: a variable or category like these means a list
# of people is being typed, which the characterisation never keeps.
_PERSONAL_WORDS = (
    "nombre",
    "nombres",
    "apellido",
    "apellidos",
    "cedula",
    "documento",
    "identificacion",
    "correo",
    "email",
    "e-mail",
    "telefono",
    "celular",
    "whatsapp",
    "direccion de residencia",
    "firma",
)
_PERSONAL = re.compile(r"\b(" + "|".join(re.escape(w) for w in _PERSONAL_WORDS) + r")\b")
_EMAIL = re.compile(r"\S+@\S+\.\S+")
# A category that is only a document or phone number (7 digits or more, maybe with separators).
_LONG_NUMBER = re.compile(r"\+?[\d .()-]+")
# A variable whose categories all count one person each, this many or more, is a list of people.
_LIST_OF_ONES = 5

AGGREGATES_ONLY = (
    "La caracterización guarda solo agregados (cuántas personas o qué porcentaje hay en cada "
    "categoría), nunca una lista de personas."
)


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


# The guide's own variables are aggregates even when they name a channel («Acceso a canales
# (internet, teléfono, radio)»): suggested by the form, they must not be refused by it.
_GUIDE_VARIABLES = {_plain(v) for names in SUGGESTED_VARIABLES.values() for v in names}


def personal_variable(text: str) -> bool:
    """Whether a variable's name is one that identifies a person (nombre, cédula, correo...)."""
    plain = _plain(text).strip()
    return plain not in _GUIDE_VARIABLES and bool(_PERSONAL.search(plain))


def personal_category(text: str) -> bool:
    """Whether a category is a person's e-mail or a document or phone number."""
    number = bool(_LONG_NUMBER.fullmatch(text.strip())) and len(re.sub(r"\D", "", text)) >= 7
    return bool(_EMAIL.search(text)) or number


def variable_error(text: str) -> str | None:
    if personal_variable(text):
        return f"«{text}» identifica a una persona. {AGGREGATES_ONLY}"
    return None


def category_error(text: str) -> str | None:
    if personal_category(text):
        return f"«{text}» parece un correo o un número de documento o teléfono. {AGGREGATES_ONLY}"
    if personal_variable(text):
        return f"«{text}» identifica a una persona. {AGGREGATES_ONLY}"
    return None


def parse_value(raw: Any) -> tuple[Decimal, str]:
    """A number of people or a percentage («35 %», «12,5%») → (value, unit); ValueError."""
    text = str(raw).strip().replace(" ", "")
    unit = PEOPLE
    if text.endswith("%"):
        text, unit = text[:-1], PERCENT
    text = text.replace(",", ".")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"«{raw}» no es un número de personas ni un porcentaje.") from None
    if not value.is_finite() or value < 0:
        raise ValueError(f"«{raw}» no es un número de personas ni un porcentaje.")
    if unit == PERCENT and value > 100:
        raise ValueError(f"Un porcentaje va de 0 a 100, no {raw}.")
    if unit == PEOPLE and value != value.to_integral_value():
        raise ValueError(f"Un número de personas es entero; «{raw}» no lo es (¿falta el «%»?).")
    return value, unit


def row(
    dimension: str,
    variable: str,
    category: str,
    value: Decimal | int | float,
    *,
    unit: str = PEOPLE,
    source: str = "",
    date: datetime.date | None = None,
) -> tuple[str, dict[str, Any]]:
    """One aggregate as stored: (dimension, row)."""
    number = Decimal(str(value))
    return dimension, {
        "variable": variable.strip(),
        "category": category.strip(),
        "value": int(number) if unit == PEOPLE else float(number),
        "unit": unit,
        "source": source.strip(),
        "date": date.isoformat() if date else "",
    }


def check(rows: list[tuple[str, dict[str, Any]]]) -> None:
    """Refuse anything that is not an aggregate, saying which row and why (ValidationError)."""
    errors = []
    dimensions = set(Dimension.values)
    for number, (dimension, item) in enumerate(rows, start=1):
        if dimension not in dimensions:
            errors.append(f"Fila {number}: «{dimension}» no es una dimensión de la guía.")
        for message in (variable_error(item["variable"]), category_error(item["category"])):
            if message:
                errors.append(f"Fila {number}: {message}")
    ones = Counter(
        (dimension, _plain(item["variable"]))
        for dimension, item in rows
        if item["unit"] == PEOPLE and item["value"] == 1
    )
    totals = Counter((dimension, _plain(item["variable"])) for dimension, item in rows)
    for key, count in ones.items():
        if count >= _LIST_OF_ONES and count == totals[key]:
            variable = next(i["variable"] for d, i in rows if (d, _plain(i["variable"])) == key)
            errors.append(
                f"La variable «{variable}» tiene {count} categorías de una persona cada una: "
                f"parece una lista de personas. {AGGREGATES_ONLY}"
            )
    if errors:
        raise ValidationError(errors)


def stored(rows: list[tuple[str, dict[str, Any]]]) -> dict[str, list[dict[str, Any]]]:
    """The JSON kept in ValueGroup.characterisation, dimensions in the guide's order."""
    result: dict[str, list[dict[str, Any]]] = {}
    for dimension in Dimension.values:
        items = [item for d, item in rows if d == dimension]
        if items:
            result[dimension] = items
    return result


def flattened(characterisation: dict) -> list[tuple[str, dict[str, Any]]]:
    return [
        (dimension, item)
        for dimension in Dimension.values
        for item in characterisation.get(dimension, [])
    ]


def tables(characterisation: dict) -> list[tuple[str, list[dict[str, Any]]]]:
    """(dimension label, rows) for each dimension with data, in the guide's order."""
    return [
        (
            Dimension(dimension).label,
            [
                {
                    **item,
                    "date": datetime.date.fromisoformat(item["date"]) if item.get("date") else None,
                }
                for item in characterisation[dimension]
            ],
        )
        for dimension in Dimension.values
        if characterisation.get(dimension)
    ]


# -- import from a file --------------------------------------------------------------------------

COLUMNS = ("dimensión", "variable", "categoría", "valor", "fuente")
# A characterisation has tens of rows; a file with far more is not one.
MAX_ROWS = 2000
_DIMENSION_NAMES = {
    _plain(name): value
    for value, label in Dimension.choices
    for name in (value, label, label.replace("De ", ""))
}
_DIMENSION_NAMES |= {"geografico": Dimension.GEOGRAPHIC, "demografico": Dimension.DEMOGRAPHIC}
_DIMENSION_NAMES |= {"intrinseco": Dimension.INTRINSIC, "comportamental": Dimension.BEHAVIOURAL}


def _cells(content: bytes, file_name: str) -> list[list[Any]]:
    if file_name.lower().endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception:  # openpyxl raises many kinds for a file that is not a workbook
            raise ValidationError(
                f"{file_name}: no es un libro de Excel (.xlsx) legible."
            ) from None
        sheet = book.worksheets[0]
        return [list(values) for values in sheet.iter_rows(max_row=MAX_ROWS + 2, values_only=True)]
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("latin-1")
    dialect = ";" if text.count(";") > text.count(",") else ","
    return list(csv.reader(io.StringIO(text), delimiter=dialect))


def read_file(content: bytes, file_name: str, *, date: datetime.date | None = None):
    """The rows of a CSV or XLSX with columns dimensión, variable, categoría, valor, fuente
    (a header row first); ValidationError listing every error by file, row and column."""
    cells = _cells(content, file_name)
    if not cells:
        raise ValidationError(f"{file_name}: el archivo está vacío.")
    if len(cells) > MAX_ROWS + 1:
        raise ValidationError(
            f"{file_name}: tiene más de {MAX_ROWS} filas; una caracterización por agregados "
            "tiene muchas menos."
        )
    header = [_plain(str(c or "").strip()) for c in cells[0]]
    wanted = {_plain(c): c for c in COLUMNS}
    missing = [label for key, label in wanted.items() if key not in header]
    if missing:
        raise ValidationError(
            f"{file_name}, fila 1: faltan las columnas {', '.join(missing)} "
            f"(el archivo debe tener {', '.join(COLUMNS)})."
        )
    at = {key: header.index(key) for key in wanted}
    rows, errors = [], []
    for number, values in enumerate(cells[1:], start=2):
        values = list(values) + [None] * (len(header) - len(values))
        cell = {
            key: str(values[index] if values[index] is not None else "").strip()
            for key, index in at.items()
        }
        if not any(cell.values()):
            continue
        where = f"{file_name}, fila {number}"
        dimension = _DIMENSION_NAMES.get(_plain(cell["dimension"]))
        if dimension is None:
            errors.append(
                f"{where}, columna dimensión: «{cell['dimension']}» no es una dimensión "
                "(geográfica, demográfica, intrínseca o de comportamiento)."
            )
        for key, label, finder in (
            ("variable", "variable", variable_error),
            ("categoria", "categoría", category_error),
        ):
            if not cell[key]:
                errors.append(f"{where}, columna {label}: está vacía.")
            elif message := finder(cell[key]):
                errors.append(f"{where}, columna {label}: {message}")
        try:
            value, unit = parse_value(cell["valor"])
        except ValueError as error:
            errors.append(f"{where}, columna valor: {error}")
            continue
        if dimension is not None:
            rows.append(
                row(
                    dimension,
                    cell["variable"],
                    cell["categoria"],
                    value,
                    unit=unit,
                    source=cell["fuente"],
                    date=date,
                )
            )
    if errors:
        raise ValidationError(errors)
    check(rows)
    return rows
