"""A grupo de valor's characterisation: the DAFP guide's variables, kept only as aggregates."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from audit.models import AuditEntry
from conftest import sign_in
from participation import characterisation, services
from participation.models import ValueGroup

pytestmark = pytest.mark.django_db


@pytest.fixture
def youth(cartago, planner):
    return services.create_value_group(cartago, "Jóvenes", by=planner)


def _rows(*rows, blank: int = 0) -> dict[str, str]:
    """The formset's data: ``rows``, then ``blank`` rows as the browser sends untouched ones."""
    data = {
        "fila-TOTAL_FORMS": str(len(rows) + blank),
        "fila-INITIAL_FORMS": "0",
        "fila-MIN_NUM_FORMS": "0",
        "fila-MAX_NUM_FORMS": "1000",
    }
    for index, (dimension, variable, category, value, unit) in enumerate(rows):
        data |= {
            f"fila-{index}-dimension": dimension,
            f"fila-{index}-variable": variable,
            f"fila-{index}-category": category,
            f"fila-{index}-value": value,
            f"fila-{index}-unit": unit,
            f"fila-{index}-source": "Encuesta de caracterización 2025",
            f"fila-{index}-date": "2025-03-31",
        }
    for index in range(len(rows), len(rows) + blank):
        data |= {f"fila-{index}-dimension": "", f"fila-{index}-unit": "personas"}
    return data


def _url(group):
    return reverse("participation:value_group_characterisation", args=[group.pk])


def test_planeacion_saves_aggregates_by_dimension_and_it_is_audited(client, youth, planner):
    sign_in(client, planner)
    response = client.post(
        _url(youth),
        _rows(
            ("demografica", "Sexo", "Mujer", "120", "personas"),
            ("geografica", "Ubicación", "Rural", "35", "porcentaje"),
            ("demografica", "Sexo", "Hombre", "98", "personas"),
            blank=2,
        ),
    )
    assert response.status_code == 302
    youth.refresh_from_db()
    assert list(youth.characterisation) == ["geografica", "demografica"]
    assert youth.characterisation["demografica"][0] == {
        "variable": "Sexo",
        "category": "Mujer",
        "value": 120,
        "unit": "personas",
        "source": "Encuesta de caracterización 2025",
        "date": "2025-03-31",
    }
    assert youth.characterisation["geografica"][0]["value"] == 35.0
    assert AuditEntry.objects.filter(action="participation.value_group.characterised").exists()
    page = client.get(_url(youth)).content.decode()
    assert "Dimensión demográfica · Jóvenes" in page
    assert "31/03/2025" in page


@pytest.mark.parametrize(
    ("variable", "category"),
    [
        ("Nombre", "Ana María Pérez"),
        ("Cédula", "Sí"),
        ("Número de documento", "Todos"),
        ("Correo electrónico", "Sí"),
        ("Teléfono", "Sí"),
        ("Edad", "ana@example.com"),
        ("Edad", "314 555 1234"),
    ],
)
def test_anything_that_identifies_a_person_is_refused_with_a_clear_message(
    client, youth, planner, variable, category
):
    sign_in(client, planner)
    response = client.post(_url(youth), _rows(("demografica", variable, category, "1", "personas")))
    assert response.status_code == 200
    assert "nunca una lista de personas" in response.content.decode()
    youth.refresh_from_db()
    assert youth.characterisation == {}


def test_every_variable_the_guide_suggests_is_accepted():
    rows = [
        characterisation.row(dimension, variable, "Total", 40)
        for dimension, names in characterisation.SUGGESTED_VARIABLES.items()
        for variable in names
    ]
    characterisation.check(rows)  # «Acceso a canales (internet, teléfono, radio)» included


def test_a_variable_whose_categories_each_count_one_person_is_refused_as_a_list(
    client, youth, planner
):
    sign_in(client, planner)
    people = [("demografica", "Asistente", f"Persona {n}", "1", "personas") for n in range(5)]
    response = client.post(_url(youth), _rows(*people))
    assert response.status_code == 200
    assert "parece una lista de personas" in response.content.decode()
    assert ValueGroup.objects.get(pk=youth.pk).characterisation == {}


def test_a_percentage_over_100_is_refused(client, youth, planner):
    sign_in(client, planner)
    response = client.post(
        _url(youth), _rows(("geografica", "Ubicación", "Rural", "135", "porcentaje"))
    )
    assert "Un porcentaje va de 0 a 100" in response.content.decode()


def test_others_of_the_entity_read_the_characterisation_without_the_form(client, youth, viewer):
    sign_in(client, viewer)
    page = client.get(_url(youth)).content.decode()
    assert "Caracterización de Jóvenes" in page
    assert "Guardar la caracterización" not in page
    assert client.post(_url(youth), _rows()).status_code == 403


def _import(client, group, name, content):
    url = reverse("participation:value_group_characterisation_import", args=[group.pk])
    return client.post(url, {"file": SimpleUploadedFile(name, content), "date": "2025-06-30"})


def test_a_csv_of_aggregates_replaces_the_characterisation(client, youth, planner):
    sign_in(client, planner)
    content = (
        "dimensión;variable;categoría;valor;fuente\n"
        "Demográfica;Edad;14 a 17 años;40;SISBEN IV\n"
        "Geográfica;Ubicación;Rural;35 %;DANE\n"
    ).encode()
    assert _import(client, youth, "jovenes.csv", content).status_code == 302
    youth.refresh_from_db()
    assert youth.characterisation["demografica"] == [
        {
            "variable": "Edad",
            "category": "14 a 17 años",
            "value": 40,
            "unit": "personas",
            "source": "SISBEN IV",
            "date": "2025-06-30",
        }
    ]
    assert youth.characterisation["geografica"][0]["unit"] == "porcentaje"


def test_a_file_with_errors_names_file_row_and_column_and_saves_nothing(client, youth, planner):
    sign_in(client, planner)
    content = (
        "dimensión,variable,categoría,valor,fuente\n"
        "Demográfica,Edad,14 a 17 años,40,SISBEN IV\n"
        "Demográfica,Cédula,12345678,1,Lista\n"
        "Económica,Ingresos,Bajo,muchos,\n"
    ).encode()
    response = _import(client, youth, "jovenes.csv", content)
    page = response.content.decode()
    assert response.status_code == 200
    assert "jovenes.csv, fila 3, columna variable: «Cédula» identifica a una persona" in page
    assert "jovenes.csv, fila 3, columna categoría" in page
    assert "jovenes.csv, fila 4, columna dimensión" in page
    assert "jovenes.csv, fila 4, columna valor" in page
    assert ValueGroup.objects.get(pk=youth.pk).characterisation == {}


def test_an_xlsx_of_aggregates_is_read_too(client, youth, planner):
    book = Workbook()
    sheet = book.active
    sheet.append(["Dimensión", "Variable", "Categoría", "Valor", "Fuente"])
    sheet.append(["De comportamiento", "Canales de atención usados", "Presencial", 60, "PQRSD"])
    buffer = io.BytesIO()
    book.save(buffer)
    sign_in(client, planner)
    assert _import(client, youth, "jovenes.xlsx", buffer.getvalue()).status_code == 302
    youth.refresh_from_db()
    assert youth.characterisation["comportamiento"][0]["value"] == 60
