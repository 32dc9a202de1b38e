import datetime

import pytest

from audit.models import AuditEntry
from consultation.models import Comment
from participation.personal_data import holders

pytestmark = pytest.mark.django_db


def _holder():
    [holder] = [h for h in holders() if h.label.startswith("Observaciones")]
    return holder


def test_a_persons_comments_are_found_and_erased_keeping_the_observation(comment, cartago, planner):
    holder = _holder()
    [found] = holder.find(cartago, "CAMILA@example.com")
    assert found.data["Correo"] == "camila@example.com"
    assert holder.erase(cartago, "camila@example.com", by=planner) == 1
    comment.refresh_from_db()
    assert (comment.name, comment.email, comment.place) == ("", "", "")
    assert comment.text
    assert comment.consent.email == "" and comment.consent.erased_at
    assert AuditEntry.objects.filter(action="consultation.comment.personal_data_erased").exists()
    assert holder.find(cartago, "camila@example.com") == []


def test_another_entity_finds_nothing(comment, other_entity):
    assert _holder().find(other_entity, "camila@example.com") == []


def test_retention_erases_after_two_years_from_the_close(comment):
    holder = _holder()
    assert holder.expire(datetime.date(2027, 2, 28)) == 0
    assert holder.expire(datetime.date(2027, 3, 1)) == 1
    assert Comment.objects.get().email == ""
