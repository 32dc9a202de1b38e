"""Every change to what the portal shows reaches the next anonymous visitor: each write bumps the
entity's public version in its own transaction, and pages and files are kept under it."""

import datetime
import io
import json
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction

from conftest import PDF_BYTES, acta, sign_in
from followup import services as followup
from followup.models import ProgressSum
from followup.services import EvidenceData
from followup.tests import steps
from organization import services as organization
from organization.models import Entity, Unit
from plans.services import plan_types, workflow

NEW_NAME = "Alcaldía Distrital de Cartago"


@pytest.fixture
def april(time_machine):
    time_machine.move_to("2025-04-03 10:00 -0500", tick=False)


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a write as a request does: its after-commit work runs when it commits."""

    def run(write, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return write(*args, **kwargs)

    return run


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def page(client, plan, suffix="") -> str:
    return client.get(f"/entidades/{plan.entity.nit}/planes/{plan.pk}/{suffix}").content.decode()


def version(entity) -> int:
    return Entity.objects.get(pk=entity.pk).public_version


def test_the_entity_name_and_contact_from_its_settings(client, published_plan, planner, committed):
    entity = published_plan.entity
    assert NEW_NAME not in page(client, published_plan)
    assert NEW_NAME not in client.get(f"/entidades/{entity.nit}/").content.decode()
    committed(organization.update_entity, entity, by=planner, name=NEW_NAME, phone="(602) 211 0000")
    shown = page(client, published_plan)
    assert NEW_NAME in shown and "(602) 211 0000" in shown
    assert NEW_NAME in client.get(f"/entidades/{entity.nit}/").content.decode()


def test_the_entity_name_from_the_admin(client, published_plan, superuser, committed):
    entity = published_plan.entity
    assert NEW_NAME not in page(client, published_plan)
    sign_in(client, superuser)
    fields = ["nit", "department", "municipality", "address", "postal_code", "website", "phone"]
    form = {name: getattr(entity, name) for name in fields} | {
        "name": NEW_NAME,
        "email": "",
        "followup_scheme": entity.followup_scheme,
        "submission_opens_days_before": "",
        "report_window_days": entity.report_window_days,
        "reminder_days_before": entity.reminder_days_before,
    }
    response = committed(client.post, f"/admin/organization/entity/{entity.pk}/change/", form)
    assert response.status_code == 302, response.content.decode()[:3000]
    client.logout()
    assert NEW_NAME in page(client, published_plan)


def test_a_renamed_dependencia(client, published_plan, planner, committed):
    unit = Unit.objects.filter(activities__plan=published_plan).order_by("pk").first()
    renamed = f"{unit.name} y Turismo"
    assert renamed not in page(client, published_plan)
    committed(
        organization.update_unit,
        unit,
        by=planner,
        name=renamed,
        aliases=[],
        is_whole_entity=unit.is_whole_entity,
        is_active=True,
    )
    assert renamed in page(client, published_plan)


def test_the_traffic_light_thresholds(client, published_plan, planner, committed):
    assert "rojo por debajo de 55 %" not in page(client, published_plan)
    committed(
        organization.update_entity,
        published_plan.entity,
        by=planner,
        threshold_red_below=Decimal("55"),
        threshold_yellow_below=Decimal("85"),
    )
    assert "rojo por debajo de 55 %" in page(client, published_plan)


def test_a_plan_type_renamed_in_the_catalogue(client, published_plan, superuser, committed):
    renamed = "Plan de Participación Ciudadana y Control Social"
    assert renamed.upper() not in page(client, published_plan)
    committed(plan_types.save_plan_type, published_plan.plan_type, by=superuser, name=renamed)
    assert renamed.upper() in page(client, published_plan)


def test_a_validation_with_public_evidence_and_a_published_verification(
    client, published_plan, reporter_a, planner, auditor, april, media, committed
):
    report = steps.submit(
        published_plan.activities.get(number=3),
        reporter_a,
        evidence=[EvidenceData(SimpleUploadedFile("acta-taller.pdf", PDF_BYTES), public=True)],
    )
    assert "acta-taller.pdf" not in page(client, published_plan)
    committed(steps.validate, report, planner)
    assert "acta-taller.pdf" in page(client, published_plan)
    committed(steps.verify, report, auditor, observation="Soportes completos", public=True)
    assert "Soportes completos" in page(client, published_plan)
    committed(steps.verify, report, auditor, observation="Segunda ronda", public=False)
    assert "Soportes completos" not in page(client, published_plan)


def test_a_new_version_archives_the_old_one_and_carries_its_follow_up(
    client, published_plan, reporter_a, planner, approver, auditor, april, committed
):
    v1 = published_plan
    report = steps.submit(v1.activities.get(number=3), reporter_a)
    committed(steps.validate, report, planner)
    committed(steps.verify, report, auditor, observation="Verificado en la versión 1", public=True)
    assert "Versión archivada" not in page(client, v1, "?archivada=1")
    v2 = workflow.start_new_version(v1, by=planner, reason="Ajuste de metas")
    workflow.submit_for_review(v2, by=planner)
    workflow.approve_plan(v2, by=approver, **acta(v2))
    committed(workflow.publish_plan, v2, by=planner)
    assert "Versión archivada" in page(client, v1, "?archivada=1")
    moved = client.get(f"/entidades/{v1.entity.nit}/planes/{v1.pk}/")
    assert moved["Location"] == f"/entidades/{v1.entity.nit}/planes/{v2.pk}/?anterior={v1.pk}"
    assert "Verificado en la versión 1" in page(client, v2)


def test_a_reopened_period_is_no_longer_the_latest_closed_one_in_the_open_data(
    client, published_plan, reporter_a, planner, media, time_machine, committed
):
    time_machine.move_to("2025-04-03 10:00 -0500", tick=False)
    report = steps.submit(published_plan.activities.get(number=3), reporter_a, value="2")
    committed(steps.validate, report, planner)
    time_machine.move_to("2025-04-20 10:00 -0500", tick=False)  # period I closed on the 10th
    url = f"/entidades/{published_plan.entity.nit}/planes/{published_plan.pk}/plan.json"
    assert json.loads(client.get(url).getvalue())["plan"]["avance"] is not None
    committed(
        followup.reopen_period,
        published_plan.entity,
        published_plan.year,
        1,
        by=planner,
        until=datetime.date(2025, 4, 30),
        reason="Soportes tardíos",
    )
    assert json.loads(client.get(url).getvalue())["plan"]["avance"] is None


def test_roll_ups_rebuilt_by_check_rollups(
    client, published_plan, reporter_a, planner, april, committed
):
    report = steps.submit(published_plan.activities.get(number=3), reporter_a, value="2")
    steps.validate(report, planner)
    right = page(client, published_plan)
    ProgressSum.objects.filter(plan=published_plan).update(executed=0)
    cache.clear()
    assert page(client, published_plan) != right, "the page reads the stored sums"
    committed(call_command, "check_rollups", "--rebuild", stdout=io.StringIO())
    assert page(client, published_plan) == right


def test_every_write_to_public_data_bumps_the_version_in_its_transaction(
    cartago, planner, superuser, published_plan
):
    unit = Unit.objects.get(entity=cartago, name="Secretaría de Salud")
    writes = {
        "a new dependencia": lambda: organization.create_unit(cartago, "Oficina TIC", by=planner),
        "an alias": lambda: organization.update_unit(
            unit, by=planner, name=unit.name, aliases=["SSM"], is_whole_entity=False, is_active=True
        ),
        "the reporting window": lambda: organization.update_entity(
            cartago, by=planner, report_window_days=15
        ),
        "a plan type": lambda: plan_types.save_plan_type(
            published_plan.plan_type, by=superuser, legal_basis="Ley 1757 de 2015"
        ),
    }
    for what, write in writes.items():
        before = version(cartago)
        write()
        assert version(cartago) == before + 1, what
    before = version(cartago)
    with pytest.raises(RuntimeError), transaction.atomic():
        organization.update_entity(cartago, by=planner, report_window_days=20)
        raise RuntimeError("the request fails after the write")
    assert version(cartago) == before, "rolled back with the write"
