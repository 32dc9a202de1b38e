"""The plan page in a real headless Chromium: a planner logs in and reads the seed plan."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def test_a_planner_logs_in_and_sees_the_nine_activities_of_the_seed_plan(
    live_server, log_in, planner, seed_plan
):
    page = log_in(planner)
    page.get_by_role("link", name=seed_plan.title).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(seed_plan.title)
    table = page.get_by_role("table", name="Actividades del plan (9)")
    expect(table.locator("tbody tr")).to_have_count(9)
    expect(table.locator("tbody tr").nth(2)).to_contain_text("Sec. de Sevicios Administrativos")
    expect(page.get_by_role("table", name="Control del documento")).to_contain_text("MESG-AS-F17")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1440, "height": 900})
    page.screenshot(path=SCREENSHOTS / "plan.png", full_page=True)
    assert (SCREENSHOTS / "plan.png").stat().st_size > 10_000


def test_the_open_data_download_works_from_the_page(live_server, log_in, planner, seed_plan):
    page = log_in(planner)
    page.goto(f"{live_server.url}/planes/{seed_plan.pk}/")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Datos abiertos (CSV)").click()
    download = download_info.value
    assert download.suggested_filename == f"plan-{seed_plan.pk}-2025.csv"
    content = Path(download.path()).read_text(encoding="utf-8-sig")
    assert content.count("\n") == 10  # the header and the nine activities


def test_a_visitor_is_sent_to_the_login_page(live_server, page, seed_plan):
    page.goto(f"{live_server.url}/planes/{seed_plan.pk}/")
    expect(page.get_by_role("heading", name="Ingresar")).to_be_visible()
    assert "/ingresar/?next=" in page.url
