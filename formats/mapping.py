"""Which field each column of a plan table holds, read from the header text, not the position.

Tables come with one or two header rows; a top label spans the cells to its right that have
sub-labels under them (merged cells in the original: MES over 1..12, INDICADOR over FÓRMULA and
RESULTADO, SEGUIMIENTO TRIMESTRAL over I..IV). Matching ignores accents, case and spacing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from formats.text import MONTH_ABBREVIATIONS, MONTH_NAMES, normalize

ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}

# (pattern on the normalised label, field). First match wins, so specific patterns go first.
SINGLE_LABELS: tuple[tuple[str, str], ...] = (
    (r"^(n|no|nro|num|numero|#|item)\.?\s*$|^n\s*[°º]\.?$", "number"),
    (r"^actividad(es)?\b", "description"),
    (r"^tarea", "tasks"),
    (r"^(productos?|entregables?)\b", "deliverables"),
    (r"^formula( del indicador)?$", "indicator_formula"),
    (r"^indicador$", "indicator_formula"),
    (r"^meta\b", "indicator_target"),
    (r"^resultado", "indicator_result"),
    (r"^responsables?\b", "responsible_text"),
    (r"^observacion(es)?\b", "observations"),
)
GROUP_LABELS: tuple[tuple[str, str], ...] = (
    (r"^(mes|meses|cronograma)\b", "month"),
    (r"^(seguimiento|avance)\b", "followup"),
    (r"^indicador\b", "indicator"),
)


@dataclass(frozen=True)
class Column:
    index: int  # 0-based position in the row
    field: str  # e.g. "description", "month:3", "followup:2", "extra:<label>"
    label: str  # for messages: "MES 3", "SEGUIMIENTO TRIMESTRAL II"


def _first_match(patterns: tuple[tuple[str, str], ...], label: str) -> str | None:
    key = normalize(label)
    return next((field for pattern, field in patterns if re.search(pattern, key)), None)


def _single(label: str) -> str | None:
    return _first_match(SINGLE_LABELS, label)


def _group(label: str) -> str | None:
    return _first_match(GROUP_LABELS, label)


def _month_number(sub: str) -> int | None:
    key = normalize(sub).rstrip(".")
    if key.isdigit() and 1 <= int(key) <= 12:
        return int(key)
    return MONTH_NAMES.get(key) or MONTH_ABBREVIATIONS.get(key[:3] if len(key) >= 3 else "")


def _period_number(sub: str) -> int | None:
    key = normalize(sub).rstrip(".")
    key = re.sub(r"^(trimestre|periodo|cuatrimestre)\s+", "", key)
    if key in ROMAN:
        return ROMAN[key]
    return int(key) if key.isdigit() and 1 <= int(key) <= 4 else None


def map_columns(top: list[str], sub: list[str] | None = None) -> list[Column]:
    """One Column per cell of the header rows, unknown labels kept as ``extra:`` fields."""
    sub = sub or [""] * len(top)
    width = max(len(top), len(sub))
    top = [cell.strip() for cell in top] + [""] * (width - len(top))
    sub = [cell.strip() for cell in sub] + [""] * (width - len(sub))
    columns: list[Column] = []
    group_label, group = "", None
    for index, (upper, lower) in enumerate(zip(top, sub, strict=True)):
        if upper:
            group_label, group = upper, _group(upper)
        elif not lower:
            group_label, group = "", None
        columns.append(_column(index, upper, lower, group_label, group))
    return columns


def _column(index: int, upper: str, lower: str, group_label: str, group: str | None) -> Column:
    if lower and group == "month" and (month := _month_number(lower)):
        return Column(index, f"month:{month}", f"MES {month}")
    if lower and group == "followup" and (period := _period_number(lower)):
        label = f"{group_label} {lower}".strip()
        return Column(index, f"followup:{period}", label)
    if lower and group == "indicator":
        field = _single(lower)
        if field in {"indicator_formula", "indicator_target", "indicator_result"}:
            return Column(index, field, f"{group_label}: {lower}")
    label = upper or lower or group_label
    if upper and not lower and (field := _single(upper)):
        return Column(index, field, upper)
    if lower and not upper and (field := _single(lower)):
        return Column(index, field, lower)
    if upper and (field := _single(upper)):
        return Column(index, field, upper)
    return Column(
        index, f"extra:{label or f'columna {index + 1}'}", label or f"columna {index + 1}"
    )
