"""Plan Indicativo files as entities write them, for the import tests."""

from __future__ import annotations

import io

HEADERS = [
    "LÍNEA ESTRATÉGICA", "Sector", "Programa", "Código", "Meta de resultado", "Meta de producto",
    "Indicador", "Unidad de medida", "Línea base", "Meta cuatrienio", "Meta 2024", "Meta 2025",
    "Meta 2026", "Meta 2027", "Dependencia responsable",
]  # fmt: skip
ROWS = [
    ["1. Cartago participativa", "Gobierno territorial", "4501 - Participación ciudadana",
     "MP-001", "Aumentar al 60 % la participación", "Realizar 16 espacios de diálogo",
     "Espacios de diálogo realizados", "Número", "2", "16", "4", "4", "4", "4",
     "Sec. de Planeación, Medio Ambiente y Desarrollo Economico"],
    ["", "", "", "MP-002", "Aumentar al 60 % la participación",
     "Caracterizar 4 grupos de valor", "Caracterizaciones realizadas", "Número", "0", "4", "1",
     "1", "1", "1", "Secretaría de Servicios Administrativos"],
    ["2. Cartago educada", "Educación", "2201 - Educación de calidad", "MP-003", "",
     "Dotar 10 sedes educativas", "Sedes dotadas", "Número", "0", "10", "2", "3", "3", "2",
     "Secretaría de Educación Inexistente"],
]  # fmt: skip


def xlsx(rows=None, headers=None, *, title_rows: int = 2, sheet: str = "Plan Indicativo") -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    first = book.active
    first.title = "Portada"
    first.append(["Alcaldía de Cartago: Plan de Desarrollo 2024-2027"])
    data = book.create_sheet(sheet)
    for _ in range(title_rows):
        data.append(["PLAN INDICATIVO 2024-2027"])
    data.append(headers or HEADERS)
    for row in ROWS if rows is None else rows:
        data.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv(rows=None, headers=None) -> bytes:
    import csv as csv_module

    out = io.StringIO()
    writer = csv_module.writer(out, delimiter=";")
    writer.writerow(headers or HEADERS)
    for row in ROWS if rows is None else rows:
        writer.writerow(row)
    return out.getvalue().encode("utf-8")
