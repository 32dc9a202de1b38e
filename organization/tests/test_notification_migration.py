"""The sent-mail record moves from followup to organization with its table: a mail recorded
before the move is still known after it, so it is not sent again, and the move undoes cleanly."""

import pytest
from django.db import connection

from conftest import migrate_to

BEFORE = [
    ("followup", "0006_windows_revisions_and_rounds"),
    ("organization", "0011_public_version"),
]
AFTER = [("followup", "0007_notification_layers")]


@pytest.fixture
def before_the_move(migrated):
    return migrated(BEFORE)


def test_a_mail_recorded_in_followup_is_still_recorded_after_the_move(before_the_move):
    old = before_the_move.get_model("followup", "Notification")
    old.objects.create(key="report.returned:7:3", recipient="ana@cartago.gov.co", subject="x")
    with pytest.raises(LookupError):
        before_the_move.get_model("organization", "Notification")

    after = migrate_to(AFTER)

    moved = after.get_model("organization", "Notification")
    assert list(moved.objects.values_list("key", "recipient")) == [
        ("report.returned:7:3", "ana@cartago.gov.co")
    ]
    with pytest.raises(LookupError):
        after.get_model("followup", "Notification")

    back = migrate_to(BEFORE)
    assert back.get_model("followup", "Notification").objects.count() == 1


def test_notify_finds_a_mail_recorded_before_the_move_and_does_not_send_it_again(db, mailoutbox):
    from organization.models import Notification, User
    from organization.notifications import notify

    user = User.objects.create(username="ana", email="ana@cartago.gov.co")
    key = f"plan.published:1:{user.pk}"
    Notification.objects.create(key=key, recipient=user.email, subject="x")
    assert connection.introspection.table_names().count("followup_notification") == 1
    assert notify("plan.published:1", [user], "Plan publicado", "plan_workflow", {}) == 0
    assert mailoutbox == []
