"""Which field each column of a plan table holds, read from the header text, not the position.

Shared by every reader. Tables come with one or two header rows; a top label spans the empty
cells to its right that have sub-labels under them (merged cells in the original: MES over
1..12, INDICADOR over FÓRMULA and RESULTADO, SEGUIMIENTO TRIMESTRAL over I..IV). Matching
ignores accents, case and spacing. Field names:

``number``, ``description``, ``tasks``, ``month:1``..``month:12``, ``deliverables``,
``indicator_formula``, ``indicator_target``, ``indicator_result``, ``responsible_text``,
``followup:1``..``followup:4``, ``observations`` and ``extra:<label>`` for unknown columns.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from formats.text import MONTH_NAMES, normalize

# (regular expression on the normalised label, field). First match wins.
LABELS: tuple[tuple[str, str], ...] = (
    (r"^(n|no|nro|num|numero|#|item)\.?$|^n\.?\s*°\.?$", "number"),
    (r"^actividad(es)?\b", "description"),
    (r"^tarea", "tasks"),
    (r"^(productos?|entregables?)\b", "deliverables"),
    (r"^(indicador\W*)?metas?\b", "indicator_target"),
    (r"^(indicador\W*)?linea\s*(de\s*)?base\b", "indicator_baseline"),
    (r"^fecha\s*(de\s*)?inicio\b|^inicio$", "start_date"),
    (r"^fecha\s*(de\s*)?(fin|final|finalizacion|terminacion)\b|^(fin|final)$", "end_date"),
    (r"^(indicador\W*)?resultados?\b", "indicator_result"),
    (r"^(indicador\W*)?formula\b|^indicador\b", "indicator_formula"),
    (r"^responsables?\b", "responsible_text"),
    (r"^observacion(es)?\b", "observations"),
)

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_INDICATOR_FIELDS = {
    "indicator_formula",
    "indicator_target",
    "indicator_result",
    "indicator_baseline",
}


@dataclass(frozen=True)
class Column:
    index: int  # 0-based position in the row
    field: str  # e.g. "description", "month:3", "followup:2", "extra:PRESUPUESTO"
    label: str  # for messages: "MES 3", "SEGUIMIENTO TRIMESTRAL II", "INDICADOR: FÓRMULA"


def _field(label: str) -> str | None:
    key = normalize(label)
    return next((field for pattern, field in LABELS if re.search(pattern, key)), None)


def _month(parent: str, sub: str) -> tuple[str, str] | None:
    key = re.sub(r"^mes\s+", "", normalize(sub).rstrip("."))
    if key.isascii() and key.isdigit() and 1 <= int(key) <= 12:
        number = int(key)
    else:  # a name or an abbreviation of at least three letters: "ENE", "Sept", "Marzo"
        names = (n for name, n in MONTH_NAMES.items() if len(key) >= 3 and name.startswith(key))
        number = next(names, 0)
    return (f"month:{number}", f"MES {number}") if number else None


def _period(parent: str, sub: str) -> tuple[str, str] | None:
    key = re.sub(r"^(trimestre|periodo|cuatrimestre)\s+", "", normalize(sub).rstrip("."))
    number = _ROMAN.get(key) or (int(key) if key in {"1", "2", "3", "4"} else 0)
    return (f"followup:{number}", f"{parent} {sub}") if number else None


def _indicator(parent: str, sub: str) -> tuple[str, str] | None:
    field = _field(sub)
    return (field, f"{parent}: {sub}") if field in _INDICATOR_FIELDS else None


# Top labels that span sub-labels: (regular expression on the normalised label, resolver of a
# sub-label into (field, label)).
GROUPS: tuple[tuple[str, Callable[[str, str], tuple[str, str] | None]], ...] = (
    (r"^(mes|meses|cronograma)\b", _month),
    (r"^(seguimiento|avance)\b", _period),
    (r"^indicador\b", _indicator),
)


def _clean(cell: str) -> str:
    return " ".join(cell.replace("**", "").split())


def map_columns(top: list[str], sub: list[str] | None = None) -> list[Column]:
    """One Column per cell of the header rows; unknown labels are kept as ``extra:`` fields.

    A field can only be held by one column: a repeated one is kept as an extra field too, so
    that no cell is lost.
    """
    width = max(len(top), len(sub or []))
    top = [_clean(cell) for cell in top] + [""] * (width - len(top))
    sub = [_clean(cell) for cell in sub or []] + [""] * (width - len(sub or []))
    columns: list[Column] = []
    spanning = ""
    for index, (upper, lower) in enumerate(zip(top, sub, strict=True)):
        if upper or not lower:
            spanning = upper
        column = _column(index, upper, spanning if lower else upper, lower)
        if any(column.field == other.field for other in columns):
            column = _extra(index, f"{column.label} (columna {index + 1})")
        columns.append(column)
    return columns


def _column(index: int, upper: str, parent: str, sub: str) -> Column:
    """The column under ``upper`` (its own top cell), ``parent`` (the top label spanning it)."""
    key = normalize(parent)
    resolve = next((resolve for pattern, resolve in GROUPS if re.search(pattern, key)), None)
    if sub and resolve:
        resolved = resolve(parent, sub)
        return Column(index, *resolved) if resolved else _extra(index, f"{parent} {sub}")
    if sub and (field := _field(sub)):
        return Column(index, field, sub)
    if upper and (field := _field(upper)):
        return Column(index, field, upper)
    return _extra(index, " ".join(filter(None, (parent, sub))))


def _extra(index: int, label: str) -> Column:
    label = label or f"columna {index + 1}"
    return Column(index, f"extra:{label}", label)
