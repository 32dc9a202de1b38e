"""The /mejoramiento/ pages: prefilled from a verification, stale edits shown, actions added,
overseers read-only and the other entity's findings not found."""

import pytest
from django.urls import reverse

from conftest import sign_in
from followup.tests.steps import submit, validate, verify
from improvement.models import Action, Finding
from improvement.tests.factories import finding

pytestmark = pytest.mark.usefixtures("first_window")


def test_a_finding_starts_from_a_verification(client, published_plan, reporter_a, planner, auditor):
    report = submit(published_plan.activities.get(number=3), reporter_a)
    validate(report, planner)
    verification = verify(report, auditor, agrees=False, adjusted=25, observation="Sin actas")
    sign_in(client, auditor)
    page = client.get(reverse("followup:report", args=[report.pk])).content.decode()
    assert f"/mejoramiento/hallazgos/nuevo/?verificacion={verification.pk}" in page
    form = client.get(reverse("improvement:create"), {"verificacion": verification.pk})
    assert form.context["form"].initial["verification"] == verification.pk
    assert form.context["form"].initial["condition"] == "Sin actas"


def test_the_list_filters_and_counts(client, found, auditor, cartago):
    finding(cartago, auditor, code="H-2", source=Finding.Source.PARTICIPATION)
    sign_in(client, auditor)
    page = client.get(reverse("improvement:list"), {"fuente": "participacion"})
    assert [f.code for f in page.context["findings"]] == ["H-2"]
    assert page.context["counts"]["open"] == 2 and page.context["counts"]["without_actions"] == 2


def test_a_stale_edit_shows_the_values_saved_now(client, found, auditor):
    sign_in(client, auditor)
    data = {
        "code": "H-1", "title": "Mi título", "source": "verificacion", "found_on": "2025-02-10",
        "unit": found.unit_id, "condition": "c", "cause": "c", "effect": "e", "revision": "0",
    }  # fmt: skip
    Finding.objects.filter(pk=found.pk).update(title="El de otra persona", revision=1)
    response = client.post(reverse("improvement:edit", args=[found.pk]), data)
    assert response.status_code == 409
    assert "El de otra persona" in response.content.decode()
    assert Finding.objects.get().title == "El de otra persona"


def test_planeacion_adds_an_action_from_the_finding(client, found, planner, seed_plan):
    sign_in(client, planner)
    activity_9 = seed_plan.activities.get(number=9)
    response = client.post(
        reverse("improvement:action_add", args=[found.pk]),
        {
            "new_year": "2025", "number": "1", "description": "Adoptar el instructivo",
            "indicator_type": "numero", "indicator_target": "1", "start_date": "2025-02-01",
            "end_date": "2025-03-31", "responsible_units": [found.unit_id],
            "linked_activities": [activity_9.pk],
        },
    )  # fmt: skip
    assert response.status_code == 302
    action = Action.objects.get()
    assert action.activity.months == [2, 3] and list(action.linked_activities.all()) == [activity_9]
    page = client.get(reverse("improvement:detail", args=[found.pk])).content.decode()
    assert "Sin reporte" in page and "actividad 9" in page


def test_overseers_read_and_cannot_write(client, found, cartago):
    from organization import services

    valle = services.create_entity(name="Gobernación del Valle del Cauca", nit="890399001-1")
    overseer = services.create_member(valle, username="valle", password="x" * 12, role="planner")
    overseer.membership.oversees.set([cartago])
    sign_in(client, overseer)
    assert client.get(reverse("improvement:detail", args=[found.pk])).status_code == 200
    listed = client.get(reverse("improvement:list"), {"entidad": cartago.pk})
    assert [f.code for f in listed.context["findings"]] == ["H-1"]
    assert client.get(reverse("improvement:action_add", args=[found.pk])).status_code == 403
    assert client.post(reverse("improvement:close", args=[found.pk])).status_code == 403


def test_another_entity_does_not_see_the_finding(client, found, other_planner, other_entity):
    sign_in(client, other_planner)
    assert client.get(reverse("improvement:detail", args=[found.pk])).status_code == 404
    listed = client.get(reverse("improvement:list"), {"entidad": found.entity_id})
    assert list(listed.context["findings"]) == []


def test_planeacion_sees_open_findings_without_actions_among_its_pending(
    client, found, planner, auditor
):
    sign_in(client, planner)
    page = client.get(reverse("followup:pending")).content.decode()
    assert "Hallazgos sin acciones de mejora" in page and "Hallazgo H-1" in page
    sign_in(client, auditor)
    assert "Hallazgo H-1" not in client.get(reverse("followup:pending")).content.decode()


def test_control_interno_records_a_finding_from_a_dialogue_space(client, cartago, planner, auditor):
    import datetime

    from django.utils import timezone

    from dialogue import services as dialogue

    event = dialogue.create_event(
        cartago,
        by=planner,
        title="Audiencia pública de rendición de cuentas",
        kind="audiencia_publica",
        starts_at=timezone.make_aware(datetime.datetime(2025, 3, 12, 9)),
        place="Concejo Municipal",
    )
    link = f"/mejoramiento/hallazgos/nuevo/?espacio={event.pk}"
    sign_in(client, planner)
    assert link not in client.get(event.get_absolute_url()).content.decode()
    sign_in(client, auditor)
    assert link in client.get(event.get_absolute_url()).content.decode()
    form = client.get(link).context["form"]
    assert form.initial["event"] == event.pk and form.initial["source"] == "participacion"
