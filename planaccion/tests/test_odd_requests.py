"""Odd values in a request answer with a page or a Spanish refusal, never a server error
(issue 17, the lows)."""

import io

import pytest
from django.core.management import CommandError, call_command

from conftest import SEED_PATH, sign_in
from followup.models import Report
from followup.tests import steps
from plans.models import Plan, PlanType


@pytest.mark.parametrize("vigencia", ["abc", "99999", "0", "-1", "2025", "", "²", "9" * 5000])
@pytest.mark.parametrize(
    "path",
    ["/seguimiento/periodos/", "/seguimiento/tablero/", "/seguimiento/entidades/", "/planes/"],
)
def test_any_vigencia_in_the_address_answers_with_a_page(
    client, planner, superuser, path, vigencia
):
    sign_in(client, superuser if path == "/seguimiento/entidades/" else planner)
    assert client.get(f"{path}?vigencia={vigencia}").status_code == 200


def test_a_plan_of_the_year_99999_is_refused_by_the_form_and_the_import(client, cartago, planner):
    sign_in(client, planner)
    peti = PlanType.objects.get(code="peti")
    page = client.post("/planes/nuevo/", {"year": "99999", "plan_type": peti.pk})
    assert page.status_code == 200 and "menor o igual a 2100" in page.content.decode()
    with pytest.raises(CommandError, match="99999 no es un año entre 2000 y 2100"):
        call_command(
            "import_plan", str(SEED_PATH), "--entity", cartago.nit, "--year", "99999",
            stdout=io.StringIO(), stderr=io.StringIO(),
        )  # fmt: skip
    assert not Plan.objects.exists()


def test_a_viewer_posting_a_review_action_is_refused(
    client, time_machine, published_plan, reporter_a, viewer
):
    time_machine.move_to("2025-04-03 10:00 -0500", tick=False)
    report = steps.submit(published_plan.activities.get(number=3), reporter_a)
    sign_in(client, viewer)
    url = f"/seguimiento/reporte/{report.pk}/"
    for action in ("validar", "devolver", "verificar"):
        response = client.post(url, {"action": action, "revision": report.revision})
        assert response.status_code == 403, action
    assert Report.objects.get(pk=report.pk).status == Report.Status.SUBMITTED


@pytest.mark.parametrize("value", ["²", "9" * 5000, "-1", "abc"])
def test_odd_ids_in_the_address_answer_with_a_page_or_a_not_found(
    client, published_plan, planner, superuser, value
):
    sign_in(client, planner)
    plan = published_plan.pk
    assert client.get(f"/planes/{plan}/?anterior={value}").status_code == 200
    assert client.get(f"/seguimiento/tablero/?entidad={value}").status_code == 404
    client.logout()
    nit = published_plan.entity.nit
    assert client.get(f"/entidades/{nit}/planes/{plan}/?anterior={value}").status_code in {200, 302}
    sign_in(client, superuser)
    assert client.get(f"/planes/tipos/?editar={value}").status_code == 200


def test_a_bad_request_answers_in_spanish(db):
    from django.test import RequestFactory
    from django.views.defaults import bad_request

    response = bad_request(RequestFactory().post("/planes/importar/"), Exception())
    assert response.status_code == 400
    assert "demasiado grande" in response.content.decode()
