"""Reader for the text layout of the seed: the format's Word document exported as text.

Table cells are tab-separated; ``**`` marks what was bold. Above the table sit the document
control block (entity, NIT, PAGINA, CÓDIGO, VERSION, Fecha Aprobación) and the header fields
("PROCESO: ..."); below it, the footer (website, address, postal code).
"""

from __future__ import annotations

import re

from formats.document import (
    ActivityRow,
    Footer,
    ImportFileError,
    Location,
    PlanDocument,
)
from formats.mapping import Column, map_columns
from formats.readers.base import decode_text
from formats.text import (
    is_month_mark,
    normalize,
    parse_numeric_date,
    parse_spanish_date,
    title_case,
)
from organization.nit import InvalidNit, parse_nit

# Labels of "LABEL: value" lines, by normalised text; longest first so that "sub proceso" is
# not taken for "proceso".
HEADER_LABELS = {
    "dependencias participantes en la formulacion del plan": "participating_units",
    "dependencia responsable de la formulacion del plan": "formulating_unit",
    "fecha del plan": "plan_date",
    "sub proceso": "subprocess",
    "subproceso": "subprocess",
    "proceso": "process",
    "objetivo": "objective",
    "alcance": "scope",
    "nombre del plan": "title",
}
CONTROL_LABELS = {
    "fecha aprobacion": "approval_date",
    "fecha de aprobacion": "approval_date",
    "codigo": "code",
    "version": "version",
    "pagina": "page",
    "nit": "nit",
}
LABELS = {**HEADER_LABELS, **CONTROL_LABELS}
TITLE = "formato plan de accion"
TASK_SEPARATOR = re.compile(r"\s\|\s|\n")


class SeedTextReader:
    name = "texto"
    extensions = (".txt",)

    def read(self, data: bytes, source: str) -> PlanDocument:
        text = decode_text(data, source)
        return _Parser(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), source).parse()


def _label_of(line: str) -> tuple[str, str] | None:
    """(field, value) when the line is "LABEL: value" with a known label."""
    head, colon, value = line.partition(":")
    if not colon:
        return None
    field = LABELS.get(normalize(head))
    return (field, value.replace("**", "").strip()) if field else None


