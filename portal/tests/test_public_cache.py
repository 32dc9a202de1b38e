"""The public pages' cache cannot be turned against its users: no flood of requests brings back
what an entity withdrew, and unknown query parameters are one page, rendered once."""

import random
from pathlib import Path

import pytest
from django.core.cache import cache

from followup import publishing
from followup.tests import steps
from organization import public_cache
from organization.models import Entity
from plans.services import workflow
from portal import views
from portal.tests.calls import count_calls

SHOWN = "Verificación pública del periodo I"
MAX_ENTRIES = 60


@pytest.fixture
def small_file_cache(settings, tmp_path) -> Path:
    """The deployment's file cache, small enough that a few hundred entries make it cull."""
    location = tmp_path / "cache"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(location),
            "OPTIONS": {"MAX_ENTRIES": MAX_ENTRIES, "CULL_FREQUENCY": 3},
        }
    }
    return location


@pytest.fixture
def verified(published_plan, reporter_a, planner, auditor, time_machine):
    """Period I of activity 3 validated, and verified by Control Interno, who published it."""
    time_machine.move_to("2025-04-03 10:00 -0500", tick=False)
    report = steps.submit(published_plan.activities.get(number=3), reporter_a, value="1")
    steps.validate(report, planner)
    steps.verify(report, auditor, observation=SHOWN, public=True)
    return report


def plan_url(plan) -> str:
    return f"/entidades/{plan.entity.nit}/planes/{plan.pk}/"


def test_a_flood_of_query_strings_cannot_bring_back_a_verification_control_interno_withdrew(
    client, verified, auditor, small_file_cache, django_capture_on_commit_callbacks
):
    random.seed(17)  # the file cache culls at random: the same entries every run
    url = plan_url(verified.activity.plan)
    seen = [f"{url}?p={n}" for n in range(30)]
    for address in seen:
        assert SHOWN in client.get(address).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        steps.verify(verified, auditor, observation="Retirada del portal", public=False)
    for n in range(400):
        assert client.get(f"{url}?x={n}").status_code == 200
        cache.set(f"another-page:{n}", "the rest of the site's visitors")
        if n % 20 == 19:
            for address in [url, *seen]:
                assert SHOWN not in client.get(address).content.decode(), (n, address)
    kept = sum(cache.has_key(f"another-page:{n}") for n in range(400))
    assert kept < 400 and len(list(small_file_cache.iterdir())) <= MAX_ENTRIES, "it culled"


def test_unknown_query_parameters_are_one_page_rendered_once(client, verified, monkeypatch):
    url = plan_url(verified.activity.plan)
    renders = count_calls(monkeypatch, views, "render")
    first = client.get(url).content
    for n in range(50):
        assert client.get(f"{url}?x={n}&utm_source=correo-{n}").content == first
    assert len(renders) == 1


def test_known_parameters_are_read_in_their_normal_form(client, published_plan, monkeypatch):
    nit = published_plan.entity.nit
    renders = count_calls(monkeypatch, views, "render")
    for query in ["", "?archivada=1", "?archivada=si", "?archivada", "?archivada=1&archivada=2"]:
        assert client.get(f"/entidades/{nit}/{query}").status_code == 200
    assert len(renders) == 1, "the entity page reads no parameter"
    url = plan_url(published_plan)
    for query in ["?archivada=1", "?archivada=si", "?archivada=&x=1"]:
        assert client.get(f"{url}{query}").status_code == 200
    assert len(renders) == 2, "?archivada is present or not"


def test_an_earlier_version_that_is_not_one_costs_a_redirect_not_a_render(
    client, published_plan, planner, approver, monkeypatch, django_capture_on_commit_callbacks
):
    from conftest import acta

    v1 = published_plan
    with django_capture_on_commit_callbacks(execute=True):
        v2 = workflow.start_new_version(v1, by=planner, reason="Ajuste de metas")
        workflow.submit_for_review(v2, by=planner)
        workflow.approve_plan(v2, by=approver, **acta(v2))
        publishing.publish_plan(v2, by=planner)
    url = plan_url(v2)
    renders = count_calls(monkeypatch, views, "render")
    for anterior in [v2.pk + 1000, 0, "abc", "９", "1" * 5000]:
        response = client.get(f"{url}?anterior={anterior}")
        assert (response.status_code, response.get("Location")) in [(302, url), (200, None)]
    assert len(renders) == 1, "one page without a notice; none for each made-up version"
    for anterior in [v1.pk, f"000{v1.pk}"]:
        page = client.get(f"{url}?anterior={anterior}").content.decode()
        assert f"La versión {v1.version} de este plan" in page
    assert len(renders) == 2, "the same earlier version, written two ways"


def test_a_cached_public_page_is_served_without_a_database_query(
    client, published_plan, django_assert_num_queries
):
    url = plan_url(published_plan)
    first = client.get(url)
    assert first.status_code == 200
    with django_assert_num_queries(0):
        again = client.get(f"{url}?x=1")
    assert again.content == first.content
    assert client.get("/entidades/800000000-0/").status_code == 404


def test_an_entity_read_before_a_bump_and_saved_after_it_keeps_the_newer_version(cartago):
    stale = Entity.objects.get(pk=cartago.pk)  # as the settings form and the admin read it
    public_cache.invalidate(cartago.pk)
    stale.phone = "(602) 211 0000"
    stale.save()
    saved = Entity.objects.get(pk=cartago.pk)
    assert (saved.phone, saved.public_version) == (stale.phone, stale.public_version + 1)


@pytest.mark.parametrize("nit", ["9" * 300, "891900493-2%0A", "891900493%202"])
def test_a_made_up_nit_is_not_found_whatever_it_holds(client, cartago, nit):
    assert client.get(f"/entidades/{nit}/").status_code == 404
