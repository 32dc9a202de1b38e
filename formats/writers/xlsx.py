"""The plan in the official spreadsheet layout (FORMATO PLAN DE ACCIÓN, MESG-AS-F17 and alike).

Fed with the same open-data records as the CSV and JSON writers (followup.document.open_data), so
every export says the same thing. The layout follows the format: the document-control block,
the header fields, the two-row table header with merged cells, the month grid, the indicator
(with its target, which the paper format leaves implicit), the responsables and the follow-up
columns with their traffic-light fills; printed landscape, fitted to the page width, with the
table header repeated on every page. Every row is as tall as its wrapped text needs (formats.writers
.fit), since LibreOffice, which most alcaldías use, does not size rows when it opens the file.
"""

from __future__ import annotations

import datetime
import io
from copy import copy
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from core.dates import long_date
from formats.text import FORMULA_STARTS
from formats.writers import fit
from formats.writers.xlsx_data import add_data_sheet

PERIODS = ("i", "ii", "iii", "iv")
COLUMNS = (
    ["N°", "ACTIVIDADES", "TAREA (S) QUE AYUDA A IMPLEMENTAR LA ACTIVIDAD"]
    + [f"MES {m}" for m in range(1, 13)]
    + ["PRODUCTOS (BIENES O SERVICIOS) ENTREGABLES", "FÓRMULA", "META", "RESULTADO"]
    + ["RESPONSABLES"]
    + [f"SEGUIMIENTO {p.upper()}" for p in PERIODS]
)
WIDTH = len(COLUMNS)  # 24: the format's 23 columns and the indicator's target
FIRST_MONTH, FIRST_PERIOD = 4, 21  # 1-based column numbers
WIDTHS = [5, 30, 32] + [3.5] * 12 + [24, 22, 8, 12, 24] + [11] * 4
# The activity columns that hold text, by their 0-based index in a row.
TEXT_COLUMNS = [(index, WIDTHS[index]) for index in (1, 2, *range(15, WIDTH))]
# Budget columns (issue 22), after the format's: only when some activity has an apropiación or a
# BPIN, so the official format of an entity that does not follow budget is unchanged.
BUDGET_COLUMNS = (
    ("APROPIACIÓN ($)", "apropiacion", 15, '"$" #,##0.00'),
    ("COMPROMISOS ($)", "compromisos", 15, '"$" #,##0.00'),
    ("OBLIGACIONES ($)", "obligaciones", 15, '"$" #,##0.00'),
    ("AVANCE FINANCIERO (%)", "avance_financiero", 11, '0.0" %"'),
)
# The control block's labels span two follow-up columns, so «FECHA APROBACIÓN:» is never cut.
LABEL_COLUMN, VALUE_COLUMN = WIDTH - 3, WIDTH - 1

HEADER_FIELDS = (
    ("TIPO DE PLAN", "tipo"),
    ("PROCESO", "proceso"),
    ("SUB PROCESO", "subproceso"),
    ("OBJETIVO", "objetivo"),
    ("ALCANCE", "alcance"),
    ("DEPENDENCIA RESPONSABLE DE LA FORMULACIÓN DEL PLAN", "dependencia_responsable"),
    ("FECHA DEL PLAN", "fecha_plan"),
    ("DEPENDENCIAS PARTICIPANTES EN LA FORMULACIÓN DEL PLAN", "dependencias_participantes"),
)

BLUE = "004884"
THIN = Side(style="thin", color="6B7280")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor=BLUE)
LABEL_FILL = PatternFill("solid", fgColor="F4F6F9")
SCHEDULED_FILL = PatternFill("solid", fgColor="B9CDEA")
LIGHT_FILLS = {
    "rojo": PatternFill("solid", fgColor="F4B6B0"),
    "amarillo": PatternFill("solid", fgColor="FFE699"),
    "verde": PatternFill("solid", fgColor="B7E1C1"),
    "sin_reporte": PatternFill("solid", fgColor="E5E7EB"),
}
# Every font names Calibri and its size: a font without them is shown by LibreOffice in its own
# default (a serif), wider than the rows were sized for.
FONT = Font(name="Calibri", size=11)
BOLD = Font(name="Calibri", size=11, bold=True)
TITLE = Font(name="Calibri", size=14, bold=True)
HEADER_FONT = Font(name="Calibri", size=9, bold=True, color="FFFFFF")
WRAP = Alignment(wrap_text=True, vertical="top")
LABEL = Alignment(wrap_text=True, vertical="center")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)

# The activity rows' cells take one of these named styles (they also appear in Excel's style
# gallery). Setting a font, fill or border on each cell costs openpyxl a hash of the style
# object, which for 5,000 activities × 24 columns was two thirds of the export's time.
TEXT, MONTH, SCHEDULED = "Plan · celda", "Plan · mes", "Plan · mes programado"
LIGHT_STYLES = {light: f"Plan · semáforo {light.replace('_', ' ')}" for light in LIGHT_FILLS}


