"""The Excel reader, on workbooks built here with the variations real formats have."""

import io
import zipfile

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.styles import Font, PatternFill

from formats.document import ImportFileError
from formats.readers.base import reader_for
from formats.readers.xlsx import XlsxReader


def workbook(rows, *, merges=(), fills=(), bold=(), title="Plan 2026") -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    for cell_range in merges:
        sheet.merge_cells(cell_range)
    for ref in fills:
        sheet[ref].fill = PatternFill("solid", fgColor="FFC000")
    for ref in bold:
        sheet[ref].font = Font(bold=True)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def read(data: bytes):
    return XlsxReader().read(data, "plan.xlsx")


HEADER_TOP = [
    "No.",
    "Actividad",
    "Tareas",
    "Cronograma",
    None,
    None,
    None,
    "Entregable",
    "Indicador",
    None,
    "Responsable",
    "Avance",
    None,
    None,
    "Presupuesto",
]
HEADER_SUB = [
    None,
    None,
    None,
    "ENE",
    "Feb",
    "mar.",
    "Abril",
    None,
    "Fórmula del indicador",
    "Meta",
    None,
    "I",
    "II",
    "III",
    None,
]


def test_it_reads_a_plan_laid_out_another_way(tmp_path):
    rows = [
        ["GOBERNACIÓN DEL VALLE DEL CAUCA"],
        [None, None, "Código", "PL-F-01", "Versión", 3],
        ["Proceso", None, "Planeación estratégica"],
        ["Objetivo:", "Mejorar la atención al ciudadano"],
        ["Fecha del plan", "15 de enero de 2026"],
        [],
        HEADER_TOP,
        HEADER_SUB,
        [
            1,
            "Actualizar la carta de trato digno",
            "Revisar\nPublicar",
            "x",
            None,
            "✓",
            None,
            "Carta publicada",
            "Cartas publicadas",
            1,
            "Sec. de Gobierno",
            "50 %",
            None,
            None,
            "2.000.000",
        ],
        [
            2,
            "Medir la satisfacción",
            "Encuestar",
            None,
            None,
            None,
            None,
            "Informe",
            "Encuestas",
            0.5,
            "Sec. de Hacienda",
            None,
            None,
            None,
            None,
        ],
    ]
    data = workbook(rows, merges=["D7:G7", "I7:J7", "L7:N7"], fills=["E10", "F10"], bold=["A1"])
    document = read(data)
    assert document.control.entity_name == "Gobernación del Valle del Cauca"
    assert (document.control.code, document.control.version) == ("PL-F-01", 3)
    assert document.header.process == "Planeación estratégica"
    assert document.header.objective == "Mejorar la atención al ciudadano"
    assert str(document.header.plan_date) == "2026-01-15"
    first, second = document.rows
    assert first.tasks == ["Revisar", "Publicar"]
    assert first.months == [1, 3]
    assert second.months == [2, 3], "filled cells in month columns are scheduled months"
    assert (first.indicator_formula, first.indicator_target) == ("Cartas publicadas", "1")
    assert second.indicator_target == "0,5", "a number cell reads as a Colombian writes it"
    assert first.followup == {1: "50 %"}
    # «Presupuesto» is the activity's apropiación (issue 22), read as written.
    assert (first.extra, first.appropriation) == ({}, "2.000.000")


def test_a_wrong_month_mark_names_the_sheet_row_and_column():
    rows = [HEADER_TOP, HEADER_SUB, [1, "Actividad", "", "ok"] + [None] * 11]
    with pytest.raises(ImportFileError) as error:
        read(workbook(rows, merges=["D1:G1", "I1:J1", "L1:N1"], title="Acción"))
    assert str(error.value.location) == "plan.xlsx, hoja «Acción», fila 3, columna 4 (MES 1)"


def test_a_sheet_without_a_table_is_not_a_plan():
    with pytest.raises(ImportFileError, match="no parece un plan de acción"):
        read(workbook([["Presupuesto 2026"], ["Rubro", "Valor"]]))


def test_a_damaged_workbook_is_refused():
    with pytest.raises(ImportFileError, match="no es un libro de Excel válido"):
        read(b"PK\x03\x04 not really a zip")


def test_a_workbook_with_a_damaged_sheet_is_refused_when_it_is_first_inflated():
    original = zipfile.ZipFile(io.BytesIO(workbook([["N°", "ACTIVIDADES"], ["1", "Algo"]])))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as damaged:
        for item in original.infolist():
            content = original.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                content = content[: len(content) // 2]  # cut in the middle of the XML
            damaged.writestr(item, content)
    with pytest.raises(ImportFileError, match="el archivo está dañado"):
        read(buffer.getvalue())


def test_an_encrypted_or_old_workbook_is_refused_with_what_to_do():
    with pytest.raises(ImportFileError, match="protegido con contraseña"):
        read(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)


def test_excel_files_get_the_excel_reader():
    assert isinstance(reader_for("Plan 2026.XLSX"), XlsxReader)
    assert isinstance(reader_for("plan.xlsm"), XlsxReader)


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.binary(max_size=3000))
def test_random_bytes_give_a_clear_import_error(data):
    with pytest.raises(ImportFileError):
        read(data)


@settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    st.lists(
        st.lists(
            st.one_of(
                st.none(),
                st.integers(-5, 20),
                st.sampled_from(["N°", "Actividad", "MES", "x", "ok", "=1+1", ""]),
            ),
            max_size=10,
        ),
        max_size=8,
    )
)
def test_random_sheets_give_a_document_or_a_clear_import_error(rows):
    try:
        read(workbook(rows))
    except ImportFileError as error:
        assert error.message
