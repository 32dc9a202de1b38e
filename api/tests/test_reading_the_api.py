"""What a data journalist meets without reading code: a NIT however it is written, numbers that
are numbers (as in the open-data JSON), and public reads that any web page may make."""

import json

import pytest

from organization import api_tokens

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_q1(time_machine):
    time_machine.move_to("2025-04-03 10:00 -0500", tick=False)


@pytest.mark.parametrize(
    "written",
    ["891.900.493-2", "891900493-2", "891 900 493 2", "891900493", "891.900.493", "8919004932"],
)
def test_plans_are_found_by_a_nit_written_in_any_form(client, published_plan, written):
    found = client.get("/api/v1/planes", {"entidad_nit": written}).json()
    assert [plan["id"] for plan in found["items"]] == [published_plan.pk]


def test_another_entity_s_nit_finds_none_of_these_plans(client, published_plan, other_entity):
    found = client.get("/api/v1/planes", {"entidad_nit": other_entity.nit}).json()
    assert found == {"items": [], "count": 0}


def test_a_wrong_check_digit_is_refused_in_spanish_naming_the_field(client, published_plan):
    response = client.get("/api/v1/planes", {"entidad_nit": "891.900.493-3"})
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["codigo"] == "invalido"
    assert error["detalles"] == [
        {
            "campo": "entidad_nit",
            "mensaje": "entidad_nit: El NIT 891900493-3 no es válido: el dígito de verificación "
            "de 891900493 es 2, no 3.",
        }
    ]


def _numbers(record: dict) -> dict:
    return {
        name: value
        for name, value in record.items()
        if name.startswith(("programado", "ejecutado", "cumplimiento", "indicador_meta", "avance"))
    }


def test_numbers_are_json_numbers_equal_to_the_open_data_json(
    client, published_plan, reporter_a, planner
):
    from decimal import Decimal

    from followup import services
    from followup.services import ReportData

    activity = published_plan.activities.get(number=3)
    report = services.submit_report(
        activity,
        1,
        by=reporter_a,
        data=ReportData("Capacitación realizada", value=Decimal("1.25")),
        expected_revision=0,
    )
    services.validate_report(report, by=planner, expected_revision=report.revision)
    nit = published_plan.entity.nit
    download = client.get(f"/entidades/{nit}/planes/{published_plan.pk}/plan.json")
    open_data = json.loads(b"".join(download.streaming_content))
    plan = client.get(f"/api/v1/planes/{published_plan.pk}").json()
    assert _numbers(plan) == _numbers(open_data["plan"])
    activities = client.get(f"/api/v1/planes/{published_plan.pk}/actividades").json()["items"]
    assert [_numbers(a) for a in activities] == [_numbers(a) for a in open_data["actividades"]]
    third = next(a for a in activities if a["numero"] == 3)
    assert third["indicador_meta"] == 2 and third["programado_i"] == 50
    assert third["ejecutado_i"] == 62.5  # 1.25 of a target of 2
    progress = client.get(f"/api/v1/planes/{published_plan.pk}/avance").json()
    values = [row[name] for row in progress for name in ("programado", "ejecutado")]
    values += [value for a in activities for value in _numbers(a).values()]
    assert all(v is None or type(v) in (int, float) for v in values), values
    assert any(type(v) is float for v in values) and any(type(v) is int for v in values)
    # Two decimals at most, as stored.
    assert all(v is None or round(v, 2) == v for v in values)


def test_a_report_answers_its_numbers_as_numbers(client, published_plan, reporter_a):
    key = api_tokens.create_api_token(reporter_a, "Sistema")[1]
    activity = published_plan.activities.get(number=3)
    body = client.post(
        f"/api/v1/actividades/{activity.pk}/seguimientos/1",
        {"descripcion": "Avance", "resultado": "12.50"},
        headers={"Authorization": f"Bearer {key}"},
    ).json()
    assert body["resultado"] == 12.5 and body["numerador"] is None


# -- CORS: public reads from any web page; nothing that asks for a token or writes ------------

PUBLIC_READS = [
    "/api/v1/entidades",
    "/api/v1/planes?vigencia=2025",
    "/api/v1/planes/{pk}",
    "/api/v1/planes/{pk}/actividades",
    "/api/v1/planes/{pk}/avance",
    "/api/v1/openapi.json",
]
ORIGIN = {"Origin": "https://periodico.example"}


@pytest.mark.parametrize("path", PUBLIC_READS)
def test_public_reads_may_be_made_from_any_web_page(client, published_plan, path):
    response = client.get(path.format(pk=published_plan.pk), headers=ORIGIN)
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response
    preflight = client.options(
        path.format(pk=published_plan.pk),
        headers=ORIGIN | {"Access-Control-Request-Method": "GET"},
    )
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Origin"] == "*"
    assert preflight["Access-Control-Allow-Methods"] == "GET"
    assert "Access-Control-Allow-Credentials" not in preflight
    assert "Access-Control-Allow-Headers" not in preflight  # so no Authorization either


def test_a_public_read_s_error_is_readable_from_another_page_too(client, seed_plan):
    response = client.get(f"/api/v1/planes/{seed_plan.pk}", headers=ORIGIN)
    assert response.status_code == 404 and response["Access-Control-Allow-Origin"] == "*"


def test_writes_and_pages_get_no_cors_header(client, published_plan, reporter_a):
    key = api_tokens.create_api_token(reporter_a, "Sistema")[1]
    activity = published_plan.activities.get(number=3)
    url = f"/api/v1/actividades/{activity.pk}/seguimientos/1"
    written = client.post(
        url,
        {"descripcion": "Avance", "resultado": "1"},
        headers=ORIGIN | {"Authorization": f"Bearer {key}"},
    )
    refused = client.post(url, {"descripcion": "Avance"}, headers=ORIGIN)
    preflight = client.options(
        url,
        headers=ORIGIN
        | {
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization",
        },
    )
    get_on_write = client.get(url, headers=ORIGIN)
    docs = client.get("/api/v1/docs", headers=ORIGIN)
    portal = client.get("/", headers=ORIGIN)
    assert (written.status_code, refused.status_code) == (200, 401)
    assert (preflight.status_code, get_on_write.status_code) == (405, 405)
    for response in (written, refused, preflight, get_on_write, docs, portal):
        assert "Access-Control-Allow-Origin" not in response
