"""People management's rows of the permission table (issue 23): invitation sent again, e-mail
and name corrected, the administrator's view of an entity's people, requests from «Mi cuenta»
and their resolution.

Empty POST bodies: the correction form comes back with its errors (200); sending the invitation
again goes back to the people list (302), with the reason when it was refused; a resolution
without a decision comes back (200)."""

from __future__ import annotations

from planaccion.tests.permission_table import Row, who

ENTITY_OBJECTS: set[str] = {"invited_membership", "people_entity", "account_request"}

INVITED = {"pk": "invited_membership"}
# Planeación of the person's entity and the administrator act; others of Cartago are refused;
# the other entity's planner and the overseer (a planner elsewhere) find nothing.
MANAGERS = {"other_planner": 404, "overseer": 404}


def _managers(status: int) -> dict[str, int]:
    return who(403, planner=status, superuser=status, **MANAGERS)


def _foreign(status: int) -> dict[str, int]:
    return who(403, planner=404, overseer=404, superuser=status)


ROWS: dict[str, Row] = {
    "organization:member_resend": Row(None, _managers(302), INVITED, foreign=_foreign(302)),
    "organization:member_correct": Row(
        _managers(200), _managers(200), INVITED, foreign=_foreign(200)
    ),
    "organization:request_resolve": Row(
        _managers(200), _managers(200), {"pk": "account_request"}, foreign=_foreign(200)
    ),
    # The administrator's way into any entity's people.
    "organization:entity_members": Row(
        who(403, superuser=200),
        who(405),
        {"pk": "people_entity"},
        foreign=who(403, superuser=200),
    ),
    # Whoever belongs to an entity asks its Planeación; the administrator belongs to none.
    "accounts:request_change": Row(who(200, superuser=403), who(200, superuser=403)),
}


def objects(entity, *, planner, plan, draft, unit) -> dict[str, int | str]:
    """A member invited who has not chosen a password, and an open request of another member."""
    from organization import services

    invited = services.invite_member(
        entity,
        username=f"invitada-{entity.pk}",
        email=f"invitada-{entity.pk}@example.invalid",
        role="viewer",
        first_name="Invitada",
        by=planner,
    )
    asking = services.create_member(
        entity,
        username=f"solicita-{entity.pk}",
        password="x" * 12,
        role="viewer",
        email=f"solicita-{entity.pk}@example.invalid",
    )
    account_request = services.request_account_change(
        asking, email=f"nuevo-{entity.pk}@example.invalid", note="Mi nombre lleva tilde."
    )
    return {
        "invited_membership": invited.membership.pk,
        "people_entity": entity.pk,
        "account_request": account_request.pk,
    }
