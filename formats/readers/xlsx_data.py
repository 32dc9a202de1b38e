"""The «Datos» sheet of planaccion's own XLSX (formats.writers.xlsx_data), read back.

The records are read as the CSV and JSON ones are (formats.readers.opendata). They are trusted
only as far as they agree with the official sheet, which is what a person edits: an activity
whose visible cells (number, description, tasks, months, deliverables, indicator, responsables,
follow-up) say something else is taken from the official sheet, keeping from «Datos» only what
that sheet cannot show (weight, indicator type and unit, baseline, dates, per-period targets,
observations, other columns); its follow-up states and values are kept only where its
SEGUIMIENTO cells are unchanged. A header field that differs is taken from the official sheet.
Each difference is named in the import's notes.
"""

from __future__ import annotations

import dataclasses
import json
from decimal import Decimal, InvalidOperation

from formats.document import ActivityRow, ImportFileError, Location, PlanDocument
from formats.limits import Budget
from formats.readers.grid import cell_text
from formats.readers.opendata import document_from_records
from formats.writers.xlsx_data import ACTIVITY, HEADER, PLAN, SHEET

# ActivityRow fields the official sheet shows, with their Spanish names for the notes.
VISIBLE = {
    "description": "actividad",
    "tasks": "tareas",
    "months": "meses",
    "deliverables": "productos entregables",
    "indicator_formula": "fórmula",
    "indicator_target": "meta",
    "indicator_result": "resultado",
    "responsible_text": "responsables",
    "followup": "seguimiento",
}
HEADER_VISIBLE = {
    "process": "proceso",
    "subprocess": "subproceso",
    "objective": "objetivo",
    "scope": "alcance",
    "formulating_unit": "dependencia responsable",
    "plan_date": "fecha del plan",
    "plan_type": "tipo de plan",
}
CONTROL_VISIBLE = {
    "nit": "NIT",
    "code": "código",
    "version": "versión",
    "approval_date": "fecha de aprobación",
}


def read_data_sheet(sheet, source: str, budget: Budget) -> PlanDocument:
    """The document the «Datos» sheet holds; a row that is not a record is refused by place."""
    plan: dict | None = None
    activities: list[dict] = []
    for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
        budget.check_rows(number, SHEET)
        budget.add_cells(len(row), SHEET)
        texts = [cell_text(value) for value in row]
        if number == 1:
            if tuple(texts[:2]) != HEADER:
                raise _not_ours(source, number)
            continue
        kind, text = (texts[0] if texts else ""), "".join(texts[1:])
        if not kind and not text:
            continue
        budget.add_text(len(text))
        try:
            record = json.loads(text)
        except ValueError:
            record = None
        if kind not in (PLAN, ACTIVITY) or not isinstance(record, dict):
            raise _not_ours(source, number)
        if kind == PLAN:
            plan = record
        else:
            activities.append(record)
    if plan is None:
        raise _not_ours(source, 2)
    document = document_from_records(plan, activities, source, row_offset=2, sheet=SHEET)
    document.notes[-1] = f"Leído de la hoja «{SHEET}» del Excel exportado por planaccion."
    return document


def _not_ours(source: str, line: int) -> ImportFileError:
    return ImportFileError(
        f"la hoja «{SHEET}» no es la que exporta planaccion (registro plan o actividad con su "
        "JSON); bórrela para importar solo la hoja del formato.",
        Location(source, line, sheet=SHEET),
    )


def _same_number(a: str, b: str) -> bool:
    try:
        return Decimal(a.replace(",", ".")) == Decimal(b.replace(",", "."))
    except InvalidOperation:
        return a == b


def _differences(shown: ActivityRow, data: ActivityRow) -> list[str]:
    found = []
    for name, label in VISIBLE.items():
        mine, theirs = getattr(shown, name), getattr(data, name)
        if name == "indicator_target" and mine and theirs and _same_number(mine, theirs):
            continue
        if name == "months":
            mine, theirs = sorted(set(mine)), sorted(set(theirs))
        if name == "responsible_text" and not theirs:
            continue  # the official sheet shows the directory's names where none were written
        if mine != theirs:
            found.append(label)
    return found


def reconcile(shown: PlanDocument, data: PlanDocument) -> PlanDocument:
    """The plan: «Datos» where the official sheet agrees with it, the official sheet where it
    does not (module docstring)."""
    notes: list[str] = []
    header = dataclasses.replace(data.header)
    for name, label in HEADER_VISIBLE.items():
        if name in ("formulating_unit",) and not getattr(data.header, name):
            continue
        if getattr(shown.header, name) != getattr(data.header, name):
            setattr(header, name, getattr(shown.header, name))
            notes.append(label)
    control = dataclasses.replace(data.control)
    for name, label in CONTROL_VISIBLE.items():
        if getattr(shown.control, name) != getattr(data.control, name):
            setattr(control, name, getattr(shown.control, name))
            notes.append(label)
    if shown.header.participating_units.replace("; ", ", ") != ", ".join(
        part.strip() for part in data.header.participating_units.split(";")
    ).strip(", "):
        header.participating_units = shown.header.participating_units
        notes.append("dependencias participantes")
    by_number = {row.number: row for row in data.rows}
    rows = []
    for row in shown.rows:
        stated = by_number.get(row.number)
        if stated is None:
            rows.append(row)
            notes.append(f"actividad {row.number} (nueva)")
            continue
        differences = _differences(row, stated)
        if not differences:
            rows.append(dataclasses.replace(stated, location=row.location))
            continue
        notes.append(f"actividad {row.number} ({', '.join(differences)})")
        hidden = {
            name: getattr(stated, name)
            for name in (
                "months_stated",
                "weight",
                "indicator_type",
                "indicator_unit",
                "indicator_over_100",
                "indicator_negative",
                "indicator_baseline",
                "start_date",
                "end_date",
                "period_targets",
                "observations",
                "extra",
            )
        }
        # Budget columns are shown only when the plan uses budget: otherwise the data sheet's.
        for name in ("bpin", "budget_item", "funding_source", "appropriation"):
            if not getattr(row, name):
                hidden[name] = getattr(stated, name)
        if row.followup == stated.followup:
            hidden["reports"] = stated.reports
        rows.append(dataclasses.replace(row, **hidden))
    removed = by_number.keys() - {row.number for row in shown.rows}
    notes += [f"actividad {number} (quitada)" for number in sorted(removed)]
    document = dataclasses.replace(shown, header=header, control=control, rows=rows)
    document.year, document.plan_type_code = data.year, data.plan_type_code
    if header.plan_type != data.header.plan_type:
        document.plan_type_code = ""
    document.header.title = data.header.title
    document.notes = list(shown.notes)
    if notes:
        document.notes.append(
            f"La hoja «{SHEET}» difiere de la hoja del formato en: {'; '.join(notes)}. Se tomó "
            "lo que dice la hoja del formato."
        )
    else:
        document.notes = list(data.notes)
    return document
