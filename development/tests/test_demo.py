"""The demo's Plan de Desarrollo: Cartago's 2024-2027 plan with three líneas and the seed plan's
activities linked to its metas de producto."""

import pytest

from demo.development import development_plan
from development import selectors
from development.models import ActivityGoal, DevelopmentPlan


@pytest.fixture(autouse=True)
def in_2025(time_machine):
    time_machine.move_to("2025-04-03 10:00 -0500", tick=False)


def test_the_demo_plan_has_its_lineas_metas_and_the_seed_plans_links(
    published_plan, cartago, planner
):
    units = {unit.name: unit for unit in cartago.units.all()}
    development_plan(cartago, units, published_plan, {"planeacion": planner})
    dev = DevelopmentPlan.objects.get(entity=cartago)
    assert (dev.cuatrienio, dev.adopting_act) == ("2024–2027", "Acuerdo 012 de 2024")
    assert dev.lines.count() == 3
    links = ActivityGoal.objects.filter(activity__plan=published_plan)
    assert links.values("activity").distinct().count() == 9
    progress = selectors.plan_progress(dev, 2025)
    assert [node.item.code for node in progress.lines] == ["1", "2", "3"]
    assert dev.goals.get(code="MP-1.1.2").responsible_unit.name.startswith(
        "Secretaría de Servicios"
    )
