"""Mail through a real SMTP server on loopback: reminders, submissions and returns."""

import io
from decimal import Decimal

import pytest
from django.core.management import call_command

from conftest import mail_bodies
from followup import services
from followup.services import ReportData
from followup.tests import steps


@pytest.fixture
def plan_in_q1(published_plan, reporter_a, time_machine):
    time_machine.move_to("2025-04-08 07:00 -0500", tick=False)
    reporter_a.email = "luis@cartago.example"
    reporter_a.save()
    return published_plan


def test_reminders_reach_the_reporter_once_before_the_window_closes(
    plan_in_q1, smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        out = io.StringIO()
        call_command("send_reminders", stdout=out)
    assert "Recordatorios enviados: 1." in out.getvalue()
    assert len(smtp_server.messages) == 1
    message = smtp_server.messages[0]
    assert message["To"] == "luis@cartago.example"
    assert message["Subject"] == ("Recordatorio: el seguimiento del periodo I vence el 10/04/2025")
    text, html = mail_bodies(message)
    assert "Capacitar funcionarios de la entidad" in text
    assert "<li>" in html and "Capacitar funcionarios" in html

    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", stdout=io.StringIO())
    assert len(smtp_server.messages) == 1, "a second run sends nothing new"


def test_overdue_reports_get_one_more_mail_and_reported_ones_none(
    plan_in_q1, reporter_a, smtp_server, django_capture_on_commit_callbacks, time_machine
):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", "--date", "2025-04-08", stdout=io.StringIO())
        call_command("send_reminders", "--date", "2025-04-12", stdout=io.StringIO())
    subjects = [m["Subject"] for m in smtp_server.messages]
    assert subjects[-1] == "Seguimiento vencido: periodo I de 2025"
    assert len(subjects) == 2


def test_nothing_is_sent_for_a_reported_activity(
    plan_in_q1, reporter_a, smtp_server, django_capture_on_commit_callbacks
):
    activity = plan_in_q1.activities.get(number=3)
    services.submit_report(
        activity,
        1,
        by=reporter_a,
        data=ReportData("Hecho", value=Decimal(1)),
        expected_revision=0,
    )
    smtp_server.messages.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", stdout=io.StringIO())
    assert smtp_server.messages == []


def test_planners_hear_of_submissions_and_reporters_of_returns(
    plan_in_q1, reporter_a, planner, smtp_server, django_capture_on_commit_callbacks
):
    planner.email = "ana@cartago.example"
    planner.save()
    activity = plan_in_q1.activities.get(number=3)
    with django_capture_on_commit_callbacks(execute=True):
        report = services.submit_report(
            activity,
            1,
            by=reporter_a,
            data=ReportData("Hecho", value=Decimal(1)),
            expected_revision=0,
        )
    assert [m["To"] for m in smtp_server.messages] == ["ana@cartago.example"]
    assert "Seguimiento enviado: actividad 3, periodo I" in smtp_server.messages[0]["Subject"]
    with django_capture_on_commit_callbacks(execute=True):
        services.return_report(
            report,
            by=planner,
            comment="Falta la lista de asistencia.",
            expected_revision=report.revision,
        )
    assert smtp_server.messages[-1]["To"] == "luis@cartago.example"
    assert "Falta la lista de asistencia." in mail_bodies(smtp_server.messages[-1])[0]


def test_no_mail_leaves_when_the_transaction_rolls_back(
    plan_in_q1, reporter_a, planner, smtp_server, django_capture_on_commit_callbacks
):
    from django.db import transaction

    planner.email = "ana@cartago.example"
    planner.save()
    activity = plan_in_q1.activities.get(number=3)
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                services.submit_report(
                    activity,
                    1,
                    by=reporter_a,
                    data=ReportData("x", value=Decimal(1)),
                    expected_revision=0,
                )
                raise RuntimeError("something later failed")
        except RuntimeError:
            pass
    assert smtp_server.messages == []


def test_follow_up_mails_link_to_their_item_and_their_text_part_is_not_escaped(
    plan_in_q1, reporter_a, planner, settings, smtp_server, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://planes.cartago.example"
    planner.email = "ana@cartago.example"
    planner.save()
    activity = plan_in_q1.activities.get(number=3)
    comment = 'Falta la lista «firmada» de l\'evento y el "anexo" <2>.'
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", stdout=io.StringIO())
        report = steps.submit(activity, reporter_a)
        steps.return_(report, planner, comment)
    reminder, submitted, returned = smtp_server.messages
    links = {
        "https://planes.cartago.example/seguimiento/": reminder,
        f"https://planes.cartago.example/seguimiento/reporte/{report.pk}/": submitted,
        f"https://planes.cartago.example/seguimiento/actividad/{activity.pk}/periodo/1/": returned,
    }
    for link, message in links.items():
        text, html = mail_bodies(message)
        assert link in text and f'href="{link}"' in html, (message["Subject"], link)
    text, html = mail_bodies(returned)
    assert comment in text
    assert "&" not in text
    assert "de l&#x27;evento y el &quot;anexo&quot; &lt;2&gt;." in html
