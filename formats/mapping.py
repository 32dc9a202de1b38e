"""Which field each column of a plan table holds, read from the header text, not the position.

Shared by every reader. Tables come with one or two header rows; a top label spans the empty
cells to its right that have sub-labels under them (merged cells in the original: MES over
1..12, INDICADOR over FÓRMULA and RESULTADO, SEGUIMIENTO TRIMESTRAL over I..IV). Matching
ignores accents, case and spacing. Field names:

``number``, ``description``, ``tasks``, ``month:1``..``month:12``, ``deliverables``,
``indicator_formula``, ``indicator_target``, ``indicator_result``, ``responsible_text``,
``followup:1``..``followup:4``, ``observations``, ``mipg_text`` and ``mipg_dimension_text``
(«Política MIPG», «Dimensión MIPG»), the budget's ``bpin``, ``budget_item``, ``funding_source`` and
``appropriation``, and ``extra:<label>`` for unknown columns.
``indicator_target:<year>`` is a «Meta 2026» column: which target is the plan's is only known
once the vigencia is (the importer picks it, the other targets are kept as extra fields).

Other entities' layouts name months and periods in one header row: «ENE»…«DIC», «Enero», a
run of «1», «2», … «12» with no «MES» above, «Avance I trimestre», «Seguimiento 1», «Q1»,
«Cuatrimestre 2».
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
    (r"^politicas?\s*(de\s*)?(gestion\s*y\s*desempeno\s*)?(del?\s*)?mipg\b|^mipg$", "mipg_text"),
    (r"^dimension(es)?\s*(de\s*)?(del?\s*)?mipg\b", "mipg_dimension_text"),
    (r"^responsables?\b", "responsible_text"),
    (r"^observacion(es)?\b", "observations"),
    # Budget (issue 22): «Presupuesto», «Valor», «Valor programado», «Apropiación»; «Fuente de
    # financiación»; «BPIN», «Código BPIN», «Proyecto de inversión»; «Rubro presupuestal».
    (r"^(codigo\s*(del?\s*)?)?bpin\b|^proyecto\s*(de\s*)?inversion\b", "bpin"),
    (r"^rubro(s)?\b", "budget_item"),
    (r"^fuentes?\s*(de\s*)?(financiacion|financiamiento|recursos)\b|^fuentes?$", "funding_source"),
    (
        r"^presupuesto\b|^apropiacion\b|^valor(\s*(programado|total|apropiado|asignado))?"
        r"(\s*\(?\$\)?)?$",
        "appropriation",
    ),
)

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_ORDINALS = {"primer": 1, "primero": 1, "segundo": 2, "tercer": 3, "tercero": 3, "cuarto": 4}
# A one-row follow-up label: a period word, and a number somewhere in it.
_PERIOD_LABEL = re.compile(r"^(seguimiento|avance|reporte|trimestre|cuatrimestre|periodo|corte)\b")
_QUARTER = re.compile(r"^q\s*([1-4])$")
_YEAR_TARGET = re.compile(r"^(indicador\W*)?metas?\W*(vigencia\s*)?((19|20)\d\d)$")
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
    number = int(key) if _bare_number(key, 12) else _month_name(key)
    return (f"month:{number}", f"MES {number}") if number else None


def _bare_number(key: str, top: int) -> bool:
    return key.isascii() and key.isdigit() and 1 <= int(key) <= top


def _month_name(key: str) -> int:
    """A month's name or an abbreviation of at least three letters: "ENE", "Sept", "Marzo"."""
    names = (n for name, n in MONTH_NAMES.items() if len(key) >= 3 and name.startswith(key))
    return next(names, 0)


def _single(label: str, in_month_run: bool) -> tuple[str, str] | None:
    """A month or a follow-up period named by a label of its own, with no group label above."""
    key = normalize(label).rstrip(".")
    if in_month_run or (key.isalpha() and _month_name(key)):
        return _month("", label)
    if quarter := _QUARTER.match(key):
        return f"followup:{quarter[1]}", label
    if _PERIOD_LABEL.match(key):
        words = re.findall(r"\w+", key)
        numbers = (_ROMAN.get(w) or _ORDINALS.get(w) or (_bare_number(w, 4) and w) for w in words)
        number = next((int(n) for n in numbers if n), 0)
        return (f"followup:{number}", label) if number else None
    if year := _YEAR_TARGET.match(key):
        return f"indicator_target:{year[3]}", label
    return None


