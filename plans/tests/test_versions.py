"""A new version keeps the year's follow-up: every report, as it was, moves on with it."""

import json
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from conftest import PASSWORD, PDF_BYTES, acta, edit_activity
from followup import publishing
from followup.models import Evidence, Report, Verification
from followup.services import EvidenceData
from followup.tests import steps
from plans.models import Plan
from plans.services import editing, workflow

PLANEACION = "Secretaría de Planeación, Medio Ambiente y Desarrollo Económico"
REPORT_STATE = (
    "period", "status", "value", "narrative", "review_comment", "executed", "submitted_at",
    "submitted_by_id", "validated_at", "validated_by_id", "revision", "created_at",
)  # fmt: skip


@pytest.fixture(autouse=True)
def in_the_first_window(time_machine):
    time_machine.move_to("2025-04-03 10:00 -0500", tick=False)


@pytest.fixture
def sofia(cartago):
    """Reports for the Secretaría de Planeación's activities (1, 2, 4, 5, 6, 8, 9)."""
    from organization import services

    return services.create_member(
        cartago,
        username="sofia",
        password=PASSWORD,
        role="reporter",
        first_name="Sofía",
        units=[cartago.units.get(name=PLANEACION)],
    )


@pytest.fixture
def year_so_far(published_plan, reporter_a, sofia, planner, auditor, settings, tmp_path):
    """Period I of the published plan in every state: validated and verified in public with
    public and private evidence (3), returned (1), submitted (2), a draft (4), validated on
    the activity version 2 removes (9); nothing on the others."""
    settings.MEDIA_ROOT = tmp_path
    plan = published_plan
    act = {a.number: a for a in plan.activities.all()}
    three = steps.submit(
        act[3],
        reporter_a,
        value="1",
        evidence=[
            EvidenceData(upload=SimpleUploadedFile("lista.pdf", PDF_BYTES), public=True),
            EvidenceData(upload=SimpleUploadedFile("cedulas.pdf", PDF_BYTES + b" ")),
        ],
    )
    steps.validate(three, planner, comment="Soportes completos.")
    steps.verify(three, auditor, agrees=False, adjusted=Decimal(40), observation="Sin fotos.")
    steps.verify(three, auditor, observation="Llegaron las fotos.", public=True)
    steps.return_(steps.submit(act[1], sofia, value="1"), planner, comment="Falta el acta.")
    steps.submit(act[2], sofia, value="2")
    steps.draft(act[4], sofia, narrative="Borrador del instrumento", value=Decimal(1))
    steps.validate(steps.submit(act[9], sofia, value="2"), planner)
    return plan


def _version_two(plan, planner, approver, *, publish=True):
    """Version 2: activity 3 now runs only in March (its target goes from 2 to 4), activity 1
    weighs 3, activity 9 removed, activity 10 added."""
    version = workflow.start_new_version(plan, by=planner, reason="Ajuste de mitad de año")
    act = {a.number: a for a in version.activities.all()}
    edit_activity(act[3], by=planner, months=[3], indicator_target=Decimal(4))
    edit_activity(act[1], by=planner, weight=Decimal(3))
    editing.delete_activity(act[9], by=planner)
    editing.add_activity(
        version,
        by=planner,
        data=editing.ActivityData(
            number=10,
            description="Rendir cuentas en audiencia pública",
            months=[11],
            indicator_formula="Audiencias realizadas",
            indicator_target=Decimal(1),
            tasks=["Convocar"],
            deliverables="Acta",
            responsible_units=list(act[2].responsible_units.all()),
        ),
    )
    if publish:
        workflow.submit_for_review(version, by=planner)
        workflow.approve_plan(version, by=approver, **acta(version))
        version = publishing.publish_plan(version, by=planner)
    return version


def _state(report):
    return {name: getattr(report, name) for name in REPORT_STATE}


def test_a_new_version_carries_every_report_exactly_as_it_was(year_so_far, planner, approver):
    before = {
        r.activity.number: (_state(r), r)
        for r in Report.objects.filter(activity__plan=year_so_far).select_related("activity")
    }
    v2 = _version_two(year_so_far, planner, approver)
    after = {
        r.activity.number: r
        for r in Report.objects.filter(activity__plan=v2).select_related("activity")
    }
    assert sorted(after) == [1, 2, 3, 4], "only what someone reported; the removed 9 stays"
    for number, report in after.items():
        state, old = before[number]
        expected = dict(state)
        if number == 3:  # validated 1 of a target now 4: recomputed, not copied
            expected["executed"] = Decimal("25.00")
        assert _state(report) == expected
        assert report.carried_from == old
    assert after[1].status == Report.Status.RETURNED
    assert after[1].review_comment == "Falta el acta."
    assert after[4].status == Report.Status.DRAFT
    three = after[3]
    assert sorted(three.evidence.values_list("original_name", "public", "sha256")) == sorted(
        before[3][1].evidence.values_list("original_name", "public", "sha256")
    )
    rounds = list(three.verifications.values_list("round", "agrees", "public", "verified_by"))
    assert [r[:3] for r in rounds] == [(1, False, False), (2, True, True)]
    # The archived version keeps all of its own, the removed activity's included.
    assert Report.objects.filter(activity__plan=year_so_far).count() == 5
    assert Evidence.objects.count() == 4 and Verification.objects.count() == 4


