"""Whatever number the reporter's form, the API, Control Interno's form or the services accept,
every page of the plan still answers and no figure passes what its formula allows (issue 16
§4, issue 17 H1). Properties (hypothesis) with time inside period I's window; each example
starts again from the published plan."""

from contextlib import contextmanager
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.test import Client
from hypothesis import example, given, settings
from hypothesis import strategies as st

from conftest import sign_in
from followup import services
from followup.models import Report, Verification
from followup.services import ReportData
from followup.tests.steps import submit, validate, verify
from organization import api_tokens
from plans.models import Activity
from plans.values import COLUMN_LIMIT, MAX_PERCENT

D = Decimal
PROPERTY = settings(max_examples=30, deadline=None)
# What a person types, numbers up to the column's edge, and any decimal at all (huge, tiny,
# negative, NaN, infinite): about half of the examples are accepted.
TYPED = st.decimals(min_value=0, max_value=150, places=2)
NUMBERS = st.one_of(
    TYPED,
    st.decimals(min_value=0, max_value=10**12, places=2),
    st.decimals(min_value=-5, max_value=10**13, places=3),
    st.decimals(allow_nan=True, allow_infinity=True),
)
ADJUSTMENTS = st.one_of(TYPED, st.decimals(min_value=0, max_value=1000, places=2), NUMBERS)
NARRATIVE = "Se capacitó a 12 funcionarios."


@pytest.fixture(autouse=True)
def in_the_first_window(time_machine):
    """3 April 2025: the window of period I (1 March to 10 April) is open."""
    time_machine.move_to("2025-04-03 10:00 -0500", tick=False)


@pytest.fixture
def activity(published_plan):
    return published_plan.activities.get(number=3)  # Sec. de Servicios Administrativos


@pytest.fixture
def clients(planner, reporter_a, auditor):
    """One browser per persona: Ana (Planeación), Luis (reports activity 3), Marta (Control
    Interno) and a visitor of the portal."""
    return {
        "ana": sign_in(Client(), planner),
        "luis": sign_in(Client(), reporter_a),
        "marta": sign_in(Client(), auditor),
        "public": Client(),
    }


@contextmanager
def from_the_published_plan():
    """An example's writes are undone when it ends, and the public pages' cache emptied."""
    cache.clear()
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def assert_every_page_holds(clients, activity):
    """The plan's pages, exports, dashboard, public page and the reporter's form answer, and
    each figure stays within its formula: executed shown 0–100 %, compliance ≥ 0 and at most
    what a stored executed progress (≤ 1,000 %) over the programmed one gives."""
    plan = activity.plan
    for url in (
        f"/planes/{plan.pk}/",
        f"/planes/{plan.pk}/plan.xlsx",
        f"/seguimiento/tablero/{plan.pk}/",
    ):
        assert clients["ana"].get(url).status_code == 200, url
    public = f"/entidades/{plan.entity.nit}/planes/{plan.pk}/"
    assert clients["public"].get(public).status_code == 200
    form = f"/seguimiento/actividad/{activity.pk}/periodo/1/"
    assert clients["luis"].get(form).status_code == 200
    data = clients["ana"].get(f"/planes/{plan.pk}/datos.json")
    assert data.status_code == 200
    for row in data.json()["actividades"]:
        for period in ("i", "ii", "iii", "iv"):
            done, due = row[f"ejecutado_{period}"], row[f"programado_{period}"]
            ratio = row[f"cumplimiento_{period}"]
            if done is not None:
                assert D(0) <= D(str(done)) <= D(100), row
            if ratio is not None:
                assert D(0) <= D(str(ratio)) <= MAX_PERCENT / D(str(due)) * 100, row
    for report in Report.objects.filter(activity__plan=plan, executed__isnull=False):
        assert D(0) <= report.executed <= MAX_PERCENT
    for verification in Verification.objects.filter(report__activity__plan=plan):
        limit = MAX_PERCENT if activity.indicator_over_100 else D(100)
        assert D(0) <= verification.adjusted_executed <= limit


def assert_taken_and_every_page_holds(number, send, clients, activity, planner):
    """A result was taken: the rules allow it; sent, Planeación validates it; every page
    holds."""
    assert 0 <= number < COLUMN_LIMIT
    if send:
        validate(Report.objects.get(activity=activity, period=1), planner)
    assert_every_page_holds(clients, activity)


