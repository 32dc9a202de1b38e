"""Indicators fed by participation records (issue 21, point 5): the report of a period proposes
the result counted from the records that serve the activity, the reporter confirms it or
corrects it with a reason, and the records go with the report as evidence."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import sign_in
from dialogue import services as dialogue
from dialogue.models import Event
from followup import services, sources
from followup.models import Report
from followup.periods import plan_periods
from followup.services import ReportData
from followup.tests import steps
from participation.services import install_default_value_groups
from plans.models import Activity, Plan
from plans.services import workflow

pytestmark = pytest.mark.django_db
Source = Activity.IndicatorSource


@pytest.fixture(autouse=True)
def in_the_first_window(time_machine):
    time_machine.move_to("2025-04-03 10:00 -0500", tick=False)


@pytest.fixture
def groups(cartago, planner):
    return install_default_value_groups(cartago, by=planner)


@pytest.fixture
def activity(published_plan):
    """Activity 3, which Servicios Administrativos (Luis) reports."""
    return published_plan.activities.get(number=3)


def _source(activity, planner, source, kind=""):
    return sources.set_indicator_source(activity, by=planner, source=source, event_kind=kind)


def _event(entity, planner, activity, day, *, kind=Event.Kind.MEETING, held=True, people=None):
    starts = timezone.make_aware(datetime.datetime.fromisoformat(f"{day} 09:00"))
    event = dialogue.create_event(
        entity,
        by=planner,
        title=f"Espacio del {day}",
        kind=kind,
        starts_at=starts,
        place="Casa de la Cultura",
        activity=activity,
    )
    if held:
        event = dialogue.mark_held(event, by=planner, expected_revision=event.revision)
    if people:
        dialogue.record_attendance(event, people, by=planner)
    return event


def _proposal(activity, period=1):
    activity = Activity.objects.get(pk=activity.pk)
    return sources.proposal(activity, plan_periods(activity.plan)[period - 1])


def test_an_activity_without_a_source_gets_no_proposal(activity):
    assert _proposal(activity) is None


def test_events_held_are_counted_from_the_first_of_january_to_the_periods_cutoff(
    activity, planner, cartago
):
    _source(activity, planner, Source.EVENTS_HELD)
    _event(cartago, planner, activity, "2025-02-20")
    _event(cartago, planner, activity, "2025-03-31")  # the cut-off day counts
    _event(cartago, planner, activity, "2025-04-02")  # after the cut-off: the next period
    _event(cartago, planner, activity, "2025-03-10", held=False)  # programado: not held
    other = activity.plan.activities.get(number=4)
    _event(cartago, planner, other, "2025-03-12")  # serves another activity
    first = _proposal(activity, 1)
    assert (first.value, first.count, len(first.records)) == (Decimal(2), 2, 2)
    assert [r.day for r in first.records] == [
        datetime.date(2025, 2, 20),
        datetime.date(2025, 3, 31),
    ]
    assert all(r.url.startswith("/participacion/espacios/") for r in first.records)
    assert _proposal(activity, 2).value == 3  # cumulative: «resultado acumulado»


def test_attendance_adds_up_the_people_of_the_events_of_the_chosen_kind(
    activity, planner, cartago, groups
):
    _source(activity, planner, Source.ATTENDANCE, Event.Kind.TRAINING)
    staff, youth = groups[-1], groups[3]
    _event(cartago, planner, activity, "2025-03-18", kind="capacitacion", people={staff.pk: 12})
    _event(
        cartago,
        planner,
        activity,
        "2025-03-20",
        kind="capacitacion",
        people={staff.pk: 3, youth.pk: 4},
    )
    _event(cartago, planner, activity, "2025-03-25", people={youth.pk: 40})  # a mesa: not counted
    proposal = _proposal(activity)
    assert proposal.value == 19
    assert "12 asistentes" in proposal.records[0].label


def test_a_milestone_is_proposed_delivered_when_there_is_a_record(activity, planner, cartago):
    Activity.objects.filter(pk=activity.pk).update(indicator_type=Activity.IndicatorType.MILESTONE)
    _source(activity, planner, Source.EVENTS_HELD)
    assert _proposal(activity).delivered is False
    _event(cartago, planner, activity, "2025-03-05")
    assert _proposal(activity).delivered is True


def test_compromisos_closed_are_a_share_of_those_due_for_a_percentage_indicator(
    activity, planner, cartago, reporter_a
):
    Activity.objects.filter(pk=activity.pk).update(
        indicator_type=Activity.IndicatorType.PERCENTAGE, indicator_target=100
    )
    _source(activity, planner, Source.COMMITMENTS_CLOSED)
    event = _event(cartago, planner, activity, "2025-02-10")
    unit = activity.responsible_units.get()
    due = [datetime.date(2025, 3, 1), datetime.date(2025, 3, 30), datetime.date(2025, 8, 1)]
    made = [
        dialogue.create_commitment(event, by=planner, description=f"C{i}", unit=unit, due_date=d)
        for i, d in enumerate(due)
    ]
    for commitment in (made[0], made[2]):  # one due in the period, one closed early
        dialogue.close_commitment(
            commitment,
            by=planner,
            note="Cumplido",
            expected_revision=commitment.revision,
            evidence=dialogue.EvidenceData(url="https://cartago.gov.co/acta"),
            closed_on=datetime.date(2025, 3, 15),
        )
    proposal = _proposal(activity)
    assert (proposal.numerator, proposal.denominator) == (Decimal(2), Decimal(3))
    assert proposal.shown == "2 de 3"


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    plans=st.lists(
        st.tuples(st.integers(0, 300), st.one_of(st.none(), st.integers(0, 83))),
        min_size=1,
        max_size=6,
    )
)
def test_no_proposed_share_of_compromisos_is_over_its_total(
    activity, planner, cartago, plans, django_db_blocker
):
    """However compromisos fall due and close, the closed ones proposed never exceed the total
    they are a share of."""
    Activity.objects.filter(pk=activity.pk).update(
        indicator_type=Activity.IndicatorType.PERCENTAGE, indicator_target=100
    )
    _source(activity, planner, Source.COMMITMENTS_CLOSED)
    event = Event.objects.filter(activity=activity).first() or _event(
        cartago, planner, activity, "2025-01-10"
    )
    event.commitments.all().delete()
    unit = activity.responsible_units.get()
    for due_in, closed_in in plans:
        commitment = dialogue.create_commitment(
            event,
            by=planner,
            description="Compromiso",
            unit=unit,
            due_date=datetime.date(2025, 1, 10) + datetime.timedelta(days=due_in),
        )
        if closed_in is not None:
            dialogue.close_commitment(
                commitment,
                by=planner,
                note="Cumplido",
                expected_revision=commitment.revision,
                evidence=dialogue.EvidenceData(url="https://cartago.gov.co/soporte"),
                closed_on=datetime.date(2025, 1, 10) + datetime.timedelta(days=closed_in),
            )
    proposal = _proposal(activity)
    if proposal.numerator is not None:
        assert 0 <= proposal.numerator <= proposal.denominator


def test_records_of_an_earlier_version_count_for_the_version_in_force(
    activity, planner, approver, cartago
):
    """A new version after the events were registered: its report still finds them."""
    _source(activity, planner, Source.EVENTS_HELD)
    _event(cartago, planner, activity, "2025-03-05")
    draft = workflow.start_new_version(activity.plan, by=planner, reason="Ajuste de metas")
    new = draft.activities.get(number=3)
    assert new.indicator_source == Source.EVENTS_HELD  # the link travels with the copy
    _event(cartago, planner, new, "2025-03-06")  # registered against the draft's activity
    assert _proposal(activity).value == 2  # the version in force sees both
    assert _proposal(new).value == 2
    assert set(sources.lineage(new)) == {activity.pk, new.pk}


def test_sending_another_figure_needs_a_reason_which_control_interno_then_reads(
    activity, planner, reporter_a, auditor, cartago
):
    _source(activity, planner, Source.EVENTS_HELD)
    _event(cartago, planner, activity, "2025-03-05")
    with pytest.raises(ValidationError) as refused:
        steps.submit(activity, reporter_a, value="2")
    assert "proponen 1" in str(refused.value)
    assert not Report.objects.filter(activity=activity).exists()  # nothing half-done
    report = services.submit_report(
        activity,
        1,
        by=reporter_a,
        data=ReportData("Dos mesas", value=Decimal(2), correction_reason="Una mesa sin acta aún"),
        expected_revision=0,
    )
    assert report.source_correction == "Una mesa sin acta aún"
    assert report.source_proposal["propuesto"] == "1"
    assert report.source_proposal["registros"][0]["fecha"] == "2025-03-05"
    client = sign_in(Client(), auditor)
    page = client.get(f"/seguimiento/reporte/{report.pk}/").content.decode()
    assert "Propuesto por los registros" in page
    assert "Una mesa sin acta aún" in page


def test_the_records_go_with_the_report_as_links_once_each(activity, planner, reporter_a, cartago):
    _source(activity, planner, Source.EVENTS_HELD)
    event = _event(cartago, planner, activity, "2025-03-05")
    steps.draft(activity, reporter_a, value=Decimal(1))
    steps.draft(activity, reporter_a, value=Decimal(1))
    report = steps.submit(activity, reporter_a, value="1")
    links = list(report.evidence.values_list("url", flat=True))
    assert links == [f"http://127.0.0.1:8000{event.get_absolute_url()}"]
    assert report.source_correction == ""


def test_the_report_form_starts_from_the_proposal_and_lists_the_records(
    activity, planner, reporter_a, cartago
):
    _source(activity, planner, Source.EVENTS_HELD)
    _event(cartago, planner, activity, "2025-03-05")
    _event(cartago, planner, activity, "2025-03-06")
    client = sign_in(Client(), reporter_a)
    url = f"/seguimiento/actividad/{activity.pk}/periodo/1/"
    page = client.get(url).content.decode()
    assert "Fuente del indicador: Espacios de diálogo realizados" in page
    assert "los registros proponen <strong>2</strong>" in page
    assert 'value="2"' in page and "Espacio del 2025-03-06" in page
    response = client.post(url, {"value": "3", "narrative": "Tres", "revision": 0, "enviar": "1"})
    assert response.status_code == 422
    assert "escriba por qué reporta otra cifra" in response.content.decode()
    response = client.post(url, {"value": "2", "narrative": "Dos", "revision": 0, "enviar": "1"})
    assert response.status_code == 302
    assert Report.objects.get(activity=activity).status == Report.Status.SUBMITTED


def test_the_api_takes_the_reason_of_a_correction(activity, planner, reporter_a, cartago):
    from organization.api_tokens import create_api_token

    _source(activity, planner, Source.EVENTS_HELD)
    token = create_api_token(reporter_a, "pruebas")[1]
    url = f"/api/v1/actividades/{activity.pk}/seguimientos/1"
    body = {"descripcion": "Hecho", "resultado": "1", "enviar": "true"}  # a form, as with a file
    headers = {"Authorization": f"Bearer {token}"}
    refused = Client().post(url, body, headers=headers)
    assert refused.status_code == 422
    detail = refused.json()["error"]["detalles"][0]
    assert detail["campo"] == "motivo_correccion" and "proponen 0" in detail["mensaje"]
    body["motivo_correccion"] = "El espacio se registra la próxima semana"
    sent = Client().post(url, body, headers=headers)
    assert sent.status_code == 200, sent.content
    assert Report.objects.get(activity=activity).source_correction.startswith("El espacio")


def test_only_planeacion_sets_a_source_and_never_on_an_archived_version(
    activity, planner, reporter_a, auditor
):
    with pytest.raises(PermissionDenied):
        sources.set_indicator_source(activity, by=reporter_a, source=Source.EVENTS_HELD)
    with pytest.raises(ValidationError):
        sources.set_indicator_source(
            activity, by=planner, source=Source.SURVEYS_CLOSED, event_kind="foro"
        )
    Plan.objects.filter(pk=activity.plan_id).update(status=Plan.Status.ARCHIVED)
    with pytest.raises(ValidationError):
        sources.set_indicator_source(activity, by=planner, source=Source.EVENTS_HELD)


def test_the_sources_page_is_read_by_control_interno_and_changed_by_planeacion(
    activity, planner, auditor
):
    url = f"/planes/{activity.plan_id}/fuentes/"
    auditor_client = sign_in(Client(), auditor)
    assert "Solo Planeación cambia las fuentes" in auditor_client.get(url).content.decode()
    body = {"activity": activity.pk, "source": Source.ATTENDANCE, "event_kind": "capacitacion"}
    assert auditor_client.post(url, body).status_code == 403
    response = sign_in(Client(), planner).post(url, body)
    assert response.status_code == 302
    activity.refresh_from_db()
    assert (activity.indicator_source, activity.indicator_source_event_kind) == (
        Source.ATTENDANCE,
        "capacitacion",
    )
    page = auditor_client.get(url).content.decode()
    assert "Asistentes a los espacios de diálogo (Capacitación)" in page


def test_surveys_closed_and_their_responses_are_counted_by_the_day_they_happened(
    activity, planner, cartago, groups, time_machine
):
    from surveys import services as surveys
    from surveys.models import Question

    time_machine.move_to("2025-03-20 10:00 -0500", tick=False)
    survey = surveys.create_survey(
        cartago,
        by=planner,
        data=surveys.SurveyData(
            "Satisfacción con la mesa de trabajo",
            opens_on=datetime.date(2025, 3, 20),
            closes_on=datetime.date(2025, 3, 28),
            activity=activity,
        ),
    )
    question = surveys.add_question(
        survey,
        by=planner,
        data=surveys.QuestionData(Question.Kind.LIKERT, "¿Qué tan satisfecho quedó?"),
        expected_revision=survey.revision,
    )
    survey.refresh_from_db()
    survey = surveys.open_survey(survey, by=planner, expected_revision=survey.revision)
    for value in (4, 5, 3):
        surveys.submit_response(survey, answers={question.pk: value}, value_group=groups[0])
    surveys.close_survey(survey, by=planner)
    time_machine.move_to("2025-04-03 10:00 -0500", tick=False)

    _source(activity, planner, Source.SURVEYS_CLOSED)
    closed = _proposal(activity)
    assert closed.value == 1 and "(3 respuestas)" in closed.records[0].label
    _source(activity, planner, Source.SURVEY_RESPONSES)
    answered = _proposal(activity)
    assert (answered.value, answered.records[0].amount) == (Decimal(3), 3)


def test_observations_answered_are_a_share_of_those_received(
    activity, planner, cartago, groups, time_machine
):
    from consultation import services as consultation
    from consultation.models import Comment

    Activity.objects.filter(pk=activity.pk).update(
        indicator_type=Activity.IndicatorType.PERCENTAGE, indicator_target=100
    )
    _source(activity, planner, Source.COMMENTS_ANSWERED)
    time_machine.move_to("2025-03-03 10:00 -0500", tick=False)
    draft = workflow.start_new_version(activity.plan, by=planner, reason="Ajuste con la consulta")
    opened = consultation.open_consultation(
        draft,
        by=planner,
        opens_on=datetime.date(2025, 3, 3),
        closes_on=datetime.date(2025, 3, 14),
        activity=activity,
    )
    received = [
        consultation.submit_comment(
            opened,
            consultation.CommentData(
                email=f"ciudadano{n}@example.com",
                value_group=groups[0],
                text=f"Observación {n}",
                consent=True,
            ),
            fingerprint=f"huella-{n}",
        )
        for n in range(3)
    ]
    consultation.answer_comment(
        received[0],
        by=planner,
        status=Comment.Status.NOT_ACCEPTED,
        answer="La meta ya contempla la vereda.",
        expected_revision=received[0].revision,
    )
    time_machine.move_to("2025-04-03 10:00 -0500", tick=False)
    proposal = _proposal(activity)
    assert (proposal.numerator, proposal.denominator) == (Decimal(1), Decimal(3))
