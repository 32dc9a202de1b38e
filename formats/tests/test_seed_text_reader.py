"""The reader of the seed's text layout, on the real seed and on damaged copies of it."""

import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from formats.document import ImportFileError, PlanDocument
from formats.readers.base import reader_for
from formats.readers.seed_text import SeedTextReader

SOURCE = "plan.txt"
FIRST_ROW = 38  # file line of activity 1; the header rows are lines 36 and 37


def read(data: bytes) -> PlanDocument:
    return SeedTextReader().read(data, SOURCE)


def changed(lines: list[str], line: int, new: str) -> bytes:
    """The seed with its (1-based) line replaced."""
    copy = list(lines)
    copy[line - 1] = new
    return "\n".join(copy).encode("utf-8")


def with_cell(lines: list[str], line: int, column: int, value: str) -> bytes:
    """The seed with one table cell (1-based line and column) replaced."""
    cells = lines[line - 1].split("\t")
    cells[column - 1] = value
    return changed(lines, line, "\t".join(cells))


def failure(data: bytes) -> ImportFileError:
    with pytest.raises(ImportFileError) as error:
        read(data)
    return error.value


# -- the seed as it is --------------------------------------------------------------------------


def test_it_reads_nine_activities_from_the_seed(seed_bytes):
    rows = read(seed_bytes).rows
    assert [row.number for row in rows] == list(range(1, 10))


def test_each_activity_remembers_its_file_line(seed_bytes):
    rows = read(seed_bytes).rows
    assert [(row.location.source, row.location.line) for row in rows] == [
        (SOURCE, line) for line in range(FIRST_ROW, FIRST_ROW + 9)
    ]


def test_activity_cells_are_kept_exactly_as_written(seed_bytes, seed_lines):
    first = read(seed_bytes).rows[0]
    cells = seed_lines[FIRST_ROW - 1].split("\t")
    assert (
        first.description
        == cells[1]
        == (
            "Elaborar el diagnóstico del estado actual de la implementación de la Política de "
            "Participación Ciudadana en la entidad"
        )
    )
    assert (
        first.tasks
        == [cells[2]]
        == [
            "Aplicar el autodiagnóstico MIPG sobre implementación Política de Participación "
            "Ciudadana y Rendición de Cuentas"
        ]
    )
    assert (
        first.deliverables
        == cells[15]
        == ("Diagnostico Política de Participación Ciudadana y Rendición de Cuentas")
    )
    assert first.indicator_formula == cells[16] == "Numero de autodiagnosticos elaborados"
    assert first.indicator_result == ""


def test_typos_and_abbreviations_in_the_seed_are_not_corrected(seed_bytes):
    rows = read(seed_bytes).rows
    assert rows[2].responsible_text == "Sec. de Sevicios Administrativos"
    assert rows[2].deliverables == "Personal capacitado en caracetizacion de grupos de valor"
    assert rows[6].responsible_text == "Administración Municipal"


def test_the_seed_has_no_scheduled_months_follow_up_or_extra_columns(seed_bytes):
    document = read(seed_bytes)
    assert all(row.months == [] for row in document.rows)
    assert all(row.followup == {} and row.extra == {} for row in document.rows)


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
    assert header.objective.startswith("Establecer las acciones para el fortalecimiento")
    assert header.scope.endswith("Alcaldía Municipal de Cartago - Valle del Cauca")
    assert header.plan_date == datetime.date(2024, 10, 29)
    assert header.formulating_unit == (
        "Secretaría de Planeación, Medio Ambiente y Desarrollo Economico"
    )
    assert header.participating_units == (
        "Secretaría de Planeación, Medio Ambiente y Desarrollo Economico, "
        "Secretaría de Servicios Administrativos"
    )


def test_it_reads_the_footer_into_website_address_and_postal_code(seed_bytes):
    footer = read(seed_bytes).footer
    assert footer.website == "www.cartago.gov.co"
    assert footer.address == "CENTRO ADMINISTRACION MUNICIPAL – CAM, Calle 8 No 6 – 52"
    assert footer.postal_code == "762021"


def test_it_lists_the_column_labels_and_says_what_it_derived(seed_bytes):
    document = read(seed_bytes)
    assert len(document.columns) == 23
    assert document.columns[:3] == [
        "N°",
        "ACTIVIDADES",
        "TAREA (S) QUE AYUDA A IMPLEMENTAR LA ACTIVIDAD",
    ]
    assert document.columns[-1] == "SEGUIMIENTO TRIMESTRAL IV"
    assert any("Alcaldía de Cartago" in note for note in document.notes)


# -- variations that are still valid ------------------------------------------------------------


