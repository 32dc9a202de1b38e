"""What the indicators read: held events by local date with their attendance, closed
compromisos, and the events that left a plan de mejoramiento."""

import datetime

import pytest

from dialogue import selectors, services

pytestmark = pytest.mark.django_db

BOGOTA = datetime.timezone(datetime.timedelta(hours=-5))


@pytest.fixture(autouse=True)
def in_april(time_machine):
    time_machine.move_to("2025-04-20 10:00 -0500", tick=False)


@pytest.fixture
def activity(published_plan):
    return published_plan.activities.get(number=3)


def _held(make_event, planner, **fields):
    event = make_event(**fields)
    return services.mark_held(event, by=planner, expected_revision=event.revision)


def test_held_events_are_those_of_the_activities_by_local_date_with_their_attendance(
    make_event, planner, activity, groups
):
    # 31 March at 21:00 in Colombia is 1 April in UTC: it belongs to March.
    march = _held(
        make_event,
        planner,
        activity=activity,
        starts_at=datetime.datetime(2025, 3, 31, 21, tzinfo=BOGOTA),
    )
    april = _held(
        make_event,
        planner,
        activity=activity,
        kind="foro",
        starts_at=datetime.datetime(2025, 4, 2, 9, tzinfo=BOGOTA),
    )
    services.record_attendance(april, {groups[0].pk: 7, groups[1].pk: 5}, by=planner)
    _held(make_event, planner, starts_at=datetime.datetime(2025, 4, 3, 9, tzinfo=BOGOTA))
    make_event(activity=activity, starts_at=datetime.datetime(2025, 4, 5, 9, tzinfo=BOGOTA))

    found = selectors.held_events(
        [activity.pk], since=datetime.date(2025, 4, 1), until=datetime.date(2025, 4, 30)
    )
    assert [(event, event.attendees) for event in found] == [(april, 12)]
    march_only = selectors.held_events(
        [activity.pk], since=datetime.date(2025, 3, 1), until=datetime.date(2025, 3, 31)
    )
    assert [(event, event.attendees) for event in march_only] == [(march, 0)]
    assert not selectors.held_events(
        [activity.pk],
        since=datetime.date(2025, 4, 1),
        until=datetime.date(2025, 4, 30),
        kind="audiencia_publica",
    ).exists()


def test_closed_commitments_and_events_with_commitments(make_event, planner, activity, unit_a):
    event = _held(
        make_event,
        planner,
        activity=activity,
        starts_at=datetime.datetime(2025, 4, 2, 9, tzinfo=BOGOTA),
    )
    _held(
        make_event,
        planner,
        activity=activity,
        starts_at=datetime.datetime(2025, 4, 3, 9, tzinfo=BOGOTA),
    )
    closing, _still_open = (
        services.create_commitment(
            event, by=planner, description=text, unit=unit_a, due_date=datetime.date(2025, 5, 1)
        )
        for text in ("Publicar el informe", "Instalar la mesa")
    )
    services.close_commitment(
        closing,
        by=planner,
        note="Publicado",
        expected_revision=closing.revision,
        evidence=services.EvidenceData(url="https://example.invalid/informe"),
        closed_on=datetime.date(2025, 4, 15),
    )
    april = {"since": datetime.date(2025, 4, 1), "until": datetime.date(2025, 4, 30)}
    assert list(selectors.closed_commitments([activity.pk], **april)) == [closing]
    assert not selectors.closed_commitments([activity.pk + 1000], **april).exists()
    assert list(selectors.events_with_commitments([activity.pk], **april)) == [event]