def test_reporting_goes_on_in_the_version_in_force_until_the_new_one_is_published(
    year_so_far, sofia, planner, approver
):
    v2 = _version_two(year_so_far, planner, approver, publish=False)
    six = year_so_far.activities.get(number=6)
    steps.submit(six, sofia, value="1", narrative="Encuesta aplicada mientras v2 era borrador")
    workflow.submit_for_review(v2, by=planner)
    workflow.approve_plan(v2, by=approver, **acta(v2))
    publishing.publish_plan(v2, by=planner)
    carried = Report.objects.get(activity__plan=v2, activity__number=6)
    assert carried.narrative == "Encuesta aplicada mientras v2 era borrador"
    with pytest.raises(ValidationError, match="reemplazada por la versión 2"):
        steps.draft(six, sofia, narrative="Tarde, en la versión archivada")
    steps.draft(v2.activities.get(number=6), sofia, period=2, narrative="Ya en la versión 2")


def test_the_figures_of_the_year_are_the_same_before_and_after_a_version_that_keeps_them(
    year_so_far, client, planner, approver, auditor
):
    client.force_login(auditor)

    def figures(plan):
        data = json.loads(client.get(f"/planes/{plan.pk}/datos.json").content)
        return [
            (a["numero"], a["seguimiento_i"], a["ejecutado_i"], a["semaforo_i"])
            for a in data["actividades"]
        ]

    before = figures(year_so_far)
    version = workflow.start_new_version(year_so_far, by=planner, reason="Corrección de texto")
    workflow.submit_for_review(version, by=planner)
    workflow.approve_plan(version, by=approver, **acta(version))
    publishing.publish_plan(version, by=planner)
    assert figures(version) == before
    assert [f for f in before if f[0] == 3] == [(3, "1", Decimal("50.0"), "verde")]


def test_the_old_addresses_lead_to_the_version_in_force_and_the_archived_one_stays_readable(
    year_so_far, client, planner, approver
):
    v1 = year_so_far
    v2 = _version_two(v1, planner, approver)
    nit = v1.entity.nit
    public = client.get(f"/entidades/{nit}/planes/{v1.pk}/")
    assert public.status_code == 302
    assert public["Location"] == f"/entidades/{nit}/planes/{v2.pk}/?anterior={v1.pk}"
    page = client.get(public["Location"]).content.decode()
    assert "La versión 1 de este plan, que usted buscaba, fue reemplazada" in page
    assert f"/entidades/{nit}/planes/{v1.pk}/?archivada=1" in page
    archived = client.get(f"/entidades/{nit}/planes/{v1.pk}/?archivada=1")
    assert archived.status_code == 200 and "Versión archivada" in archived.content.decode()
    download = client.get(f"/entidades/{nit}/planes/{v1.pk}/plan.csv")
    assert download["Location"] == f"/entidades/{nit}/planes/{v2.pk}/plan.csv"
    client.force_login(planner)
    internal = client.get(f"/planes/{v1.pk}/")
    assert internal["Location"] == f"/planes/{v2.pk}/?anterior={v1.pk}"
    assert "Ver la versión 1 archivada" in client.get(internal["Location"]).content.decode()
    assert client.get(f"/planes/{v1.pk}/?archivada=1").status_code == 200


def test_plan_lists_show_the_version_in_force_while_its_successor_is_a_draft(
    published_plan, client, planner, approver
):
    v2 = workflow.start_new_version(published_plan, by=planner, reason="Ajuste")
    client.force_login(planner)
    page = client.get("/planes/?estado=publicado").content.decode()
    assert f"/planes/{published_plan.pk}/" in page
    assert f"/planes/{v2.pk}/" in client.get("/planes/?estado=borrador").content.decode()
    workflow.submit_for_review(v2, by=planner)
    workflow.approve_plan(v2, by=approver, **acta(v2))
    publishing.publish_plan(v2, by=planner)
    archived = client.get("/planes/?estado=archivado").content.decode()
    assert f"/planes/{published_plan.pk}/" in archived
    assert Plan.objects.get(pk=published_plan.pk).status == Plan.Status.ARCHIVED


def test_the_diff_lists_the_follow_up_a_removed_activity_leaves_with_the_archived_version(
    year_so_far, client, planner, approver
):
    v2 = _version_two(year_so_far, planner, approver)
    client.force_login(planner)
    page = client.get(f"/planes/{v2.pk}/diferencias/").content.decode()
    assert "Actividad 9" in page
    assert "Su seguimiento (periodo I) queda con la versión 1, archivada," in page


def test_the_api_leads_from_a_replaced_version_to_the_version_in_force(
    year_so_far, client, planner, approver
):
    v2 = _version_two(year_so_far, planner, approver)
    for tail in ("", "/actividades", "/avance"):
        response = client.get(f"/api/v1/planes/{year_so_far.pk}{tail}")
        assert response.status_code == 302
        assert response["Location"] == f"/api/v1/planes/{v2.pk}{tail}"
        assert client.get(response["Location"]).status_code == 200
