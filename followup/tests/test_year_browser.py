"""A vigencia lived through the browser by every role, with the clock at each step (issue 16).

January: formulation, the Comité returns then approves with its acta, publication before 31
January, and a four-monthly Plan Anticorrupción alongside. Period I: a report returned, fixed,
validated and verified in public. June: a version 2 with a schedule change, a weight change, an
activity added and one removed, published, the year's follow-up carried over. Period II: two
reporters of the same dependencia on one report at once, the second refused with nothing lost.
August: a second plan published late catches up periods I and II. November: period IV drafted
before its window; 31 December: sent on the cut-off. December: next vigencia's copy.

At each step the dashboard, the public page, the XLSX and the JSON agree, and each role's
«Pendientes» shows what waits on them.
"""

import datetime
import io
import json
import re

import openpyxl
import pytest
from playwright.sync_api import expect

from conftest import PASSWORD, PDF_BYTES, SEED_PATH, acta
from followup.models import Report
from plans.models import Activity, Plan, PlanType

# axe-core is injected inline: this module's browser contexts bypass the CSP, as that one's do.
from portal.tests.test_accessibility_browser import browser_context_args, violations  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SERVICIOS = "Secretaría de Servicios Administrativos"
PLANEACION = "Secretaría de Planeación, Medio Ambiente y Desarrollo Económico"


@pytest.fixture
def people(cartago, planner, approver, reporter_a, auditor):
    """Besides the usual personas: Mario, a second reporter of Servicios Administrativos, and
    Sofía, who reports for the Secretaría de Planeación."""
    from organization import services

    def reporter(username, unit, first_name):
        return services.create_member(
            cartago,
            username=username,
            password=PASSWORD,
            role="reporter",
            first_name=first_name,
            units=[cartago.units.get(name=unit)],
        )

    return {
        "planner": planner,
        "approver": approver,
        "luis": reporter_a,
        "mario": reporter("mario", SERVICIOS, "Mario"),
        "sofia": reporter("sofia", PLANEACION, "Sofía"),
        "auditor": auditor,
    }


def _imported(entity, code, by):
    """The seed document imported as a plan of another type for 2025, formulated."""
    from followup.importing import import_plan
    from formats.readers.seed_text import SeedTextReader

    document = SeedTextReader().read(SEED_PATH.read_bytes(), SEED_PATH.name)
    plan_type = PlanType.objects.get(code=code)
    plan = import_plan(document, entity=entity, year=2025, plan_type=plan_type, by=by).plan
    Plan.objects.filter(pk=plan.pk).update(title=f"{plan_type.name} 2025")
    Activity.objects.filter(plan=plan).update(months=[3, 6], indicator_target=2)
    return Plan.objects.get(pk=plan.pk)


def _approved(plan, people):
    from plans.services import workflow

    workflow.submit_for_review(plan, by=people["planner"])
    return workflow.approve_plan(plan, by=people["approver"], **acta(plan))


