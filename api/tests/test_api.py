"""REST API v1: public reads, token-authenticated reports, refusals, one error shape."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from conftest import PDF_BYTES
from followup.models import Report
from organization import api_tokens


@pytest.fixture(autouse=True)
def in_q1(time_machine):
    time_machine.move_to("2025-04-03 10:00 -0500", tick=False)


@pytest.fixture
def token(reporter_a):
    return api_tokens.create_api_token(reporter_a, "Sistema de la secretaría")[1]


def bearer(key):
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_the_openapi_document_is_served(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["info"]["version"] == "1"
    assert "/api/v1/planes/{plan_id}/actividades" in schema["paths"]


def test_public_endpoints_give_published_data_with_the_open_data_names(client, published_plan):
    entities = client.get("/api/v1/entidades").json()
    assert entities["count"] == 1 and entities["items"][0]["nit"] == "891900493-2"
    plans = client.get("/api/v1/planes?vigencia=2025").json()
    assert [p["id"] for p in plans["items"]] == [published_plan.pk]
    plan = client.get(f"/api/v1/planes/{published_plan.pk}").json()
    assert plan["entidad_nit"] == "891900493-2" and plan["estado"] == "publicado"
    page = client.get(f"/api/v1/planes/{published_plan.pk}/actividades?limit=4&offset=4").json()
    assert page["count"] == 9 and [a["numero"] for a in page["items"]] == [5, 6, 7, 8]
    assert page["items"][0]["meses_programados"] == [3, 6]
    progress = client.get(f"/api/v1/planes/{published_plan.pk}/avance").json()
    assert [p["periodo"] for p in progress] == ["I", "II", "III", "IV"]


HUGE = "9" * 25


@pytest.mark.parametrize(
    "query", [f"limit={HUGE}", "offset=601711&limit=2", f"offset={HUGE}&limit={HUGE}"]
)
def test_the_plan_list_is_sliced_in_the_database_whatever_the_page_asked(
    client, published_plan, query
):
    """Found by schemathesis: a limit past 64 bits overflowed the database's LIMIT."""
    response = client.get(f"/api/v1/planes?{query}")
    assert response.status_code == 200
    found = response.json()
    assert found["count"] == 1
    assert [p["id"] for p in found["items"]] == (
        [published_plan.pk] if "offset" not in query else []
    )


def test_unpublished_plans_are_not_found_with_the_error_shape(client, seed_plan):
    response = client.get(f"/api/v1/planes/{seed_plan.pk}")
    assert response.status_code == 404
    assert response.json()["error"]["codigo"] == "no_encontrado"
    assert client.get(f"/api/v1/planes/{seed_plan.pk}/actividades").status_code == 404


