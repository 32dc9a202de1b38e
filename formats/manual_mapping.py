"""A person's choice of field for some columns, over what formats.mapping read from the headers.

Choices come from the import preview, from the entity's saved template or from a JSON file given
to the import command. They are keyed by the column's label normalised (formats.text.normalize of
the label the preview shows: "mes 4", "indicador: formula", "presupuesto") or by its 1-based
position in the table (a position wins over a label). A choice is a field name of
formats.mapping, ``ignore`` (the column is not imported) or ``extra`` (kept as an additional field
under its own label).

The readers do not take the choices as an argument: the importer sets them around reading with
``choosing(...)`` and the one place that maps a table's header (seed_text's table reader, which
every grid reader goes through) passes its columns through ``apply``. A context variable keeps the
reader interface (``read(data, source)``) unchanged for the six readers and leaves header
detection, which maps candidate rows too, untouched by the choices.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator, Mapping
from contextvars import ContextVar
from typing import Any

from formats.document import ImportFileError, Location
from formats.mapping import Column
from formats.text import normalize

IGNORE = "ignore"
EXTRA = "extra"
# Fields a column can hold, besides month:1..12 and followup:1..4 (formats.mapping).
FIELDS = (
    "number",
    "description",
    "tasks",
    "deliverables",
    "indicator_formula",
    "indicator_target",
    "indicator_baseline",
    "indicator_result",
    "start_date",
    "end_date",
    "responsible_text",
    "observations",
    "mipg_text",
    "mipg_dimension_text",
    "bpin",
    "budget_item",
    "funding_source",
    "appropriation",
)
NUMBERED = {"month": 12, "followup": 4}
# The table cannot be read as a plan without an activity column; without N° the activities are
# numbered in order (formats.readers.seed_text).
REQUIRED = {"description": "Actividad"}

Choices = dict[int | str, str]

_current: ContextVar[Choices | None] = ContextVar("column_choices", default=None)


def choice_problem(choice: Any) -> str | None:
    """Why ``choice`` is not a field a column can hold (Spanish), or None if it is."""
    if not isinstance(choice, str):
        return "el campo debe ser un texto"
    if choice in FIELDS or choice in (IGNORE, EXTRA):
        return None
    kind, _, number = choice.partition(":")
    if kind in NUMBERED:
        top = NUMBERED[kind]
        if not (number.isascii() and number.isdigit() and 1 <= int(number) <= top):
            return f"«{choice}»: el número va de 1 a {top}"
        return None
    return f"«{choice}» no es un campo del plan"


def parse(data: Any, source: str) -> Choices:
    """Choices from decoded JSON (an object of column → field); ImportFileError names the key."""
    if not isinstance(data, Mapping):
        raise ImportFileError(
            'debe ser un objeto JSON de columna → campo, p. ej. {"PRESUPUESTO": "ignore"}.',
            Location(source),
        )
    choices: Choices = {}
    held: dict[str, str] = {}
    for key, choice in data.items():
        problem = choice_problem(choice)
        if problem:
            raise ImportFileError(f"clave «{key}»: {problem}.", Location(source))
        target: int | str = int(key) if re.fullmatch(r"[0-9]+", str(key)) else normalize(key)
        if target == 0 or target == "":
            raise ImportFileError(
                f"clave «{key}»: indique la etiqueta de la columna o su posición (desde 1).",
                Location(source),
            )
        if choice not in (IGNORE, EXTRA):
            if choice in held:
                raise ImportFileError(
                    f"clave «{key}»: el campo «{choice}» ya está en la clave «{held[choice]}»; "
                    "cada campo va en una sola columna.",
                    Location(source),
                )
            held[choice] = key
        choices[target] = choice
    return choices


@contextlib.contextmanager
def choosing(choices: Choices | None) -> Iterator[None]:
    """Apply ``choices`` to the tables read inside the block."""
    token = _current.set(choices or None)
    try:
        yield
    finally:
        _current.reset(token)


def apply(columns: list[Column], where: Location) -> list[Column]:
    """The columns with the current choices applied; a field held by two columns, or a table
    left without Actividad, is an ImportFileError at ``where`` (the header)."""
    choices = _current.get()
    if not choices:
        return columns
    chosen: list[Column] = []
    for column in columns:
        choice = choices.get(column.index + 1) or choices.get(normalize(column.label))
        if choice == IGNORE:
            column = Column(column.index, IGNORE, column.label)
        elif choice == EXTRA:
            column = Column(column.index, f"extra:{column.label}", column.label)
        elif choice:
            column = Column(column.index, choice, column.label)
        chosen.append(column)
    holders: dict[str, Column] = {}
    for column in chosen:
        if column.field == IGNORE or column.field.startswith("extra:"):
            continue
        if column.field in holders:
            first = holders[column.field]
            raise ImportFileError(
                f"las columnas {first.index + 1} ({first.label}) y {column.index + 1} "
                f"({column.label}) quedaron en el mismo campo; cada campo va en una sola columna.",
                where,
            )
        holders[column.field] = column
    for field, name in REQUIRED.items():
        if field not in holders:
            raise ImportFileError(
                f"ninguna columna quedó como «{name}»; asigne ese campo a una columna.", where
            )
    return chosen
