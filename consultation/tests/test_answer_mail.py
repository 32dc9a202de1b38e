from email.header import decode_header, make_header

import pytest
from django.db import transaction

from conftest import mail_bodies
from consultation import services

from .conftest import approve

pytestmark = pytest.mark.django_db(transaction=True)


def _answer(comment, planner):
    services.answer_comment(
        comment,
        by=planner,
        status="aceptada",
        answer="Se amplía la cobertura.",
        change_made="La actividad 3 incluye las veredas del norte.",
        expected_revision=comment.revision,
    )


def test_the_commenter_gets_the_answer_once_the_plan_is_approved_and_only_once(
    comment, planner, approver, smtp_server, time_machine
):
    _answer(comment, planner)
    assert smtp_server.messages == []  # the answers are final with the approved plan
    time_machine.move_to("2025-03-05 10:00 -0500", tick=False)
    approve(comment.consultation.plan, approver)
    assert services.mail_answers(comment.consultation, by=planner) == 1
    assert services.mail_answers(comment.consultation, by=planner) == 0
    assert len(smtp_server.messages) == 1
    message = smtp_server.messages[0]
    assert message["To"] == "camila@example.com"
    subject = str(make_header(decode_header(message["Subject"])))
    assert subject.startswith("Respuesta a su observación al Plan de Acción")
    text, html = mail_bodies(message)
    for body in (text, html):
        assert "Se amplía la cobertura." in body
        assert "Aceptada" in body
        assert "veredas del norte" in body
        assert f"/consultas/{comment.consultation_id}/matriz/" in body
    comment.refresh_from_db()
    assert comment.answer_mailed_at is not None


def test_an_answer_given_after_approval_is_mailed_at_once(
    comment, planner, approver, smtp_server, time_machine
):
    time_machine.move_to("2025-03-05 10:00 -0500", tick=False)
    approve(comment.consultation.plan, approver)
    _answer(comment, planner)
    assert len(smtp_server.messages) == 1
    comment.refresh_from_db()
    _answer(comment, planner)  # a correction is not mailed twice
    assert len(smtp_server.messages) == 1


def test_nothing_is_mailed_when_the_answer_rolls_back(
    comment, planner, approver, smtp_server, time_machine
):
    time_machine.move_to("2025-03-05 10:00 -0500", tick=False)
    approve(comment.consultation.plan, approver)
    with transaction.atomic():
        _answer(comment, planner)
        transaction.set_rollback(True)
    assert smtp_server.messages == []
