"""The «matriz de observaciones» as files: XLSX for people, CSV (UTF-8 with BOM, as the
project's other CSV files, so Excel opens the accents right) for reuse. Both only consume
selectors.matrix: no name or e-mail ever reaches them."""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from consultation import selectors
from consultation.models import Consultation

WIDTHS = (6, 12, 40, 28, 22, 60, 22, 60, 45, 14)


def _title(consultation: Consultation) -> str:
    plan = consultation.plan
    return (
        f"Matriz de observaciones · {plan.title} (vigencia {plan.year}, versión {plan.version}) · "
        f"{plan.entity.name} · consulta del {consultation.opens_on:%d/%m/%Y} al "
        f"{selectors.ends_on(consultation):%d/%m/%Y}"
    )


def filename(consultation: Consultation, fmt: str) -> str:
    return f"matriz-observaciones-consulta-{consultation.pk}.{fmt}"


def matrix_xlsx(consultation: Consultation) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Matriz de observaciones"
    sheet.append([_title(consultation)])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(WIDTHS))
    sheet.append(list(selectors.MATRIX_HEADERS))
    header_fill = PatternFill("solid", fgColor="3366CC")
    for cell in sheet[2]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = header_fill
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for row in selectors.matrix(consultation):
        sheet.append(list(row.values()))
        for cell in sheet[sheet.max_row]:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if cell.column in (2, 10) and cell.value:
                cell.number_format = "DD/MM/YYYY"
    for index, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[sheet.cell(row=2, column=index).column_letter].width = width
    sheet.freeze_panes = "A3"
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def matrix_csv(consultation: Consultation) -> bytes:
    output = io.StringIO()
    writer = csv.writer(output)
    writer.writerow(selectors.MATRIX_HEADERS)
    for row in selectors.matrix(consultation):
        values = list(row.values())
        values[1] = values[1].isoformat()
        values[9] = values[9].isoformat() if values[9] else ""
        writer.writerow(values)
    return output.getvalue().encode("utf-8-sig")
