"""This app's rows of the permission table (planaccion/tests/permission_table.py) and the
objects they name, made for Cartago and again for the other entity."""

from __future__ import annotations

import datetime

from planaccion.tests.permission_table import Row, public, who

# URL argument values that are one entity's objects: the test repeats them with the other's.
ENTITY_OBJECTS: set[str] = {"consultation", "consultation_comment"}

CONSULTATION = {"pk": "consultation"}
COMMENT = {"pk": "consultation_comment"}
PUBLIC = {"nit": "nit", "pk": "consultation"}

# Planeación, Control Interno and viewers read; a dependencia's reporter does not; the
# overseeing Gobernación reads; the other entity gets 404.
READ = who(200, reporter_a=403, reporter_b=403, other_planner=404)


def _planner_acts(status: int) -> dict[str, int]:
    return who(403, planner=status, superuser=status, other_planner=404)


ROWS: dict[str, Row] = {
    "consultation:list": Row(who(200, reporter_a=403, reporter_b=403), who(405)),
    "consultation:create": Row(
        who(403, planner=200, other_planner=200, overseer=200),
        who(403, planner=200, other_planner=200, overseer=200),
    ),
    "consultation:detail": Row(READ, who(405), CONSULTATION),
    # Closing is done (302); sending the answers is refused with a message (302) before approval.
    "consultation:close": Row(None, _planner_acts(302), CONSULTATION),
    "consultation:mail_answers": Row(None, _planner_acts(302), CONSULTATION),
    "consultation:matrix_file": Row(READ, who(405), {**CONSULTATION, "fmt": "xlsx"}),
    # An empty answer is shown again with its errors (200).
    "consultation:comment": Row(READ, _planner_acts(200), COMMENT),
    "consultation:hide": Row(None, _planner_acts(302), COMMENT),
    "consultation:unhide": Row(None, _planner_acts(302), COMMENT),
    # -- public: the consultation of any entity; the form answers an empty POST with errors.
    "consultation:public_list": Row(public(), public(405), {"nit": "nit"}, foreign=public()),
    "consultation:public_detail": Row(public(), public(405), PUBLIC, foreign=public()),
    "consultation:public_comment": Row(public(), public(), PUBLIC, foreign=public()),
    # The plan consulted is still a draft: its matrix is not public yet.
    "consultation:public_matrix": Row(public(404), public(405), PUBLIC, foreign=public(404)),
    "consultation:public_matrix_file": Row(
        public(404), public(405), {**PUBLIC, "fmt": "csv"}, foreign=public(404)
    ),
}


def objects(entity, *, planner, plan, draft, unit) -> dict[str, int | str]:
    """This app's objects of ``entity``, by the names ROWS' kwargs use. ``plan`` is the
    published seed plan, ``draft`` its version 2 in draft, ``unit`` a dependencia."""
    from django.utils import timezone

    from consultation import services
    from participation.services import install_default_value_groups
    from plans.services.editing import create_plan

    today = timezone.localdate()
    groups = install_default_value_groups(entity, by=planner)
    # A plan of its own: a consulted plan cannot be deleted, and the table checks deleting
    # ``draft``.
    consulted = create_plan(
        entity, by=planner, plan_type=plan.plan_type, year=plan.year, title="Plan en consulta"
    )
    consultation = services.open_consultation(
        consulted,
        by=planner,
        opens_on=today - datetime.timedelta(days=2),
        closes_on=today + datetime.timedelta(days=20),
    )
    comment = services.submit_comment(
        consultation,
        services.CommentData(
            email="ciudadana@example.com",
            value_group=groups[0],
            text="Una observación.",
            consent=True,
        ),
        fingerprint=f"permisos-{entity.pk}",
    )
    return {"consultation": consultation.pk, "consultation_comment": comment.pk}
