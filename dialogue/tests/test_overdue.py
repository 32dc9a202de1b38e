"""A compromiso is overdue the day after its due date, never on the day itself."""

import datetime

import pytest

from dialogue import services
from dialogue.models import Commitment

pytestmark = pytest.mark.django_db

DUE = datetime.date(2026, 6, 30)


@pytest.fixture
def commitment(make_event, planner, unit_a, time_machine):
    time_machine.move_to("2026-03-12 10:00 -0500", tick=False)
    event = make_event()
    return services.create_commitment(
        event, by=planner, description="Instalar la mesa veredal", unit=unit_a, due_date=DUE
    )


def test_on_the_due_day_it_is_still_on_time(commitment, time_machine):
    time_machine.move_to("2026-06-30 23:30 -0500", tick=False)
    assert not commitment.is_overdue()
    assert not Commitment.objects.overdue().exists()


def test_the_day_after_it_is_overdue(commitment, time_machine):
    time_machine.move_to("2026-07-01 00:10 -0500", tick=False)
    assert commitment.is_overdue()
    assert list(Commitment.objects.overdue()) == [commitment]


def test_a_closed_one_is_never_overdue(commitment, reporter_a, time_machine):
    time_machine.move_to("2026-07-01 10:00 -0500", tick=False)
    services.close_commitment(
        commitment,
        by=reporter_a,
        note="Instalada tarde",
        expected_revision=commitment.revision,
        evidence=services.EvidenceData(url="https://example.invalid/acta-mesa"),
    )
    commitment.refresh_from_db()
    assert not commitment.is_overdue()
