"""Reads of the directory that several apps' pages share."""

from __future__ import annotations

from django.db.models import Exists, OuterRef
from django.http import Http404
from django.utils import timezone

from organization import invitations
from organization.models import AccountRequest, Entity, Membership, Role


def entity_by_nit(nit: str) -> Entity:
    """The entity of a public address (``/entidades/<nit>/...``), or 404."""
    entity = Entity.objects.filter(nit=nit).first()
    if entity is None:
        raise Http404("No existe una entidad con ese NIT.")
    return entity


def open_account_requests(entity_id: int, *, for_user=None) -> list[AccountRequest]:
    """The requests from «Mi cuenta» waiting in the entity, oldest first, but ``for_user``'s
    own (someone else resolves them)."""
    requests = AccountRequest.objects.filter(entity_id=entity_id, resolved_at__isnull=True)
    if for_user is not None:
        requests = requests.exclude(user=for_user)
    return list(requests.select_related("user").order_by("created_at"))


def account_requests_for_administrator() -> list[AccountRequest]:
    """Open requests that no one in the entity can resolve: the requester is its only active
    planner. The system administrator sees them on the entities page."""
    other_planners = Membership.objects.filter(
        entity_id=OuterRef("entity_id"), role=Role.PLANNER, user__is_active=True
    ).exclude(user_id=OuterRef("user_id"))
    return list(
        AccountRequest.objects.filter(resolved_at__isnull=True, user__membership__role=Role.PLANNER)
        .exclude(Exists(other_planners))
        .select_related("user", "entity")
        .order_by("created_at")
    )


def members_with_state(entity_id: int) -> list[Membership]:
    """The entity's members, each with ``state`` (organization.invitations.InvitationState)."""
    rows = list(
        Membership.objects.filter(entity_id=entity_id)
        .select_related("user")
        .prefetch_related("units")
        .order_by("-user__is_active", "user__first_name", "user__username")
    )
    now = timezone.now()
    for member in rows:
        member.state = invitations.invitation_state(member.user, now)
    return rows
