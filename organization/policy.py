"""Who may see and do what. Views, services and the API ask here; nothing else decides access.

Objects outside a user's entity answer 404, as if they did not exist, so ids of other entities
reveal nothing.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from core.params import whole_number
from organization.models import Entity, Membership, Role


def membership(user) -> Membership | None:
    """The user's membership, fetched once per request object."""
    if not user.is_authenticated:
        return None
    if not hasattr(user, "_membership_cache"):
        user._membership_cache = (
            Membership.objects.select_related("entity").filter(user=user).first()
        )
    return user._membership_cache


def overseen_entity_ids(user) -> frozenset[int]:
    """Entities a department's planning office consults read-only, besides its own."""
    member = membership(user)
    if member is None:
        return frozenset()
    if not hasattr(member, "_overseen_ids"):
        member._overseen_ids = frozenset(member.oversees.values_list("pk", flat=True))
    return member._overseen_ids


def visible_entity_ids(user) -> frozenset[int]:
    """The entities whose data the user may read (superusers: all, not listed here)."""
    member = membership(user)
    if member is None:
        return frozenset()
    return overseen_entity_ids(user) | {member.entity_id}


def scope_to_user(
    queryset: QuerySet, user, *, entity_field: str = "entity", overseen_only: Q | None = None
) -> QuerySet:
    """Limit a queryset of entity-owned objects to what the user may see: their entity and any
    entity they oversee, of which only the objects ``overseen_only`` selects when given (a list
    of plans shows an overseen entity's published ones). Changing anything also needs a role in
    the object's own entity."""
    if user.is_superuser:
        return queryset
    member = membership(user)
    if member is None:
        return queryset.none()
    overseen = overseen_entity_ids(user)
    own = Q(**{f"{entity_field}_id": member.entity_id})
    if not overseen:
        return queryset.filter(own)
    theirs = Q(**{f"{entity_field}_id__in": overseen})
    if overseen_only is not None:
        theirs &= overseen_only
    return queryset.filter(own | theirs)


def get_visible_or_404(queryset: QuerySet, user, *, entity_field: str = "entity", **lookup):
    obj = scope_to_user(queryset, user, entity_field=entity_field).filter(**lookup).first()
    if obj is None:
        raise Http404("No existe o no tiene acceso a este objeto.")
    return obj


def dashboard_entity(user, requested: str) -> Entity:
    """The entity a dashboard shows: the one ``requested`` (its id, as a query parameter) if
    the user's entity oversees it or the user is the system administrator (404 otherwise, as
    if it did not exist), else the user's own (PermissionDenied when they have none)."""
    if requested:
        wanted = whole_number(requested)
        visible = wanted is not None and (user.is_superuser or wanted in visible_entity_ids(user))
        entity = Entity.objects.filter(pk=wanted).first() if visible else None
        if entity is None:
            raise Http404("No existe o no tiene acceso a esta entidad.")
        return entity
    member = membership(user)
    if member is None:
        raise PermissionDenied("No tiene una entidad asignada.")
    return member.entity


def role_label(user) -> str:
    if user.is_superuser:
        return "Administrador del sistema"
    member = membership(user)
    return Role(member.role).label if member else "Sin entidad asignada"


def is_planner(user, entity_id: int) -> bool:
    """Planeación of the entity (or a superuser): formulates and edits its plans."""
    if user.is_superuser:
        return True
    member = membership(user)
    return bool(member and member.entity_id == entity_id and member.role == Role.PLANNER)


def may_manage_person(user, member: Membership) -> bool:
    """Corrects the person's e-mail and names and invites them again: Planeación of the
    person's entity, or the system administrator (for anyone, the planners of every entity
    included)."""
    return bool(user.is_superuser or is_planner(user, member.entity_id))


def can_approve(user, entity_id: int) -> bool:
    """Signs for the Comité: the approval permission an administrator grants."""
    if user.is_superuser:
        return True
    member = membership(user)
    return bool(member and member.entity_id == entity_id and member.can_approve)


def is_auditor(user, entity_id: int) -> bool:
    """Control Interno of the entity: verifies validated follow-up. Never a superuser, and never
    anyone else: verifying is kept apart from reporting and validating (separation of duties)."""
    member = membership(user)
    return bool(member and member.entity_id == entity_id and member.role == Role.AUDITOR)


def may_verify(user, report) -> bool:
    """Whether the user verifies this report: Control Interno of the report's entity."""
    return is_auditor(user, report.activity.plan.entity_id)


def may_report(user, activity) -> bool:
    """Reporters answer for their dependencias' activities; Planeación for whole-entity ones."""
    member = membership(user)
    if member is None or member.entity_id != activity.plan.entity_id:
        return False
    units = set(activity.responsible_units.values_list("pk", "is_whole_entity"))
    if member.role == Role.REPORTER:
        mine = set(member.units.values_list("pk", flat=True))
        return any(pk in mine for pk, _whole in units)
    return member.role == Role.PLANNER and any(whole for _pk, whole in units)


def reportable(user, activities: QuerySet) -> QuerySet:
    """The activities among ``activities`` that the user reports (may_report, as a query)."""
    member = membership(user)
    if member is None:
        return activities.none()
    mine = activities.filter(plan__entity_id=member.entity_id)
    if member.role == Role.REPORTER:
        return mine.filter(responsible_units__members=member).distinct()
    if member.role == Role.PLANNER:
        return mine.filter(responsible_units__is_whole_entity=True).distinct()
    return activities.none()


def can_view_report(user, report) -> bool:
    """Planeación, Control Interno and viewers of the entity, the activity's reporters, and a
    department's planning office that oversees the entity."""
    if user.is_superuser:
        return True
    member = membership(user)
    entity_id = report.activity.plan.entity_id
    if member is None:
        return False
    if member.entity_id != entity_id:
        return entity_id in overseen_entity_ids(user)
    return member.role != Role.REPORTER or may_report(user, report.activity)


def two_factor_required(user) -> bool:
    """Superusers always; Planeación when its entity asks for it."""
    if user.is_superuser:
        return True
    member = membership(user)
    return bool(member and member.role == Role.PLANNER and member.entity.require_two_factor)
