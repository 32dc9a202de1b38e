"""A person's choice of field for a column, over the reading of its header, in every grid reader."""

import io

import openpyxl
import pytest

from formats import manual_mapping
from formats.document import ImportFileError
from formats.readers.xlsx import XlsxReader

ROWS = [
    ["N°", "ACTIVIDAD", "DETALLE", "MES", None, "COSTO"],
    [None, None, None, "ENE", "FEB", None],
    [1, "Programa", "Convocar las mesas", "X", None, 100],
]


def workbook() -> bytes:
    book = openpyxl.Workbook()
    for row in ROWS:
        book.active.append(row)
    book.active.merge_cells("D1:E1")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def read(choices):
    with manual_mapping.choosing(choices):
        return XlsxReader().read(workbook(), "plan.xlsx")


def test_without_choices_the_headers_decide():
    document = read(None)
    assert document.rows[0].description == "Programa"
    assert document.rows[0].extra == {"DETALLE": "Convocar las mesas", "COSTO": "100"}


def test_a_choice_by_label_or_by_position_changes_the_field_and_a_position_wins():
    choices = manual_mapping.parse(
        {"detalle": "description", "Actividad": "ignore", "MES 1": "month:2", "4": "ignore"},
        "mapa.json",
    )
    row = read(choices).rows[0]
    assert row.description == "Convocar las mesas"
    assert row.months == [] and "ACTIVIDAD" not in row.extra
    assert ("MES 1", "ignore") in read(choices).mapping


def test_extra_keeps_a_known_column_as_an_additional_field():
    row = read({"actividad": "extra", 3: "description"}).rows[0]
    assert row.extra["ACTIVIDAD"] == "Programa" and row.description == "Convocar las mesas"


def test_a_field_in_two_columns_names_both_and_the_header_row():
    with pytest.raises(ImportFileError) as error:
        read({"detalle": "description"})
    assert str(error.value) == (
        "plan.xlsx, hoja «Sheet», fila 1: las columnas 2 (ACTIVIDAD) y 3 (DETALLE) quedaron en el "
        "mismo campo; cada campo va en una sola columna."
    )


def test_choices_end_with_their_block():
    read({"detalle": "description", "actividad": "ignore"})
    assert read(None).rows[0].description == "Programa"


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        ({"0": "number"}, "clave «0»: indique la etiqueta de la columna o su posición (desde 1)."),
        ({"A": "followup:5"}, "clave «A»: «followup:5»: el número va de 1 a 4."),
        ({"A": "month:x"}, "clave «A»: «month:x»: el número va de 1 a 12."),
        ({"A": 3}, "clave «A»: el campo debe ser un texto."),
        ({"A": "ignore", "B": "ignore", "C": "extra", "D": "extra"}, None),
    ],
)
def test_choices_are_checked_before_any_reading(data, problem):
    if problem is None:
        assert len(manual_mapping.parse(data, "mapa.json")) == 4
        return
    with pytest.raises(ImportFileError) as error:
        manual_mapping.parse(data, "mapa.json")
    assert str(error.value) == f"mapa.json: {problem}"
