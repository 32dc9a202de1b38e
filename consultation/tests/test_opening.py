import datetime

import pytest
from django.core.exceptions import PermissionDenied

from audit.models import AuditEntry
from consultation import services
from consultation.services import ConsultationRefused

from .conftest import CLOSES, OPENS

pytestmark = pytest.mark.django_db


def test_planeacion_opens_a_consultation_on_a_plan_in_review_and_it_is_audited(
    consultation, planner
):
    assert consultation.plan.status == "en_revision"
    entry = AuditEntry.objects.get(action="consultation.consultation.opened")
    assert entry.plan_id == consultation.plan_id


def test_only_planeacion_opens_one(in_february, in_review, viewer, other_planner):
    for user in (viewer, other_planner):
        with pytest.raises(PermissionDenied):
            services.open_consultation(in_review, by=user, opens_on=OPENS, closes_on=CLOSES)


def test_a_published_plan_cannot_be_consulted(in_february, published_plan, planner):
    with pytest.raises(ConsultationRefused, match="solo se consulta un plan en borrador"):
        services.open_consultation(published_plan, by=planner, opens_on=OPENS, closes_on=CLOSES)


def test_it_refuses_a_closing_date_before_the_opening(in_february, in_review, planner):
    with pytest.raises(ConsultationRefused, match="posterior"):
        services.open_consultation(in_review, by=planner, opens_on=CLOSES, closes_on=OPENS)


def test_a_plan_has_one_consultation_at_a_time(consultation, planner):
    with pytest.raises(ConsultationRefused, match="ya tiene una consulta del 01/02/2025"):
        services.open_consultation(consultation.plan, by=planner, opens_on=CLOSES, closes_on=CLOSES)
    services.close_consultation(consultation, by=planner)
    again = services.open_consultation(
        consultation.plan, by=planner, opens_on=CLOSES, closes_on=CLOSES
    )
    assert again.pk != consultation.pk


def test_closing_early_is_audited_and_cannot_be_repeated(consultation, planner):
    services.close_consultation(consultation, by=planner)
    assert AuditEntry.objects.filter(action="consultation.consultation.closed").count() == 1
    with pytest.raises(ConsultationRefused, match="ya está cerrada"):
        services.close_consultation(consultation, by=planner)


def test_the_same_day_window_is_allowed(in_february, in_review, planner):
    day = datetime.date(2025, 2, 10)
    consultation = services.open_consultation(in_review, by=planner, opens_on=day, closes_on=day)
    assert consultation.closes_on == day


def test_a_consulted_draft_cannot_be_deleted_and_an_activity_can_keeping_the_comment(
    in_february, seed_plan, planner, value_groups
):
    from consultation.models import Comment
    from plans.services import editing, workflow

    from .conftest import data

    consultation = services.open_consultation(
        seed_plan, by=planner, opens_on=OPENS, closes_on=CLOSES
    )
    activity = seed_plan.activities.get(number=3)
    services.submit_comment(consultation, data(value_groups[0], activity=activity), fingerprint="f")
    with pytest.raises(
        workflow.TransitionRefused, match="tiene consultas públicas que se conservan"
    ):
        workflow.delete_draft_plan(seed_plan, by=planner)
    editing.delete_activity(activity, by=planner)
    comment = Comment.objects.get()
    assert comment.activity is None and comment.activity_label.startswith("3. ")
