"""A finding closed through its improvement action, in a real browser: Control Interno records
it, Planeación adds the action, the plan de mejoramiento is approved and published, the
reporter reports, Planeación validates, Control Interno verifies and closes the finding; a close
before the verification is refused with the reason."""

import re

import pytest
from playwright.sync_api import expect

from improvement.models import Action, Finding
from improvement.tests.factories import publish

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def in_the_first_window(time_machine):
    time_machine.move_to("2025-04-03 10:00 -0500", tick=True)


def test_a_finding_is_closed_once_control_interno_verified_its_action(
    in_the_first_window, live_server, page, log_in, cartago, planner, approver, reporter_a, auditor
):
    # Control Interno records the finding.
    log_in(auditor)
    page.goto(f"{live_server.url}/mejoramiento/")
    page.get_by_role("link", name="Registrar hallazgo").click()
    page.get_by_label("Número o código").fill("OCI-07")
    page.get_by_label("Título").fill("Seguimientos sin soportes")
    page.get_by_label(re.compile("^Fuente")).select_option(label="Auditoría interna")
    page.get_by_label("Fecha del hallazgo").fill("2025-02-10")
    page.get_by_label("Dependencia responsable").select_option(
        label="Secretaría de Servicios Administrativos"
    )
    page.get_by_label("Condición (lo que se encontró)").fill("Dos seguimientos sin actas.")
    page.get_by_label("Causa").fill("No hay instructivo de soportes.")
    page.get_by_label("Efecto").fill("El avance no se puede verificar.")
    page.get_by_role("button", name="Guardar").click()
    expect(page.get_by_text("Se registró el hallazgo OCI-07.")).to_be_visible()
    finding = Finding.objects.get(code="OCI-07")

    # Planeación adds the improvement action in a new plan de mejoramiento.
    log_in(planner)
    page.goto(f"{live_server.url}/mejoramiento/hallazgos/{finding.pk}/")
    page.get_by_role("link", name="Agregar acción de mejora").click()
    page.get_by_label("Vigencia del plan nuevo").fill("2025")
    page.get_by_label("Acción de mejora").fill("Adoptar el instructivo de soportes")
    page.get_by_label("Tipo de indicador").select_option(label="Número")
    page.get_by_label("Indicador: fórmula").fill("Instructivos adoptados")
    page.get_by_label("Meta").fill("1")
    page.get_by_label("Fecha de inicio").fill("2025-02-15")
    page.get_by_label("Fecha de fin").fill("2025-03-31")
    page.get_by_role("button", name="Agregar la acción").click()
    expect(page.get_by_text(re.compile("Se agregó la acción 1 al plan"))).to_be_visible()
    action = Action.objects.get()

    # The Comité approves and Planeación publishes the plan de mejoramiento.
    publish(action.activity.plan, planner, approver)

    # The reporter reports the action.
    log_in(reporter_a)
    page.goto(f"{live_server.url}/seguimiento/actividad/{action.activity_id}/periodo/1/")
    page.get_by_label("Resultado acumulado").fill("1")
    page.get_by_label("Descripción del avance").fill("Instructivo adoptado por circular.")
    page.get_by_role("button", name="Enviar a Planeación").click()
    expect(page.get_by_text("El seguimiento se envió a Planeación.")).to_be_visible()

    # Control Interno cannot close yet: the report is not validated.
    log_in(auditor)
    page.goto(f"{live_server.url}/mejoramiento/hallazgos/{finding.pk}/")
    page.get_by_label("Nota de cierre: cómo se subsanó el hallazgo").fill("Subsanado.")
    page.get_by_role("button", name="Cerrar el hallazgo").click()
    refusal = page.locator(".messages").filter(has_text="No se puede cerrar el hallazgo")
    expect(refusal).to_contain_text("Acción 1 («Adoptar el instructivo de soportes»)")
    expect(refusal).to_contain_text("sin validar (enviado a planeación)")

    # Planeación validates; Control Interno verifies from the report page.
    log_in(planner)
    report = action.activity.reports.get(period=1)
    page.goto(f"{live_server.url}/seguimiento/reporte/{report.pk}/")
    page.get_by_role("button", name="Validar").click()
    expect(page.get_by_text("El seguimiento quedó validado.")).to_be_visible()
    log_in(auditor)
    page.goto(f"{live_server.url}/seguimiento/reporte/{report.pk}/")
    page.get_by_label("Sí, de acuerdo").check()
    page.get_by_label("Observación de Control Interno").fill("Instructivo verificado.")
    page.get_by_role("button", name="Registrar verificación").click()
    expect(page.get_by_text("Se registró la verificación de Control Interno.")).to_be_visible()

    # Now Control Interno closes the finding.
    page.goto(f"{live_server.url}/mejoramiento/hallazgos/{finding.pk}/")
    page.get_by_label("Nota de cierre: cómo se subsanó el hallazgo").fill("Subsanado.")
    page.get_by_role("button", name="Cerrar el hallazgo").click()
    expect(page.get_by_text("Se cerró el hallazgo OCI-07.")).to_be_visible()
    expect(page.get_by_role("heading", name="Reabrir el hallazgo")).to_be_visible()
    finding.refresh_from_db()
    assert finding.status == Finding.Status.CLOSED
