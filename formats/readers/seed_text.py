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
from formats.document import ActivityRow, ImportFileError, Location, PlanDocument, Signature
from formats.limits import Budget
from formats.mapping import Column, has_sub_header, is_table_header, map_columns
from formats.readers.base import decode_text
from formats.text import (
    department_name,
    is_month_mark,
    normalize,
    parse_date,
    title_case,
)
from organization.nit import InvalidNit, find_nit, nit_position, parse_nit

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
    ("vigencia", "year"),
    ("ano", "year"),
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


# A title line of the plan (never the entity's name): «FORMATO PLAN DE ACCIÓN», «PLAN DE ACCIÓN
# INSTITUCIONAL 2026», «Plan Anticorrupción y de Atención al Ciudadano». Compared normalised.
PLAN_TITLE = re.compile(r"^(formato|plan|programa|cronograma)\b|\bplan de accion\b")
# «VIGENCIA 2025», «Vigencia fiscal: 2025», «AÑO 2025», normalised.
YEAR_LINE = re.compile(r"\b(?:vigencia|ano)(?:\s+fiscal)?\s*:?\s*(\d{4})\b")
TITLE_YEAR = re.compile(r"\b(2\d{3})\b")
PAGE_LINE = re.compile(r"^pagina\b")
# Separators between the parts of a title line: «MUNICIPIO DE CARTAGO - VALLE DEL CAUCA».
PARTS = re.compile(r"\s+[-–—|]\s+|\s*[-–—|]\s*$")
PLACE = re.compile(
    r"^(?:municipio|alcald[ií]a(?:\s+municipal|\s+distrital)?)\s+de\s+(?P<name>.+)$",
    re.IGNORECASE,
)


def _municipality(line: str) -> str | None:
    """The municipality a title part names («MUNICIPIO DE CARTAGO», «Alcaldía de Palmira»):
    letters only, never a NIT, a code or a department after it."""
    match = PLACE.match(line.strip())
    if not match or re.search(r"\d", match["name"]):
        return None
    return match["name"].strip(" ,;.")


def _without_nit(line: str) -> str:
    """The line without the NIT it names (and what follows the NIT on it)."""
    start = nit_position(line)
    return line if start is None else line[:start].rstrip(" ,;:-–—|")


def _title_parts(line: str) -> list[str]:
    return [part.strip() for part in PARTS.split(_without_nit(line)) if part.strip()]


def _as_name(text: str) -> str:
    """Names in capitals get Spanish title case; names in mixed case stay as written."""
    return title_case(text) if text.isupper() else text


def _is_name(line: str) -> bool:
    """Whether a title line may be the entity's name: not a label, a plan title, a vigencia,
    a page number, a NIT alone or a department alone."""
    key = normalize(line)
    return bool(
        key
        and re.search(r"[a-z]", key)
        and not _labelled(line)
        and not PLAN_TITLE.search(key)
        and not YEAR_LINE.search(key)
        and not PAGE_LINE.match(key)
        and not department_name(line)
    )


# The sign-off block under the table: «Elaboró: Ana Gómez», «Revisó:», «Aprobó:», alone or in a
# row of cells, with the name and cargo after the role or in the cells under it.
ROLE = re.compile(
    r"^(?P<role>elabor[oó]|elaborado\s+por|proyect[oó]|proyectado\s+por|revis[oó]|"
    r"revisado\s+por|aprob[oó]|aprobado\s+por|vo\.?\s*bo\.?)\s*:?\s*(?P<rest>.*)$",
    re.IGNORECASE | re.DOTALL,
)
ROLE_NAMES = {
    "elab": "Elaboró",
    "proy": "Proyectó",
    "revi": "Revisó",
    "apro": "Aprobó",
    "vo": "Vo. Bo.",
}
SIGNATURE_FIELD = re.compile(r"^(?P<label>nombre|cargo|firma)\s*:?\s*(?P<rest>.*)$", re.I | re.S)
WEBSITE = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
POSTAL = re.compile(r"c[oó]digo\s+postal\s*:?\s*(?P<code>.*)", re.IGNORECASE)
ADDRESS_LABEL = re.compile(r"^direcci[oó]n\s*:?\s*(?P<address>.+)$", re.IGNORECASE)
# What only an address says (compared normalised): a street and its number, or a building.
STREET = re.compile(
    r"\b(calle|cl|carrera|cra|kra|kr|cr|avenida|av|diagonal|dg|transversal|tv|autopista|"
    r"via|kilometro|km)\.?\s*\d"
)
BUILDING = re.compile(
    r"\b(centro administra\w*|edificio|palacio municipal|palacio de|piso \d+|barrio|sede)\b"
)
NOT_ADDRESS = re.compile(r"@|\b(tel[eé]fono|tel\.?|pbx|celular|correo|e-?mail|fax)\b", re.I)


