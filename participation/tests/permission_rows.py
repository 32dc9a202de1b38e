"""This app's rows of the permission table (planaccion/tests/permission_table.py) and the
objects they name, made for Cartago and again for the other entity."""

from __future__ import annotations

from planaccion.tests.permission_table import Row, public, who

# URL argument values that are one entity's objects: the test repeats them with the other's.
ENTITY_OBJECTS: set[str] = {"value_group"}

GROUP = {"pk": "value_group"}
# Every page works on the user's own entity: the administrator, who has none, is refused.
OWN_PLANNERS = {"planner": 200, "other_planner": 200, "overseer": 200}
# A grupo de valor is looked up in the user's entity first: another entity's is a 404 for
# everyone, then only Planeación changes it.
FOREIGN_GROUP = who(404, superuser=403)


def _planner_of_group(status: int) -> dict[str, int]:
    return who(403, planner=status, other_planner=404, overseer=404)


ROWS: dict[str, Row] = {
    # The section's start page: everyone of an entity.
    "participation:hub": Row(who(200, superuser=403), who(405)),
    # Everyone of the entity reads the register; Planeación changes it.
    "participation:value_groups": Row(who(200, superuser=403), who(405)),
    "participation:value_groups_install": Row(
        None, who(403, planner=302, other_planner=302, overseer=302)
    ),
    "participation:value_group_create": Row(who(403, **OWN_PLANNERS), who(403, **OWN_PLANNERS)),
    "participation:value_group_edit": Row(
        _planner_of_group(200), _planner_of_group(200), GROUP, foreign=FOREIGN_GROUP
    ),
    "participation:value_group_deactivate": Row(
        None, _planner_of_group(302), GROUP, foreign=FOREIGN_GROUP
    ),
    "participation:value_group_reactivate": Row(
        None, _planner_of_group(302), GROUP, foreign=FOREIGN_GROUP
    ),
    "participation:value_group_move": Row(
        None, _planner_of_group(302), GROUP, foreign=FOREIGN_GROUP
    ),
    "participation:value_group_characterisation": Row(
        who(200, other_planner=404, overseer=404, superuser=403),
        _planner_of_group(200),
        GROUP,
        foreign=FOREIGN_GROUP,
    ),
    "participation:value_group_characterisation_import": Row(
        None, _planner_of_group(200), GROUP, foreign=FOREIGN_GROUP
    ),
    # A titular's personal data (Ley 1581): only Planeación of the entity, by e-mail.
    "participation:personal_data": Row(who(403, **OWN_PLANNERS), who(403, **OWN_PLANNERS)),
    "participation:personal_data_export": Row(None, who(403, **OWN_PLANNERS)),
    "participation:personal_data_erase": Row(None, who(403, **OWN_PLANNERS)),
    # Public: the register with its aggregates, and the privacy notice.
    "participation:public_value_groups": Row(
        public(), public(405), {"nit": "nit"}, foreign=public()
    ),
    "participation:privacy_notice": Row(public(), public(405), {"nit": "nit"}, foreign=public()),
}


def objects(entity, *, planner, plan, draft, unit) -> dict[str, int | str]:
    """This app's objects of ``entity``, by the names ROWS' kwargs use. ``plan`` is the
    published seed plan, ``draft`` its version 2 in draft, ``unit`` a dependencia."""
    from participation.services import create_value_group

    return {"value_group": create_value_group(entity, "Jóvenes", by=planner).pk}
