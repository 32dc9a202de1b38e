"""This app's rows of the permission table (planaccion/tests/permission_table.py) and the
objects they name, made for Cartago and again for the other entity."""

from __future__ import annotations

from planaccion.tests.permission_table import Row  # noqa: F401

# URL argument values that are one entity's objects: the test repeats them with the other's.
ENTITY_OBJECTS: set[str] = set()

ROWS: dict = {}


def objects(entity, *, planner, plan, draft, unit) -> dict[str, int | str]:
    """This app's objects of ``entity``, by the names ROWS' kwargs use."""
    return {}