def _signature_parts(text: str) -> list[str]:
    """«Ana Gómez\nProfesional» or «Ana Gómez - Profesional»: the name, then the cargo."""
    parts = [p.strip() for p in re.split(r"[\n\u2028]|\s+[-–—]\s+", text) if p.strip()]
    return parts


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
        # The title lines (entity, place, NIT, plan title) end at the first header field.
        names_end = next((index for index, line in enumerate(plain) if _is_header(line)), end)
        self._read_entity(self.lines[:names_end])
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
            if not labelled and line and PLAN_TITLE.search(normalize(line)):
                self.document.header.titles.append(line)
        for field, (value, number) in values.items():
            if value:
                self._set(field, value, number)
        self._find_nit(plain, 0)
        self._find_year(plain)

    def _find_nit(self, plain: list[str], first_line: int) -> None:
        """The NIT named in a title, footer or any line without its label («ALCALDÍA DE PALMIRA
        - NIT 891.380.007-3»), when no «NIT:» line gave it. A wrong check digit is refused."""
        control = self.document.control
        for index, line in enumerate(plain, start=first_line + 1):
            if control.nit:
                return
            try:
                found = find_nit(line)
            except InvalidNit as exc:
                raise ImportFileError(str(exc), self.at(index)) from exc
            if found:
                control.nit = str(found.nit)
                self.document.places["nit"] = self.at(index)
                self.document.notes.append(
                    f"NIT {found.nit.formatted} tomado de «{line}» ({self.at(index).place})."
                )

    def _find_year(self, plain: list[str]) -> None:
        """The vigencia the document states: «VIGENCIA 2025» or «AÑO 2025», else a plan title's
        year («PLAN DE ACCIÓN 2026»). The importer falls back on the plan's date."""
        header = self.document.header
        if header.year is not None:
            return
        stated = (
            (index, match)
            for index, line in enumerate(plain)
            if (match := YEAR_LINE.search(normalize(line)))
        )
        titled = (
            (index, match)
            for index, line in enumerate(plain)
            if PLAN_TITLE.search(normalize(line)) and not _labelled(line)
            if (match := TITLE_YEAR.search(normalize(line)))
        )
        found = next(stated, None) or next(titled, None)
        if found:
            index, match = found
            header.year, header.year_written = int(match[1]), plain[index]
            self.document.places["year"] = self.at(index + 1)

    def _read_entity(self, lines: list[str]) -> None:
        """Entity name (the first title line that is not the plan's title, a label or a NIT,
        whatever its style; a bold block may span lines), municipality and department."""
        control = self.document.control
        name = ""
        for chunk in _chunks(lines):
            name = self._name(chunk)
            if name:
                break
        if name:
            control.entity_name = _as_name(name)
            self.document.notes.append(
                f"Nombre de la entidad tomado del título del documento: {control.entity_name}."
            )
        plain = [_plain(line) for line in lines]
        for index, line in enumerate(plain):
            parts = _title_parts(line)
            municipality = next(filter(None, map(_municipality, parts)), None)
            if not municipality:
                continue
            control.municipality = _as_name(municipality)
            department = next(filter(None, map(department_name, parts)), None)
            following = plain[index + 1] if index + 1 < len(plain) else ""
            control.department = department or department_name(following) or ""
            place = ", ".join(filter(None, (control.municipality, control.department)))
            self.document.notes.append(
                f"Municipio y departamento tomados del título del documento: {place}."
            )
            return

    @staticmethod
    def _name(chunk: list[str]) -> str:
        """The entity's name in a chunk of title lines: their first parts, up to a label, a
        NIT, a place line after the name or a line that cannot be a name."""
        name: list[str] = []
        for line in map(_plain, chunk):
            if not line:
                continue
            parts = _title_parts(line)
            if not parts or not _is_name(parts[0]) or (name and _municipality(parts[0])):
                break
            name.append(parts[0])
            if len(parts) > 1 or nit_position(line) is not None:
                break
        return " ".join(name)

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
        elif field == "year":
            year = re.search(r"\b(\d{4})\b", value)
            if year is None:
                raise ImportFileError(
                    f"la vigencia «{value}» no es un año (por ejemplo, 2026).", self.at(line)
                )
            header.year, header.year_written = int(year[1]), _plain(self.lines[line - 1])
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
        """Below the table: the sign-off block, then the entity's website, address and postal
        code. Only what an address says (a street and number, a building, «Dirección:») lands
        in the address: a note, a signature or a web address never does."""
        footer = self.document.footer
        rows = [(index + 1, _cells(raw)) for index, raw in enumerate(self.lines) if index >= start]
        signed = self._read_signatures(rows)
        address = []
        for number, cells in rows:
            if number in signed:
                continue
            for cell in filter(None, map(_plain, cells)):
                website, postal = WEBSITE.search(cell), POSTAL.search(cell)
                labelled = ADDRESS_LABEL.match(cell)
                try:
                    nit = find_nit(cell)
                except InvalidNit as exc:
                    raise ImportFileError(str(exc), self.at(number)) from exc
                if nit:
                    self._find_nit([cell], number - 1)
                elif website:
                    # A cell that starts as a web address is one (the importer checks it);
                    # inside a longer cell («Sitio web: www...»), only the address.
                    found = cell if WEBSITE.match(cell) else website[0].rstrip(".,;")
                    footer.website = footer.website or found
                elif postal:
                    footer.postal_code = postal["code"]
                elif labelled:
                    address.append(labelled["address"])
                elif NOT_ADDRESS.search(cell):
                    continue
                elif STREET.search(normalize(cell)) or BUILDING.search(normalize(cell)):
                    address.append(cell)
        footer.address = ", ".join(address)

    def _read_signatures(self, rows: list[tuple[int, list[str]]]) -> set[int]:
        """The «Elaboró / Revisó / Aprobó» block into the footer's signatures; the numbers of
        the lines it took. A row of role cells opens one signature per cell; the name and the
        cargo follow the role in its cell, or in the cells of the rows under it (the nearest
        role cell to the left), or after «Nombre:» and «Cargo:»."""
        signatures = self.document.footer.signatures
        taken: set[int] = set()
        open_slots: dict[int, Signature] = {}
        for number, cells in rows:
            roles = [(i, ROLE.match(cell)) for i, cell in enumerate(cells)]
            if any(match for _i, match in roles):
                open_slots, current = {}, None
                for (i, match), cell in zip(roles, cells, strict=True):
                    if match:
                        key = normalize(match["role"])[:4].rstrip(".")
                        current = Signature(ROLE_NAMES.get(key, ROLE_NAMES["vo"]))
                        signatures.append(current)
                        open_slots[i] = current
                        _fill(current, match["rest"])
                    elif current is not None and cell.strip():
                        _fill(current, cell)
                taken.add(number)
                continue
            if not open_slots or not any(cell.strip() for cell in cells):
                continue
            if all(s.name and s.position for s in open_slots.values()) or any(
                WEBSITE.search(cell) or POSTAL.search(cell) for cell in cells
            ):
                open_slots = {}
                continue
            for i, cell in enumerate(cells):
                if cell.strip():
                    slot = max((k for k in open_slots if k <= i), default=min(open_slots))
                    _fill(open_slots[slot], cell)
            taken.add(number)
        return taken


def _fill(signature: Signature, text: str) -> None:
    """Add a cell's text to a signature: after «Nombre:» or «Cargo:», else the name first and
    the cargo next; «Firma:» and what the block holds beyond is left out."""
    labelled = SIGNATURE_FIELD.match(text.strip())
    if labelled:
        label, rest = labelled["label"].lower(), " ".join(labelled["rest"].split())
        if label == "nombre" and rest:
            signature.name = rest
        elif label == "cargo" and rest:
            signature.position = rest
        return
    for part in _signature_parts(text):
        if not signature.name:
            signature.name = part
        elif not signature.position:
            signature.position = part


def _chunks(lines: list[str]) -> list[list[str]]:
    """Title lines grouped as the entity's name may span them: a bold block is one chunk,
    any other line one of its own."""
    chunks: list[list[str]] = []
    bold: list[str] | None = None
    for line in lines:
        if bold is not None:
            bold.append(line)
            if line.count("**") % 2:
                chunks.append(bold)
                bold = None
        elif line.count("**") % 2:
            bold = [line]
        else:
            chunks.append([line])
    if bold:
        chunks.append(bold)
    return chunks
