"""This app's rows of the permission table (planaccion/tests/permission_table.py) and the
objects they name, made for Cartago and again for the other entity: the MIPG catalogue and the
roll-up by policy (issue 22, point 2)."""

from __future__ import annotations

from planaccion.tests.permission_table import Row, who

# URL argument values that are one entity's objects: the test repeats them with the other's.
ENTITY_OBJECTS: set[str] = set()

# The roll-up and its exports: the user's own entity (an overseer's own is the Gobernación;
# with ?entidad= an overseen one); the administrator, who has no entity, asks with ?entidad=.
ROLLUP = Row(who(200, superuser=403), who(405))

ROWS: dict = {
    # The catalogue: everyone with an entity reads it; only the administrator writes (an
    # empty form answers 422).
    "plans:mipg": Row(who(200), who(403, superuser=422)),
    "followup:mipg": ROLLUP,
    "followup:mipg_xlsx": ROLLUP,
    "followup:mipg_csv": ROLLUP,
}


def objects(entity, *, planner, plan, draft, unit) -> dict[str, int | str]:
    """This app's objects of ``entity``, by the names ROWS' kwargs use."""
    return {}
