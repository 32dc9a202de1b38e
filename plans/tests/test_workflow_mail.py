"""Workflow notices through a real SMTP server: who hears of each step of a plan, with a link."""

from email.header import decode_header, make_header

import pytest
from django.db import transaction

from conftest import _member, acta, mail_bodies
from followup import publishing
from plans.services import workflow

SITE = "https://planes.cartago.example"


@pytest.fixture
def people(
    cartago, planner, reporter_a, reporter_b, auditor, viewer, approver, other_planner, settings
):
    """Everyone with an address, and a second planner (Sofía) to hear what Ana does."""
    settings.SITE_URL = SITE
    sofia = _member(cartago, "sofia", "planner")
    everyone = [planner, sofia, reporter_a, reporter_b, auditor, viewer, approver, other_planner]
    for user in everyone:
        user.email = f"{user.username}@example.gov.co"
        user.save()
    return {user.username: user for user in everyone}


def inbox(smtp_server) -> dict[str, object]:
    return {message["To"].split("@")[0]: message for message in smtp_server.messages}


def subject(message) -> str:
    return str(make_header(decode_header(message["Subject"])))


def assert_links_to(message, plan) -> None:
    text, html = mail_bodies(message)
    link = f"{SITE}/planes/{plan.pk}/"
    assert f"Ver el plan: {link}" in text
    assert f'<a href="{link}">Ver el plan</a>' in html


def test_sending_to_the_comite_mails_who_signs_for_it(
    ready_plan, people, smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        workflow.submit_for_review(ready_plan, by=people["ana"])
    mails = inbox(smtp_server)
    assert set(mails) == {"carmen"}
    assert subject(mails["carmen"]) == f"Plan para aprobar: «{ready_plan.title}»"
    assert "Ana envió al Comité el plan" in mail_bodies(mails["carmen"])[0]
    assert_links_to(mails["carmen"], ready_plan)


def test_a_return_mails_planeacion_with_the_observations_as_written(
    ready_plan, people, smtp_server, django_capture_on_commit_callbacks
):
    ready_plan.title = 'Plan "Participa" de l\'Alcaldía <2025>'
    ready_plan.save()
    workflow.submit_for_review(ready_plan, by=people["ana"])
    smtp_server.messages.clear()
    comment = "Ajuste la meta de la actividad «Capacitar» y el 'anexo' <2>."
    with django_capture_on_commit_callbacks(execute=True):
        workflow.return_plan(ready_plan, by=people["carmen"], comment=comment)
    mails = inbox(smtp_server)
    assert set(mails) == {"ana", "sofia"}
    text, html = mail_bodies(mails["ana"])
    assert '«Plan "Participa" de l\'Alcaldía <2025>»' in text
    assert comment in text
    assert "&" not in text, "the text part is plain text, not HTML"
    assert "&lt;2&gt;" in html and "<2>" not in html
    assert_links_to(mails["ana"], ready_plan)


def test_an_approval_mails_planeacion_with_the_acta(
    ready_plan, people, smtp_server, django_capture_on_commit_callbacks
):
    workflow.submit_for_review(ready_plan, by=people["ana"])
    smtp_server.messages.clear()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.approve_plan(ready_plan, by=people["carmen"], **acta(ready_plan))
    mails = inbox(smtp_server)
    assert set(mails) == {"ana", "sofia"}
    assert subject(mails["sofia"]) == f"Plan aprobado: «{ready_plan.title}»"
    assert "acta N.º CIGD-003 del 10/01/2025" in mail_bodies(mails["sofia"])[0]
    assert_links_to(mails["sofia"], ready_plan)


def test_a_publication_mails_planeacion_control_interno_and_the_plans_reporters(
    ready_plan, people, smtp_server, django_capture_on_commit_callbacks
):
    """Luis's Servicios Administrativos answers for activities of the plan; Rosa's Hacienda
    for none. Ana publishes: she is not told what she did."""
    workflow.submit_for_review(ready_plan, by=people["ana"])
    workflow.approve_plan(ready_plan, by=people["carmen"], **acta(ready_plan))
    smtp_server.messages.clear()
    with django_capture_on_commit_callbacks(execute=True):
        publishing.publish_plan(ready_plan, by=people["ana"])
    mails = inbox(smtp_server)
    assert set(mails) == {"sofia", "marta", "luis"}
    for message in mails.values():
        assert subject(message) == f"Plan publicado: «{ready_plan.title}»"
        assert_links_to(message, ready_plan)


def test_a_new_version_mails_who_approves_and_planeacion(
    published_plan, people, smtp_server, django_capture_on_commit_callbacks
):
    smtp_server.messages.clear()
    with django_capture_on_commit_callbacks(execute=True):
        version = workflow.start_new_version(
            published_plan, by=people["ana"], reason="Ajuste de «metas» por el 'Comité'"
        )
    mails = inbox(smtp_server)
    assert set(mails) == {"carmen", "sofia"}
    assert subject(mails["carmen"]) == f"Versión 2 en formulación: «{published_plan.title}»"
    text = mail_bodies(mails["carmen"])[0]
    assert "Ajuste de «metas» por el 'Comité'" in text
    assert "La versión 1 sigue vigente" in text
    assert_links_to(mails["carmen"], version)


def test_no_workflow_mail_leaves_when_the_transaction_rolls_back(
    ready_plan, people, smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                workflow.submit_for_review(ready_plan, by=people["ana"])
                raise RuntimeError("something later failed")
        except RuntimeError:
            pass
    assert smtp_server.messages == []
    with django_capture_on_commit_callbacks(execute=True):
        workflow.submit_for_review(ready_plan, by=people["ana"])
    assert len(smtp_server.messages) == 1, "the event was not spent by the rolled-back try"
