import pytest

from consultation.models import Comment
from participation.models import Consent

pytestmark = pytest.mark.django_db


def _form(value_group, **more):
    return {
        "name": "",
        "email": "camila@example.com",
        "value_group": value_group.pk,
        "place": "Vereda Zaragoza",
        "text": "Incluyan las veredas del norte.",
        "consent": "on",
        **more,
    }


def test_the_public_page_shows_the_draft_with_a_comment_link_per_activity(client, consultation):
    nit = consultation.plan.entity.nit
    page = client.get(f"/entidades/{nit}/consultas/{consultation.pk}/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "Consulta abierta: recibe observaciones del 01/02/2025 al 28/02/2025" in text
    assert f"/consultas/{consultation.pk}/comentar/?actividad=3" in text
    assert "no-store" in page["Cache-Control"] or "max-age=0" in page["Cache-Control"]
    assert client.get(f"/entidades/{nit}/consultas/").status_code == 200


def test_a_citizen_comments_an_activity_and_sees_the_thanks(client, consultation, value_groups):
    nit = consultation.plan.entity.nit
    url = f"/entidades/{nit}/consultas/{consultation.pk}/comentar/?actividad=3"
    page = client.post(url, _form(value_groups[2]))
    assert "Gracias: recibimos su observación" in page.content.decode()
    comment = Comment.objects.get()
    assert comment.activity.number == 3 and comment.value_group == value_groups[2]


def test_errors_are_linked_to_their_fields_and_nothing_is_stored(
    client, consultation, value_groups
):
    nit = consultation.plan.entity.nit
    url = f"/entidades/{nit}/consultas/{consultation.pk}/comentar/"
    page = client.post(url, _form(value_groups[0], email="", consent=""))
    text = page.content.decode()
    assert 'aria-describedby="id_email_error id_email_helptext"' in text
    assert 'id="id_consent_error"' in text
    assert not Comment.objects.exists() and not Consent.objects.exists()


def test_the_honeypot_gets_the_same_thanks_and_stores_nothing(client, consultation, value_groups):
    nit = consultation.plan.entity.nit
    url = f"/entidades/{nit}/consultas/{consultation.pk}/comentar/"
    page = client.post(url, _form(value_groups[0], sitio_web="http://spam.example"))
    assert "Gracias: recibimos su observación" in page.content.decode()
    assert not Comment.objects.exists()


def test_after_the_window_the_form_is_gone_and_the_page_says_so(client, consultation, time_machine):
    time_machine.move_to("2025-03-01 08:00 -0500", tick=False)
    nit = consultation.plan.entity.nit
    page = client.get(f"/entidades/{nit}/consultas/{consultation.pk}/comentar/")
    text = page.content.decode()
    assert "estuvo abierta del 01/02/2025 al 28/02/2025" in text
    assert "se publica con el plan aprobado" in text
    assert "<form" not in text.split("<main", 1)[-1]


def test_an_unknown_activity_number_is_not_found(client, consultation):
    nit = consultation.plan.entity.nit
    url = f"/entidades/{nit}/consultas/{consultation.pk}/comentar/?actividad=999"
    assert client.get(url).status_code == 404


def test_the_internal_page_filters_and_counts_and_hides_personal_data_from_viewers(
    client, comment, planner, viewer
):
    from conftest import sign_in

    sign_in(client, viewer)
    page = client.get(f"{comment.consultation.get_absolute_url()}?estado=pendiente")
    text = page.content.decode()
    assert "Incluyan a las veredas del norte" in text and "Por grupo de valor" in text
    detail = client.get(comment.get_absolute_url()).content.decode()
    assert "camila@example.com" not in detail and "Responder" not in detail
    sign_in(client, planner)
    assert "camila@example.com" in client.get(comment.get_absolute_url()).content.decode()
    none = client.get(f"{comment.consultation.get_absolute_url()}?estado=aceptada")
    assert "No hay observaciones con esos filtros" in none.content.decode()


def test_a_stale_answer_form_shows_the_other_answer(client, comment, planner):
    from conftest import sign_in
    from consultation import services

    services.answer_comment(
        comment, by=planner, status="no_aceptada", answer="Fuera de alcance.", expected_revision=0
    )
    sign_in(client, planner)
    page = client.post(
        comment.get_absolute_url(),
        {"status": "aceptada", "answer": "Sí", "change_made": "Cambio", "revision": 0},
    )
    text = page.content.decode()
    assert page.status_code == 409
    assert "respondió esta observación mientras usted escribía" in text
    assert "Fuera de alcance." in text
