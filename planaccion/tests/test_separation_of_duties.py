"""Separation of duties by construction: only the system administrator grants «aprueba planes».

The walk below posts to every URL the declared permission table lists, as Planeación, with
``can_approve`` added to the declared body, to the form each page renders (filled with its own
values) and, for the invitation, to a complete invitation; no membership may gain the permission,
and an account a planner invites can never approve a plan.
"""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.db import transaction
from django.test import Client
from django.urls import reverse

from conftest import sign_in
from organization import policy
from organization.models import Membership, Role, User
from planaccion.tests import test_permissions
from planaccion.tests.html_forms import page_forms
from planaccion.tests.permission_table import PLANNER, TABLE
from planaccion.tests.test_permissions import BODIES
from plans.models import Plan

pytestmark = pytest.mark.django_db

# The permission walk's world (Cartago's personas and objects) at the same instant.
world = test_permissions.world
in_the_first_window = test_permissions.in_the_first_window

GRANTS = ({"can_approve": "on"}, {"can_approve": "1"})


def planner_posts(world):
    """(url, bodies) for every URL of the table, with Cartago's objects: the declared body, the
    page's own forms as rendered, each with the permission added."""
    client = sign_in(Client(), world["personas"]["planner"])
    for name, row in TABLE.items():
        if row.post is None or row.api or row.post[PLANNER] == 405:
            continue
        kwargs = {arg: world["own"].get(key, key) for arg, key in row.kwargs.items()}
        url = reverse(name, kwargs=kwargs)
        bodies = [BODIES[row.post_data] | grant for grant in GRANTS]
        if row.get is not None:
            with transaction.atomic():
                page = client.get(url)
                transaction.set_rollback(True)
            if page.status_code == 200 and page["Content-Type"].startswith("text/html"):
                for action, values in page_forms(page.content.decode()):
                    if action in ("", url):
                        bodies += [{**values, **grant} for grant in GRANTS]
        yield url, bodies


def approvers() -> set[str]:
    return set(Membership.objects.filter(can_approve=True).values_list("user__username", flat=True))


def test_no_form_a_planner_can_post_grants_the_approval_permission(world):
    planner = world["personas"]["planner"]
    before = approvers()
    assert before == {"carmen"}
    hacienda = planner.membership.entity.units.get(name="Secretaría de Hacienda")
    invitation = {
        "username": "segunda",
        "first_name": "Segunda",
        "email": "segunda@cartago.gov.co",
        "role": Role.VIEWER,
    }
    extra = {
        reverse("organization:member_invite"): [
            invitation | grant | {"role": role, "units": [hacienda.pk] * (role == Role.REPORTER)}
            for grant in GRANTS
            for role in Role.values
        ],
        reverse("organization:member_edit", args=[planner.membership.pk]): [
            {"role": Role.PLANNER, "is_active": "on"} | grant for grant in GRANTS
        ],
    }
    walk = dict(planner_posts(world))
    assert reverse("organization:member_invite") in walk, "the walk misses the invitation"
    for url, bodies in extra.items():  # the planner's own membership is not in the table
        walk.setdefault(url, []).extend(bodies)
    posted, gained = 0, []
    for url, bodies in walk.items():
        for body in bodies:
            with transaction.atomic():
                client = sign_in(Client(), planner)  # a fresh session: the walk posts to log-out
                response = client.post(url, body)
                assert "/ingresar/?next=" not in response.get("Location", ""), url
                posted += 1
                if approvers() != before:
                    gained.append(f"POST {url} {body}: {sorted(approvers() - before)}")
                transaction.set_rollback(True)
    assert posted > 100
    assert not gained, "\n".join(gained)


def _accept_invitation(link_mail, password: str) -> None:
    path = "/" + re.search(r"https?://[^/\s]+/(cuenta/recuperar/\S+/)", link_mail.body).group(1)
    client = Client()
    form = client.get(path, follow=True)
    client.post(form.redirect_chain[-1][0], {"new_password1": password, "new_password2": password})


def test_an_account_the_planner_invites_with_the_permission_cannot_approve_its_plan(
    world, django_capture_on_commit_callbacks
):
    from plans.services import workflow

    planner = world["personas"]["planner"]
    draft = Plan.objects.get(pk=world["own"]["draft"])
    workflow.submit_for_review(draft, by=planner)
    client = sign_in(Client(), planner)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("organization:member_invite"),
            {
                "username": "segunda",
                "first_name": "Segunda",
                "email": "segunda@cartago.gov.co",
                "role": Role.VIEWER,
                "can_approve": "on",
            },
        )
    assert response.status_code == 302
    second = User.objects.get(username="segunda")
    assert not second.membership.can_approve
    _accept_invitation(mail.outbox[-1], "Segunda-cuenta-2025")
    accomplice = Client()
    assert (
        accomplice.post(
            "/ingresar/", {"username": "segunda", "password": "Segunda-cuenta-2025"}
        ).status_code
        == 302
    )
    refused = accomplice.post(
        reverse("plans:approve", args=[draft.pk]), {"act_number": "1", "act_date": "2025-01-10"}
    )
    assert refused.status_code == 403
    draft.refresh_from_db()
    assert draft.status == Plan.Status.IN_REVIEW
    assert not policy.can_approve(User.objects.get(pk=second.pk), draft.entity_id)


@pytest.mark.parametrize("role", Role.values)
def test_changing_roles_never_makes_a_planner_or_anyone_else_an_approver(world, role):
    """Whatever role Planeación gives a member, the permission stays where the administrator
    put it: nobody gains it, and the Comité's signer cannot be made a planner."""
    planner = world["personas"]["planner"]
    client = sign_in(Client(), planner)
    hacienda = planner.membership.entity.units.get(name="Secretaría de Hacienda")
    units = [hacienda.pk] if role == Role.REPORTER else []
    viewer = world["personas"]["viewer"].membership
    response = client.post(
        reverse("organization:member_edit", args=[viewer.pk]),
        {"role": role, "units": units, "is_active": "on", "can_approve": "on"},
    )
    assert response.status_code == 302
    viewer.refresh_from_db()
    assert viewer.role == role and not viewer.can_approve
    approver = world["personas"]["approver"].membership
    client.post(
        reverse("organization:member_edit", args=[approver.pk]),
        {"role": role, "units": units, "is_active": "on"},
    )
    approver.refresh_from_db()
    assert approver.can_approve
    if role == Role.PLANNER:
        assert approver.role == Role.VIEWER, "the Comité's signer became a planner"
    assert approvers() == {"carmen"}


def test_the_services_refuse_the_permission_to_anyone_but_the_system_administrator(
    cartago, planner, viewer, superuser
):
    from django.core.exceptions import PermissionDenied

    from organization import services

    with pytest.raises(PermissionDenied, match="Solo el administrador del sistema"):
        services.create_member(
            cartago, username="otra", password=None, role=Role.VIEWER, can_approve=True, by=planner
        )
    membership = viewer.membership
    with pytest.raises(PermissionDenied, match="Solo el administrador del sistema"):
        services.update_member(
            membership, by=planner, role=Role.VIEWER, units=[], is_active=True, can_approve=True
        )
    assert not User.objects.filter(username="otra").exists()
    membership.refresh_from_db()
    assert not membership.can_approve
    services.update_member(
        membership, by=superuser, role=Role.VIEWER, units=[], is_active=True, can_approve=True
    )
    membership.refresh_from_db()
    assert membership.can_approve
