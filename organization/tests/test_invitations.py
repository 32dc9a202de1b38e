"""An invitation dies with the account: once Planeación or the administrator deactivates a user,
the one-time link they were mailed sets no password and says why, in Spanish."""

import re

import pytest
from django.core import mail
from django.test import Client

from conftest import sign_in
from organization.models import User

pytestmark = pytest.mark.django_db

PASSWORD = "Pablo-nuevo-2025"
DEACTIVATED = "Esta cuenta está desactivada"


@pytest.fixture
def invited(client, planner, django_capture_on_commit_callbacks):
    """Pablo, invited by Ana; his link, as the mail gives it."""
    sign_in(client, planner)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/directorio/usuarios/nuevo/",
            {"username": "pablo", "first_name": "Pablo", "email": "p@x.co", "role": "viewer"},
        )
    [message] = mail.outbox
    link = "/" + re.search(r"https?://[^/\s]+/(cuenta/recuperar/\S+/)", message.body).group(1)
    return User.objects.get(username="pablo"), link


def _deactivate(client, user):
    response = client.post(
        f"/directorio/usuarios/{user.membership.pk}/", {"role": "viewer", "is_active": ""}
    )
    assert response.status_code == 302


def _choose(browser: Client, url: str):
    return browser.post(url, {"new_password1": PASSWORD, "new_password2": PASSWORD}, follow=True)


def test_a_deactivated_users_invitation_sets_nothing_and_says_why(client, invited):
    user, link = invited
    _deactivate(client, user)
    browser = Client()
    page = browser.get(link, follow=True).content.decode()
    assert DEACTIVATED in page and "Contraseña nueva" in page and "new_password1" not in page
    answer = _choose(browser, link).content.decode()
    assert DEACTIVATED in answer and "Ya puede ingresar" not in answer
    user.refresh_from_db()
    assert not user.has_usable_password()


def test_a_link_opened_before_the_deactivation_is_refused_when_the_password_is_sent(
    client, invited
):
    user, link = invited
    browser = Client()
    form = browser.get(link, follow=True)
    assert "new_password1" in form.content.decode()
    User.objects.filter(pk=user.pk).update(is_active=False)  # as the admin does
    answer = _choose(browser, form.redirect_chain[-1][0]).content.decode()
    assert DEACTIVATED in answer and "Ya puede ingresar" not in answer
    user.refresh_from_db()
    assert not user.has_usable_password()


def test_the_refusal_names_the_deactivation_only_to_whoever_holds_a_valid_link(client, invited):
    user, link = invited
    _deactivate(client, user)
    forged = re.sub(r"/[^/]+/$", "/no-es-un-token/", link)
    page = Client().get(forged, follow=True).content.decode()
    assert DEACTIVATED not in page and "El enlace no es válido" in page


def test_an_active_users_invitation_still_works(invited):
    user, link = invited
    browser = Client()
    form = browser.get(link, follow=True)
    answer = _choose(browser, form.redirect_chain[-1][0]).content.decode()
    assert "Ya puede ingresar" in answer
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
