import pytest

from audit.models import AuditEntry
from consultation import services
from consultation.models import Comment
from consultation.services import ConsultationRefused
from participation.abuse import RATE_LIMIT, RATE_LIMITED_MESSAGE
from participation.models import Consent

from .conftest import data

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("moment", ["2025-02-01 00:01 -0500", "2025-02-28 23:59 -0500"])
def test_the_first_and_the_last_day_are_open(consultation, value_groups, time_machine, moment):
    time_machine.move_to(moment, tick=False)
    assert services.submit_comment(consultation, data(value_groups[0]), fingerprint="f")


@pytest.mark.parametrize(
    ("moment", "message"),
    [
        ("2025-01-31 23:59 -0500", "del 01/02/2025 al 28/02/2025; aún no ha abierto"),
        ("2025-03-01 00:01 -0500", "estuvo abierta del 01/02/2025 al 28/02/2025"),
    ],
)
def test_the_day_before_and_the_day_after_are_refused_with_the_dates(
    consultation, value_groups, time_machine, moment, message
):
    time_machine.move_to(moment, tick=False)
    with pytest.raises(ConsultationRefused, match=message):
        services.submit_comment(consultation, data(value_groups[0]), fingerprint="f")
    assert not Comment.objects.exists()


def test_closing_early_stops_comments(consultation, value_groups, planner):
    services.close_consultation(consultation, by=planner)
    with pytest.raises(ConsultationRefused, match="ya no recibe observaciones"):
        services.submit_comment(consultation, data(value_groups[0]), fingerprint="f")


def test_the_consent_is_stored_with_its_text_before_the_comment(comment):
    consent = comment.consent
    assert consent.purpose == Consent.Purpose.COMMENT
    assert consent.email == "camila@example.com"
    assert "Ley 1581" in consent.text
    assert AuditEntry.objects.get(action="consultation.comment.received").after.get("email") is None


def test_without_consent_nothing_is_stored(consultation, value_groups):
    with pytest.raises(ConsultationRefused, match="Debe aceptar"):
        services.submit_comment(consultation, data(value_groups[0], consent=False), fingerprint="f")
    assert not Comment.objects.exists() and not Consent.objects.exists()


def test_a_filled_honeypot_is_dropped_silently(consultation, value_groups):
    found = services.submit_comment(
        consultation, data(value_groups[0], honeypot="http://spam.example"), fingerprint="f"
    )
    assert found is None
    assert not Comment.objects.exists() and not Consent.objects.exists()


def test_one_address_is_limited_per_hour(consultation, value_groups):
    for _ in range(RATE_LIMIT):
        services.submit_comment(consultation, data(value_groups[0]), fingerprint="same")
    with pytest.raises(ConsultationRefused, match=RATE_LIMITED_MESSAGE):
        services.submit_comment(consultation, data(value_groups[0]), fingerprint="same")
    assert services.submit_comment(consultation, data(value_groups[0]), fingerprint="other")


def test_a_text_longer_than_the_limit_is_refused(consultation, value_groups):
    with pytest.raises(ConsultationRefused, match="hasta 3000 caracteres"):
        services.submit_comment(
            consultation, data(value_groups[0], text="x" * 3001), fingerprint="f"
        )


def test_a_comment_names_an_activity_of_the_consulted_plan(consultation, value_groups):
    activity = consultation.plan.activities.get(number=3)
    comment = services.submit_comment(
        consultation, data(value_groups[0], activity=activity), fingerprint="f"
    )
    assert comment.activity == activity


def test_another_entitys_value_group_is_refused(consultation, other_entity, other_planner):
    from participation.services import install_default_value_groups

    foreign = install_default_value_groups(other_entity, by=other_planner)[0]
    with pytest.raises(ConsultationRefused, match="grupo de valor"):
        services.submit_comment(consultation, data(foreign), fingerprint="f")
