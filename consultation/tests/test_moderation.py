import pytest
from django.core.exceptions import PermissionDenied

from audit.models import AuditEntry
from consultation import services
from consultation.models import Comment
from consultation.services import ConsultationRefused

pytestmark = pytest.mark.django_db


def test_planeacion_hides_with_a_reason_and_shows_again_audited_and_never_deleting(
    comment, planner
):
    services.hide_comment(comment, by=planner, reason="Contiene insultos")
    comment.refresh_from_db()
    assert comment.hidden and comment.hidden_reason == "Contiene insultos"
    assert comment.hidden_by == planner
    services.unhide_comment(comment, by=planner, reason="Se revisó: es crítica legítima")
    comment.refresh_from_db()
    assert not comment.hidden and comment.text
    actions = list(
        AuditEntry.objects.filter(
            object_id=str(comment.pk), action__startswith="consultation.comment"
        )
        .order_by("pk")
        .values_list("action", "reason")
    )
    assert actions == [
        ("consultation.comment.received", ""),
        ("consultation.comment.hidden", "Contiene insultos"),
        ("consultation.comment.shown", "Se revisó: es crítica legítima"),
    ]
    assert Comment.objects.count() == 1


def test_hiding_needs_a_reason(comment, planner):
    with pytest.raises(ConsultationRefused, match="motivo"):
        services.hide_comment(comment, by=planner, reason="  ")


def test_only_planeacion_moderates(comment, viewer, auditor, other_planner):
    for user in (viewer, auditor, other_planner):
        with pytest.raises(PermissionDenied):
            services.hide_comment(comment, by=user, reason="No")
