"""Budget (issue 22): apropiación, compromisos and obligaciones judged by plans.values, financial
progress from followup.measures, and physical vs financial figures agreeing on every page,
export and the API."""

import csv
import io
import json
from decimal import Decimal

import openpyxl
import pytest
from django.template import Context, Template
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import sign_in
from followup import document, measures, services
from followup.models import Report
from followup.services import ReportData
from followup.tests.steps import revision, validate
from formats import mapping
from formats.readers.base import reader_for
from formats.writers import render
from formats.writers.xlsx import WIDTH
from organization import api_tokens
from plans.models import Activity
from plans.values import MONEY_LIMIT, budget_problems

D = Decimal


# -- the rules and the formula, pure ------------------------------------------------------------


def test_budget_problems_name_each_field_in_spanish():
    assert (
        budget_problems(appropriation=D("1000"), commitments=D("800"), obligations=D("500")) == []
    )
    problems = budget_problems(
        appropriation=D("-1"), commitments=D("1.234"), obligations=MONEY_LIMIT
    )
    assert [p.field for p in problems] == ["appropriation", "commitments", "obligations"]
    assert "mayor o igual a 0" in problems[0].message
    assert "2 decimales" in problems[1].message
    assert "demasiado grande" in problems[2].message


def test_obligations_within_commitments_within_the_appropriation():
    (over,) = budget_problems(appropriation=D("1000"), commitments=D("1200"))
    assert over.field == "commitments"
    assert over.message == (
        "Compromisos acumulados: no pueden superar la apropiación de la actividad ($ 1.000)."
    )
    (over,) = budget_problems(commitments=D("500"), obligations=D("500.5"))
    assert over.field == "obligations" and "($ 500)" in over.message
    # Without apropiación (a BPIN only) there is no ceiling on the compromisos.
    assert budget_problems(commitments=D("9000000")) == []


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (D("1234567"), "$ 1.234.567"),
        (D("1234567.50"), "$ 1.234.567,50"),
        (D("0"), "$ 0"),
        (D("999.99"), "$ 999,99"),
        (12500000, "$ 12.500.000"),
        (None, ""),
    ],
)
def test_the_pesos_filter_writes_money_as_colombians_do(value, shown):
    assert Template("{% load colombia %}{{ v|pesos }}").render(Context({"v": value})) == shown


def test_financial_progress_and_execution_against_hand_computed_figures():
    money = measures.Financial(D("10000000"), D("6000000"), D("4000000"))
    assert (money.progress, money.execution) == (D(40), D(60))
    assert measures.Financial(None, D("5"), D("5")).progress is None
    assert measures.Financial(D("0"), D("0"), D("0")).progress is None
    total = measures.financial_total(
        [
            money,
            measures.Financial(D("5000000")),  # nothing reported yet: counts as 0
            measures.Financial(None, D("100"), D("100")),  # a BPIN only: left out
        ]
    )
    assert (total.appropriation, total.commitments, total.obligations) == (
        D("15000000"),
        D("6000000"),
        D("4000000"),
    )
    assert (total.progress_shown, total.execution_shown) == (D("26.7"), D("40.0"))
    assert "obligaciones acumuladas ÷ apropiación" in measures.FORMULAS["financiero"]


money = st.decimals(min_value=0, max_value=MONEY_LIMIT, places=2, allow_nan=False)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(money, money, money), min_size=1, max_size=6))
def test_no_financial_figure_passes_100_percent_when_the_values_pass_the_rules(items):
    accepted = [
        measures.Financial(a, c, o)
        for a, c, o in items
        if not budget_problems(appropriation=a, commitments=c, obligations=o)
    ]
    for item in [*accepted, measures.financial_total(accepted)]:
        for figure in (item.progress, item.execution, item.progress_shown):
            assert figure is None or 0 <= figure <= 100


def test_import_headers_map_to_the_budget_fields():
    for label, field in [
        ("Presupuesto", "appropriation"),
        ("Valor", "appropriation"),
        ("Valor programado", "appropriation"),
        ("APROPIACIÓN ($)", "appropriation"),
        ("Fuente", "funding_source"),
        ("Fuente de financiación", "funding_source"),
        ("BPIN", "bpin"),
        ("Código BPIN", "bpin"),
        ("Proyecto de inversión", "bpin"),
        ("Rubro", "budget_item"),
        ("Rubro presupuestal", "budget_item"),
    ]:
        assert mapping._field(label) == field, label


# -- a published plan with budget ------------------------------------------------------------


@pytest.fixture(autouse=True)
def in_the_first_window(time_machine):
    """3 April 2025: the window of period I is open; period I's cut-off has passed."""
    time_machine.move_to("2025-04-03 10:00 -0500", tick=False)


@pytest.fixture
def budget_plan(published_plan):
    Activity.objects.filter(plan=published_plan, number=3).update(
        appropriation=D("10000000"),
        bpin="2024761470003",
        budget_item="2.3.2.02.02.008",
        funding_source="Sistema General de Participaciones",
    )
    Activity.objects.filter(plan=published_plan, number=1).update(appropriation=D("5000000"))
    return published_plan


