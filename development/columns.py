"""The columns of a Plan Indicativo: which field each header names, by synonyms compared with
formats.text.normalize (no accents, any case), and a person's choice over that reading."""

from __future__ import annotations

import re
from dataclasses import dataclass

from formats.text import normalize

IGNORE = "ignore"
YEARS = 4

# field → (what the preview calls it, headers that name it, compared normalised)
FIELDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "line": (
        "Línea estratégica",
        ("linea estrategica", "linea", "eje estrategico", "eje", "pilar", "dimension",
         "componente estrategico", "linea estrategica del plan"),
    ),
    "sector": ("Sector", ("sector", "sector de inversion", "sector fut")),
    "program_code": ("Código del programa", ("codigo programa", "codigo del programa",
                                            "cod programa", "cod. programa")),
    "program": ("Programa", ("programa", "nombre del programa", "programa presupuestal")),
    "code": ("Código de la meta", ("codigo", "codigo meta", "codigo de la meta", "cod meta",
                                   "cod. meta", "id meta")),
    "kind": ("Tipo de meta", ("tipo de meta", "tipo meta", "tipo")),
    "description": ("Meta", ("meta", "descripcion de la meta", "descripcion meta",
                             "descripcion", "nombre de la meta")),
    "outcome": ("Meta de resultado", ("meta de resultado", "meta resultado")),
    "output": ("Meta de producto", ("meta de producto", "meta producto")),
    "indicator": ("Indicador", ("indicador", "nombre del indicador", "indicador de producto",
                                "indicador de resultado", "indicador de la meta")),
    "unit": ("Unidad de medida", ("unidad de medida", "unidad", "u. medida")),
    "baseline": ("Línea base", ("linea base", "lb", "linea de base", "valor linea base")),
    "target": ("Meta del cuatrienio", ("meta cuatrienio", "meta del cuatrienio", "meta total",
                                       "meta 2024-2027", "valor meta cuatrienio",
                                       "meta de cuatrienio", "meta plan")),
    "responsible": ("Dependencia responsable", ("dependencia responsable", "responsable",
                                                "dependencia", "secretaria responsable",
                                                "secretaria")),
}  # fmt: skip
_YEAR = re.compile(r"^meta (?:(?:ano|vigencia) )?(?P<n>[1-4]|\d{4})$")
# Without these the table is not a Plan Indicativo.
REQUIRED_ANY = ("description", "outcome", "output")


def year_field(index: int) -> str:
    return f"year:{index}"


def label_of(field: str, start_year: int) -> str:
    if field == IGNORE:
        return "No se importa"
    if field.startswith("year:"):
        index = int(field.partition(":")[2])
        return f"Meta {start_year + index - 1} (año {index})"
    return FIELDS[field][0]


def choices(start_year: int) -> list[tuple[str, str]]:
    """Every field a column can hold, for the preview's selects."""
    fields = [*FIELDS, *(year_field(i) for i in range(1, YEARS + 1)), IGNORE]
    return [(field, label_of(field, start_year)) for field in fields]


def field_of(header: str, start_year: int) -> str:
    """The field a header names, or IGNORE."""
    key = normalize(header).replace(":", "").strip()
    for field, (_label, synonyms) in FIELDS.items():
        if key in synonyms:
            return field
    found = _YEAR.match(key)
    if found:
        number = int(found["n"])
        index = number if number <= YEARS else number - start_year + 1
        if 1 <= index <= YEARS:
            return year_field(index)
    return IGNORE


@dataclass
class Column:
    position: int  # 1-based
    header: str
    field: str  # what the header says, or the person's choice
    chosen: bool = False  # the field is a person's choice


def header_row(rows: list[list[str]], start_year: int, *, search: int = 15) -> int | None:
    """The index of the first row (within ``search``) whose headers name a meta and two other
    fields."""
    for index, row in enumerate(rows[:search]):
        fields = {field_of(text, start_year) for text in row if text}
        fields.discard(IGNORE)
        if fields & set(REQUIRED_ANY) and len(fields) >= 3:
            return index
    return None


def map_columns(headers: list[str], start_year: int, chosen: dict[int, str]) -> list[Column]:
    """The columns with their fields; ``chosen`` (position → field) wins over the headers."""
    columns = []
    for position, header in enumerate(headers, start=1):
        if position in chosen:
            columns.append(Column(position, header, chosen[position], chosen=True))
        elif header:
            columns.append(Column(position, header, field_of(header, start_year)))
    return columns


def valid_choice(field: str) -> bool:
    if field in FIELDS or field == IGNORE:
        return True
    kind, _, number = field.partition(":")
    return kind == "year" and number in {str(i) for i in range(1, YEARS + 1)}
