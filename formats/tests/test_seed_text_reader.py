"""The reader of the seed's text layout, on the real seed and on damaged copies of it."""

import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from formats.document import ImportFileError, PlanDocument
from formats.readers.base import reader_for
from formats.readers.seed_text import SeedTextReader


def read(data: bytes) -> PlanDocument:
    return SeedTextReader().read(data, "plan.txt")


def damaged(seed_bytes: bytes, line: int, new: str) -> bytes:
    lines = seed_bytes.decode("utf-8").split("\n")
    lines[line - 1] = new
    return "\n".join(lines).encode("utf-8")


def test_it_reads_the_document_control_block(seed_bytes):
    control = read(seed_bytes).control
    assert control.entity_name == "Alcaldía de Cartago"
    assert (control.municipality, control.department) == ("Cartago", "Valle del Cauca")
    assert control.nit == "891900493-2"
    assert (control.page, control.code, control.version) == ("1", "MESG-AS-F17", 2)
    assert control.approval_date == datetime.date(2024, 3, 6)


def test_it_reads_the_header_fields_as_written(seed_bytes):
    header = read(seed_bytes).header
    assert header.process == "GESTION PLANEACION"
    assert header.subprocess == "PLANEACION INSTITUCIONAL"
    assert header.plan_date == datetime.date(2024, 10, 29)
    assert (
        header.formulating_unit == "Secretaría de Planeación, Medio Ambiente y Desarrollo Economico"
    )
    assert header.participating_units == (
        "Secretaría de Planeación, Medio Ambiente y Desarrollo Economico, "
        "Secretaría de Servicios Administrativos"
    )


def test_it_reads_nine_activities_with_their_source_lines(seed_bytes):
    rows = read(seed_bytes).rows
    assert [row.number for row in rows] == list(range(1, 10))
    assert [row.location.line for row in rows] == list(range(38, 47))
    assert rows[2].responsible_text == "Sec. de Sevicios Administrativos"
    assert rows[2].deliverables == "Personal capacitado en caracetizacion de grupos de valor"
    assert rows[6].responsible_text == "Administración Municipal"
    assert all(row.months == [] and row.followup == {} for row in rows)


def test_it_reads_the_footer_into_website_address_and_postal_code(seed_bytes):
    footer = read(seed_bytes).footer
    assert footer.website == "www.cartago.gov.co"
    assert footer.address == "CENTRO ADMINISTRACION MUNICIPAL – CAM, Calle 8 No 6 – 52"
    assert footer.postal_code == "762021"


def test_month_marks_and_followup_cells_are_read_by_column(seed_bytes):
    cells = seed_bytes.decode("utf-8").split("\n")[37].split("\t")
    cells[3], cells[4], cells[14] = "X", "✓", "•"
    cells[19], cells[22] = "Autodiagnóstico aplicado", "100 %"
    row = read(damaged(seed_bytes, 38, "\t".join(cells))).rows[0]
    assert row.months == [1, 2, 12]
    assert row.followup == {1: "Autodiagnóstico aplicado", 4: "100 %"}


@pytest.mark.parametrize(
    ("line", "new", "where", "says"),
    [
        (10, "Nit: 891.900.493.5**", "línea 10", "dígito de verificación"),
        (16, "VERSION: dos", "línea 16", "no es un número entero"),
        (18, "Fecha Aprobación: 31/02/2024", "línea 18", "no es una fecha válida"),
        (32, "FECHA DEL PLAN: 29 de octubrre de 2024", "línea 32", "no es una fecha válida"),
        (39, "x\tuna actividad" + "\t" * 21, "línea 39, columna 1 (N°)", "no es un número"),
    ],
)
def test_bad_values_are_reported_with_their_place(seed_bytes, line, new, where, says):
    with pytest.raises(ImportFileError) as error:
        read(damaged(seed_bytes, line, new))
    assert where in str(error.value)
    assert says in error.value.message


def test_a_row_with_a_missing_cell_is_refused(seed_bytes):
    cells = seed_bytes.decode("utf-8").split("\n")[39].split("\t")
    with pytest.raises(ImportFileError) as error:
        read(damaged(seed_bytes, 40, "\t".join(cells[:-1])))
    assert error.value.location.line == 40
    assert "22 celdas y el encabezado 23" in error.value.message


def test_text_without_the_activities_table_is_not_a_plan():
    with pytest.raises(ImportFileError, match="no parece un plan de acción"):
        read("PROCESO: GESTION\n\nNada más.".encode())


def test_binary_files_are_refused():
    with pytest.raises(ImportFileError, match="no es un archivo de texto"):
        read(b"\x89PNG\r\n\x1a\n\x00\x00\x00")


def test_windows_encoded_text_is_read():
    text = "N°\tACTIVIDADES\n1\tCapacitación\n".encode("cp1252")
    assert read(text).rows[0].description == "Capacitación"


def test_only_known_extensions_have_a_reader():
    assert isinstance(reader_for("PLAN.TXT"), SeedTextReader)
    with pytest.raises(ImportFileError, match=r"se aceptan: \.txt"):
        reader_for("plan.pdf")


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_random_bytes_give_a_document_or_a_clear_import_error(data):
    try:
        read(data)
    except ImportFileError as error:
        assert error.message


@settings(max_examples=200)
@given(
    st.lists(
        st.lists(
            st.sampled_from(["", "X", "1", "N°", "ACTIVIDADES", "MES", "ok", "**", "ñ"]),
            max_size=25,
        ),
        max_size=12,
    )
)
def test_random_tables_give_a_document_or_a_clear_import_error(rows):
    text = "\n".join("\t".join(cells) for cells in rows)
    try:
        read(text.encode())
    except ImportFileError as error:
        assert error.message