def _followup_header(scheme: str | None) -> tuple:
    """The SEGUIMIENTO group: four quarters, or three four-month periods and an empty fourth."""
    if scheme == "cuatrimestral":
        return (
            FIRST_PERIOD,
            FIRST_PERIOD + 3,
            "SEGUIMIENTO CUATRIMESTRAL",
            ["I", "II", "III", "—"],
        )
    return (FIRST_PERIOD, FIRST_PERIOD + 3, "SEGUIMIENTO TRIMESTRAL", ["I", "II", "III", "IV"])


def _named_styles() -> list[NamedStyle]:
    found = [
        NamedStyle(TEXT, font=FONT, alignment=WRAP, border=BORDER),
        NamedStyle(MONTH, font=FONT, alignment=CENTER, border=BORDER),
        NamedStyle(SCHEDULED, font=FONT, alignment=CENTER, border=BORDER, fill=SCHEDULED_FILL),
    ]
    found += [
        NamedStyle(name, font=FONT, alignment=WRAP, border=BORDER, fill=LIGHT_FILLS[light])
        for light, name in LIGHT_STYLES.items()
    ]
    return found


def _cell_value(value: Any) -> Any:
    """A value a worksheet can hold: the control characters XML forbids are dropped, and Word's
    line and page breaks (\\v, \\f), common in pasted text, become line breaks."""
    if isinstance(value, str) and ILLEGAL_CHARACTERS_RE.search(value):
        return ILLEGAL_CHARACTERS_RE.sub("", value.replace("\v", "\n").replace("\f", "\n"))
    return value


def _as_text(cell: Cell) -> Cell:
    if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
        cell.data_type = "s"  # stored as text, never evaluated: no formula injection
    return cell


def _put(sheet: Worksheet, row: int, column: int, value: Any, **style: Any) -> Cell:
    cell = _as_text(sheet.cell(row=row, column=column, value=_cell_value(value)))
    for name, item in style.items():
        setattr(cell, name, item)
    return cell


def _box(sheet: Worksheet, top: int, left: int, bottom: int, right: int) -> None:
    for row in sheet.iter_rows(min_row=top, max_row=bottom, min_col=left, max_col=right):
        for cell in row:
            cell.border = BORDER


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(map(str, value))
    if isinstance(value, datetime.date):
        return long_date(value)
    return str(value)


class _RowHeights:
    """The height each row of the sheet's top needs for the text of its cells; a cell merged
    over several rows shares what it needs among them."""

    def __init__(self) -> None:
        self.rows: dict[int, float] = {}
        self.spans: list[tuple[int, int, float]] = []

    def need(
        self,
        top: int,
        left: int,
        text: Any,
        *,
        bottom: int | None = None,
        right: int | None = None,
        size: float = 11,
        bold: bool = False,
    ) -> None:
        text = _text(text)
        if not text:
            return
        width = sum(WIDTHS[left - 1 : right or left])
        needed = fit.height(fit.text_lines(text, width, size=size, bold=bold), size=size)
        if bottom is None or bottom == top:
            self.rows[top] = max(self.rows.get(top, 0.0), needed)
        else:
            self.spans.append((top, bottom, needed))

    def apply(self, sheet: Worksheet) -> None:
        one = fit.height(1)  # the sheet's default row height
        for top, bottom, needed in self.spans:
            rows = range(top, bottom + 1)
            missing = needed - sum(max(self.rows.get(r, 0.0), one) for r in rows)
            if missing > 0:
                for r in rows:
                    self.rows[r] = max(self.rows.get(r, 0.0), one) + missing / len(rows)
        for row, needed in self.rows.items():
            if needed > one:
                sheet.row_dimensions[row].height = round(needed, 2)


def uses_budget(activities: list[dict[str, Any]]) -> bool:
    """Whether the plan follows budget: some activity has an apropiación or a BPIN."""
    return any(item.get("apropiacion") is not None or item.get("bpin") for item in activities)


