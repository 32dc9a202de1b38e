"""CSV (open data or a plan table) and JSON readers, and formula neutralisation in CSV."""

import pytest

from formats.document import ImportFileError
from formats.opendata import ACTIVITY_FIELD_NAMES, PLAN_FIELD_NAMES
from formats.readers.base import reader_for
from formats.writers.opendata import to_csv, to_json


@pytest.fixture
def records():
    plan = dict.fromkeys(PLAN_FIELD_NAMES)
    plan |= {
        "entidad_nombre": "Alcaldía de Cartago",
        "entidad_nit": "891900493-2",
        "fecha_plan": None,
        "dependencias_participantes": ["Secretaría de Planeación, Medio Ambiente", "Hacienda"],
    }
    activity = dict.fromkeys(ACTIVITY_FIELD_NAMES)
    activity |= {
        "numero": 1,
        "actividad": '=HYPERLINK("http://malo.example")',
        "tareas": ["+57 300 000 0000", "Convocar"],
        "meses_programados": [3, 6],
        "responsables": [],
        "responsables_texto": "@Planeación",
    }
    return plan, [activity]


def test_csv_cells_that_start_like_a_formula_are_neutralised_and_read_back(records):
    text = to_csv(*records)
    assert "'=HYPERLINK" in text and "'@Planeación" in text and "'+57 300" in text
    document = reader_for("plan.csv").read(text.encode("utf-8-sig"), "plan.csv")
    row = document.rows[0]
    assert row.description == '=HYPERLINK("http://malo.example")'
    assert row.tasks == ["+57 300 000 0000", "Convocar"]
    assert row.responsible_text == "@Planeación"
    assert row.months == [3, 6]
    assert document.control.nit == "891900493-2"


def test_json_open_data_reads_back(records):
    document = reader_for("plan.json").read(to_json(*records).encode(), "plan.json")
    assert document.rows[0].months == [3, 6]
    assert document.header.participating_units == (
        "Secretaría de Planeación, Medio Ambiente; Hacienda"
    )


def test_a_plan_table_saved_as_csv_with_semicolons_is_read_by_header_text():
    text = (
        "PROCESO;GESTIÓN\n"
        "N°;ACTIVIDADES;TAREAS;MES;;;RESPONSABLES\n"
        ";;;1;2;3;\n"
        '1;Convocar la audiencia;"Invitar\nPublicar";X;;x;Secretaría de Gobierno\n'
    )
    document = reader_for("plan.csv").read(text.encode("cp1252"), "plan.csv")
    assert document.header.process == "GESTIÓN"
    row = document.rows[0]
    assert (row.months, row.tasks) == ([1, 3], ["Invitar", "Publicar"])


def test_a_bad_month_in_a_csv_names_the_row_and_column():
    text = "N°,ACTIVIDADES,MES,\n,,1,2\n1,Convocar,sí,talvez\n"
    with pytest.raises(ImportFileError) as error:
        reader_for("plan.csv").read(text.encode(), "plan.csv")
    assert "línea 3, columna 4 (MES 2)" in str(error.value)


def test_json_without_the_expected_keys_is_refused():
    with pytest.raises(ImportFileError, match="«plan» y «actividades»"):
        reader_for("plan.json").read(b'{"nombre": "x"}', "plan.json")