def test_a_vigencia_lived_by_every_role(
    live_server, page, log_in, time_machine, ready_plan, people, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    plan = ready_plan
    url = live_server.url
    nit = plan.entity.nit

    def at(moment: str) -> None:
        time_machine.move_to(f"{moment} -0500", tick=True)

    def pending(user) -> str:
        log_in(people[user] if isinstance(user, str) else user)
        page.goto(f"{url}/seguimiento/")
        return page.locator("main").inner_text()

    def open_data(pk) -> dict:
        """The plan's JSON as the auditor downloads it (any signed-in role of the entity)."""
        response = page.request.get(f"{url}/planes/{pk}/datos.json")
        assert response.status == 200
        return {row["numero"]: row for row in json.loads(response.body())["actividades"]}

    def xlsx_row(pk, number) -> list:
        response = page.request.get(f"{url}/planes/{pk}/plan.xlsx")
        assert response.status == 200
        sheet = openpyxl.load_workbook(io.BytesIO(response.body())).active
        for row in sheet.iter_rows(values_only=True):
            if row[0] == number and isinstance(row[1], str):
                return list(row)
        raise AssertionError(f"activity {number} not in the XLSX")

    def public(pk) -> str:
        response = page.request.get(f"{url}/entidades/{nit}/planes/{pk}/")
        assert response.status == 200
        return response.text()

    # -- January: formulation, the Comité, publication ------------------------------------------
    at("2025-01-10 09:00")
    log_in(people["planner"])
    page.goto(f"{url}/planes/{plan.pk}/revision/")
    page.get_by_role("button", name="Enviar a revisión del Comité").click()
    expect(page.get_by_text("El plan se envió a revisión.")).to_be_visible()
    assert "Aprobar o devolver" in pending("approver")

    at("2025-01-13 10:00")
    log_in(people["approver"])
    page.goto(f"{url}/planes/{plan.pk}/")
    page.get_by_label("Qué debe corregirse").fill("La meta de la actividad 6 debe ser 3 encuestas.")
    page.get_by_role("button", name="Devolver a Planeación").click()
    expect(page.get_by_text("El plan se devolvió a Planeación.")).to_be_visible()
    assert "Corregir y enviar de nuevo al Comité" in pending("planner")

    at("2025-01-14 08:30")
    log_in(people["planner"])
    six = plan.activities.get(number=6)
    page.goto(f"{url}/planes/{plan.pk}/actividades/{six.pk}/editar/")
    page.get_by_label("Meta anual").fill("3")
    page.get_by_role("button", name="Guardar actividad 6").click()
    expect(page.get_by_text("Se guardó la actividad 6.")).to_be_visible()
    page.goto(f"{url}/planes/{plan.pk}/revision/")
    page.get_by_role("button", name="Enviar a revisión del Comité").click()
    expect(page.get_by_text("El plan se envió a revisión.")).to_be_visible()

    at("2025-01-20 15:00")
    log_in(people["approver"])
    page.goto(f"{url}/planes/{plan.pk}/")
    page.get_by_role("link", name="Aprobar el plan").click()
    assert violations(page) == []
    page.get_by_label("Número del acta del Comité").fill("CIGD-001-2025")
    page.get_by_label("Fecha del acta").fill("2025-01-20")
    page.get_by_label("Confirmo que el Comité aprobó este plan").check()
    page.get_by_role("button", name="Aprobar el plan").click()
    expect(page.get_by_text("El plan quedó aprobado con el acta del Comité.")).to_be_visible()
    assert "Publicar" in pending("planner")

    at("2025-01-27 11:00")
    log_in(people["planner"])
    page.goto(f"{url}/planes/{plan.pk}/")
    expect(page.get_by_label(re.compile("se reportan hasta"))).to_have_count(0)
    page.get_by_role("button", name="Publicar el plan").click()
    expect(page.get_by_text("El plan quedó publicado.")).to_be_visible()
    four_monthly = _imported(plan.entity, "plan-anticorrupcion", people["planner"])
    from followup import publishing

    publishing.publish_plan(_approved(four_monthly, people), by=people["planner"])
    page.goto(f"{url}/seguimiento/tablero/{four_monthly.pk}/")
    expect(page.locator("main")).to_contain_text("Periodo III")
    expect(page.locator("main")).not_to_contain_text("Periodo IV")
    assert "Seguimiento cuatrimestral" in public(four_monthly.pk)
    data = open_data(plan.pk)
    assert data[3]["semaforo_i"] == "aun_no_vence", "31 March has not come"
    assert "Aún no vence" in public(plan.pk) and "Sin reporte" not in public(plan.pk)

    # -- Period I: reported, returned, fixed, validated, verified -------------------------------
    at("2025-03-20 09:00")
    evidence = tmp_path / "lista-asistencia.pdf"
    evidence.write_bytes(PDF_BYTES)
    three = plan.activities.get(number=3)
    log_in(people["luis"])
    page.goto(f"{url}/seguimiento/actividad/{three.pk}/periodo/1/")
    expect(page.locator("#ventana")).to_contain_text("hasta el 10/04/2025")
    expect(page.locator(".activity-facts")).to_contain_text("50,0 %")  # programmed to March
    page.get_by_label("Resultado acumulado").fill("1")
    page.get_by_label("Descripción del avance").fill("Capacitación a 12 funcionarios.")
    page.get_by_label("Evidencia (archivo)").set_input_files(str(evidence))
    page.get_by_label("Publicar esta evidencia en el portal de transparencia").check()
    page.get_by_role("button", name="Enviar a Planeación").click()
    expect(page.get_by_text("El seguimiento se envió a Planeación.")).to_be_visible()
    nine = plan.activities.get(number=9)
    log_in(people["sofia"])
    page.goto(f"{url}/seguimiento/actividad/{nine.pk}/periodo/1/")
    page.get_by_label("Resultado acumulado").fill("2")
    page.get_by_label("Descripción del avance").fill("Plan de mejoramiento formulado.")
    page.get_by_role("button", name="Enviar a Planeación").click()
    expect(page.get_by_text("El seguimiento se envió a Planeación.")).to_be_visible()

    at("2025-04-02 10:00")
    waiting = pending("planner")
    assert SERVICIOS in waiting and "Luis" in waiting and "20/03/2025" in waiting
    report = Report.objects.get(activity=three, period=1)
    page.goto(f"{url}/seguimiento/reporte/{report.pk}/")
    page.get_by_label("Observaciones de Planeación").fill("Adjunte el número de asistentes.")
    page.get_by_role("button", name="Devolver al responsable").click()
    expect(page.get_by_text("El seguimiento se devolvió al responsable.")).to_be_visible()
    nine_report = Report.objects.get(activity=nine, period=1)
    page.goto(f"{url}/seguimiento/reporte/{nine_report.pk}/")
    page.get_by_role("button", name="Validar").click()
    expect(page.get_by_text("El seguimiento quedó validado.")).to_be_visible()

    at("2025-04-03 08:00")
    assert "Devuelto para corregir" in pending("luis")
    page.goto(f"{url}/seguimiento/actividad/{three.pk}/periodo/1/")
    page.get_by_label("Descripción del avance").fill("Asistieron 12 funcionarios; lista adjunta.")
    page.get_by_role("button", name="Enviar a Planeación").click()
    expect(page.get_by_text("El seguimiento se envió a Planeación.")).to_be_visible()

    at("2025-04-04 09:00")
    log_in(people["planner"])
    page.goto(f"{url}/seguimiento/reporte/{report.pk}/")
    page.get_by_label("Observaciones de Planeación").fill("Soportes completos.")
    page.get_by_role("button", name="Validar").click()
    expect(page.get_by_text("El seguimiento quedó validado.")).to_be_visible()
    expect(page.locator(".report-history")).to_contain_text("Soportes completos.")
    assert "actividad 3 · periodo I" in pending("auditor")
    page.goto(f"{url}/seguimiento/reporte/{report.pk}/")
    page.get_by_label("Sí, de acuerdo").check()
    page.get_by_label("Observación de Control Interno").fill("Lista de asistencia verificada.")
    page.get_by_label("Publicar esta verificación en el portal").check()
    page.get_by_role("button", name="Registrar verificación").click()
    expect(page.get_by_text("Se registró la verificación de Control Interno.")).to_be_visible()

    at("2025-04-15 09:00")
    log_in(people["auditor"])
    page.goto(f"{url}/seguimiento/tablero/{plan.pk}/")
    row = page.get_by_role("row", name=re.compile("^3. Capacitar"))
    expect(row.get_by_role("cell").nth(0)).to_contain_text("50,0 / 50,0 Verde")
    data = open_data(plan.pk)
    assert (data[3]["seguimiento_i"], data[3]["ejecutado_i"], data[3]["semaforo_i"]) == (
        "1",
        50,
        "verde",
    )
    assert data[1]["semaforo_i"] == "sin_reporte", "the cut-off passed with nothing validated"
    assert data[3]["semaforo_ii"] == "aun_no_vence"
    assert xlsx_row(plan.pk, 3)[20] == "1"
    shown = public(plan.pk)
    assert "Lista de asistencia verificada." in shown and "lista-asistencia.pdf" in shown

    # -- June: version 2 with a schedule, a weight, an added and a removed activity --------------
    at("2025-06-10 09:00")
    log_in(people["planner"])
    page.goto(f"{url}/planes/{plan.pk}/")
    page.get_by_label("Motivo del cambio").fill("Ajuste de mitad de año aprobado por el Comité.")
    page.get_by_role("button", name="Crear la versión 2").click()
    expect(page.get_by_text("Se creó la versión 2")).to_be_visible()
    version = Plan.objects.get(previous_version=plan)
    card = page.locator(f"section.activity-card[data-number='{3}']")
    card.get_by_role("button", name="Mes 6, programado").click()
    expect(card.get_by_role("button", name="Mes 6", exact=True)).to_be_visible()
    card.get_by_role("button", name="Mes 9", exact=True).click()
    expect(card.get_by_role("button", name="Mes 9, programado")).to_be_visible()
    one = version.activities.get(number=1)
    page.goto(f"{url}/planes/{version.pk}/actividades/{one.pk}/editar/")
    page.get_by_label("Ponderación").fill("3")
    page.get_by_role("button", name="Guardar actividad 1").click()
    expect(page.get_by_text("Se guardó la actividad 1.")).to_be_visible()
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("section.activity-card[data-number='9']").get_by_role(
        "button", name="Eliminar"
    ).click()
    expect(page.get_by_text("Se eliminó la actividad 9.")).to_be_visible()
    form = page.locator("section", has=page.get_by_role("heading", name="Agregar actividad"))
    form.get_by_label("Actividad", exact=False).first.fill("Rendir cuentas en audiencia pública")
    form.get_by_label("Tareas").fill("Convocar\nRealizar la audiencia")
    form.get_by_label("Productos (bienes o servicios) entregables").fill("Acta de la audiencia")
    form.get_by_label("Fórmula del indicador").fill("Audiencias realizadas")
    form.get_by_label("Meta anual").fill("1")
    form.get_by_label(SERVICIOS).check()
    form.get_by_label("Nov", exact=True).check()
    form.get_by_role("button", name="Agregar actividad").click()
    expect(page.get_by_text("Se agregó la actividad 9.")).to_be_visible()  # 9 was free
    page.goto(f"{url}/planes/{version.pk}/revision/")
    page.get_by_role("button", name="Enviar a revisión del Comité").click()
    expect(page.get_by_text("El plan se envió a revisión.")).to_be_visible()
    log_in(people["approver"])
    page.goto(f"{url}/planes/{version.pk}/aprobar/")
    page.get_by_label("Número del acta del Comité").fill("CIGD-007-2025")
    page.get_by_label("Fecha del acta").fill("2025-06-10")
    page.get_by_label("Confirmo que el Comité aprobó este plan").check()
    page.get_by_role("button", name="Aprobar el plan").click()
    expect(page.get_by_text("El plan quedó aprobado con el acta del Comité.")).to_be_visible()
    log_in(people["planner"])
    page.goto(f"{url}/planes/{version.pk}/")
    page.get_by_role("button", name="Publicar el plan").click()
    expect(page.get_by_text("El plan quedó publicado.")).to_be_visible()

    data = open_data(version.pk)
    assert (data[3]["seguimiento_i"], data[3]["ejecutado_i"], data[3]["semaforo_i"]) == (
        "1",
        50,
        "verde",
    ), "period I carried over; March is still one of two scheduled months"
    assert data[3]["meses_programados"] == [3, 9]
    assert data[9]["actividad"] == "Rendir cuentas en audiencia pública"
    assert data[9]["seguimiento_i"] is None, "the removed 9's report stayed in version 1"
    assert data[1]["semaforo_i"] == "sin_reporte"
    moved = page.request.get(f"{url}/entidades/{nit}/planes/{plan.pk}/", max_redirects=0)
    assert moved.status == 302
    shown = public(version.pk)
    assert "Lista de asistencia verificada." in shown, "the public verification moved on too"
    assert (
        "Su seguimiento (periodo I) queda con la versión 1"
        in page.request.get(f"{url}/planes/{version.pk}/diferencias/").text()
    )
    page.goto(f"{url}/planes/{version.pk}/historial/")
    expect(page.locator("main")).to_contain_text("Ponderación")

    # -- Period II: two reporters of one dependencia on one report at once -----------------------
    at("2025-06-20 10:00")
    three = version.activities.get(number=3)
    log_in(people["luis"])
    page.goto(f"{url}/seguimiento/actividad/{three.pk}/periodo/2/")
    other = page.context.browser.new_context(bypass_csp=True)
    mario = other.new_page()
    mario.goto(f"{url}/ingresar/")
    mario.get_by_label("Usuario").fill("mario")
    mario.get_by_label("Contraseña").fill(PASSWORD)
    mario.get_by_role("button", name="Ingresar").click()
    mario.wait_for_url(f"{url}/planes/")
    mario.goto(f"{url}/seguimiento/actividad/{three.pk}/periodo/2/")
    page.get_by_label("Resultado acumulado").fill("2")
    page.get_by_label("Descripción del avance").fill("Luis: segunda jornada con 15 funcionarios.")
    page.get_by_role("button", name="Guardar borrador").click()
    expect(page.get_by_text("Se guardó el borrador del seguimiento.")).to_be_visible()
    mario.get_by_label("Resultado acumulado").fill("3")
    mario.get_by_label("Descripción del avance").fill("Mario: tres jornadas en total.")
    mario.get_by_role("button", name="Guardar borrador").click()
    stale = mario.get_by_role("alert")
    expect(stale).to_contain_text("fue modificado por Luis")
    expect(stale).to_contain_text("Mario: tres jornadas en total.")
    expect(stale).to_contain_text("Luis: segunda jornada con 15 funcionarios.")
    assert violations(mario) == []
    other.close()
    kept = Report.objects.get(activity=three, period=2)
    assert kept.narrative == "Luis: segunda jornada con 15 funcionarios." and kept.value == 2

    # -- August: a plan published late catches up periods I and II -------------------------------
    at("2025-08-05 09:00")
    late = _approved(_imported(plan.entity, "pinar", people["planner"]), people)
    log_in(people["planner"])
    page.goto(f"{url}/planes/{late.pk}/")
    assert violations(page) == []
    catch_up = page.get_by_label(re.compile(r"Los periodos ya vencidos \(I, II\)"))
    catch_up.fill("2025-08-20")
    page.get_by_role("button", name="Publicar el plan").click()
    expect(page.get_by_text("El plan quedó publicado.")).to_be_visible()
    at("2025-08-12 09:00")
    late_three = late.activities.get(number=3)
    waiting = pending("luis")
    assert late.title in waiting and "20/08/2025" in waiting
    for number, value in ((1, "1"), (2, "2")):
        page.goto(f"{url}/seguimiento/actividad/{late_three.pk}/periodo/{number}/")
        expect(page.locator("#ventana")).to_contain_text("puesta al día")
        page.get_by_label("Resultado acumulado").fill(value)
        page.get_by_label("Descripción del avance").fill(f"Puesta al día del periodo {number}.")
        page.get_by_role("button", name="Enviar a Planeación").click()
        expect(page.get_by_text("El seguimiento se envió a Planeación.")).to_be_visible()
    assert Report.objects.filter(activity=late_three, status="enviado").count() == 2

    # -- November: period IV drafted before its window; sent on the cut-off ------------------------
    at("2025-11-20 16:00")
    log_in(people["luis"])
    page.goto(f"{url}/seguimiento/actividad/{three.pk}/periodo/4/")
    expect(page.locator("#ventana")).to_contain_text("abre el 01/12/2025")
    expect(page.get_by_role("button", name="Enviar a Planeación")).to_be_disabled()
    assert violations(page) == []
    page.get_by_label("Resultado acumulado").fill("2")
    page.get_by_label("Descripción del avance").fill("Borrador del cierre del año.")
    page.get_by_role("button", name="Guardar borrador").click()
    expect(page.get_by_text("Se guardó el borrador del seguimiento.")).to_be_visible()

    # -- December: next vigencia's copy, and period IV sent on 31 December ---------------------
    at("2025-12-15 10:00")
    log_in(people["planner"])
    page.goto(f"{url}/planes/{version.pk}/")
    page.get_by_role("button", name="Copiar a la vigencia 2026").click()
    expect(page.get_by_text(re.compile("Se creó .* con las actividades"))).to_be_visible()
    copy = Plan.objects.get(year=2026, copied_from=version)
    assert copy.plan_date == datetime.date(2025, 12, 15) and copy.status == Plan.Status.DRAFT
    assert not Report.objects.filter(activity__plan=copy).exists()

    at("2025-12-31 17:00")
    log_in(people["luis"])
    page.goto(f"{url}/seguimiento/actividad/{three.pk}/periodo/4/")
    expect(page.locator("#ventana")).to_contain_text("hasta el 10/01/2026")
    page.get_by_label("Descripción del avance").fill("Cierre: 2 jornadas de capacitación.")
    page.get_by_role("button", name="Enviar a Planeación").click()
    expect(page.get_by_text("El seguimiento se envió a Planeación.")).to_be_visible()
    assert Report.objects.get(activity=three, period=4).status == Report.Status.SUBMITTED
    # Nothing the year went through was lost: period I of activity 3 is still validated and
    # verified in the version in force, and the archived version still holds its own.
    carried = Report.objects.get(activity=three, period=1)
    assert carried.status == Report.Status.VALIDATED and carried.verification.public
    assert Report.objects.filter(activity__plan=plan).count() == 2