class _Parser:
    def __init__(self, lines: list[str], source: str):
        self.lines = lines
        self.source = source
        self.document = PlanDocument(source=source)

    def at(self, line: int, column: Column | None = None) -> Location:
        if column is None:
            return Location(self.source, line=line)
        return Location(self.source, line, column.index + 1, column.label)

    def parse(self) -> PlanDocument:
        table_start = self._find_table()
        if table_start is None:
            raise ImportFileError(
                "no parece un plan de acción: no se encontró la tabla de actividades "
                "(encabezado N° / ACTIVIDADES).",
                Location(self.source),
            )
        self._read_top(self.lines[:table_start])
        end = self._read_table(table_start)
        self._read_footer(self.lines[end:])
        return self.document

    # -- above the table ----------------------------------------------------------------------

    def _find_table(self) -> int | None:
        for index, line in enumerate(self.lines):
            if "\t" not in line:
                continue
            columns = map_columns(line.split("\t"))
            fields = {column.field for column in columns}
            if columns and columns[0].field == "number" and "description" in fields:
                return index
        return None

    def _read_top(self, lines: list[str]) -> None:
        control, header = self.document.control, self.document.header
        bold_blocks = self._bold_blocks(lines)
        if bold_blocks:
            name = " ".join(bold_blocks[0][1])
            control.entity_name = title_case(name) if name.isupper() else name
            self.document.notes.append(
                f"Nombre de la entidad tomado del bloque de control: {control.entity_name}."
            )
        current: str | None = None
        for number, raw in enumerate(lines, start=1):
            line = raw.replace("**", "").strip()
            if not line:
                current = None
                continue
            labelled = _label_of(line)
            if labelled:
                field, value = labelled
                current = field if field in HEADER_LABELS.values() else None
                self._set(field, value, number)
                continue
            if normalize(line) == TITLE:
                current = None
                continue
            municipality = re.match(r"^municipio de\s+(.+)$", normalize(line))
            if municipality and not control.municipality:
                control.municipality = title_case(line[len("municipio de ") :].strip())
                following = lines[number].replace("**", "").strip() if number < len(lines) else ""
                if following and not _label_of(following):
                    control.department = title_case(following)
                continue
            if current and current != "plan_date":
                setattr(header, current, f"{getattr(header, current)} {line}".strip())

    def _bold_blocks(self, lines: list[str]) -> list[tuple[int, list[str]]]:
        """Runs of lines between ``**`` markers, with the line number where each starts."""
        blocks: list[tuple[int, list[str]]] = []
        inside, start, block = False, 0, []
        for number, line in enumerate(lines, start=1):
            marks = line.count("**")
            if not inside and marks:
                inside, start, block = True, number, []
            if inside:
                content = line.replace("**", "").strip()
                if content:
                    block.append(content)
                if (marks == 1 and block and number != start) or marks >= 2:
                    inside = False
                    blocks.append((start, block))
        return blocks

    def _set(self, field: str, value: str, line: int) -> None:
        control, header = self.document.control, self.document.header
        if field == "nit":
            try:
                control.nit = str(parse_nit(value))
            except InvalidNit as exc:
                raise ImportFileError(str(exc), self.at(line)) from exc
        elif field == "version":
            if not value.strip().isdigit():
                raise ImportFileError(
                    f"la versión «{value}» no es un número entero.", self.at(line)
                )
            control.version = int(value)
        elif field == "approval_date":
            control.approval_date = self._date(parse_numeric_date, value, line)
        elif field in {"code", "page"}:
            setattr(control, field, value)
        elif field == "plan_date":
            header.plan_date = self._date(parse_spanish_date, value, line)
        else:
            setattr(header, field, value)

    def _date(self, parse, value: str, line: int):
        try:
            return parse(value)
        except ValueError as exc:
            raise ImportFileError(str(exc), self.at(line)) from exc

    # -- the table ----------------------------------------------------------------------------

    def _read_table(self, start: int) -> int:
        """Read the header rows and the activity rows; return the index after the table."""
        top = self.lines[start].split("\t")
        following = self.lines[start + 1].split("\t") if start + 1 < len(self.lines) else []
        second_is_header = len(following) == len(top) and not following[0].strip()
        columns = map_columns(top, following if second_is_header else None)
        self.document.columns = [column.label for column in columns]
        unknown = [column.label for column in columns if column.field.startswith("extra:")]
        if unknown:
            self.document.notes.append(
                "Columnas no reconocidas, guardadas como campos adicionales: "
                + ", ".join(f"«{label}»" for label in unknown)
                + "."
            )
        index = start + (2 if second_is_header else 1)
        while index < len(self.lines) and self.lines[index].strip():
            self.document.rows.append(self._row(self.lines[index], index + 1, columns))
            index += 1
        return index

    def _row(self, line: str, number: int, columns: list[Column]) -> ActivityRow:
        cells = line.split("\t")
        if len(cells) != len(columns):
            raise ImportFileError(
                f"la fila tiene {len(cells)} celdas y el encabezado {len(columns)} "
                f"({columns[0].label} … {columns[-1].label}).",
                self.at(number),
            )
        row = ActivityRow(number=0, description="", location=self.at(number))
        for column, raw in zip(columns, cells, strict=True):
            value = raw.replace("**", "").strip()
            self._cell(row, column, value, number)
        return row

    def _cell(self, row: ActivityRow, column: Column, value: str, line: int) -> None:
        field = column.field
        if field == "number":
            if not value.isdigit() or int(value) == 0:
                raise ImportFileError(
                    f"«{value}» no es un número de actividad (entero positivo).",
                    self.at(line, column),
                )
            row.number = int(value)
        elif field.startswith("month:"):
            if value and not is_month_mark(value):
                raise ImportFileError(
                    f"«{value}» no es una marca de mes; marque los meses programados con X.",
                    self.at(line, column),
                )
            if value:
                row.months.append(int(field.split(":")[1]))
        elif field.startswith("followup:"):
            if value:
                row.followup[int(field.split(":")[1])] = value
        elif field.startswith("extra:"):
            if value:
                row.extra[column.label] = value
        elif field == "tasks":
            row.tasks = [task.strip() for task in TASK_SEPARATOR.split(value) if task.strip()]
        else:
            setattr(row, field, value)

    # -- below the table ----------------------------------------------------------------------

    def _read_footer(self, lines: list[str]) -> None:
        footer: Footer = self.document.footer
        address = []
        for raw in lines:
            line = raw.replace("**", "").strip()
            if not line:
                continue
            key = normalize(line)
            if key.startswith(("www.", "http://", "https://")):
                footer.website = line
            elif key.startswith("codigo postal"):
                footer.postal_code = line.partition(":")[2].strip()
            else:
                address.append(line)
        footer.address = ", ".join(address)
