"""Import of a Plan Indicativo (XLSX or CSV, one row per meta) into a Plan de Desarrollo.

Reading (``read``) saves nothing: it finds the sheet and the header row, maps the columns by
their headers (development.columns) or by the person's choices, and reads every row, collecting
every problem with its file, sheet, row and column. Saving (``save``) refuses the whole file if
there is any problem, and otherwise writes everything in one transaction: líneas, programas and
metas are matched by code and updated, new ones are created, none is deleted (ADR 0038).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import PurePath

from django.core.exceptions import PermissionDenied
from django.db import transaction

from audit.services import record
from development import columns as cols
from development.models import YEARS, DevelopmentPlan, Goal, Program, StrategicLine
from formats.document import ImportFileError, Location
from formats.readers import csv as csv_reader
from formats.readers import xlsx
from formats.text import normalize, parse_number
from organization import directory, policy
from organization.models import Unit

MAX_ROWS = 5000


@dataclass
class GoalRow:
    where: Location
    line: str
    sector: str
    program_code: str
    program: str
    code: str
    kind: str
    description: str
    indicator: str = ""
    unit: str = ""
    baseline: Decimal | None = None
    target: Decimal | None = None
    targets: list[Decimal | None] = field(default_factory=lambda: [None] * YEARS)
    responsible: str = ""
    responsible_id: int | None = None


@dataclass
class Preview:
    source: str
    sheet: str
    header_line: int
    columns: list[cols.Column]
    rows: list[GoalRow]
    errors: list[ImportFileError]
    warnings: list[str]

    @property
    def lines(self) -> list[str]:
        return list(dict.fromkeys(row.line for row in self.rows))

    @property
    def programs(self) -> list[str]:
        return list(dict.fromkeys(row.program_code for row in self.rows))


def _grids(data: bytes, source: str) -> list[tuple[str, list[list[str]]]]:
    suffix = PurePath(source).suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        sheets = xlsx.sheet_grids(data, source)
    elif suffix == ".csv":
        sheets = [("", csv_reader.grid(data, source))]
    else:
        raise ImportFileError(
            "no es un Plan Indicativo que se pueda leer: use un libro de Excel (.xlsx) o un "
            "archivo CSV.",
            Location(source),
        )
    return [(name, [[cell.text.strip() for cell in row] for row in rows]) for name, rows in sheets]


def _split_code(text: str) -> tuple[str, str]:
    """«2201 - Educación de calidad» → ("2201", "Educación de calidad"); «1. Cartago segura»
    → ("1", "Cartago segura"); text without a leading code → ("", text)."""
    head, sep, rest = text.partition(" ")
    code = head.rstrip(".-:)")
    if sep and code and any(ch.isdigit() for ch in code) and code.replace(".", "").isalnum():
        return code, rest.lstrip("-–.: ").strip()
    return "", text


def read(data: bytes, source: str, plan: DevelopmentPlan, chosen: dict[int, str] | None = None):
    """The file read as a Plan Indicativo for ``plan``; an ImportFileError when no sheet has a
    header row that names the metas."""
    chosen = chosen or {}
    for sheet, rows in _grids(data, source):
        index = cols.header_row(rows, plan.start_year)
        if index is None:
            continue
        columns = cols.map_columns(rows[index], plan.start_year, chosen)
        return _read_rows(source, sheet, index, columns, rows[index + 1 :], plan)
    raise ImportFileError(
        "no se encontró la fila de encabezados de un Plan Indicativo (por ejemplo «Línea "
        "estratégica», «Programa», «Código», «Meta de producto», «Indicador», «Meta cuatrienio») "
        "en las primeras 15 filas de ninguna hoja.",
        Location(source),
    )


def _read_rows(source, sheet, index, columns, rows, plan) -> Preview:
    by_field: dict[str, cols.Column] = {}
    errors: list[ImportFileError] = []
    warnings: list[str] = []
    header_at = Location(source, line=index + 1, sheet=sheet)
    for column in columns:
        if column.field == cols.IGNORE:
            continue
        if column.field in by_field:
            errors.append(
                ImportFileError(
                    f"dos columnas se leen como «{cols.label_of(column.field, plan.start_year)}»"
                    f" (columnas {by_field[column.field].position} y {column.position}); elija "
                    "otro campo para una de ellas o «No se importa».",
                    Location(source, index + 1, column.position, column.header, sheet),
                )
            )
            continue
        by_field[column.field] = column
    if not set(cols.REQUIRED_ANY) & set(by_field):
        errors.append(
            ImportFileError(
                "no hay una columna de la meta («Meta», «Meta de producto» o «Meta de resultado»).",
                header_at,
            )
        )
    if "program" not in by_field:
        errors.append(ImportFileError("no hay una columna «Programa».", header_at))
    preview = Preview(source, sheet, index + 1, columns, [], errors, warnings)
    if errors:
        return preview
    units = directory.Directory(
        directory.candidates(Unit.objects.filter(entity=plan.entity).prefetch_related("aliases"))
    )
    seen: dict[str, Location] = {}
    line_of: dict[str, str] = {}
    outcome_codes: dict[tuple[str, str], str] = {}
    data_rows = [(n, row) for n, row in enumerate(rows, start=index + 2) if any(row)]
    if len(data_rows) > MAX_ROWS:
        errors.append(
            ImportFileError(f"tiene más de {MAX_ROWS} metas; divídalo por línea.", header_at)
        )
        return preview
    current = {"line": "", "sector": "", "program": ""}
    for number, row in data_rows:

        def cell(name: str, row=row) -> str:
            column = by_field.get(name)
            if column is None or column.position > len(row):
                return ""
            return row[column.position - 1]

        def at(name: str, number=number) -> Location:
            column = by_field.get(name)
            if column is None:
                return Location(source, number, sheet=sheet)
            return Location(source, number, column.position, column.header, sheet)

        def decimal(name: str) -> Decimal | None:
            text = cell(name)
            if not text:
                return None
            try:
                return parse_number(text).value
            except ValueError as error:
                errors.append(ImportFileError(str(error), at(name)))
                return None

        # A merged or left-blank línea, sector or programa continues the one above.
        for name in current:
            current[name] = cell(name) or current[name]
        line, program_text = current["line"], current["program"]
        if not line:
            if "line" in by_field:
                errors.append(ImportFileError("falta la línea estratégica.", at("line")))
                continue
            line = "Plan de Desarrollo"
        if not program_text:
            errors.append(ImportFileError("falta el programa.", at("program")))
            continue
        program_code = cell("program_code") or _split_code(program_text)[0]
        program_name = _split_code(program_text)[1] if not cell("program_code") else program_text
        if not program_code:
            errors.append(
                ImportFileError(
                    f"el programa «{program_text}» no tiene código: escríbalo antes del nombre "
                    "(«2201 - Educación de calidad») o en una columna «Código del programa».",
                    at("program"),
                )
            )
            continue
        known_line = line_of.setdefault(program_code, line)
        if known_line != line:
            errors.append(
                ImportFileError(
                    f"el programa {program_code} ya se leyó en la línea «{known_line}», no en "
                    f"«{line}».",
                    at("line"),
                )
            )
            continue
        kind_text = normalize(cell("kind"))
        outcome, output = cell("outcome"), cell("output")
        description = cell("description")
        if kind_text:
            if "resultado" in kind_text:
                kind = Goal.Kind.OUTCOME
            elif "producto" in kind_text:
                kind = Goal.Kind.OUTPUT
            else:
                errors.append(
                    ImportFileError(
                        f"«{cell('kind')}» no es un tipo de meta: escriba «Resultado» o "
                        "«Producto».",
                        at("kind"),
                    )
                )
                continue
            description = description or (outcome if kind == Goal.Kind.OUTCOME else output)
        elif output:
            kind, description = Goal.Kind.OUTPUT, output
        elif outcome:
            kind, description = Goal.Kind.OUTCOME, description or outcome
        elif description:
            kind = Goal.Kind.OUTPUT
        else:
            where = "output" if "output" in by_field else "description"
            errors.append(ImportFileError("la fila no tiene meta.", at(where)))
            continue
        if outcome and output and not kind_text:
            # The usual layout: each meta de producto's row repeats its meta de resultado.
            key = (program_code, normalize(outcome))
            if key not in outcome_codes:
                outcome_codes[key] = (
                    f"{program_code}-R{sum(1 for k in outcome_codes if k[0] == program_code) + 1}"
                )
                preview.rows.append(
                    GoalRow(
                        Location(source, number, sheet=sheet),
                        line,
                        current["sector"],
                        program_code,
                        program_name,
                        outcome_codes[key],
                        Goal.Kind.OUTCOME,
                        outcome,
                    )
                )
        code = cell("code")
        if not code:
            errors.append(ImportFileError("falta el código de la meta.", at("code")))
            continue
        if code in seen:
            errors.append(
                ImportFileError(
                    f"el código de meta {code} ya está en la {seen[code].place}.", at("code")
                )
            )
            continue
        seen[code] = at("code")
        goal = GoalRow(
            at("code"), line, current["sector"], program_code, program_name, code, kind,
            description, cell("indicator"), cell("unit"), decimal("baseline"), decimal("target"),
            [decimal(cols.year_field(i)) for i in range(1, YEARS + 1)],
        )  # fmt: skip
        written = cell("responsible")
        if written:
            match = units.match(written)
            if match.resolved:
                goal.responsible, goal.responsible_id = (
                    match.candidate.name,
                    match.candidate.unit_id,
                )
            else:
                warnings.append(
                    f"{at('responsible').place}: {match.describe()}; la meta {code} queda sin "
                    "dependencia responsable (asígnela después o créela en el directorio)."
                )
        preview.rows.append(goal)
    if not preview.rows and not errors:
        errors.append(ImportFileError("no tiene filas de metas bajo los encabezados.", header_at))
    return preview


@transaction.atomic
def save(plan: DevelopmentPlan, preview: Preview, *, by) -> dict[str, int]:
    """Write the metas read, or nothing: refused (the first problem raised) if the preview has
    any. Counts of what was created and updated."""
    if not policy.is_planner(by, plan.entity_id):
        raise PermissionDenied("Solo Planeación de la entidad importa su Plan de Desarrollo.")
    if preview.errors:
        raise preview.errors[0]
    counts = {"created": 0, "updated": 0}
    lines = {line.name: line for line in plan.lines.all()}
    programs = {program.code: program for program in plan.programs.all()}
    goals = {goal.code: goal for goal in plan.goals.all()}
    position = {"line": len(lines), "program": len(programs), "goal": len(goals)}

    def upsert(model, found, key, defaults, **create):
        obj = found.get(key)
        if obj is None:
            position[model] += 1
            obj = {"line": StrategicLine, "program": Program, "goal": Goal}[model](
                plan=plan, position=position[model], **create, **defaults
            )
            counts["created"] += 1
        else:
            changed = any(getattr(obj, name) != value for name, value in defaults.items())
            for name, value in defaults.items():
                setattr(obj, name, value)
            if changed:
                obj.revision += 1
                counts["updated"] += 1
        obj.full_clean()
        obj.save()
        found[key] = obj
        return obj

    for row in preview.rows:
        line_code, line_name = _split_code(row.line)
        line = lines.get(line_name) or upsert(
            "line", lines, line_name, {"name": line_name}, code=line_code or str(len(lines) + 1)
        )
        program = upsert(
            "program",
            programs,
            row.program_code,
            {"line": line, "sector": row.sector, "name": row.program},
            code=row.program_code,
        )
        existing = goals.get(row.code)
        if existing and existing.kind != row.kind and existing.links.exists():
            raise ImportFileError(
                f"la meta {row.code} tiene actividades vinculadas y no puede pasar a ser de "
                "resultado.",
                row.where,
            )
        upsert(
            "goal",
            goals,
            row.code,
            {
                "program": program,
                "kind": row.kind,
                "description": row.description,
                "indicator": row.indicator,
                "unit": row.unit,
                "baseline": row.baseline,
                "target": row.target,
                "target_1": row.targets[0],
                "target_2": row.targets[1],
                "target_3": row.targets[2],
                "target_4": row.targets[3],
                "responsible_unit_id": row.responsible_id,
            },
            code=row.code,
        )
    record(
        "development.plan.imported",
        plan,
        by=by,
        after={"archivo": preview.source, "hoja": preview.sheet, **counts},
        entity_id=plan.entity_id,
    )
    return counts