def _month_run(labels: list[str]) -> set[int]:
    """Positions of bare numbers 1..12 that follow or precede their neighbour in order: a
    cronograma numbered without «MES» above. A lone «1» is not a month."""
    numbers = [int(k) if _bare_number(k := normalize(label), 12) else 0 for label in labels]
    return {
        i
        for i, n in enumerate(numbers)
        if n
        and (
            (i > 0 and n > 1 and numbers[i - 1] == n - 1)
            or (i + 1 < len(numbers) and numbers[i + 1] == n + 1)
        )
    }


def _period(parent: str, sub: str) -> tuple[str, str] | None:
    key = re.sub(r"^(trimestre|periodo|cuatrimestre)\s+", "", normalize(sub).rstrip("."))
    number = _ROMAN.get(key) or (int(key) if key in {"1", "2", "3", "4"} else 0)
    return (f"followup:{number}", f"{parent} {sub}") if number else None


def _indicator(parent: str, sub: str) -> tuple[str, str] | None:
    if year := _YEAR_TARGET.match(normalize(sub).rstrip(".")):
        return f"indicator_target:{year[3]}", f"{parent}: {sub}"
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
    # The row that names each column: the sub-labels where there are, the top labels elsewhere.
    months = _month_run([lower or upper for upper, lower in zip(top, sub, strict=True)])
    for index, (upper, lower) in enumerate(zip(top, sub, strict=True)):
        if upper or not lower:
            spanning = upper
        column = _column(index, upper, spanning if lower else upper, lower, index in months)
        if any(column.field == other.field for other in columns):
            column = _extra(index, f"{column.label} (columna {index + 1})")
        columns.append(column)
    return columns


def _column(index: int, upper: str, parent: str, sub: str, in_month_run: bool) -> Column:
    """The column under ``upper`` (its own top cell), ``parent`` (the top label spanning it)."""
    key = normalize(parent)
    resolve = next((resolve for pattern, resolve in GROUPS if re.search(pattern, key)), None)
    if sub and resolve:
        resolved = resolve(parent, sub)
        return Column(index, *resolved) if resolved else _extra(index, f"{parent} {sub}")
    for label in filter(None, (sub, upper)):
        if single := _single(label, in_month_run):
            return Column(index, *single)
        if field := _field(label):
            return Column(index, field, label)
    return _extra(index, " ".join(filter(None, (parent, sub))))


def _extra(index: int, label: str) -> Column:
    label = label or f"columna {index + 1}"
    return Column(index, f"extra:{label}", label)


def is_table_header(cells: list[str]) -> bool:
    """Whether a row can be the activities table's header: an ACTIVIDAD(ES) column and at
    least one other column the table is known to have (N°, which is optional and may sit
    anywhere, TAREAS, a month, MES or CRONOGRAMA over them, RESPONSABLE...): a line above the
    table such as «ACTIVIDADES DEL PLAN | 2026» is not a header."""
    # A cheap look first: mapping every cell of every row of a sheet of 20,000 rows without a
    # table cost seconds.
    if not any(cell.lstrip()[:5].lower() == "activ" for cell in cells):
        return False
    labelled = [cell for cell in cells if _clean(cell)]
    if len(labelled) < 2:
        return False
    columns = map_columns(labelled)
    known = [
        column
        for column, label in zip(columns, labelled, strict=True)
        if not column.field.startswith("extra:")
        or any(re.search(pattern, normalize(label)) for pattern, _resolve in GROUPS)
    ]
    return any(c.field == "description" for c in known) and len(known) >= 2


def has_sub_header(top: list[str], second: list[str]) -> bool:
    """Whether ``second`` is a second header row under ``top`` (sub-labels: MES 1..12,
    FÓRMULA, I..IV) rather than the first activity: it is empty under ACTIVIDAD."""
    description = next((c.index for c in map_columns(top) if c.field == "description"), len(second))
    under = second[description] if description < len(second) else ""
    return not _clean(under) and any(_clean(cell) for cell in second)
