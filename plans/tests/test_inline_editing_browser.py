"""In-place editing with htmx: errors and refused stale saves appear inside the activity card."""

import pytest
from playwright.sync_api import expect

from plans.models import Activity

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_form_errors_show_next_to_the_field_inside_the_card(
    live_server, log_in, planner, seed_plan
):
    page = log_in(planner)
    page.goto(f"{live_server.url}/planes/{seed_plan.pk}/editar/")
    page.wait_for_function("window.htmx !== undefined")
    card = page.locator("section.activity-card[data-number='5']")
    card.get_by_role("link", name="Editar actividad 5").click()
    editing = page.locator("section.activity-card--editing")
    editing.get_by_label("Meta anual").fill("-3")
    editing.get_by_role("button", name="Guardar actividad 5").click()
    expect(editing.locator(".errorlist")).to_contain_text("mayor o igual a 0")
    expect(editing.get_by_label("Meta anual")).to_have_attribute("aria-invalid", "true")
    assert page.url.endswith("/editar/"), "the page stayed; only the card changed"


def test_a_stale_inline_save_is_refused_with_what_changed(live_server, log_in, planner, seed_plan):
    page = log_in(planner)
    page.goto(f"{live_server.url}/planes/{seed_plan.pk}/editar/")
    page.wait_for_function("window.htmx !== undefined")
    page.locator("section.activity-card[data-number='6']").get_by_role(
        "link", name="Editar actividad 6"
    ).click()
    editing = page.locator("section.activity-card--editing")
    editing.get_by_label("Meta anual").fill("8")
    Activity.objects.filter(plan=seed_plan, number=6).update(indicator_target=2, revision=2)
    editing.get_by_role("button", name="Guardar actividad 6").click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("no se guardaron sus cambios")
    expect(alert.get_by_role("row", name="Meta")).to_contain_text("8")
    expect(alert.get_by_role("row", name="Meta")).to_contain_text("2")
    assert Activity.objects.get(plan=seed_plan, number=6).indicator_target == 2
