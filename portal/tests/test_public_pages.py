"""The public portal: no log-in, only published data, downloads, cache invalidation."""

import json
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from conftest import PDF_BYTES, acta
from followup import publishing, services
from followup.services import EvidenceData, ReportData
from followup.tests import steps
from plans.services import workflow


@pytest.fixture
def cycle(published_plan, reporter_a, planner, auditor, settings, tmp_path, time_machine):
    """Period I: one validated report with a public and a private file, one draft report with
    a public file."""
    time_machine.move_to("2025-04-03 10:00 -0500", tick=False)
    settings.MEDIA_ROOT = tmp_path
    activity = published_plan.activities.get(number=3)
    report = steps.submit(
        activity,
        reporter_a,
        value="1",
        narrative="Capacitación hecha",
        evidence=[
            EvidenceData(upload=SimpleUploadedFile("lista-publica.pdf", PDF_BYTES), public=True),
            EvidenceData(upload=SimpleUploadedFile("cedulas-privadas.pdf", PDF_BYTES + b" ")),
        ],
    )
    public, private = report.evidence.order_by("pk")
    steps.validate(report, planner)
    steps.verify(report, auditor, observation="Verificación pública", public=True)
    draft = services.save_report(
        published_plan.activities.get(number=7),
        1,
        by=planner,
        data=ReportData("Borrador secreto del informe", value=Decimal(2)),
        expected_revision=0,
        evidence=[  # public, but its report is not validated yet
            EvidenceData(
                upload=SimpleUploadedFile("adelanto-borrador.pdf", PDF_BYTES + b"  "), public=True
            )
        ],
    )
    return {"plan": published_plan, "public": public, "private": private, "draft": draft}


def test_the_public_pages_open_without_logging_in(client, cycle):
    plan = cycle["plan"]
    nit = plan.entity.nit
    for url in [
        "/",
        f"/entidades/{nit}/",
        f"/entidades/{nit}/planes/{plan.pk}/",
        f"/entidades/{nit}/transparencia/plan-de-accion/",
        "/accesibilidad/",
        "/datos-abiertos/",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert 'aria-label="Portal del Estado Colombiano - GOV.CO"' in response.content.decode()


def test_the_published_plan_shows_its_follow_up_public_evidence_and_verification(client, cycle):
    plan = cycle["plan"]
    page = client.get(f"/entidades/{plan.entity.nit}/planes/{plan.pk}/").content.decode()
    assert "Capacitar funcionarios" in page and "light--verde" in page
    assert "lista-publica.pdf" in page and "Verificación pública" in page
    assert "cedulas-privadas.pdf" not in page
    assert "adelanto-borrador.pdf" not in page, "a report not validated keeps its evidence"
    assert "Borrador secreto" not in page
    assert "Avance programado = meses del cronograma" in page


def test_private_evidence_and_unpublished_plans_never_reach_the_public(
    client, cycle, cartago, planner
):
    plan, nit = cycle["plan"], cycle["plan"].entity.nit
    public, private = cycle["public"], cycle["private"]
    assert client.get(f"/entidades/{nit}/evidencias/{public.pk}/").status_code == 200
    assert client.get(f"/entidades/{nit}/evidencias/{private.pk}/").status_code == 404
    version = workflow.start_new_version(plan, by=planner, reason="Borrador confidencial 2")
    assert client.get(f"/entidades/{nit}/planes/{version.pk}/").status_code == 404
    assert client.get(f"/entidades/{nit}/planes/{version.pk}/plan.json").status_code == 404
    entity_page = client.get(f"/entidades/{nit}/").content.decode()
    assert (
        "Borrador confidencial" not in entity_page and f"/planes/{version.pk}/" not in entity_page
    )


def test_downloads_carry_only_validated_follow_up(client, cycle):
    plan = cycle["plan"]
    base = f"/entidades/{plan.entity.nit}/planes/{plan.pk}/plan"
    data = json.loads(client.get(f"{base}.json").getvalue())
    assert data["actividades"][2]["seguimiento_i"] == "1"
    assert all(a["seguimiento_i"] in (None, "1") for a in data["actividades"])
    assert data["actividades"][6]["seguimiento_i"] is None, "a draft report is not published"
    assert "Borrador secreto" not in json.dumps(data)
    for fmt, start in (("csv", b"\xef\xbb\xbf"), ("xlsx", b"PK"), ("pdf", b"%PDF")):
        response = client.get(f"{base}.{fmt}")
        assert response.status_code == 200 and response.getvalue().startswith(start), fmt


def test_the_transparency_index_follows_resolution_1519(client, cycle):
    plan = cycle["plan"]
    page = client.get(
        f"/entidades/{plan.entity.nit}/transparencia/plan-de-accion/"
    ).content.decode()
    for item in [
        "4.3.1 Objetivos",
        "4.3.2 Estrategias",
        "4.3.3 Proyectos",
        "4.3.4 Metas",
        "4.3.5 Responsables",
        "4.3.6 Planes generales de compras",
        "4.3.7 Distribución presupuestal",
        "4.3.8 Presupuesto desagregado",
    ]:
        assert item in page
    assert plan.title in page


def test_public_pages_are_cached_and_refreshed_when_a_plan_is_published(
    client, ready_plan, planner, approver, django_capture_on_commit_callbacks
):
    nit = ready_plan.entity.nit
    assert ready_plan.title not in client.get(f"/entidades/{nit}/").content.decode()
    ready_plan.__class__.objects.filter(pk=ready_plan.pk).update(status="publicado")
    assert ready_plan.title not in client.get(f"/entidades/{nit}/").content.decode(), "cached"
    ready_plan.__class__.objects.filter(pk=ready_plan.pk).update(status="borrador")
    with django_capture_on_commit_callbacks(execute=True):
        workflow.submit_for_review(ready_plan, by=planner)
        workflow.approve_plan(ready_plan, by=approver, **acta(ready_plan))
        publishing.publish_plan(ready_plan, by=planner)
    assert ready_plan.title in client.get(f"/entidades/{nit}/").content.decode()


def test_an_unknown_entity_is_not_found(client, db):
    assert client.get("/entidades/800000000-0/").status_code == 404


def test_validating_a_report_refreshes_the_cached_plan_page(
    client, published_plan, reporter_a, planner, time_machine, django_capture_on_commit_callbacks
):
    time_machine.move_to("2025-04-03 10:00 -0500", tick=False)
    url = f"/entidades/{published_plan.entity.nit}/planes/{published_plan.pk}/"
    activity = published_plan.activities.get(number=3)
    report = steps.submit(activity, reporter_a, value="2", narrative="Hecho")
    assert "light--verde" not in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        steps.validate(report, planner)
    assert "light--verde" in client.get(url).content.decode()
