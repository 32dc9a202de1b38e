"""The project's own open-data files (CSV and JSON, docs/datos-abiertos.md) read back as plans."""

from __future__ import annotations

import csv
import json
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from formats.document import ActivityRow, FollowupEntry, ImportFileError, Location, PlanDocument
from formats.limits import MAX_JSON_DEPTH, Budget, number
from formats.opendata import ACTIVITY_FIELD_NAMES, PLAN_FIELD_NAMES
from formats.readers.base import decode_text, lines
from formats.text import parse_numeric_date
from organization.nit import InvalidNit, parse_nit

PERIODS = ("i", "ii", "iii", "iv")
LIST_SEPARATOR = "; "
FORMULA_GUARD = "'"  # what the CSV writer puts before a cell that starts like a formula
# The values of plans.models.Activity.IndicatorType and followup.models.Report.Status: a reader
# knows files, not the database.
INDICATOR_TYPES = ("numero", "porcentaje", "hito")
REPORT_STATES = ("borrador", "enviado", "devuelto", "validado")


def _list(value: Any) -> list[str]:
    """A list: a JSON array, or in CSV a text joined with «; » or, when an item holds a «;»
    (formats.writers.opendata), a JSON array written as text."""
    if isinstance(value, list):
        return [str(item) for item in value]
    text = str(value or "")
    if text.startswith("["):
        try:
            items = json.loads(text)
        except ValueError:
            items = None
        if isinstance(items, list) and all(isinstance(item, str | int) for item in items):
            return [str(item) for item in items]
    return [item.strip() for item in text.split(LIST_SEPARATOR.strip()) if item.strip()]


def _decimal(value: Any, name: str, where: Location) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite():
        raise ImportFileError(f"{name} «{value}» no es un número (use punto decimal).", where)
    return number


def _stated_number(value: Any) -> str:
    """A target or baseline as the importer reads every table's: open data writes numbers with a
    decimal point («1.125», «2.500»), which formats.text.parse_number would take for thousands, so
    a number goes on with a decimal comma; anything else goes on as written, for the importer to
    judge and name."""
    if value in (None, ""):
        return ""
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        return str(value)
    if not number.is_finite():
        return str(value)
    return format(number, "f").replace(".", ",")


def _boolean(value: Any, name: str, where: Location) -> bool | None:
    if value in (None, ""):
        return None
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text not in ("true", "false"):
        raise ImportFileError(f"{name} «{value}» debe ser true o false.", where)
    return text == "true"


def _object(value: Any, name: str, where: Location) -> dict[str, str]:
    if value in (None, ""):
        return {}
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            value = None
    if not isinstance(value, dict):
        raise ImportFileError(f"{name} debe ser un objeto JSON (nombre → texto).", where)
    return {str(key): "" if item is None else str(item) for key, item in value.items()}


def _field(where: Location, name: str) -> Location:
    """The place of one field: its column in a CSV row, its key in a JSON activity."""
    names = PLAN_FIELD_NAMES + ACTIVITY_FIELD_NAMES
    column = names.index(name) + 1 if where.line is not None and name in names else None
    return Location(where.source, where.line, column, name, where.sheet)


def _typed(parse, item: dict[str, Any], name: str, where: Location) -> Any:
    return parse(item.get(name), name, _field(where, name))


