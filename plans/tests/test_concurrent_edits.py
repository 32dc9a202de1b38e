"""Two people edit the same activity: the second save is refused and shows what changed."""

import re

from django.test import Client

from audit.models import AuditEntry
from conftest import _member
from plans.models import Activity


def form_data(client, url) -> dict:
    form = client.get(url).context["form"]
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if name in {"months", "responsible_units"}:
            data[name] = [getattr(v, "pk", v) for v in (value or [])]
        elif value is not None:
            data[name] = value
    return data


def test_the_second_of_two_simultaneous_edits_is_refused(seed_plan, planner, cartago):
    colleague = _member(cartago, "beatriz", "planner")
    activity = seed_plan.activities.get(number=4)
    url = f"/planes/{seed_plan.pk}/actividades/{activity.pk}/editar/"
    ana, beatriz = Client(), Client()
    ana.force_login(planner)
    beatriz.force_login(colleague)
    ana_form, beatriz_form = form_data(ana, url), form_data(beatriz, url)

    first = ana.post(url, ana_form | {"indicator_target": "3", "months": [2, 3]})
    assert first.status_code == 302

    second = beatriz.post(url, beatriz_form | {"indicator_target": "5"})
    assert second.status_code == 409
    page = second.content.decode()
    assert "fue modificada por ana mientras usted la editaba" in page
    assert "no se guardaron sus cambios" in page
    rows = {
        label: (mine, theirs)
        for label, mine, theirs in re.findall(
            r'<th scope="row">([^<]+)</th><td>([^<]*)</td><td>([^<]*)</td>', page
        )
    }
    assert rows["Meta"] == ("5", "3")
    assert rows["Meses programados"] == ("—", "2; 3"), rows

    activity.refresh_from_db()
    assert activity.indicator_target == 3 and activity.months == [2, 3]
    assert AuditEntry.objects.filter(action="plans.activity.changed").count() == 1

    refreshed = form_data(beatriz, url)
    assert beatriz.post(url, refreshed | {"indicator_target": "5"}).status_code == 302
    assert Activity.objects.get(pk=activity.pk).indicator_target == 5


def test_a_stale_month_toggle_is_refused_too(seed_plan, planner):
    activity = seed_plan.activities.get(number=1)
    client = Client()
    client.force_login(planner)
    url = f"/planes/{seed_plan.pk}/actividades/{activity.pk}/mes/"
    assert client.post(url, {"month": 3, "scheduled": "1", "revision": 1}).status_code == 302
    response = client.post(url, {"month": 4, "scheduled": "1", "revision": 1}, follow=True)
    assert "fue modificada" in response.content.decode()
    assert Activity.objects.get(pk=activity.pk).months == [3]