def write(plan: dict[str, Any], activities: list[dict[str, Any]]) -> bytes:
    """The workbook's bytes."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Plan de acción"
    budget = BUDGET_COLUMNS if uses_budget(activities) else ()
    width = WIDTH + len(budget)
    for index, size in enumerate(WIDTHS + [size for *_, size, _ in budget], start=1):
        sheet.column_dimensions[get_column_letter(index)].width = size

    heights = _RowHeights()

    # Document control block, rows 1–4.
    entity = f"{plan['entidad_nombre'].upper()}\nNIT: {plan['entidad_nit']}"
    _put(sheet, 1, 1, entity, font=BOLD, alignment=CENTER)
    sheet.merge_cells(start_row=1, start_column=1, end_row=4, end_column=3)
    heights.need(1, 1, entity, bottom=4, right=3, bold=True)
    title = "FORMATO PLAN DE ACCIÓN"
    _put(sheet, 1, 4, title, font=TITLE, alignment=CENTER)
    sheet.merge_cells(start_row=1, start_column=4, end_row=4, end_column=LABEL_COLUMN - 1)
    heights.need(1, 4, title, bottom=4, right=LABEL_COLUMN - 1, size=14, bold=True)
    approval = plan["fecha_aprobacion_formato"]
    control = (
        ("PÁGINA", "1"),
        ("CÓDIGO", plan["codigo_formato"]),
        ("VERSIÓN", plan["version_formato"]),
        ("FECHA APROBACIÓN", approval.strftime("%d/%m/%Y") if approval else ""),
    )
    for row, (label, value) in enumerate(control, start=1):
        _put(sheet, row, LABEL_COLUMN, f"{label}:", font=BOLD, fill=LABEL_FILL, alignment=LABEL)
        sheet.merge_cells(
            start_row=row, start_column=LABEL_COLUMN, end_row=row, end_column=LABEL_COLUMN + 1
        )
        heights.need(row, LABEL_COLUMN, f"{label}:", right=LABEL_COLUMN + 1, bold=True)
        _put(sheet, row, VALUE_COLUMN, value, alignment=LABEL)
        sheet.merge_cells(start_row=row, start_column=VALUE_COLUMN, end_row=row, end_column=width)
        heights.need(row, VALUE_COLUMN, value, right=width)
    _box(sheet, 1, 1, 4, width)

    # Header fields.
    row = 6
    for label, name in HEADER_FIELDS:
        _put(sheet, row, 1, f"{label}:", font=BOLD, fill=LABEL_FILL, alignment=WRAP)
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=3)
        heights.need(row, 1, f"{label}:", right=3, bold=True)
        value = _text(plan[name])
        _put(sheet, row, 4, value, alignment=WRAP)
        sheet.merge_cells(start_row=row, start_column=4, end_row=row, end_column=width)
        heights.need(row, 4, value, right=width)
        _box(sheet, row, 1, row, width)
        row += 1

    # Two-row table header with merged groups.
    top, sub = row + 1, row + 2
    for column in range(1, width + 1):
        for r in (top, sub):
            _put(sheet, r, column, None, fill=HEADER_FILL, font=HEADER_FONT, alignment=CENTER)
    singles = {1: "N°", 2: "ACTIVIDADES", 3: COLUMNS[2], 16: COLUMNS[15], 20: "RESPONSABLES"}
    singles |= {WIDTH + offset: label for offset, (label, *_) in enumerate(budget, start=1)}
    for column, label in singles.items():
        sheet.cell(row=top, column=column, value=label)
        sheet.merge_cells(start_row=top, start_column=column, end_row=sub, end_column=column)
        heights.need(top, column, label, bottom=sub, size=9, bold=True)
    groups = (
        (FIRST_MONTH, FIRST_MONTH + 11, "MES", [str(m) for m in range(1, 13)]),
        (17, 19, "INDICADOR", ["FÓRMULA", "META", "RESULTADO"]),
        _followup_header(plan.get("periodicidad")),
    )
    for first, last, label, labels in groups:
        sheet.cell(row=top, column=first, value=label)
        sheet.merge_cells(start_row=top, start_column=first, end_row=top, end_column=last)
        heights.need(top, first, label, right=last, size=9, bold=True)
        for offset, text in enumerate(labels):
            sheet.cell(row=sub, column=first + offset, value=text)
            heights.need(sub, first + offset, text, size=9, bold=True)
    _box(sheet, top, 1, sub, width)
    heights.apply(sheet)

    # Activities.
    arrays = {}
    for style in _named_styles():
        book.add_named_style(style)
        arrays[style.name] = style.as_tuple()
    for row, activity in enumerate(activities, start=sub + 1):
        months = set(activity["meses_programados"])
        values = [
            _cell_value(value)
            for value in (
                [activity["numero"], activity["actividad"], "\n".join(activity["tareas"])]
                + ["X" if month in months else None for month in range(1, 13)]
                + [
                    activity["productos_entregables"],
                    activity["indicador_formula"],
                    activity["indicador_meta"],
                    activity["indicador_resultado"],
                    activity["responsables_texto"] or "\n".join(activity["responsables"]),
                ]
                + [activity[f"seguimiento_{p}"] for p in PERIODS]
                + [activity[name] for _label, name, *_ in budget]
            )
        ]
        styles = (
            [TEXT] * 3
            + [SCHEDULED if month in months else MONTH for month in range(1, 13)]
            + [TEXT] * 5
            + [LIGHT_STYLES.get(activity[f"semaforo_{p}"], TEXT) for p in PERIODS]
            + [TEXT] * len(budget)
        )
        # Appended as a row of cells made with their named style's array: what `cell.style =
        # name` does, without looking the name up 120,000 times.
        sheet.append(
            [
                _as_text(Cell(sheet, value=value, style_array=copy(arrays[style])))
                for value, style in zip(values, styles, strict=True)
            ]
        )
        for offset, (*_, shown) in enumerate(budget, start=WIDTH + 1):
            sheet.cell(row=row, column=offset).number_format = shown
        lines = max(
            fit.text_lines(values[index], width) if isinstance(values[index], str) else 1
            for index, width in TEXT_COLUMNS
        )
        if lines > 1:
            sheet.row_dimensions[row].height = fit.height(lines)

    sheet.freeze_panes = sheet.cell(row=sub + 1, column=3)
    sheet.print_title_rows = f"{top}:{sub}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    sheet.oddFooter.center.text = "Página &P de &N"
    add_data_sheet(book, plan, activities)

    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