def test_month_marks_and_followup_cells_are_read_by_column(seed_lines):
    cells = seed_lines[FIRST_ROW - 1].split("\t")
    cells[3], cells[4], cells[14] = "X", "✓", "•"  # MES 1, MES 2, MES 12
    cells[19], cells[22] = "Autodiagnóstico aplicado", "100 %"
    row = read(changed(seed_lines, FIRST_ROW, "\t".join(cells))).rows[0]
    assert row.months == [1, 2, 12]
    assert row.followup == {1: "Autodiagnóstico aplicado", 4: "100 %"}


def test_tasks_separated_by_a_bar_become_several_tasks(seed_lines):
    data = with_cell(seed_lines, FIRST_ROW, 3, " Aplicar el autodiagnóstico | Consolidar ")
    assert read(data).rows[0].tasks == ["Aplicar el autodiagnóstico", "Consolidar"]


def test_an_empty_task_cell_gives_no_tasks(seed_lines):
    assert read(with_cell(seed_lines, FIRST_ROW, 3, "")).rows[0].tasks == []


def test_labels_are_matched_without_accents_or_case(seed_lines):
    data = changed(seed_lines, 14, "Codigo: MESG-AS-F17")
    data = changed(data.decode().split("\n"), 16, "Versión: 3")
    control = read(data).control
    assert (control.code, control.version) == ("MESG-AS-F17", 3)


def test_a_header_value_may_continue_on_the_following_lines(seed_lines):
    lines = list(seed_lines)
    lines[24:25] = ["de la entidad", "y sus sedes"]  # the empty line after SUB PROCESO (24)
    assert read("\n".join(lines).encode()).header.subprocess == (
        "PLANEACION INSTITUCIONAL de la entidad y sus sedes"
    )


def test_sub_proceso_is_not_taken_for_proceso(seed_lines):
    header = read(changed(seed_lines, 24, "SUBPROCESO: PLANEACION")).header
    assert (header.process, header.subprocess) == ("GESTION PLANEACION", "PLANEACION")


def test_an_unknown_column_is_kept_in_extra_and_noted(seed_lines):
    lines = list(seed_lines)
    lines[35] += "\tCOSTO"
    lines[36] += "\t"
    for index in range(FIRST_ROW - 1, FIRST_ROW + 8):
        lines[index] += "\t$ 1.000.000"
    document = read("\n".join(lines).encode())
    assert document.rows[0].extra == {"COSTO": "$ 1.000.000"}
    assert document.columns[-1] == "COSTO"
    assert any("COSTO" in note for note in document.notes)


def test_duplicate_activity_numbers_are_left_to_the_importer(seed_lines):
    rows = read(with_cell(seed_lines, FIRST_ROW + 1, 1, "1")).rows
    assert [row.number for row in rows[:2]] == [1, 1]


def test_a_table_without_control_block_or_header_still_reads(seed_lines):
    document = read("\n".join(seed_lines[35:]).encode())
    assert len(document.rows) == 9
    assert document.control.nit == "" and document.control.entity_name == ""
    assert document.header.plan_date is None
    assert document.rows[0].location.line == 3


def test_without_the_title_line_the_control_block_ends_at_the_first_header_field(seed_lines):
    document = read(changed(seed_lines, 20, ""))
    assert document.control.entity_name == "Alcaldía de Cartago"
    assert document.control.nit == "891900493-2"
    assert document.header.process == "GESTION PLANEACION"


def test_a_bold_header_field_is_not_taken_for_the_entity_name(seed_lines):
    lines = ["**PROCESO:** GESTION PLANEACION", "", *seed_lines[35:]]
    document = read("\n".join(lines).encode())
    assert document.control.entity_name == ""
    assert document.header.process == "GESTION PLANEACION"


def test_windows_encoded_text_with_crlf_is_read():
    data = "N°\tACTIVIDADES\r\n1\tCapacitación\r\n".encode("cp1252")
    assert read(data).rows[0].description == "Capacitación"


def test_utf8_with_a_byte_order_mark_is_read(seed_bytes):
    assert len(read(b"\xef\xbb\xbf" + seed_bytes).rows) == 9


# -- damaged copies -----------------------------------------------------------------------------


def test_a_row_with_a_missing_cell_is_refused_naming_its_line(seed_lines):
    cells = seed_lines[40 - 1].split("\t")
    error = failure(changed(seed_lines, 40, "\t".join(cells[:-2])))
    assert error.location.line == 40
    assert error.message == (
        "la fila tiene 21 celdas y el encabezado 23 (N° … SEGUIMIENTO TRIMESTRAL IV)."
    )


def test_a_nit_with_a_wrong_check_digit_is_refused_naming_its_line(seed_lines):
    error = failure(changed(seed_lines, 10, "Nit: 891.900.493.5**"))
    assert error.location.line == 10
    assert "dígito de verificación" in error.message


