"""The sent-mail record moves from followup to organization with its table: a mail recorded
before the move is still known after it, so it is not sent again, and the move undoes cleanly."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [
    ("followup", "0006_windows_revisions_and_rounds"),
    ("organization", "0011_public_version"),
]
AFTER = [("followup", "0007_notification_layers")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def before_the_move(transactional_db):
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    yield _migrate(BEFORE)
    _migrate(latest)


def test_a_mail_recorded_in_followup_is_still_recorded_after_the_move(before_the_move):
    old = before_the_move.get_model("followup", "Notification")
    old.objects.create(key="report.returned:7:3", recipient="ana@cartago.gov.co", subject="x")
    with pytest.raises(LookupError):
        before_the_move.get_model("organization", "Notification")

    after = _migrate(AFTER)

    moved = after.get_model("organization", "Notification")
    assert list(moved.objects.values_list("key", "recipient")) == [
        ("report.returned:7:3", "ana@cartago.gov.co")
    ]
    with pytest.raises(LookupError):
        after.get_model("followup", "Notification")

    back = _migrate(BEFORE)
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
