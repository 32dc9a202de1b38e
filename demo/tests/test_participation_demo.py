"""The demo's participation records (issue 21): the seed plan's activities 3, 6, 7 and 9 fed by
dialogue spaces, compromisos and surveys, and a consulta pública, whatever day it is loaded."""

import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from conftest import sign_in
from consultation.models import Comment, Consultation
from demo.data import DEMO_ENTITY
from dialogue.models import Commitment, Event
from followup import sources
from followup.models import Report
from followup.periods import plan_periods
from organization.models import User
from participation.models import ValueGroup
from plans.models import Activity, Plan
from surveys.models import Survey

NIT = DEMO_ENTITY["nit"]
Source = Activity.IndicatorSource


@pytest.fixture
def demo(plan_types, settings, tmp_path):
    """Load the demo as `make run` does, on the day the test's clock says."""

    def load():
        settings.VAR_DIR = settings.MEDIA_ROOT = tmp_path
        call_command("load_demo", "--if-empty", stdout=io.StringIO(), stderr=io.StringIO())
        return Plan.objects.get(plan_type__code="participacion-ciudadana")

    return load


@pytest.fixture
def december(time_machine):
    time_machine.move_to("2026-12-04 10:00 -0500", tick=False)


def test_the_demo_holds_the_participation_records_of_the_vigencia(demo, december):
    demo()
    assert ValueGroup.objects.count() == 12
    characterised = ValueGroup.objects.exclude(characterisation={}).values_list("name", flat=True)
    assert len(characterised) == 3
    held = Event.objects.filter(status=Event.Status.HELD)
    assert held.count() == 5
    assert held.filter(kind=Event.Kind.TRAINING).count() == 2
    assert held.exclude(vereda="").count() == 2
    assert held.exclude(acta_file="").count() == 2
    assert Event.objects.upcoming().count() == 1
    hearing = held.get(kind=Event.Kind.PUBLIC_HEARING)
    commitments = Commitment.objects.filter(event=hearing)
    assert commitments.filter(status=Commitment.Status.CLOSED, evidence__url__gt="").count() == 1
    assert commitments.overdue().count() == 1
    assert commitments.filter(status=Commitment.Status.OPEN).count() == 2
    june, counter = Survey.objects.order_by("opens_on")
    assert (june.status, june.responses.count()) == (Survey.Status.CLOSED, 26)
    assert counter.is_accepting() and counter.responses.exists()
    consulted = Consultation.objects.get()
    assert consulted.plan.plan_type.code == "plan-anticorrupcion"
    assert consulted.plan.status == Plan.Status.PUBLISHED
    comments = Comment.objects.filter(consultation=consulted)
    assert comments.count() == 5
    assert not comments.filter(status=Comment.Status.PENDING).exists()
    assert comments.filter(hidden=True).exclude(hidden_reason="").count() == 1
    assert comments.filter(activity__isnull=True).count() == 1


def test_activities_3_6_7_and_9_take_their_figures_from_the_records(demo, december):
    plan = demo()
    sourced = dict(
        plan.activities.exclude(indicator_source="").values_list("number", "indicator_source")
    )
    assert sourced == {
        3: Source.ATTENDANCE,
        6: Source.SURVEYS_CLOSED,
        7: Source.EVENTS_HELD,
        9: Source.EVENTS_WITH_COMMITMENTS,
    }
    assert plan.activities.get(number=3).indicator_source_event_kind == Event.Kind.TRAINING
    second = plan_periods(plan)[1]
    proposed = {
        number: sources.proposal(plan.activities.get(number=number), second).value
        for number in sourced
    }
    assert proposed == {3: 24, 6: 1, 7: 1, 9: 1}


def test_the_first_quarter_report_of_activity_3_is_what_its_records_propose(demo, december):
    plan = demo()
    activity = plan.activities.get(number=3)
    report = Report.objects.get(activity=activity, period=1)
    proposal = sources.proposal(activity, plan_periods(plan)[0])
    assert report.value == proposal.value == 12
    assert report.source_correction == ""
    assert "12 funcionarios" in report.narrative
    assert activity.indicator_target == 24


def test_who_reports_activity_7_sees_what_the_records_propose_for_the_second_quarter(
    demo, december
):
    plan = demo()
    activity = plan.activities.get(number=7)  # the whole administration's: Planeación reports it
    client = Client()
    sign_in(client, User.objects.get(username="planeacion"))
    page = client.get(reverse("followup:report_form", args=[activity.pk, 2])).content.decode()
    assert "los registros proponen <strong>1</strong>" in page
    assert "corregimiento de Zaragoza" in page


def _public_pages(consultation: Consultation, event: Event, survey: Survey | None) -> dict:
    """The entity's public participation pages; a survey's results once it is closed."""
    pages = {
        "entidad": reverse("portal:entity", args=[NIT]),
        "consultas": reverse("consultation:public_list", args=[NIT]),
        "consulta": reverse("consultation:public_detail", args=[NIT, consultation.pk]),
        "matriz": reverse("consultation:public_matrix", args=[NIT, consultation.pk]),
        "espacios": reverse("dialogue:public_events", args=[NIT]),
        "espacio": reverse("dialogue:public_event", args=[NIT, event.pk]),
        "compromisos": reverse("dialogue:public_commitments", args=[NIT]),
        "encuestas": reverse("surveys:public_list", args=[NIT]),
        "grupos": reverse("participation:public_value_groups", args=[NIT]),
    }
    if survey is not None:
        pages["resultados"] = reverse("surveys:public_results", args=[NIT, survey.pk])
    return pages


def test_the_public_portal_shows_the_demo_participation(demo, december):
    demo()
    consulted = Consultation.objects.get()
    zaragoza = Event.objects.get(vereda="Corregimiento de Zaragoza")
    june = Survey.objects.get(title__contains="primer semestre")
    client = Client()
    pages = {
        name: client.get(url).content.decode()
        for name, url in _public_pages(consulted, zaragoza, june).items()
    }
    assert "Plan Anticorrupción" in pages["consultas"]
    assert "mapa de riesgos debería incluir" in pages["matriz"]
    assert "Quiero denunciar al funcionario" not in pages["matriz"]
    assert "Piedras de Moler" in pages["espacios"]
    assert "Población rural (veredas y corregimientos)" in pages["espacio"]
    assert "vía terciaria a la vereda Coloradas" in pages["compromisos"]
    assert "primer semestre" in pages["encuestas"]
    assert "Ciudadanía en general" in pages["resultados"]
    assert "Corregimiento de Zaragoza" in pages["grupos"]


@pytest.mark.parametrize("day", ["2026-01-10", "2026-03-15", "2026-12-04"])
def test_the_demo_loads_and_its_public_pages_answer_on_any_day_of_the_year(demo, time_machine, day):
    time_machine.move_to(f"{day} 10:00 -0500", tick=False)
    plan = demo()
    report = Report.objects.get(activity__plan=plan, activity__number=3, period=1)
    assert report.value == sources.proposal(report.activity, plan_periods(plan)[0]).value
    assert not Event.objects.filter(status=Event.Status.HELD, starts_at__date__gt=day).exists(), (
        "nothing is held after today"
    )
    assert not Commitment.objects.filter(closed_on__gt=day).exists()
    assert Event.objects.upcoming().exists(), "the public calendar is never empty"
    event = Event.objects.order_by("starts_at").first()
    closed = Survey.objects.filter(status=Survey.Status.CLOSED).first()  # none before July
    client = Client()
    for name, url in _public_pages(Consultation.objects.get(), event, closed).items():
        assert client.get(url).status_code == 200, name