def test_an_impossible_approval_date_is_refused_naming_its_line(seed_lines):
    error = failure(changed(seed_lines, 18, "Fecha Aprobación: 31/02/2024"))
    assert error.location.line == 18
    assert error.message == "«31/02/2024» no es una fecha válida (se espera dd/mm/aaaa)."


def test_a_misspelt_plan_date_is_refused_naming_its_line(seed_lines):
    error = failure(changed(seed_lines, 32, "FECHA DEL PLAN: 29 de octubrre de 2024"))
    assert error.location.line == 32
    assert "no es una fecha válida" in error.message


def test_a_version_that_is_not_an_integer_is_refused_naming_its_line(seed_lines):
    error = failure(changed(seed_lines, 16, "VERSION: dos"))
    assert error.location.line == 16
    assert "no es un número entero" in error.message


def test_a_month_cell_that_is_not_a_mark_is_refused_naming_line_and_column(seed_lines):
    error = failure(with_cell(seed_lines, 41, 7, "ok"))
    assert (error.location.line, error.location.column) == (41, 7)
    assert error.location.column_name == "MES 4"
    assert error.message.startswith("MES 4: «ok» no es una marca de mes; use X")
    assert "línea 41, columna 7 (MES 4)" in str(error)


@pytest.mark.parametrize("number", ["x", "0", "-1", "1.5", ""])
def test_an_activity_number_that_is_not_a_positive_integer_is_refused(seed_lines, number):
    error = failure(with_cell(seed_lines, 39, 1, number))
    assert (error.location.line, error.location.column) == (39, 1)
    assert error.location.column_name == "N°"
    assert "el número de la actividad (un entero positivo)" in error.message


def test_text_without_the_activities_table_is_not_a_plan(seed_lines):
    error = failure("\n".join(seed_lines[:35] + seed_lines[47:]).encode())
    assert error.location.source == SOURCE
    assert error.message == (
        "no parece un plan de acción: no se encontró el encabezado de la tabla de actividades; "
        "se busca una fila con una columna ACTIVIDAD (o ACTIVIDADES) y otras columnas como N° "
        "(opcional), TAREAS, MES, META o RESPONSABLE; las primeras 50 líneas no tienen varias "
        "celdas."
    )


def test_a_table_header_without_activities_column_is_not_a_plan(seed_lines):
    error = failure(with_cell(seed_lines, 36, 2, "DESCRIPCIÓN"))
    assert error.location.line == 36
    assert "no parece un plan de acción" in error.message
    assert "se busca una fila con una columna ACTIVIDAD" in error.message
    assert "la línea 36 tiene «N°», «DESCRIPCIÓN», «TAREA (S)" in error.message


def test_binary_files_are_refused():
    error = failure(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert error.location.source == SOURCE
    assert "no es un archivo de texto" in error.message


# -- choosing the reader ------------------------------------------------------------------------


def test_text_files_are_read_by_the_text_reader():
    reader = reader_for("Plan de Acción 2025.TXT")
    assert isinstance(reader, SeedTextReader)
    assert reader.name == "texto"


def test_other_extensions_are_refused_naming_the_accepted_ones():
    with pytest.raises(ImportFileError) as error:
        reader_for("carpeta/x.pdf")
    assert error.value.message == (
        "El formato de «x.pdf» no se puede importar; se aceptan: "
        ".txt, .xlsx, .xlsm, .xls, .ods, .docx, .csv, .json."
    )


# -- whatever comes in --------------------------------------------------------------------------


def outcome(data: bytes) -> None:
    """Reading either gives a document or a located Spanish ImportFileError, nothing else."""
    try:
        assert isinstance(read(data), PlanDocument)
    except ImportFileError as error:
        assert error.message and error.location and error.location.source == SOURCE


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_random_bytes_give_a_document_or_an_import_error(data):
    outcome(data)


@settings(max_examples=300)
@given(st.text(max_size=2000))
def test_random_text_gives_a_document_or_an_import_error(text):
    outcome(text.encode("utf-8"))


CELLS = ["", " ", "X", "ok", "1", "12", "N°", "ACTIVIDADES", "MES", "INDICADOR", "**", "Nit: 1"]


@settings(max_examples=300)
@given(st.lists(st.lists(st.sampled_from(CELLS), min_size=1, max_size=25), max_size=12))
def test_random_tables_give_a_document_or_an_import_error(rows):
    outcome("\n".join("\t".join(cells) for cells in rows).encode())


@settings(max_examples=200)
@given(st.data())
def test_random_damage_to_the_seed_gives_a_document_or_an_import_error(seed_lines, data):
    lines = list(seed_lines)
    line = data.draw(st.integers(0, len(lines) - 1))
    lines[line] = data.draw(st.text(alphabet=st.sampled_from("\t* :/X1°ÓN\nabc"), max_size=40))
    outcome("\n".join(lines).encode())
