"""The follow-up cycle in a real browser: report with a PDF, return, resubmit, validate, verify."""

import re

import pytest
from playwright.sync_api import expect

from conftest import PDF_BYTES
from followup.models import Report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def in_q1(time_machine):
    time_machine.move_to("2025-04-03 10:00 -0500", tick=True)


def test_a_report_goes_from_the_reporter_to_control_interno_and_lights_the_dashboard(
    in_q1,
    live_server,
    page,
    log_in,
    published_plan,
    reporter_a,
    reporter_b,
    planner,
    auditor,
    tmp_path,
):
    evidence = tmp_path / "lista-asistencia.pdf"
    evidence.write_bytes(PDF_BYTES)
    activity = published_plan.activities.get(number=3)

    log_in(reporter_a)
    page.get_by_role("link", name="Seguimiento").click()
    row = page.get_by_role("row", name=re.compile("Capacitar funcionarios"))
    expect(row).to_contain_text("10/04/2025")
    row.get_by_role("link", name=re.compile("Reportar")).click()
    page.get_by_label("Resultado acumulado").fill("1")
    page.get_by_label("Descripción del avance").fill(
        "Capacitación a 12 funcionarios el 25 de marzo."
    )
    page.get_by_label("Evidencia (archivo)").set_input_files(str(evidence))
    page.get_by_role("button", name="Enviar a Planeación").click()
    expect(page.get_by_text("El seguimiento se envió a Planeación.")).to_be_visible()
    report = Report.objects.get(activity=activity, period=1)

    # Another dependencia's reporter can neither see nor change it.
    log_in(reporter_b)
    assert page.goto(f"{live_server.url}/seguimiento/reporte/{report.pk}/").status == 404
    assert (
        page.goto(f"{live_server.url}/seguimiento/actividad/{activity.pk}/periodo/1/").status == 404
    )
    evidence_id = report.evidence.get().pk
    assert page.goto(f"{live_server.url}/seguimiento/evidencia/{evidence_id}/").status == 404

    # Planeación returns it with a comment.
    log_in(planner)
    page.goto(f"{live_server.url}/seguimiento/")
    page.get_by_role("link", name=re.compile("actividad 3 · periodo I")).click()
    page.get_by_label("Observaciones de Planeación").fill(
        "Indique cuántos funcionarios asistieron y adjunte fotos."
    )
    page.get_by_role("button", name="Devolver al responsable").click()
    expect(page.get_by_text("El seguimiento se devolvió al responsable.")).to_be_visible()

    # The reporter sees the comment, corrects and resubmits.
    log_in(reporter_a)
    page.goto(f"{live_server.url}/seguimiento/actividad/{activity.pk}/periodo/1/")
    expect(page.get_by_role("status").filter(has_text="Planeación lo devolvió")).to_contain_text(
        "Indique cuántos funcionarios asistieron"
    )
    expect(page.locator(".report-history")).to_contain_text("Planeación devolvió el seguimiento")
    expect(page.get_by_role("link", name="lista-asistencia.pdf")).to_be_visible()
    page.get_by_label("Descripción del avance").fill("Asistieron 12 funcionarios; lista adjunta.")
    page.get_by_role("button", name="Enviar a Planeación").click()
    expect(page.get_by_text("El seguimiento se envió a Planeación.")).to_be_visible()

    # Planeación validates; Control Interno verifies.
    log_in(planner)
    page.goto(f"{live_server.url}/seguimiento/reporte/{report.pk}/")
    with page.expect_download() as download:
        page.get_by_role("link", name="lista-asistencia.pdf").click()
    assert download.value.path().read_bytes() == PDF_BYTES
    page.get_by_role("button", name="Validar").click()
    expect(page.get_by_text("El seguimiento quedó validado.")).to_be_visible()
    log_in(auditor)
    page.goto(f"{live_server.url}/seguimiento/reporte/{report.pk}/")
    page.get_by_label("Sí, de acuerdo").check()
    page.get_by_label("Observación de Control Interno").fill("Soportes completos.")
    page.get_by_role("button", name="Registrar verificación").click()
    expect(page.get_by_text("Se registró la verificación de Control Interno.")).to_be_visible()

    # 1 of a target of 2 is 50 % executed against 50 % programmed (March of March and June):
    # full compliance, green.
    page.goto(f"{live_server.url}/seguimiento/tablero/{published_plan.pk}/")
    activity_row = page.get_by_role("row", name=re.compile("^3. Capacitar"))
    expect(activity_row.get_by_role("cell").nth(0)).to_contain_text("50,0 / 50,0 Verde")
    page.goto(f"{live_server.url}/planes/{published_plan.pk}/")
    expect(page.locator("tr[data-activity='3'] td.followup").first).to_contain_text("Verde")
