"""The compliance view's rows of the permission table (planaccion/tests/permission_table.py):
the system administrator and the department's oversight office read it and its exports; anyone
else is refused, whatever their role in their own entity. No URL names an entity's object."""

from __future__ import annotations

from planaccion.tests.permission_table import Row, who

ENTITY_OBJECTS: set[str] = set()

_READ = who(403, overseer=200, superuser=200)

ROWS: dict = {
    "followup:compliance": Row(_READ, who(405)),
    "followup:compliance_xlsx": Row(_READ, who(405)),
    "followup:compliance_csv": Row(_READ, who(405)),
}


def objects(entity, *, planner, plan, draft, unit) -> dict[str, int | str]:
    return {}
