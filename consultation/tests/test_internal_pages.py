import pytest

from conftest import sign_in
from consultation.models import Consultation

pytestmark = pytest.mark.django_db


def test_planeacion_opens_a_consultation_from_the_plan_picker(
    client, in_february, in_review, planner, value_groups
):
    sign_in(client, planner)
    form = client.get(f"/participacion/consultas/nueva/?plan={in_review.pk}").content.decode()
    assert f'<option value="{in_review.pk}" selected>' in form
    page = client.post(
        "/participacion/consultas/nueva/",
        {"plan": in_review.pk, "opens_on": "2025-02-10", "closes_on": "2025-02-24", "intro": ""},
        follow=True,
    )
    consultation = Consultation.objects.get()
    assert page.redirect_chain[-1][0] == consultation.get_absolute_url()
    assert "Se abrió la consulta pública." in page.content.decode()
    listing = client.get("/participacion/consultas/").content.decode()
    assert consultation.get_absolute_url() in listing


def test_the_page_refuses_a_closing_date_before_the_opening(
    client, in_february, in_review, planner
):
    sign_in(client, planner)
    page = client.post(
        "/participacion/consultas/nueva/",
        {"plan": in_review.pk, "opens_on": "2025-02-24", "closes_on": "2025-02-10"},
    )
    assert "posterior a la de apertura" in page.content.decode()
    assert not Consultation.objects.exists()


def test_hiding_through_the_page_needs_a_reason(client, comment, planner):
    sign_in(client, planner)
    client.post(f"/participacion/observaciones/{comment.pk}/retirar/", {"reason": ""})
    comment.refresh_from_db()
    assert not comment.hidden
    client.post(f"/participacion/observaciones/{comment.pk}/retirar/", {"reason": "Spam"})
    comment.refresh_from_db()
    assert comment.hidden and comment.hidden_reason == "Spam"
