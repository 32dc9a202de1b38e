"""The finding's page and the list cost the same queries whatever the number of actions and
findings."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import sign_in
from improvement.tests.factories import add_action, finding

pytestmark = pytest.mark.usefixtures("first_window")


def _queries(user, url) -> int:
    client = Client()
    sign_in(client, user)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_finding_page_does_not_grow_with_its_actions(found, planner, auditor, seed_plan):
    linked = list(seed_plan.activities.all()[:3])
    plan = add_action(found, planner, linked=linked[:1]).activity.plan
    url = reverse("improvement:detail", args=[found.pk])
    one = _queries(auditor, url)
    for number in range(2, 7):
        add_action(found, planner, plan=plan, number=number, linked=linked)
    assert _queries(auditor, url) == one


def test_the_list_does_not_grow_with_findings(found, auditor, cartago):
    url = reverse("improvement:list")
    one = _queries(auditor, url)
    for number in range(2, 12):
        finding(cartago, auditor, code=f"H-{number}")
    assert _queries(auditor, url) == one
