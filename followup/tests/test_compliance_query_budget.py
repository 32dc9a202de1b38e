"""The compliance view and its exports cost the same queries for 5 and for 50 entities (each
with published plans, activities and reports of two periods, from demo.synthetic), and so does
the weekly digest of an office that oversees them."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from conftest import sign_in
from demo.synthetic import generate
from followup.compliance_digest import send_compliance_digests
from followup.models import ComplianceDigest
from organization import services
from organization.models import Entity, Notification

pytestmark = pytest.mark.django_db

URLS = (
    "/seguimiento/cumplimiento/?vigencia=2025",
    "/seguimiento/cumplimiento/?vigencia=2025&orden=-faltantes&tipo_plan=plan-accion-institucional",
    "/seguimiento/cumplimiento/xlsx/?vigencia=2025",
    "/seguimiento/cumplimiento/csv/?vigencia=2025",
)


@pytest.fixture(autouse=True)
def after_the_second_window(time_machine, settings):
    time_machine.move_to("2025-07-21 10:00 -0500", tick=False)
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}


def _queries(user, url) -> int:
    client = Client()
    sign_in(client, user)
    client.get(url)  # warm: sessions, content types
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def _digest_queries(office) -> int:
    ComplianceDigest.objects.all().delete()
    Notification.objects.all().delete()  # so that the mail is sent again
    with CaptureQueriesContext(connection) as captured:
        send_compliance_digests(datetime.date(2025, 7, 21))
    return len(captured)


def test_the_compliance_view_costs_the_same_queries_for_5_and_50_entities(superuser, plan_types):
    valle = services.create_entity(name="Gobernación del Valle del Cauca", nit="890399001-1")
    office = services.create_member(valle, username="valle", password="x" * 12, role="planner")
    office.email = "valle@example.invalid"
    office.save()

    def oversee_all():
        office.membership.oversees.set(Entity.objects.exclude(pk=valle.pk))

    generate(entities=5, plans=3, activities=4, year=2025, periods=2, seed=5, development=False)
    oversee_all()
    few = {url: (_queries(superuser, url), _queries(office, url)) for url in URLS}
    few_digest = _digest_queries(office)
    generate(entities=45, plans=3, activities=4, year=2025, periods=2, seed=50, development=False)
    oversee_all()
    assert Entity.objects.count() == 51
    many = {url: (_queries(superuser, url), _queries(office, url)) for url in URLS}
    assert many == few, "the compliance view's queries grow with the entities"
    assert _digest_queries(office) == few_digest, "the digest's queries grow with the entities"