def _report(activity, user, **money):
    return services.submit_report(
        activity,
        1,
        by=user,
        data=ReportData("Se capacitó a 12 funcionarios.", value=D("1"), **money),
        expected_revision=revision(activity),
    )


@pytest.fixture
def reported(budget_plan, reporter_a, planner):
    activity = budget_plan.activities.get(number=3)
    validate(
        _report(activity, reporter_a, commitments=D("6000000"), obligations=D("4000000")), planner
    )
    return budget_plan


def test_the_service_refuses_commitments_above_the_appropriation(budget_plan, reporter_a):
    activity = budget_plan.activities.get(number=3)
    with pytest.raises(Exception, match="no pueden superar la apropiación"):
        _report(activity, reporter_a, commitments=D("10000000.01"), obligations=D("1"))
    assert not Report.objects.filter(activity=activity).exists()


def test_the_report_form_asks_for_budget_only_where_the_activity_has_one(
    client, budget_plan, reporter_a
):
    sign_in(client, reporter_a)
    with_budget = budget_plan.activities.get(number=3)
    page = client.get(reverse("followup:report_form", args=[with_budget.pk, 1]))
    assert "Compromisos acumulados ($)" in page.content.decode()
    assert "$ 10.000.000" in page.content.decode()
    answer = client.post(
        reverse("followup:report_form", args=[with_budget.pk, 1]),
        {"value": "1", "narrative": "Hecho", "commitments": "$ 12.500.000", "revision": "0"},
    )
    assert answer.status_code == 422
    assert "no pueden superar la apropiación de la actividad ($ 10.000.000)" in (
        answer.content.decode()
    )
    answer = client.post(
        reverse("followup:report_form", args=[with_budget.pk, 1]),
        {
            "value": "1",
            "narrative": "Hecho",
            "commitments": "6.000.000",
            "obligations": "4.000.000,50",
            "revision": "0",
        },
    )
    assert answer.status_code == 302
    report = Report.objects.get(activity=with_budget, period=1)
    assert (report.commitments, report.obligations) == (D("6000000"), D("4000000.50"))


def _figures(text):
    """The activity's 40 % financial and 60 % execution, the plan's 26,7 % and 40 %, as
    Colombians write them (decimal comma)."""
    return "40,0 %" in text and "26,7 %" in text and "60,0 %" in text


def test_physical_and_financial_agree_across_pages_exports_and_the_api(
    client, reported, planner, auditor
):
    plan = reported
    for user in (planner, auditor):
        sign_in(client, user)
        for url in (
            reverse("plans:detail", args=[plan.pk]),
            reverse("followup:dashboard", args=[plan.pk]),
        ):
            text = client.get(url).content.decode()
            assert "Avance físico y financiero" in text, url
            assert "$ 10.000.000" in text and "$ 4.000.000" in text and "$ 15.000.000" in text
            assert _figures(text), url
        report = Report.objects.get(activity__plan=plan, activity__number=3, period=1)
        text = client.get(reverse("followup:report", args=[report.pk])).content.decode()
        assert "$ 6.000.000" in text and "40,0 % de avance financiero" in text
    text = client.get(reverse("followup:consolidated")).content.decode()
    assert "$ 15.000.000" in text and "26,7 %" in text and "40,0 %" in text
    client.logout()
    public = client.get(reverse("portal:plan", args=[plan.entity.nit, plan.pk])).content.decode()
    assert _figures(public) and "$ 15.000.000" in public

    record, activities = document.open_data(plan)
    assert (record["apropiacion_total"], record["obligaciones_total"]) == (
        D("15000000"),
        D("4000000"),
    )
    assert record["avance_financiero_total"] == D("26.7")
    third = next(a for a in activities if a["numero"] == 3)
    assert (third["apropiacion"], third["compromisos"], third["obligaciones"]) == (
        D("10000000"), D("6000000"), D("4000000"),
    )  # fmt: skip
    assert (third["ejecucion_presupuestal"], third["avance_financiero"]) == (D("60.0"), D("40.0"))
    assert third["bpin"] == "2024761470003"

    rows = list(csv.DictReader(io.StringIO(render("csv", record, activities).decode("utf-8-sig"))))
    row = next(r for r in rows if r["numero"] == "3")
    assert (row["apropiacion"], row["avance_financiero"], row["avance_financiero_total"]) == (
        "10000000", "40", "26.7",
    ) or float(row["apropiacion"]) == 10000000  # fmt: skip
    data = json.loads(render("json", record, activities))
    assert data["plan"]["avance_financiero_total"] == 26.7
    assert next(a for a in data["actividades"] if a["numero"] == 3)["avance_financiero"] == 40

    book = openpyxl.load_workbook(io.BytesIO(render("xlsx", record, activities)))
    sheet = book["Plan de acción"]
    header = [c.value for c in next(r for r in sheet.iter_rows() if r[0].value == "N°")]
    assert header[WIDTH:] == [
        "APROPIACIÓN ($)", "COMPROMISOS ($)", "OBLIGACIONES ($)", "AVANCE FINANCIERO (%)",
    ]  # fmt: skip
    line = next(r for r in sheet.iter_rows(values_only=True) if r[0] == 3)
    assert [float(v) for v in line[WIDTH:]] == [10000000, 6000000, 4000000, 40.0]

    api = client.get(f"/api/v1/planes/{plan.pk}/actividades").json()
    items = api["items"] if isinstance(api, dict) else api
    item = next(a for a in items if a["numero"] == 3)
    assert (item["apropiacion"], item["avance_financiero"], item["ejecucion_presupuestal"]) == (
        10000000, 40, 60,
    )  # fmt: skip
    assert client.get(f"/api/v1/planes/{plan.pk}").json()["avance_financiero_total"] == 26.7


