"""The weekly compliance mail to an oversight office, through a real SMTP server: the first
digest says where things stand, a week without changes sends nothing, a change is named in the
next week's mail, and no office gets two in one week."""

import datetime

import pytest

from conftest import mail_bodies
from followup import services
from followup.compliance_digest import send_compliance_digests
from followup.models import ComplianceDigest, Report
from followup.tests import compliance_world

pytestmark = pytest.mark.django_db

MONDAY = datetime.date(2025, 7, 21)


@pytest.fixture
def world(plan_types, time_machine):
    time_machine.move_to("2025-07-21 07:00 -0500", tick=False)
    return compliance_world.build()


def send(day, capture) -> int:
    with capture(execute=True):
        return send_compliance_digests(day)


def test_the_first_digest_says_where_each_overseen_entity_stands(
    world, smtp_server, django_capture_on_commit_callbacks
):
    assert send(MONDAY, django_capture_on_commit_callbacks) == 1
    [message] = smtp_server.messages
    assert message["To"] == "planeacion@valledelcauca.example"
    assert message["Subject"] == ("Cumplimiento de las entidades que vigila: semana del 21/07/2025")
    text, html = mail_bodies(message)
    assert "primer resumen" in text
    assert "- Alcaldía de Cali: Plan de Acción Institucional: publicado a tiempo; " in text
    assert "- Alcaldía de Buga: Plan de Acción Institucional: publicado tarde (01/02/2025)" in text
    assert (
        "Alcaldía de Palmira: Plan de Acción Institucional: publicado a tiempo; Plan Anual" in text
    )
    assert "tiene 2 seguimientos faltantes" in text
    assert "Alcaldía de Cali: " in text and "entró en rojo" in text
    assert "Cartago" not in text and "Medellín" not in text, "only the entities it oversees"
    assert "<strong>Alcaldía de Cali</strong>" in html
    assert "/seguimiento/cumplimiento/?vigencia=2025" in text


def test_nothing_changed_no_mail_a_change_next_week_once(
    world, smtp_server, django_capture_on_commit_callbacks
):
    send(MONDAY, django_capture_on_commit_callbacks)
    assert send(MONDAY + datetime.timedelta(days=7), django_capture_on_commit_callbacks) == 0
    assert len(smtp_server.messages) == 1, "a week without changes sends nothing"

    # Palmira catches up on Tuesday: its draft sent, its period II report sent.
    Report.objects.filter(activity__plan=world.palmira_plan, status=Report.Status.DRAFT).update(
        status=Report.Status.SUBMITTED
    )
    Report.objects.create(
        activity=world.palmira_plan.activities.get(number=3),
        period=2,
        status=Report.Status.SUBMITTED,
        value=50,
        narrative="Avance.",
    )
    services.rebuild_rollups(world.palmira_plan)  # as sending through followup.services does
    tuesday = MONDAY + datetime.timedelta(days=8)
    assert send(tuesday, django_capture_on_commit_callbacks) == 0, "already checked this week"

    next_monday = MONDAY + datetime.timedelta(days=14)
    assert send(next_monday, django_capture_on_commit_callbacks) == 1
    message = smtp_server.messages[-1]
    assert message["Subject"].endswith("semana del 04/08/2025")
    text, _html = mail_bodies(message)
    assert "Esto cambió desde el resumen anterior" in text
    assert "- Alcaldía de Palmira: se puso al día en los seguimientos." in text
    assert "Cali" not in text.split("En total")[0], "only what changed"

    assert send(next_monday, django_capture_on_commit_callbacks) == 0
    assert len(smtp_server.messages) == 2, "at most one mail a week"
    digest = ComplianceDigest.objects.get(membership=world.overseer.membership)
    assert digest.week == "2025-W32" and digest.state[str(world.palmira.pk)]["missing"] == 0
