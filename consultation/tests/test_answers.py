import pytest
from django.core.exceptions import PermissionDenied

from audit.models import AuditEntry
from consultation import services
from consultation.models import Comment
from consultation.services import ConsultationRefused, StaleAnswer

pytestmark = pytest.mark.django_db


def test_planeacion_answers_with_the_reason_and_the_change_made(comment, planner):
    services.answer_comment(
        comment,
        by=planner,
        status=Comment.Status.ACCEPTED,
        answer="Se amplía la cobertura.",
        change_made="La actividad 3 incluye las veredas del norte.",
        expected_revision=0,
    )
    comment.refresh_from_db()
    assert comment.status == "aceptada" and comment.answered_by == planner
    assert comment.revision == 1 and comment.answered_at
    assert AuditEntry.objects.filter(action="consultation.comment.answered").count() == 1


def test_an_accepted_answer_says_what_changed(comment, planner):
    with pytest.raises(ConsultationRefused, match="qué cambio"):
        services.answer_comment(
            comment, by=planner, status="aceptada", answer="Sí", expected_revision=0
        )
    services.answer_comment(
        comment, by=planner, status="no_aceptada", answer="No es competencia.", expected_revision=0
    )


def test_a_second_planner_answering_the_same_version_is_refused_with_the_other_answer(
    comment, planner, cartago
):
    from conftest import _member

    other = _member(cartago, "sofia", "planner")
    services.answer_comment(
        comment, by=other, status="no_aceptada", answer="No es competencia.", expected_revision=0
    )
    with pytest.raises(
        StaleAnswer, match="respondió esta observación mientras usted escribía"
    ) as refused:
        services.answer_comment(
            comment,
            by=planner,
            status="aceptada",
            answer="Sí",
            change_made="X",
            expected_revision=0,
        )
    assert refused.value.comment.answer == "No es competencia."
    comment.refresh_from_db()
    assert comment.answered_by == other


def test_only_planeacion_answers(comment, viewer):
    with pytest.raises(PermissionDenied):
        services.answer_comment(
            comment, by=viewer, status="no_aceptada", answer="No", expected_revision=0
        )
