"""Attendees' data found and erased by e-mail, and erased when retention ends (Ley 1581)."""

import datetime

import pytest

from dialogue import services
from dialogue.models import Attendee
from dialogue.personal_data import AttendeeHolder
from participation import personal_data

pytestmark = pytest.mark.django_db

BOGOTA = datetime.timezone(datetime.timedelta(hours=-5))


@pytest.fixture
def attendee(make_event, planner, groups, time_machine):
    time_machine.move_to("2026-03-12 10:00 -0500", tick=False)
    event = make_event(starts_at=datetime.datetime(2026, 3, 10, 9, tzinfo=BOGOTA))
    event = services.mark_held(event, by=planner, expected_revision=event.revision)
    return services.add_attendee(
        event,
        by=planner,
        name="Lucía Gómez",
        email="Lucia@example.invalid",
        consent=True,
        value_group=groups[0],
        place="Vereda Zaragoza",
    )


def test_the_holder_is_registered_when_the_app_loads():
    assert any(isinstance(holder, AttendeeHolder) for holder in personal_data.holders())


def test_an_attendee_is_found_and_erased_by_email(cartago, attendee, planner):
    holder = AttendeeHolder()
    found = holder.find(cartago, "lucia@example.invalid")
    assert [item.data["Nombre"] for item in found] == ["Lucía Gómez"]
    assert holder.erase(cartago, "lucia@example.invalid", by=planner) == 1
    attendee.refresh_from_db()
    attendee.consent.refresh_from_db()
    assert (attendee.name, attendee.email, attendee.place) == ("", "", "")
    assert attendee.consent.erased_at is not None and attendee.consent.email == ""
    assert holder.find(cartago, "lucia@example.invalid") == []


def test_attendees_are_erased_when_retention_ends(attendee):
    holder = AttendeeHolder()
    assert holder.expire(datetime.date(2028, 3, 9)) == 0
    assert holder.expire(datetime.date(2028, 3, 11)) == 1
    kept = Attendee.objects.get(pk=attendee.pk)
    assert kept.name == "" and kept.erased
