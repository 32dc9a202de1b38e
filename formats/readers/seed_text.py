"""Reader for the text layout of the seed: the format's Word document exported as text.

Table cells are tab-separated and ``**`` marks what was bold. From top to bottom: the document
control block (entity, municipality, NIT, PAGINA, CÓDIGO, VERSION, Fecha Aprobación), the title
"FORMATO PLAN DE ACCIÓN", the header fields ("PROCESO: ..."), the activities table under two
header rows, and the footer (website, address, postal code).
"""

from __future__ import annotations

import datetime
import itertools
import re
from collections.abc import Callable

from formats import manual_mapping
from formats.document import ActivityRow, ImportFileError, Location, PlanDocument
from formats.limits import Budget
from formats.mapping import Column, has_sub_header, is_table_header, map_columns
from formats.readers.base import decode_text
from formats.text import (
    is_month_mark,
    normalize,
    parse_date,
    title_case,
)
from organization.nit import InvalidNit, parse_nit

# Labels of "LABEL: value" lines in the header, compared normalised. A label also matches a
# longer one that starts with it ("OBJETIVO GENERAL"); the longest label wins, so "DEPENDENCIA
# RESPONSABLE..." and "DEPENDENCIAS PARTICIPANTES..." or "PROCESO" and "SUB PROCESO" never mix.
HEADER_LABELS: tuple[tuple[str, str], ...] = (
    ("dependencias participantes en la formulacion del plan", "participating_units"),
    ("dependencia responsable de la formulacion del plan", "formulating_unit"),
    ("dependencias participantes", "participating_units"),
    ("dependencia responsable", "formulating_unit"),
    ("fecha del plan", "plan_date"),
    ("nombre del plan", "title"),
    ("tipo de plan", "plan_type"),
    ("sub proceso", "subprocess"),
    ("subproceso", "subprocess"),
    ("proceso", "process"),
    ("objetivo", "objective"),
    ("alcance", "scope"),
)
# The control block's labels match exactly: "Código Postal" is not "CÓDIGO".
CONTROL_LABELS = {
    "nit": "nit",
    "pagina": "page",
    "codigo": "code",
    "version": "version",
    "fecha aprobacion": "approval_date",
    "fecha de aprobacion": "approval_date",
}
TITLE = "formato plan de accion"
TASK_SEPARATOR = re.compile(r"\n|\s\|\s")
NOT_A_PLAN = (
    "no parece un plan de acción: no se encontró el encabezado de la tabla de actividades; "
    "se busca una fila con una columna ACTIVIDAD (o ACTIVIDADES) y otras columnas como N° "
    "(opcional), TAREAS, MES, META o RESPONSABLE"
)


class NotAPlanError(ImportFileError):
    """A file (or sheet) without an activities table: a workbook's next sheet may have one."""


# How many rows a refusal looks at for the one to show: a table's header is near the top, and
# mapping every row of a sheet of 20,000 doubled the time to refuse it.
SHOWN_WITHIN = 50


def not_a_plan(rows, at: Callable[[int], Location], word: str) -> NotAPlanError:
    """The refusal of a file without a table header, saying what it looked for and what the
    likeliest row held instead. ``rows`` yields (1-based number, cell texts); the first row with
    an N° column, or else the first with several cells, is shown."""
    shown: tuple[int, list[str]] | None = None
    for number, cells in itertools.islice(rows, SHOWN_WITHIN):
        labelled = [_plain(cell) for cell in cells if _plain(cell)]
        if len(labelled) < 2:
            continue
        if any(column.field == "number" for column in map_columns(labelled)):
            shown = (number, labelled)
            break
        shown = shown or (number, labelled)
    if shown is None:
        return NotAPlanError(
            f"{NOT_A_PLAN}; las primeras {SHOWN_WITHIN} {word}s no tienen varias celdas.", at(0)
        )
    number, labelled = shown
    cells = ", ".join(f"«{cell[:40]}»" for cell in labelled[:8])
    more = f" y {len(labelled) - 8} más" if len(labelled) > 8 else ""
    return NotAPlanError(f"{NOT_A_PLAN}; la {word} {number} tiene {cells}{more}.", at(number))


class SeedTextReader:
    """Reads the text export of the FORMATO PLAN DE ACCIÓN (tab-separated table cells)."""

    name = "texto"
    extensions = (".txt",)

    def read(self, data: bytes, source: str) -> PlanDocument:
        budget = Budget(source, len(data))
        text = decode_text(data, source).replace("\r\n", "\n").replace("\r", "\n")
        budget.check_rows(text.count("\n") + 1, what="líneas")
        return _Parser(text.split("\n"), source).parse()


