"""This module's rows of the permission table (planaccion/tests/permission_table.py): the system
administrator's page to correct an entity's identification and the municipality options the
registration form reloads (issue 23, point 1)."""

from __future__ import annotations

from planaccion.tests.permission_table import Row, who

# The entity page is the administrator's for any entity: nobody else reaches it, whichever entity.
ENTITY_OBJECTS: set[str] = set()

ROWS: dict[str, Row] = {
    # An empty form answers 422 with its messages.
    "organization:entity_edit": Row(
        who(403, superuser=200), who(403, superuser=422), {"pk": "entity_pk"}
    ),
    # Public codes of the DANE, but only the registration form asks for them.
    "organization:divipola_municipalities": Row(who(200), who(405)),
}


def objects(entity, *, planner, plan, draft, unit) -> dict[str, int | str]:
    """This module's objects of ``entity``, by the names ROWS' kwargs use."""
    return {"entity_pk": entity.pk}
