"""The breakdown by grupo de valor every participation figure shows."""

import pytest
from django.template.loader import render_to_string

from participation import services
from participation.selectors import breakdown

pytestmark = pytest.mark.django_db


@pytest.fixture
def groups(cartago, planner):
    return {
        name: services.create_value_group(cartago, name, by=planner)
        for name in ("Jóvenes", "Mujeres", "Juntas de Acción Comunal")
    }


def test_rows_follow_the_registers_order_with_no_group_last_and_a_total(groups, cartago):
    counts = {None: 2, groups["Juntas de Acción Comunal"].pk: 5, groups["Jóvenes"].pk: 3}
    rows = breakdown(counts, cartago)
    assert rows == [("Jóvenes", 3), ("Juntas de Acción Comunal", 5), ("Sin grupo de valor", 2)]
    assert rows.total == 10


def test_a_deactivated_group_still_shows_its_count(groups, cartago, planner):
    services.set_value_group_active(groups["Mujeres"], False, by=planner)
    assert breakdown({groups["Mujeres"].pk: 4}, cartago) == [("Mujeres", 4)]


def test_another_entitys_group_counts_as_without_group_so_the_total_holds(
    groups, cartago, other_entity, other_planner
):
    theirs = services.create_value_group(other_entity, "Jóvenes", by=other_planner)
    rows = breakdown({theirs.pk: 1, groups["Jóvenes"].pk: 1}, cartago)
    assert rows == [("Jóvenes", 1), ("Sin grupo de valor", 1)]
    assert rows.total == 2


def test_no_records_give_no_rows_and_a_zero_total(cartago):
    rows = breakdown({}, cartago)
    assert rows == []
    assert rows.total == 0


def test_the_include_renders_a_table_with_a_caption_and_the_total(groups, cartago):
    rows = breakdown({groups["Jóvenes"].pk: 3, None: 1}, cartago)
    html = render_to_string(
        "participation/_breakdown.html",
        {"breakdown": rows, "caption": "Asistentes por grupo de valor", "unit": "Asistentes"},
    )
    assert "<caption>Asistentes por grupo de valor</caption>" in html
    assert '<th scope="row">Jóvenes</th><td>3</td>' in html
    assert '<th scope="row">Total</th><td>4</td>' in html