def _plain(line: str) -> str:
    return " ".join(line.replace("**", "").split())


def _cells(line: str) -> list[str]:
    return [cell.replace("**", "").strip() for cell in line.split("\t")]


def _starts_table(line: str) -> bool:
    """Whether a line is the activities table's header."""
    return "\t" in line and is_table_header(_cells(line))


def _labelled(line: str) -> tuple[str, str] | None:
    """(field, value) when a plain line is "LABEL: value" with a known label."""
    head, colon, value = line.partition(":")
    if not colon:
        return None
    key = normalize(head)
    if key in CONTROL_LABELS:
        return CONTROL_LABELS[key], value.strip()
    matches = (
        (label, field)
        for label, field in HEADER_LABELS
        if key == label or key.startswith(label + " ")
    )
    match = max(matches, key=lambda pair: len(pair[0]), default=None)
    return (match[1], value.strip()) if match else None


def _is_title(line: str) -> bool:
    key = normalize(line)
    return key == TITLE or key.startswith(TITLE + " ")


def _is_header(line: str) -> bool:
    labelled = _labelled(line)
    return labelled is not None and labelled[0] not in CONTROL_LABELS.values()


def _municipality(line: str) -> str | None:
    match = re.match(r"municipio\s+de\s+(.+)", line, re.IGNORECASE)
    return match[1] if match else None


def _as_name(text: str) -> str:
    """Names in capitals get Spanish title case; names in mixed case stay as written."""
    return title_case(text) if text.isupper() else text