def test_the_official_xlsx_is_unchanged_without_budget(published_plan):
    record, activities = document.open_data(published_plan)
    book = openpyxl.load_workbook(io.BytesIO(render("xlsx", record, activities)))
    sheet = book["Plan de acción"]
    assert sheet.max_column == WIDTH
    header = next(r for r in sheet.iter_rows(values_only=True) if r[0] == "N°")
    assert len(header) == WIDTH and "APROPIACIÓN ($)" not in header


@pytest.mark.parametrize("fmt", ["xlsx", "csv", "json"])
def test_the_budget_survives_an_export_and_import(reported, fmt):
    from followup.importing import import_plan

    record, activities = document.open_data(reported)
    data = render(fmt, record, activities)
    read = reader_for(f"plan.{fmt}").read(data, f"plan.{fmt}")
    copy = import_plan(read, entity=reported.entity, year=reported.year + 1).plan
    third = copy.activities.get(number=3)
    assert (third.appropriation, third.bpin, third.budget_item, third.funding_source) == (
        D("10000000"),
        "2024761470003",
        "2.3.2.02.02.008",
        "Sistema General de Participaciones",
    )
    assert copy.activities.get(number=1).appropriation == D("5000000")


def test_the_api_refuses_bad_budget_naming_the_field(client, budget_plan, reporter_a):
    activity = budget_plan.activities.get(number=3)
    token = api_tokens.create_api_token(reporter_a, "Sistema de la secretaría")[1]
    answer = client.post(
        f"/api/v1/actividades/{activity.pk}/seguimientos/1",
        {"descripcion": "Hecho", "resultado": "1", "compromisos": "20000000"},
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert answer.status_code == 422
    assert any(d["campo"] == "compromisos" for d in answer.json()["error"]["detalles"])
    answer = client.post(
        f"/api/v1/actividades/{activity.pk}/seguimientos/1",
        {"descripcion": "Hecho", "resultado": "1", "compromisos": "600", "obligaciones": "500"},
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert answer.status_code == 200
    assert (answer.json()["compromisos"], answer.json()["obligaciones"]) == (600, 500)


@pytest.mark.parametrize("amount", [D("0"), D("0.01"), MONEY_LIMIT - D("0.01")])
def test_any_accepted_amount_leaves_pages_exports_and_api_answering(
    client, budget_plan, reporter_a, planner, amount
):
    Activity.objects.filter(plan=budget_plan, number=3).update(appropriation=amount)
    activity = budget_plan.activities.get(number=3)
    validate(_report(activity, reporter_a, commitments=amount, obligations=amount), planner)
    sign_in(client, planner)
    for url in (
        reverse("plans:detail", args=[budget_plan.pk]),
        reverse("followup:dashboard", args=[budget_plan.pk]),
        reverse("followup:consolidated"),
        reverse("plans:export", args=[budget_plan.pk, "xlsx"]),
        reverse("plans:open_data", args=[budget_plan.pk, "csv"]),
        reverse("plans:open_data", args=[budget_plan.pk, "json"]),
        f"/api/v1/planes/{budget_plan.pk}/actividades",
        f"/api/v1/planes/{budget_plan.pk}",
    ):
        assert client.get(url).status_code == 200, url


@settings(
    max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(money, st.integers(0, 100), st.integers(0, 100))
def test_any_accepted_values_leave_every_reader_answering(
    client, reported, planner, appropriation, committed, obligated
):
    commitments = (appropriation * committed / 100).quantize(D("0.01"), rounding="ROUND_DOWN")
    obligations = (commitments * obligated / 100).quantize(D("0.01"), rounding="ROUND_DOWN")
    if budget_problems(
        appropriation=appropriation, commitments=commitments, obligations=obligations
    ):
        return
    Activity.objects.filter(plan=reported, number=3).update(appropriation=appropriation)
    Report.objects.filter(activity__plan=reported, activity__number=3, period=1).update(
        commitments=commitments, obligations=obligations
    )
    sign_in(client, planner)
    for url in (
        reverse("plans:detail", args=[reported.pk]),
        reverse("plans:export", args=[reported.pk, "xlsx"]),
        reverse("plans:open_data", args=[reported.pk, "json"]),
        f"/api/v1/planes/{reported.pk}/actividades",
    ):
        assert client.get(url).status_code == 200, url
    financial = document.open_data(reported)[0]["avance_financiero_total"]
    assert financial is None or 0 <= financial <= 100
