"""Every error the API answers has one shape, in Spanish, whoever produces it: an operation,
django-ninja's validation, or Django around the API."""

import pytest
from django.test import Client

from followup.models import Report
from organization import api_tokens

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_q1(time_machine):
    time_machine.move_to("2025-04-03 10:00 -0500", tick=False)


def error_of(response, status: int, code: str) -> dict:
    """The error of a response, after checking its status, its shape and its code."""
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    error = body["error"]
    assert set(error) == {"codigo", "mensaje", "detalles"}
    assert error["codigo"] == code
    assert isinstance(error["detalles"], list)
    for detail in error["detalles"]:
        assert set(detail) == {"campo", "mensaje"}
    return error


@pytest.fixture
def report_url(published_plan):
    return f"/api/v1/actividades/{published_plan.activities.get(number=3).pk}/seguimientos/1"


def test_not_found_inside_and_outside_the_operations(client, seed_plan):
    error = error_of(client.get(f"/api/v1/planes/{seed_plan.pk}"), 404, "no_encontrado")
    assert error["mensaje"] == "Ese plan no existe o no está publicado."
    error = error_of(client.get("/api/v1/planillas"), 404, "no_encontrado")
    assert error["mensaje"] == "No existe o no tiene acceso."


def test_no_token_and_a_token_that_may_not(client, report_url, superuser):
    error = error_of(client.post(report_url, {"descripcion": "x"}), 401, "sin_autenticar")
    assert "Authorization: Bearer" in error["mensaje"]
    key = api_tokens.create_api_token(superuser, "Integración")[1]
    refused = client.post(
        report_url, {"descripcion": "x"}, headers={"Authorization": f"Bearer {key}"}
    )
    assert "verificación en dos pasos" in error_of(refused, 403, "sin_permiso")["mensaje"]


def test_a_method_the_address_does_not_take(client, report_url):
    response = client.get(report_url)
    error = error_of(response, 405, "metodo_no_permitido")
    assert error["mensaje"] == "Esta dirección no admite ese método."
    assert response["Allow"] == "POST"


def test_a_report_changed_since_it_was_read_is_a_conflict_naming_the_difference(
    client, report_url, reporter_a
):
    key = {"Authorization": f"Bearer {api_tokens.create_api_token(reporter_a, 'S')[1]}"}
    first = client.post(report_url, {"descripcion": "Primero", "resultado": "1"}, headers=key)
    assert first.status_code == 200
    stale = client.post(
        report_url, {"descripcion": "Segundo", "resultado": "2", "revision": "0"}, headers=key
    )
    error = error_of(stale, 409, "conflicto")
    assert error["detalles"] and all(d["campo"] is None for d in error["detalles"])
    assert any("usted envió «2»" in d["mensaje"] for d in error["detalles"])
    assert Report.objects.get().value == 1


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("vigencia=dos+mil", "vigencia", "vigencia: debe ser un número entero."),
        ("limit=0", "limit", "limit: debe ser mayor o igual a 1."),
        ("offset=-1", "offset", "offset: debe ser mayor o igual a 0."),
        ("entidad_nit=abc", "entidad_nit", "entidad_nit: «abc» no es un NIT; escríbalo"),
    ],
)
def test_invalid_parameters_are_refused_in_spanish_naming_the_field(
    client, db, query, field, message
):
    error = error_of(client.get(f"/api/v1/planes?{query}"), 422, "invalido")
    assert [d["campo"] for d in error["detalles"]] == [field]
    assert error["detalles"][0]["mensaje"].startswith(message)
    assert error["mensaje"] == f"Datos inválidos: {error['detalles'][0]['mensaje']}"


def test_invalid_form_fields_and_path_parts_name_the_field(client, report_url, reporter_a):
    key = {"Authorization": f"Bearer {api_tokens.create_api_token(reporter_a, 'S')[1]}"}
    sent = {"descripcion": "x", "resultado": "mucho", "enviar": "quizás"}
    error = error_of(client.post(report_url, sent, headers=key), 422, "invalido")
    assert {d["campo"]: d["mensaje"] for d in error["detalles"]} == {
        "resultado": "resultado: debe ser un número.",
        "enviar": "enviar: debe ser true o false.",
    }
    error = error_of(client.get("/api/v1/planes/uno"), 422, "invalido")
    assert error["detalles"] == [
        {"campo": "plan_id", "mensaje": "plan_id: debe ser un número entero."}
    ]


def test_a_body_past_the_cap_is_refused_with_the_shape(client, report_url, reporter_a, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    key = api_tokens.create_api_token(reporter_a, "S")[1]
    response = client.post(
        report_url, {"descripcion": "x" * 2000}, headers={"Authorization": f"Bearer {key}"}
    )
    assert error_of(response, 400, "solicitud_invalida")["mensaje"] == (
        "La solicitud no se pudo leer."
    )


def test_a_server_error_answers_with_the_shape_and_is_logged(published_plan, monkeypatch, caplog):
    from followup import opendata

    def broken():
        raise RuntimeError("la base de datos se fue")

    monkeypatch.setattr(opendata, "entities_with_published_plans", broken)
    response = Client(raise_request_exception=False).get("/api/v1/entidades")
    error = error_of(response, 500, "error_interno")
    assert "la base de datos" not in error["mensaje"]
    assert "Error interno del servidor" in error["mensaje"]
    assert "la base de datos se fue" in caplog.text
