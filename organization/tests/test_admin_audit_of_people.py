"""What the system administrator changes about people in the admin reaches the audit trail like
any other change: roles, dependencias, «aprueba planes», oversight, and the user's own flags
(active, staff, superuser). Never the password's hash."""

import pytest

from audit.models import AuditEntry
from conftest import sign_in
from organization.models import User
from planaccion.tests.html_forms import form_values

pytestmark = pytest.mark.django_db

ADMIN = "Cambio desde la administración del sistema"


def _admin_post(client, url, **changes):
    values = form_values(client.get(url).content.decode())
    for name, value in changes.items():
        values[name] = value if isinstance(value, list) else [value]
    response = client.post(url, values)
    assert response.status_code == 302, response.content.decode()[:3000]
    return response


def test_a_role_and_the_approval_permission_changed_on_the_users_page_are_audited(
    client, superuser, viewer, cartago
):
    sign_in(client, superuser)
    _admin_post(
        client,
        f"/admin/organization/user/{viewer.pk}/change/",
        **{"membership-0-role": "auditor", "membership-0-can_approve": "on"},
    )
    entry = AuditEntry.objects.get(action="organization.member.changed")
    assert (entry.actor, entry.entity_id, entry.reason) == (superuser, cartago.pk, ADMIN)
    assert entry.object_id == str(viewer.membership.pk)
    assert (entry.before["role"], entry.after["role"]) == ("viewer", "auditor")
    assert (entry.before["can_approve"], entry.after["can_approve"]) == (False, True)


def test_dependencias_and_oversight_changed_on_the_membership_page_are_audited(
    client, superuser, reporter_a, planner, cartago, other_entity
):
    hacienda = cartago.units.get(name="Secretaría de Hacienda")
    sign_in(client, superuser)
    _admin_post(
        client,
        f"/admin/organization/membership/{reporter_a.membership.pk}/change/",
        units=[str(hacienda.pk)],
    )
    _admin_post(
        client,
        f"/admin/organization/membership/{planner.membership.pk}/change/",
        oversees=[str(other_entity.pk)],
    )
    entries = AuditEntry.objects.filter(action="organization.member.changed").order_by("pk")
    units, oversight = entries
    assert units.after["units"] == [hacienda.pk] and units.before["units"] != [hacienda.pk]
    assert (oversight.before["oversees"], oversight.after["oversees"]) == ([], [other_entity.pk])


def test_making_someone_superuser_staff_or_inactive_is_audited_without_the_password(
    client, superuser, viewer, cartago
):
    sign_in(client, superuser)
    _admin_post(
        client,
        f"/admin/organization/user/{viewer.pk}/change/",
        is_superuser="on",
        is_staff="on",
        is_active="",
    )
    entry = AuditEntry.objects.get(action="organization.user.changed")
    assert (entry.actor, entry.entity_id, entry.object_id) == (
        superuser,
        cartago.pk,
        str(viewer.pk),
    )
    for flag, before, after in [
        ("is_superuser", False, True),
        ("is_staff", False, True),
        ("is_active", True, False),
    ]:
        assert (entry.before[flag], entry.after[flag]) == (before, after), flag
    assert "password" not in entry.before and "password" not in entry.after
    assert not AuditEntry.objects.filter(action="organization.member.changed").exists()


def test_a_user_added_and_deleted_in_the_admin_is_audited(client, superuser, cartago):
    sign_in(client, superuser)
    _admin_post(client, "/admin/organization/user/add/", username="nuevo", usable_password="false")
    user = User.objects.get(username="nuevo")
    created = AuditEntry.objects.get(action="organization.user.created")
    assert created.after["username"] == "nuevo" and "password" not in created.after
    response = client.post(f"/admin/organization/user/{user.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    deleted = AuditEntry.objects.get(action="organization.user.deleted")
    assert deleted.before["username"] == "nuevo" and deleted.after is None
