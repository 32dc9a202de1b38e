"""History, Gantt and version-diff pages."""

import time_machine

from conftest import acta
from plans.services import workflow


def test_the_history_lists_who_changed_what_across_versions(client, planner, approver, ready_plan):
    workflow.submit_for_review(ready_plan, by=planner)
    workflow.approve_plan(ready_plan, by=approver, **acta(ready_plan))
    version = workflow.start_new_version(ready_plan, by=planner, reason="Nueva meta")
    client.force_login(planner)
    page = client.get(f"/planes/{version.pk}/historial/").content.decode()
    for text in [
        "plan.imported",
        "plan.submitted",
        "plan.approved",
        "plan.version.created",
        "Nueva meta",
        "carmen",
        "ana",
        "status",
    ]:
        assert text in page, text


@time_machine.travel("2025-05-14 10:00 -0500")
def test_the_gantt_marks_the_scheduled_months_and_today(client, planner, seed_plan):
    activity = seed_plan.activities.get(number=1)
    activity.months = [4, 5, 6]
    activity.save()
    client.force_login(planner)
    page = client.get(f"/planes/{seed_plan.pk}/cronograma/").content.decode()
    assert page.count("gantt__cell is-scheduled") == 3
    assert 'aria-current="date"' in page and "14 de mayo de 2025" in page
    assert page.count("is-today") == 1 + 9  # the header and one cell per activity


@time_machine.travel("2027-01-10 10:00 -0500")
def test_the_gantt_of_another_year_marks_no_month(client, planner, seed_plan):
    client.force_login(planner)
    page = client.get(f"/planes/{seed_plan.pk}/cronograma/").content.decode()
    assert 'aria-current="date"' not in page and "no cae en la vigencia 2025" in page


def test_the_diff_page_compares_two_versions_side_by_side(client, planner, approver, ready_plan):
    workflow.submit_for_review(ready_plan, by=planner)
    workflow.approve_plan(ready_plan, by=approver, **acta(ready_plan))
    version = workflow.start_new_version(ready_plan, by=planner, reason="Cambio de meta")
    version.activities.filter(number=2).update(indicator_target=7)
    version.activities.filter(number=9).delete()
    client.force_login(planner)
    page = client.get(f"/planes/{version.pk}/diferencias/").content.decode()
    assert "Diferencias entre la versión 1 y la versión 2" in page
    assert '<td class="diff-old">2</td><td class="diff-new">7</td>' in page
    assert "eliminada" in page and "Cambio de meta" in page
    assert client.get(f"/planes/{version.pk}/diferencias/?a=5").status_code == 404
