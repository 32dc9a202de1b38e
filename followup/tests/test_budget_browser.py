"""Budget execution in a real browser (issue 22): a reporter reports compromisos and obligaciones
for an activity with apropiación, a figure above the apropiación is refused at its field, and
Planeación reads physical vs financial progress on the plan page; the public page passes axe."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from followup import services
from followup.models import Report
from plans.models import Activity

# axe-core is injected inline: this module's browser contexts bypass the CSP, as that one's do.
from portal.tests.test_accessibility_browser import browser_context_args, violations  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def in_the_first_window(time_machine):
    time_machine.move_to("2025-04-03 10:00 -0500", tick=True)


def test_a_reporter_reports_budget_execution_and_planeacion_sees_physical_vs_financial(
    in_the_first_window, live_server, page, log_in, published_plan, reporter_a, planner
):
    Activity.objects.filter(plan=published_plan, number=3).update(
        appropriation=Decimal("10000000"), bpin="2024761470003"
    )
    activity = published_plan.activities.get(number=3)

    log_in(reporter_a)
    page.goto(f"{live_server.url}/seguimiento/")
    row = page.get_by_role("row", name=re.compile("Capacitar funcionarios"))
    row.get_by_role("link", name=re.compile("Reportar")).click()
    expect(
        page.get_by_text(re.compile(r"La apropiación de la actividad es \$ 10\.000\.000"))
    ).to_be_visible()
    page.get_by_label("Resultado acumulado").fill("1")
    page.get_by_label("Descripción del avance").fill("Se capacitó a 12 funcionarios.")
    commitments = page.get_by_label("Compromisos acumulados ($)")
    commitments.fill("12.500.000")
    commitments.press("Tab")
    page.keyboard.type("3.000.000")  # the keyboard moves on to the obligaciones
    page.get_by_role("button", name="Enviar a Planeación").click()
    error = page.locator("#id_commitments_error")
    expect(error).to_have_text(
        "Compromisos acumulados: no pueden superar la apropiación de la actividad ($ 10.000.000)."
    )
    assert not Report.objects.filter(activity=activity).exists()

    page.get_by_label("Compromisos acumulados ($)").fill("$ 6.000.000")
    page.get_by_label("Obligaciones acumuladas ($)").fill("4.000.000,50")
    page.get_by_role("button", name="Enviar a Planeación").click()
    expect(page.get_by_text("El seguimiento se envió a Planeación.")).to_be_visible()
    report = Report.objects.get(activity=activity, period=1)
    assert (report.commitments, report.obligations) == (Decimal("6000000"), Decimal("4000000.50"))
    services.validate_report(report, by=planner, comment="", expected_revision=report.revision)

    log_in(planner)
    page.goto(f"{live_server.url}/planes/{published_plan.pk}/")
    table = page.get_by_role("table", name=re.compile("Avance físico .* y financiero"))
    line = table.get_by_role("row", name=re.compile("Capacitar funcionarios"))
    expect(line).to_contain_text("$ 10.000.000")
    expect(line).to_contain_text("$ 4.000.000,50")
    expect(line.locator("[data-financial]")).to_have_text("40,0 %")
    expect(line.locator("[data-physical]")).to_have_text(re.compile(r"\d+,\d %"))
    assert violations(page) == []

    page.context.clear_cookies()
    page.goto(
        f"{live_server.url}/entidades/{published_plan.entity.nit}/planes/{published_plan.pk}/"
    )
    expect(page.get_by_role("heading", name="Avance físico y financiero")).to_be_visible()
    assert violations(page) == []