def test_any_result_the_api_accepts_leaves_every_page_answering(
    clients, activity, reporter_a, planner
):
    key = api_tokens.create_api_token(reporter_a, "Sistema de la secretaría")[1]
    api = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    url = f"/api/v1/actividades/{activity.pk}/seguimientos/1"

    @PROPERTY
    @given(number=NUMBERS, send=st.booleans())
    @example(number=D("1e20"), send=False)
    @example(number=D("-50"), send=True)
    @example(number=D("NaN"), send=False)
    @example(number=D("Infinity"), send=False)
    @example(number=D("1e-20"), send=False)
    @example(number=D("999999999999.99"), send=True)
    def check(number, send):
        with from_the_published_plan():
            response = api.post(
                url,
                {"descripcion": NARRATIVE, "resultado": str(number), "enviar": str(send).lower()},
            )
            if response.status_code == 422:
                error = response.json()["error"]
                assert error["detalles"][0]["campo"] == "resultado"
                assert error["mensaje"].startswith("Resultado acumulado: ")
                assert not Report.objects.filter(activity=activity).exists()
                return
            assert response.status_code == 200, response.content
            assert_taken_and_every_page_holds(number, send, clients, activity, planner)

    check()


def test_any_result_the_reporters_form_accepts_leaves_every_page_answering(
    clients, activity, planner
):
    url = f"/seguimiento/actividad/{activity.pk}/periodo/1/"

    @PROPERTY
    @given(number=NUMBERS, send=st.booleans())
    @example(number=D("1e20"), send=True)
    @example(number=D("-50"), send=True)
    @example(number=D("2.555"), send=False)
    def check(number, send):
        with from_the_published_plan():
            form = {"value": str(number), "narrative": NARRATIVE, "revision": "0"}
            response = clients["luis"].post(url, form | ({"enviar": "1"} if send else {}))
            if response.status_code == 422:
                errors = response.context["form"].errors
                assert errors["value"] and not Report.objects.filter(activity=activity).exists()
                return
            assert response.status_code == 302, response.content
            assert_taken_and_every_page_holds(number, send, clients, activity, planner)

    check()


def test_any_adjustment_control_internos_form_accepts_leaves_every_page_answering(
    clients, activity, reporter_a, planner
):
    @PROPERTY
    @given(adjusted=ADJUSTMENTS, over_100=st.booleans())
    @example(adjusted=D(500), over_100=False)
    @example(adjusted=D(500), over_100=True)
    @example(adjusted=D("1e20"), over_100=True)
    def check(adjusted, over_100):
        with from_the_published_plan():
            Activity.objects.filter(pk=activity.pk).update(indicator_over_100=over_100)
            activity.refresh_from_db()
            report = validate(submit(activity, reporter_a, value="2"), planner)
            response = clients["marta"].post(
                f"/seguimiento/reporte/{report.pk}/",
                {
                    "action": "verificar",
                    "agrees": "0",
                    "adjusted_executed": str(adjusted),
                    "observation": "Falta la lista de asistencia.",
                    "revision": str(report.revision),
                },
            )
            if response.status_code == 200:  # the form again, with what to correct
                assert response.context["verify_form"].errors["adjusted_executed"]
                assert not Verification.objects.filter(report=report).exists()
                return
            assert response.status_code == 302
            assert 0 <= adjusted <= (MAX_PERCENT if over_100 else 100)
            assert_every_page_holds(clients, activity)

    check()


def test_any_percentage_and_adjustment_the_services_accept_leave_every_page_answering(
    clients, activity, reporter_a, planner, auditor
):
    """The 2/12 of issue 16: a percentage indicator with a target of 100 %."""
    Activity.objects.filter(pk=activity.pk).update(
        indicator_type="porcentaje", indicator_target=100
    )
    activity.refresh_from_db()

    @PROPERTY
    @given(
        numerator=st.one_of(st.integers(0, 12).map(D), NUMBERS),
        denominator=st.one_of(st.just(D(12)), NUMBERS),
        adjusted=st.one_of(st.none(), ADJUSTMENTS),
    )
    @example(numerator=D(2), denominator=D(12), adjusted=D(500))
    @example(numerator=D(24), denominator=D(12), adjusted=None)
    @example(numerator=D("1e20"), denominator=D(1), adjusted=None)
    def check(numerator, denominator, adjusted):
        with from_the_published_plan():
            try:
                report = services.submit_report(
                    activity,
                    1,
                    by=reporter_a,
                    data=ReportData(NARRATIVE, numerator=numerator, denominator=denominator),
                    expected_revision=0,
                )
            except ValidationError as refused:
                assert refused.messages[0].split(":")[0] in {"Numerador", "Denominador"}
                return
            assert 0 <= numerator <= denominator < COLUMN_LIMIT
            validate(report, planner)
            if adjusted is not None:
                try:
                    verify(report, auditor, agrees=False, adjusted=adjusted, observation="Falta")
                except ValidationError as refused:
                    assert refused.messages[0].startswith("Avance ejecutado ajustado: ")
                else:
                    assert 0 <= adjusted <= 100
            assert_every_page_holds(clients, activity)

    check()
