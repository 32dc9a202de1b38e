"""History, Gantt and version-diff pages."""

import html
import re
from decimal import Decimal

import time_machine

from audit.catalogue import ACTIONS
from conftest import acta, edit_activity
from followup.measures import Light
from followup.tests import steps
from plans.services import workflow


def as_read(page: str) -> str:
    """The page's main content as a screen reader reads it: text only, spaces collapsed."""
    main = page[page.index("<main") : page.index("</main>")]
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", main)).split())


def raw_codes(page: str) -> list[str]:
    """Internal codes a person should never read: audit actions, and the traffic-light and
    status values that no Spanish word could be mistaken for (sin_reporte, en_revision)."""
    codes = [*ACTIONS, *(light.value for light in Light if "_" in light), "en_revision"]
    return [code for code in codes if re.search(rf"(?<![\w.]){re.escape(code)}(?![\w.])", page)]


def test_the_history_lists_who_changed_what_across_versions(client, planner, approver, ready_plan):
    workflow.submit_for_review(ready_plan, by=planner)
    workflow.approve_plan(ready_plan, by=approver, **acta(ready_plan))
    version = workflow.start_new_version(ready_plan, by=planner, reason="Nueva meta")
    client.force_login(planner)
    page = as_read(client.get(f"/planes/{version.pk}/historial/").content.decode())
    for text in [
        "Sistema Se importó el plan de un documento",
        "Ana Se envió el plan al Comité",
        "Estado: antes Borrador → después En revisión",
        "Carmen El Comité aprobó el plan",
        "Aprobado por: antes — → después Carmen",
        "Ana Se creó una nueva versión del plan Plan de acción: Plan de Acción de Participación "
        "Ciudadana 2025 — Nueva meta",
    ]:
        assert text in page, text
    assert raw_codes(page) == []


@time_machine.travel("2025-02-03 09:15 -0500", tick=False)
def test_it_shows_each_change_in_spanish_with_the_full_name_and_before_and_after(
    client, planner, ready_plan
):
    planner.last_name = "Gómez"
    planner.save()
    hacienda = ready_plan.entity.units.get(name="Secretaría de Hacienda")
    activity = ready_plan.activities.get(number=1)
    edit_activity(
        activity,
        by=planner,
        weight=Decimal("2.5"),
        months=[3, 4, 6],
        responsible_units=[hacienda],
        indicator_type="porcentaje",
    )
    client.force_login(planner)
    page = client.get(f"/planes/{ready_plan.pk}/historial/").content.decode()
    read = as_read(page)
    assert "03/02/2025 09:15 Ana Gómez Se modificó la actividad Actividad: 1. Elaborar" in read
    for change in [
        "Ponderación: antes 1 → después 2,5",
        "Meses programados: antes marzo, junio → después marzo, abril, junio",
        "Tipo de indicador: antes Número → después Porcentaje",
        "Responsables: antes Secretaría de Planeación, Medio Ambiente y Desarrollo Económico "
        "→ después Secretaría de Hacienda",
    ]:
        assert change in read, change
    assert "Revisión" not in read and "Modificado:" not in read, "noise fields stay out"
    assert raw_codes(page) == []


@time_machine.travel("2025-04-03 10:00 -0500", tick=False)
def test_the_history_shows_the_follow_up_with_its_states_and_people_in_spanish(
    client, planner, reporter_a, auditor, published_plan
):
    activity = published_plan.activities.get(number=3)  # Servicios Administrativos reports it
    steps.draft(activity, reporter_a)
    report = steps.submit(activity, reporter_a, narrative="Se capacitó a 12 funcionarios.")
    steps.validate(report, planner)
    steps.verify(report, auditor, public=True)
    client.force_login(auditor)
    page = client.get(f"/planes/{published_plan.pk}/historial/").content.decode()
    read = as_read(page)
    for text in [
        "Luis Se guardó el borrador del seguimiento Seguimiento: 3. Capacitar",
        "Luis Se envió el seguimiento a Planeación",
        "Estado: antes Borrador → después Enviado a Planeación",
        "Enviado por: antes — → después Luis",
        "Ana Planeación validó el seguimiento",
        "Validado: antes — → después 03/04/2025 10:00",
        "Marta Control Interno verificó el seguimiento Verificación de Control Interno:",
    ]:
        assert text in read, text
    assert raw_codes(page) == []


@time_machine.travel("2025-05-14 10:00 -0500")
def test_the_gantt_marks_the_scheduled_months_and_today(client, planner, seed_plan):
    activity = seed_plan.activities.get(number=1)
    activity.months = [4, 5, 6]
    activity.save()
    client.force_login(planner)
    page = client.get(f"/planes/{seed_plan.pk}/cronograma/").content.decode()
    assert page.count("gantt__cell is-scheduled") == 3
    assert 'aria-current="date"' in page and "14 de mayo de 2025" in page
    assert page.count("is-today") == 1 + 9  # the header and one cell per activity


@time_machine.travel("2027-01-10 10:00 -0500")
def test_the_gantt_of_another_year_marks_no_month(client, planner, seed_plan):
    client.force_login(planner)
    page = client.get(f"/planes/{seed_plan.pk}/cronograma/").content.decode()
    assert 'aria-current="date"' not in page and "no cae en la vigencia 2025" in page


def test_the_diff_page_compares_two_versions_side_by_side(client, planner, approver, ready_plan):
    workflow.submit_for_review(ready_plan, by=planner)
    workflow.approve_plan(ready_plan, by=approver, **acta(ready_plan))
    version = workflow.start_new_version(ready_plan, by=planner, reason="Cambio de meta")
    version.activities.filter(number=2).update(indicator_target=7)
    version.activities.filter(number=9).delete()
    client.force_login(planner)
    page = client.get(f"/planes/{version.pk}/diferencias/").content.decode()
    assert "Diferencias entre la versión 1 y la versión 2" in page
    assert '<td class="diff-old">2</td><td class="diff-new">7</td>' in page
    assert "eliminada" in page and "Cambio de meta" in page
    assert client.get(f"/planes/{version.pk}/diferencias/?a=5").status_code == 404


@time_machine.travel("2025-07-10 10:00 -0500")
def test_the_diff_lists_weight_and_schedule_changes_with_spanish_labels(
    client, planner, published_plan
):
    version = workflow.start_new_version(published_plan, by=planner, reason="Nuevo cronograma")
    version.activities.filter(number=2).update(
        weight=3, months=[9], indicator_unit="talleres", indicator_baseline=Decimal("1.50")
    )
    client.force_login(planner)
    page = client.get(f"/planes/{version.pk}/diferencias/").content.decode()
    read = as_read(page)
    assert "Ponderación 1 3" in read
    assert "Meses del cronograma marzo, junio septiembre" in read
    assert "Unidad de medida — talleres" in read and "Línea base — 1,5" in read
    assert re.search(r"Semáforo del periodo I (Rojo|Sin reporte) No programado", read), read
    assert raw_codes(page) == []