def _details(item: dict[str, Any], where: Location) -> dict[str, Any]:
    """What only planaccion's own export carries of an activity (formats.opendata, at the end
    of the list), as ActivityRow fields."""
    kind = str(item.get("indicador_tipo") or "")
    if kind and kind not in INDICATOR_TYPES:
        raise ImportFileError(
            f"indicador_tipo «{kind}» debe ser uno de: {', '.join(INDICATOR_TYPES)}.",
            _field(where, "indicador_tipo"),
        )
    reports = {}
    for index, period in enumerate(PERIODS, start=1):
        status = str(item.get(f"estado_seguimiento_{period}") or "")
        if not status:
            continue
        if status not in REPORT_STATES:
            raise ImportFileError(
                f"estado_seguimiento_{period} «{status}» debe ser uno de: "
                f"{', '.join(REPORT_STATES)}.",
                _field(where, f"estado_seguimiento_{period}"),
            )
        reports[index] = FollowupEntry(
            status=status,
            value=_typed(_decimal, item, f"valor_{period}", where),
            numerator=_typed(_decimal, item, f"numerador_{period}", where),
            denominator=_typed(_decimal, item, f"denominador_{period}", where),
            delivered=_typed(_boolean, item, f"entregado_{period}", where),
        )
    targets = {
        index: _typed(_decimal, item, f"meta_{period}", where)
        for index, period in enumerate(PERIODS, start=1)
    }
    return {
        "months_stated": True,
        "weight": _typed(_decimal, item, "ponderacion", where),
        "indicator_type": kind,
        "indicator_unit": str(item.get("indicador_unidad") or ""),
        "indicator_baseline": _stated_number(item.get("indicador_linea_base")),
        "indicator_over_100": _typed(_boolean, item, "indicador_supera_100", where),
        "indicator_negative": _typed(_boolean, item, "indicador_admite_negativos", where),
        "start_date": _date(item.get("fecha_inicio"), _field(where, "fecha_inicio")),
        "end_date": _date(item.get("fecha_fin"), _field(where, "fecha_fin")),
        "period_targets": {n: t for n, t in targets.items() if t is not None},
        "observations": str(item.get("observaciones") or ""),
        "mipg_text": LIST_SEPARATOR.join(_list(item.get("politicas_mipg"))),
        "bpin": str(item.get("bpin") or ""),
        "budget_item": str(item.get("rubro") or ""),
        "funding_source": str(item.get("fuente_financiacion") or ""),
        "appropriation": str(
            item.get("apropiacion") if item.get("apropiacion") is not None else ""
        ),
        "extra": _typed(_object, item, "otros_campos", where),
        "reports": reports,
    }


def _date(value: Any, where: Location):
    if not value:
        return None
    try:
        return parse_numeric_date("/".join(reversed(str(value).split("-"))))
    except ValueError as exc:
        raise ImportFileError(f"«{value}» no es una fecha AAAA-MM-DD.", where) from exc


def document_from_records(
    plan: dict[str, Any],
    activities: list[dict[str, Any]],
    source: str,
    *,
    row_offset: int = 1,
    sheet: str = "",
) -> PlanDocument:
    """A PlanDocument from open-data records; row numbers count the CSV header as row 1."""
    document = PlanDocument(source=source)
    where = Location(source, line=row_offset + 1 if activities else None, sheet=sheet)
    control, header = document.control, document.header
    control.entity_name = str(plan.get("entidad_nombre") or "")
    if plan.get("entidad_nit"):
        try:
            control.nit = str(parse_nit(str(plan["entidad_nit"])))
        except InvalidNit as exc:
            raise ImportFileError(str(exc), where) from exc
    control.code = str(plan.get("codigo_formato") or "")
    version = plan.get("version_formato")
    if version not in (None, ""):
        if not str(version).isdigit():
            raise ImportFileError(f"la versión «{version}» no es un número entero.", where)
        control.version = int(version)
    control.approval_date = _date(plan.get("fecha_aprobacion_formato"), where)
    document.places = {"approval_date": where, "plan_date": where}
    header.process = str(plan.get("proceso") or "")
    header.subprocess = str(plan.get("subproceso") or "")
    header.objective = str(plan.get("objetivo") or "")
    header.scope = str(plan.get("alcance") or "")
    header.formulating_unit = str(plan.get("dependencia_responsable") or "")
    header.participating_units = "; ".join(_list(plan.get("dependencias_participantes")))
    header.plan_date = _date(plan.get("fecha_plan"), where)
    header.title = str(plan.get("titulo") or "")
    header.plan_type = str(plan.get("tipo") or "")
    document.plan_type_code = str(plan.get("tipo_codigo") or "")
    year = str(plan.get("vigencia") or "").strip()
    if year:
        if not year.isdigit():
            raise ImportFileError(f"la vigencia «{year}» no es un año.", _field(where, "vigencia"))
        document.year = int(year)
    for index, item in enumerate(activities):
        line = Location(source, line=row_offset + 1 + index, sheet=sheet)
        number = str(item.get("numero") or "").strip()
        if not number.isdigit() or int(number) == 0:
            raise ImportFileError(
                f"«{number}» no es un número de actividad.",
                _field(line, "numero"),
            )
        months = _list(item.get("meses_programados"))
        if any(not m.isdigit() or not 1 <= int(m) <= 12 for m in months):
            raise ImportFileError(f"meses_programados «{months}» no son meses del 1 al 12.", line)
        document.rows.append(
            ActivityRow(
                number=int(number),
                description=str(item.get("actividad") or ""),
                tasks=_list(item.get("tareas")),
                months=[int(m) for m in months],
                deliverables=str(item.get("productos_entregables") or ""),
                indicator_formula=str(item.get("indicador_formula") or ""),
                indicator_target=_stated_number(item.get("indicador_meta")),
                indicator_result=str(item.get("indicador_resultado") or ""),
                responsible_text=str(item.get("responsables_texto") or ""),
                followup={
                    n: str(item[f"seguimiento_{p}"])
                    for n, p in enumerate(PERIODS, start=1)
                    if item.get(f"seguimiento_{p}") not in (None, "")
                },
                location=line,
                **_details(item, line),
            )
        )
    document.notes.append("Leído como datos abiertos de planaccion (diccionario de datos).")
    return document


