"""The demo's plan de mejoramiento: the seed's activity 9 shown with one, whatever day the demo
is loaded."""

import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from conftest import sign_in
from improvement.models import Action, Finding
from organization.models import User
from plans.models import Plan


@pytest.mark.parametrize(
    "day", ["2026-01-10 09:00 -0500", "2026-03-15 09:00 -0500", "2026-12-04 09:00 -0500"]
)
def test_the_demo_loads_a_published_plan_de_mejoramiento_on_any_day(
    day, plan_types, settings, tmp_path, time_machine
):
    time_machine.move_to(day, tick=False)
    settings.VAR_DIR = settings.MEDIA_ROOT = tmp_path
    call_command("load_demo", "--if-empty", stdout=io.StringIO(), stderr=io.StringIO())
    improvement_plan = Plan.objects.get(plan_type__code="plan-mejoramiento")
    assert improvement_plan.title == "Plan de Mejoramiento 2026"
    assert improvement_plan.status == Plan.Status.PUBLISHED
    seed = Plan.objects.get(plan_type__code="participacion-ciudadana")
    activity_9 = seed.activities.get(number=9)
    assert Action.objects.filter(linked_activities=activity_9).count() == 2
    findings = {f.code: f for f in Finding.objects.all()}
    assert findings["OCI-01"].verification is not None
    assert findings["OCI-01"].status == Finding.Status.CLOSED
    assert findings["PC-01"].event is not None and findings["PC-01"].status == Finding.Status.OPEN
    client = Client()
    sign_in(client, User.objects.get(username="controlinterno"))
    page = client.get(reverse("improvement:detail", args=[findings["PC-01"].pk]))
    assert page.status_code == 200
    assert "sin reporte" in page.content.decode()
    assert client.get(reverse("improvement:list")).status_code == 200
