"""Follow-up pages: what each role sees, the numbers on the plan page, dashboards and exports."""

import datetime
import io
import json
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from conftest import PDF_BYTES
from followup import services
from followup.models import Report
from followup.periods import periods_for, window
from followup.services import ReportData


@pytest.fixture(autouse=True)
def after_the_first_window(time_machine):
    time_machine.move_to("2025-04-03 10:00 -0500", tick=False)


@pytest.fixture
def validated(published_plan, reporter_a, planner, settings, tmp_path):
    """Activity 3 reported (1 of 2) with a PDF, and validated."""
    settings.MEDIA_ROOT = tmp_path
    activity = published_plan.activities.get(number=3)
    report = services.submit_report(
        activity,
        1,
        by=reporter_a,
        data=ReportData("Hecho", value=Decimal(1)),
        expected_revision=0,
        evidence=[services.EvidenceData(upload=SimpleUploadedFile("acta.pdf", PDF_BYTES))],
    )
    return services.validate_report(report, by=planner, expected_revision=report.revision)


def test_the_pending_page_lists_what_each_reporter_must_report_and_by_when(
    client, published_plan, reporter_a, reporter_b
):
    client.force_login(reporter_a)
    page = client.get("/seguimiento/").content.decode()
    assert "Capacitar funcionarios" in page and "10/04/2025" in page
    assert "Elaborar el diagnóstico" not in page
    client.force_login(reporter_b)
    assert "No tiene actividades por reportar" in client.get("/seguimiento/").content.decode()


def test_the_report_form_saves_a_draft_with_errors_next_to_the_fields(
    client, published_plan, reporter_a
):
    activity = published_plan.activities.get(number=3)
    url = f"/seguimiento/actividad/{activity.pk}/periodo/1/"
    client.force_login(reporter_a)
    response = client.post(url, {"value": "-1", "narrative": "x", "guardar": "1", "revision": "0"})
    assert response.status_code == 422
    assert "mayor o igual a 0" in response.content.decode()
    response = client.post(url, {"value": "", "narrative": "", "enviar": "1", "revision": "0"})
    assert "la narración es obligatoria" in response.content.decode()
    assert not Report.objects.exists(), "nothing half-saved"
    assert (
        client.post(
            url, {"value": "1", "narrative": "Avance", "guardar": "1", "revision": "0"}
        ).status_code
        == 302
    )
    assert Report.objects.get().status == Report.Status.DRAFT


def test_evidence_is_downloaded_only_by_who_may_see_the_report(
    client, validated, reporter_a, reporter_b, auditor, other_planner
):
    evidence = validated.evidence.get()
    url = f"/seguimiento/evidencia/{evidence.pk}/"
    for user in (reporter_a, auditor):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PDF_BYTES
        assert 'filename="acta.pdf"' in response["Content-Disposition"]
    for user in (reporter_b, other_planner):
        client.force_login(user)
        assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


def test_the_plan_page_shows_the_validated_value_and_light_in_its_quarter_column(
    client, validated, planner
):
    client.force_login(planner)
    page = client.get(f"/planes/{validated.activity.plan_id}/").content.decode()
    row = page[page.index('data-activity="3"') :]
    row = row[: row.index("</tr>")]
    assert '<td class="followup">1<br><span class="muted">50,0 %</span>' in row
    assert "light--verde" in row


def test_the_dashboards_explain_the_formulas_and_give_tables_beside_the_charts(
    client, validated, auditor
):
    client.force_login(auditor)
    page = client.get(f"/seguimiento/tablero/{validated.activity.plan_id}/").content.decode()
    assert "Avance programado = meses del cronograma" in page
    assert page.count("<table") >= 3
    assert "Secretaría de Servicios Administrativos" in page
    consolidated = client.get("/seguimiento/tablero/?vigencia=2025").content.decode()
    assert "Informe consolidado de seguimiento 2025" in consolidated
    assert "Plan de Acción de Participación Ciudadana 2025" in consolidated


def test_the_open_data_carries_the_measures_of_each_period(validated, tmp_path):
    path = tmp_path / "plan.json"
    call_command("export_plan", validated.activity.plan_id, "-o", str(path), stderr=io.StringIO())
    data = json.loads(path.read_text())
    third = data["actividades"][2]
    assert third["seguimiento_i"] == "1"
    assert (third["programado_i"], third["ejecutado_i"], third["cumplimiento_i"]) == (50, 50, 100)
    assert third["semaforo_i"] == "verde"
    assert (third["programado_ii"], third["ejecutado_ii"], third["semaforo_ii"]) == (
        100,
        None,
        "aun_no_vence",
    ), "the cut-off of period II has not come on 3 April: not «sin reporte»"
    first = data["actividades"][0]
    assert first["semaforo_i"] == "sin_reporte" and first["cumplimiento_i"] is None
    assert data["plan"]["avance"] is None, "no period had closed on 3 April"


def test_the_periods_page_reopens_a_window(client, planner, cartago, time_machine):
    time_machine.move_to("2025-04-20 10:00 -0500", tick=False)
    client.force_login(planner)
    page = client.get("/seguimiento/periodos/?vigencia=2025").content.decode()
    assert "Cerrada desde el 10/04/2025" in page and "Abre el 01/06/2025" in page
    response = client.post(
        "/seguimiento/periodos/?vigencia=2025",
        {"period": "1", "until": "2025-04-30", "reason": "Demoras de SECOP"},
    )
    assert response.status_code == 302
    assert window(None, periods_for(cartago, 2025)[0], datetime.date(2025, 4, 25)).is_open
    page = client.get("/seguimiento/periodos/?vigencia=2025").content.decode()
    assert "Abierta hasta el 30/04/2025" in page


def test_the_periods_page_has_a_vigencia_selector_and_a_table_per_scheme_in_use(
    client, planner, published_plan, time_machine
):
    from plans.models import Plan

    time_machine.move_to("2025-04-20 10:00 -0500", tick=False)
    Plan.objects.filter(pk=published_plan.pk).update(followup_scheme="cuatrimestral")
    client.force_login(planner)
    page = client.get("/seguimiento/periodos/?vigencia=2025").content.decode()
    assert 'id="p-vigencia"' in page and '<option value="2025" selected>' in page
    assert "Seguimiento trimestral (I–IV): ventanas" in page
    assert "Seguimiento cuatrimestral (I–III): ventanas" in page


def test_the_consolidated_report_lists_a_plan_of_the_other_rhythm_apart(client, validated, auditor):
    from plans.models import Plan

    Plan.objects.filter(pk=validated.activity.plan_id).update(followup_scheme="cuatrimestral")
    client.force_login(auditor)
    page = client.get("/seguimiento/tablero/?vigencia=2025").content.decode()
    assert "Planes con otra periodicidad" in page
    assert "seguimiento cuatrimestral (i–iii)" in page
