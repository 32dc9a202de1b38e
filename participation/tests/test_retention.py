"""The scheduled task that erases personal data at the end of its retention."""

import datetime

import pytest

from followup.tasks import SCHEDULE
from participation.consent import RETENTION_DAYS, Purpose, record_consent
from participation.models import Consent
from participation.tasks import expire_personal_data

pytestmark = pytest.mark.django_db

GIVEN = datetime.datetime(
    2025, 3, 10, 23, 30, tzinfo=datetime.timezone(datetime.timedelta(hours=-5))
)


@pytest.fixture
def consents(cartago, time_machine):
    time_machine.move_to(GIVEN, tick=False)
    return {
        purpose: record_consent(cartago, purpose, email=f"{purpose}@example.com")
        for purpose in (Purpose.COMMENT, Purpose.SURVEY)
    }


def _day(days_after: int) -> datetime.datetime:
    return GIVEN.replace(hour=8) + datetime.timedelta(days=days_after)


def test_the_email_is_kept_through_the_last_day_of_retention(consents, time_machine):
    time_machine.move_to(_day(RETENTION_DAYS[Purpose.SURVEY]), tick=False)
    counts = expire_personal_data.call()
    assert counts["Autorizaciones de tratamiento de datos"] == 0
    assert Consent.objects.get(pk=consents[Purpose.SURVEY].pk).email == "encuesta@example.com"


def test_the_email_is_blanked_on_the_first_day_after_retention(consents, time_machine):
    time_machine.move_to(_day(RETENTION_DAYS[Purpose.SURVEY] + 1), tick=False)
    counts = expire_personal_data.call()
    assert counts["Autorizaciones de tratamiento de datos"] == 1
    survey = Consent.objects.get(pk=consents[Purpose.SURVEY].pk)
    assert survey.email == "" and survey.erased_at is not None and survey.text
    # a comment's consent is kept two years
    assert Consent.objects.get(pk=consents[Purpose.COMMENT].pk).email == "observacion@example.com"


def test_every_registered_holder_expires_its_data(consents, time_machine, notebook):
    notebook.rows.append(
        {"entity": 1, "email": "x@example.com", "name": "X", "day": datetime.date(2025, 3, 10)}
    )
    time_machine.move_to(_day(2 * 365 + 1), tick=False)
    counts = expire_personal_data.call()
    expired = {label: n for label, n in counts.items() if n}  # the other apps' holders: 0
    assert expired == {"Autorizaciones de tratamiento de datos": 2, "Observaciones de prueba": 1}
    assert "Listas de asistencia a espacios de diálogo" in counts
    assert notebook.rows[0]["email"] == ""


def test_the_task_runs_with_the_days_schedule():
    assert expire_personal_data in SCHEDULE