def is_open_data_header(names: list[str]) -> bool:
    return {"entidad_nit", "numero", "actividad"} <= set(names)


def read_csv_records(text: str, budget: Budget) -> tuple[dict, list[dict]] | None:
    """Plan and activity records when the CSV is planaccion's open data, else None."""
    reader = csv.DictReader(lines(text))
    if not reader.fieldnames or not is_open_data_header(list(reader.fieldnames)):
        return None
    records = []
    for row in reader:
        budget.check_rows(len(records) + 1)
        budget.add_cells(len(row))
        records.append(
            {
                key: value[1:]
                if value and value[:1] == FORMULA_GUARD and value[1:2] in "=+-@"
                else value
                for key, value in row.items()
            }
        )
    if not records:
        return None
    return records[0], records


# A JSON string, escapes included: what is inside one is not structure.
JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')
NOT_A_BRACKET = re.compile(r"[^\[\]{}]")


def _count_json(text: str, budget: Budget) -> None:
    """Count a JSON text's values and its nesting before it is parsed: the parser would build
    every value, and recurse once per level."""
    structure = JSON_STRING.sub('""', text)
    containers = structure.count("[") + structure.count("{")
    budget.add_cells(containers + structure.count(","), what="valores")
    depth = deepest = 0
    for bracket in NOT_A_BRACKET.sub("", structure):
        depth += 1 if bracket in "[{" else -1
        deepest = max(deepest, depth)
    if deepest > MAX_JSON_DEPTH:
        raise budget.refuse(f"anida más de {number(MAX_JSON_DEPTH)} niveles", MAX_JSON_DEPTH)


class JsonReader:
    name = "JSON"
    extensions = (".json",)

    def read(self, data: bytes, source: str) -> PlanDocument:
        budget = Budget(source, len(data))
        text = decode_text(data, source)
        _count_json(text, budget)
        try:
            content = json.loads(text)
            plan, activities = content["plan"], content["actividades"]
            if not isinstance(plan, dict) or not isinstance(activities, list):
                raise TypeError
            if not all(isinstance(activity, dict) for activity in activities):
                raise TypeError
        except (ValueError, KeyError, TypeError):
            raise ImportFileError(
                "no es un plan en JSON con las claves «plan» y «actividades».", Location(source)
            ) from None
        budget.check_rows(len(activities), what="actividades")
        return document_from_records(plan, activities, source, row_offset=0)