class _Parser:
    def __init__(self, lines: list[str], source: str):
        self.lines = lines
        self.source = source
        self.document = PlanDocument(source=source)

    def at(self, line: int, column: Column | None = None) -> Location:
        if column is None:
            return Location(self.source, line=line)
        return Location(self.source, line, column.index + 1, column.label)

    def at_row(self, line: int) -> Location:
        """Where a line is, or the file itself for 0."""
        return self.at(line) if line else Location(self.source)

    def parse(self) -> PlanDocument:
        start = next((index for index, line in enumerate(self.lines) if _starts_table(line)), None)
        if start is None:
            rows = ((number, line.split("\t")) for number, line in enumerate(self.lines, 1))
            raise not_a_plan(rows, self.at_row, "línea")
        self._read_top(start)
        end = self._read_table(start)
        self._read_footer(end)
        return self.document

    # -- above the table: control block, title, header fields ---------------------------------

    def _read_top(self, end: int) -> None:
        plain = [_plain(line) for line in self.lines[:end]]
        # The control block ends at the title or, in a file without title, at the first header
        # field.
        control_end = next(
            (index for index, line in enumerate(plain) if _is_title(line) or _is_header(line)),
            end,
        )
        self._read_entity(self.lines[:control_end])
        values: dict[str, tuple[str, int]] = {}  # field -> (value, line where its label is)
        continuing: str | None = None  # the header field a following line may continue
        for index, line in enumerate(plain):
            labelled = _labelled(line)
            if labelled:
                field, value = labelled
                values[field] = (value, index + 1)
                continuing = None if field in CONTROL_LABELS.values() else field
            elif line and continuing and not _is_title(line):
                value, number = values[continuing]
                values[continuing] = (f"{value} {line}".strip(), number)
            else:
                continuing = None
        for field, (value, number) in values.items():
            if value:
                self._set(field, value, number)

    def _read_entity(self, lines: list[str]) -> None:
        """Entity name (the first bold block), municipality and department: the control block."""
        control = self.document.control
        bold = re.search(r"\*\*(.+?)\*\*", "\n".join(lines), re.DOTALL)
        name: list[str] = []
        for line in map(_plain, bold[1].split("\n") if bold else []):
            if _labelled(line) or _municipality(line):
                break
            if line:
                name.append(line)
        if name:
            control.entity_name = _as_name(" ".join(name))
            self.document.notes.append(
                f"Nombre de la entidad tomado del bloque de control: {control.entity_name}."
            )
        plain = [_plain(line) for line in lines]
        for index, line in enumerate(plain):
            municipality = _municipality(line)
            if municipality:
                control.municipality = _as_name(municipality)
                following = plain[index + 1] if index + 1 < len(plain) else ""
                if following and not _labelled(following):
                    control.department = _as_name(following)
                place = ", ".join(filter(None, (control.municipality, control.department)))
                self.document.notes.append(
                    f"Municipio y departamento tomados del bloque de control: {place}."
                )
                return

    def _set(self, field: str, value: str, line: int) -> None:
        control, header = self.document.control, self.document.header
        self.document.places[field] = self.at(line)
        if field == "nit":
            try:
                control.nit = str(parse_nit(value))
            except InvalidNit as exc:
                raise ImportFileError(str(exc), self.at(line)) from exc
        elif field == "version":
            if not re.fullmatch(r"[0-9]+", value):
                raise ImportFileError(
                    f"la versión «{value}» no es un número entero (por ejemplo, 2).", self.at(line)
                )
            control.version = int(value)
        elif field == "approval_date":
            control.approval_date = self._date(parse_date, value, line)
        elif field == "plan_date":
            header.plan_date = self._date(parse_date, value, line)
        elif field in {"page", "code"}:
            setattr(control, field, value)
        else:
            setattr(header, field, value)

    def _date(self, parse: Callable[[str], datetime.date], value: str, line: int) -> datetime.date:
        try:
            return parse(value)
        except ValueError as exc:
            raise ImportFileError(str(exc), self.at(line)) from exc

    # -- the activities table -----------------------------------------------------------------

    def _read_table(self, start: int) -> int:
        """Read the header rows and the activity rows; return the index of the line after."""
        top = _cells(self.lines[start])
        second = _cells(self.lines[start + 1]) if start + 1 < len(self.lines) else [""]
        two_rows = has_sub_header(top, second)
        columns = map_columns(top, second if two_rows else None)
        columns = manual_mapping.apply(columns, self.at(start + 1))
        self.document.columns = [column.label for column in columns]
        self.document.mapping = [(column.label, column.field) for column in columns]
        unknown = [column.label for column in columns if column.field.startswith("extra:")]
        if unknown:
            self.document.notes.append(
                "Columnas no reconocidas, guardadas como campos adicionales: "
                + ", ".join(f"«{label}»" for label in unknown)
                + "."
            )
        index = start + (2 if two_rows else 1)
        rows = self.document.rows
        while index < len(self.lines) and _plain(self.lines[index]):
            rows.append(self._row(_cells(self.lines[index]), index + 1, columns))
            index += 1
        if rows and "number" not in {column.field for column in columns}:
            for number, row in enumerate(rows, start=1):
                row.number = number
            self.document.notes.append(
                f"La tabla no tiene columna N°: las actividades se numeraron en el orden del "
                f"archivo (1 a {len(rows)})."
            )
        return index

    def _row(self, cells: list[str], line: int, columns: list[Column]) -> ActivityRow:
        if len(cells) != len(columns):
            raise ImportFileError(
                f"la fila tiene {len(cells)} celdas y el encabezado {len(columns)} "
                f"({columns[0].label} … {columns[-1].label}).",
                self.at(line),
            )
        row = ActivityRow(number=0, description="", location=self.at(line))
        for column, value in zip(columns, cells, strict=True):
            self._cell(row, column, value, line)
        return row

    def _cell(self, row: ActivityRow, column: Column, value: str, line: int) -> None:
        kind, _, key = column.field.partition(":")
        if kind == "number":
            if not re.fullmatch(r"[0-9]+", value) or int(value) == 0:
                problem = f"«{value}» no es" if value else "falta"
                raise ImportFileError(
                    f"{problem} el número de la actividad (un entero positivo).",
                    self.at(line, column),
                )
            row.number = int(value)
        elif kind == "month":
            if value and not is_month_mark(value):
                raise ImportFileError(
                    f"{column.label}: «{value}» no es una marca de mes; use X en los meses "
                    "programados y deje vacíos los demás.",
                    self.at(line, column),
                )
            if value:
                row.months.append(int(key))
        elif kind == "followup":
            if value:
                row.followup[int(key)] = value
        elif kind == manual_mapping.IGNORE:
            pass
        elif kind == "extra":
            if value:
                row.extra[key] = value
        elif kind == "indicator_target" and key:
            if value:
                row.yearly_targets[int(key)] = value
        elif kind in {"start_date", "end_date"}:
            if value:
                try:
                    setattr(row, kind, parse_date(value))
                except ValueError as exc:
                    raise ImportFileError(str(exc), self.at(line, column)) from exc
        elif kind == "tasks":
            row.tasks = [task.strip() for task in TASK_SEPARATOR.split(value) if task.strip()]
        else:
            setattr(row, kind, value)

    # -- below the table ----------------------------------------------------------------------

    def _read_footer(self, start: int) -> None:
        footer = self.document.footer
        address = []
        for raw in self.lines[start:]:
            line = _plain(raw)
            if not line:
                continue
            postal = re.match(r"c[oó]digo\s+postal\s*:?\s*(.*)", line, re.IGNORECASE)
            if re.match(r"(www\.|https?://)", line, re.IGNORECASE):
                footer.website = line
            elif postal:
                footer.postal_code = postal[1]
            else:
                address.append(line)
        footer.address = ", ".join(address)