def test_a_reporter_submits_a_report_with_evidence_using_a_token(
    client, published_plan, token, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    activity = published_plan.activities.get(number=3)
    response = client.post(
        f"/api/v1/actividades/{activity.pk}/seguimientos/1",
        {
            "descripcion": "Capacitación realizada",
            "resultado": "1",
            "enviar": "true",
            "evidencia": SimpleUploadedFile("acta.pdf", PDF_BYTES),
        },
        **bearer(token),
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["estado"], body["evidencias"], body["resultado"]) == ("enviado", 1, 1)
    report = Report.objects.get(activity=activity, period=1)
    assert report.submitted_by.username == "luis" and report.value == Decimal(1)


def test_refusals(client, published_plan, token, reporter_a, other_entity, cartago):
    activity = published_plan.activities.get(number=3)
    url = f"/api/v1/actividades/{activity.pk}/seguimientos/1"
    data = {"descripcion": "x", "resultado": "1"}
    no_token = client.post(url, data)
    assert no_token.status_code == 401
    assert no_token.json()["error"]["codigo"] == "sin_autenticar"
    assert client.post(url, data, **bearer("pa_inventado")).status_code == 401
    other_activity = published_plan.activities.get(number=1)  # Planeación's, not Luis's
    response = client.post(
        f"/api/v1/actividades/{other_activity.pk}/seguimientos/1", data, **bearer(token)
    )
    assert response.status_code == 404
    invalid = client.post(
        url, {"descripcion": "", "resultado": "1", "enviar": "true"}, **bearer(token)
    )
    assert invalid.status_code == 422 and "narración" in invalid.json()["error"]["mensaje"]
    stored = reporter_a.api_tokens.get()
    api_tokens.revoke_api_token(stored, by=reporter_a)
    assert client.post(url, data, **bearer(token)).status_code == 401
    assert not Report.objects.filter(status="enviado").exists()


def test_tokens_are_created_shown_once_and_revoked_in_the_interface(client, reporter_a):
    client.force_login(reporter_a)
    page = client.post("/directorio/tokens/", {"name": "Integración"}).content.decode()
    assert "no se volverá a mostrar" in page and "pa_" in page
    token = reporter_a.api_tokens.get()
    assert token.key_hash not in page
    assert "no se volverá a mostrar" not in client.get("/directorio/tokens/").content.decode()
    client.post("/directorio/tokens/", {"revoke": token.pk})
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_draft_reports_never_appear_in_the_api(client, published_plan, reporter_a):
    from followup import services
    from followup.services import ReportData

    activity = published_plan.activities.get(number=3)
    services.save_report(
        activity,
        1,
        by=reporter_a,
        data=ReportData("Texto secreto del borrador", value=Decimal(2)),
        expected_revision=0,
    )
    body = client.get(f"/api/v1/planes/{published_plan.pk}/actividades?limit=100").content.decode()
    assert "Texto secreto" not in body
    third = next(
        a
        for a in client.get(f"/api/v1/planes/{published_plan.pk}/actividades?limit=100").json()[
            "items"
        ]
        if a["numero"] == 3
    )
    assert third["seguimiento_i"] is None and third["ejecutado_i"] is None


def test_a_token_of_another_entity_cannot_report_for_this_one(
    client, published_plan, other_planner
):
    key = api_tokens.create_api_token(other_planner, "Otra alcaldía")[1]
    activity = published_plan.activities.get(number=7)  # whole-entity: planners report it
    response = client.post(
        f"/api/v1/actividades/{activity.pk}/seguimientos/1",
        {"descripcion": "x", "resultado": "1"},
        **bearer(key),
    )
    assert response.status_code == 404
    assert response.json()["error"]["codigo"] == "no_encontrado"
    assert not Report.objects.exists()


@pytest.mark.parametrize(
    ("sent", "field", "message"),
    [
        (
            {"resultado": "1e20"},
            "resultado",
            "Resultado acumulado: es demasiado grande para guardarse (el máximo es "
            "999.999.999.999,99 en valor absoluto).",
        ),
        (
            {"resultado": "-50"},
            "resultado",
            "Resultado acumulado: debe ser mayor o igual a 0 (el indicador no admite valores "
            "negativos).",
        ),
        ({"resultado": "NaN"}, "resultado", "Resultado acumulado: debe ser un número."),
        ({"resultado": "-Infinity"}, "resultado", "Resultado acumulado: debe ser un número."),
        ({"resultado": "1e-20"}, "resultado", "Resultado acumulado: admite a lo sumo 2 decimales."),
        (
            {"numerador": "-1"},  # unused by a count, but the report would store it
            "numerador",
            "Numerador: debe ser mayor o igual a 0 (el indicador no admite valores negativos).",
        ),
        (
            # Judged before the revision: a conflict answer would print the number sent.
            {"denominador": "1e1000000", "revision": "7"},
            "denominador",
            "Denominador: es demasiado grande para guardarse (el máximo es 999.999.999.999,99 "
            "en valor absoluto).",
        ),
    ],
)
def test_it_refuses_numbers_the_indicator_does_not_allow_naming_the_field(
    client, published_plan, token, sent, field, message
):
    activity = published_plan.activities.get(number=3)
    response = client.post(
        f"/api/v1/actividades/{activity.pk}/seguimientos/1",
        {"descripcion": "Avance"} | sent,
        **bearer(token),
    )
    assert response.status_code == 422, response.content
    error = response.json()["error"]
    assert (error["codigo"], error["detalles"][0]["campo"]) == ("invalido", field)
    assert error["mensaje"] == message
    assert not Report.objects.filter(activity=activity).exists()


def test_an_old_token_stops_working_while_its_owner_lacks_a_required_second_step(
    client, published_plan, planner, cartago
):
    """A token made before the entity required two-step verification would otherwise let its
    owner skip it; it works again once the owner has set it up."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    key = api_tokens.create_api_token(planner, "Tablero de Planeación")[1]
    activity = published_plan.activities.get(number=7)  # whole-entity: planners report it
    url = f"/api/v1/actividades/{activity.pk}/seguimientos/1"
    data = {"descripcion": "Avance del periodo", "resultado": "1"}
    cartago.require_two_factor = True
    cartago.save()
    refused = client.post(url, data, **bearer(key))
    assert refused.status_code == 403
    error = refused.json()["error"]
    assert error["codigo"] == "sin_permiso"
    assert "verificación en dos pasos" in error["mensaje"]
    assert not Report.objects.exists()
    assert planner.api_tokens.get().last_used_at is None
    TOTPDevice.objects.create(user=planner, name="Teléfono", confirmed=True)
    assert client.post(url, data, **bearer(key)).status_code == 200


def test_the_administrator_s_token_needs_the_second_step_set_up(client, published_plan, superuser):
    key = api_tokens.create_api_token(superuser, "Integración nacional")[1]
    activity = published_plan.activities.get(number=3)
    response = client.post(
        f"/api/v1/actividades/{activity.pk}/seguimientos/1",
        {"descripcion": "x", "resultado": "1"},
        **bearer(key),
    )
    assert response.status_code == 403
