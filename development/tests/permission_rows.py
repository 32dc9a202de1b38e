"""This app's rows of the permission table (planaccion/tests/permission_table.py) and the
objects they name, made for Cartago and again for the other entity.

Empty POST bodies: a form answers 422; a delete refused because a meta serves activities, a
move and a link form without data go back to the page with the reason (302)."""

from __future__ import annotations

from planaccion.tests.permission_table import Row, members_read, planner_only, public, who

# URL argument values that are one entity's objects: the test repeats them with the other's.
ENTITY_OBJECTS: set[str] = {"dev_plan", "dev_line", "dev_program", "dev_goal", "dev_outcome"}

PLAN = {"pk": "dev_plan"}
LINE = {"pk": "dev_line"}
PROGRAM = {"pk": "dev_program"}
GOAL = {"pk": "dev_goal"}
CREATORS = {"planner": 200, "other_planner": 200, "overseer": 200}

ROWS: dict[str, Row] = {
    # -- internal: the entity's Plan de Desarrollo (no entity: no dashboard) -----------------
    "development:dashboard": Row(who(200, superuser=403), who(405)),
    "development:create": Row(who(403, **CREATORS), who(403, **{name: 422 for name in CREATORS})),
    "development:detail": Row(members_read(), None, PLAN),
    "development:edit_plan": Row(planner_only(200), planner_only(422), PLAN),
    "development:import": Row(planner_only(200), planner_only(422), PLAN),
    # A token that is not the planner's own pending upload: 404.
    "development:import_preview": Row(
        None, planner_only(404), {"pk": "dev_plan", "token": "bad_token"}
    ),
    "development:line_add": Row(planner_only(200), planner_only(422), PLAN),
    "development:line_edit": Row(planner_only(200), planner_only(422), LINE),
    "development:line_delete": Row(None, planner_only(302), LINE),
    "development:line_move": Row(None, planner_only(302), LINE),
    "development:program_add": Row(planner_only(200), planner_only(422), LINE),
    "development:program_edit": Row(planner_only(200), planner_only(422), PROGRAM),
    "development:program_delete": Row(None, planner_only(302), PROGRAM),
    "development:program_move": Row(None, planner_only(302), PROGRAM),
    "development:goal_add": Row(planner_only(200), planner_only(422), PROGRAM),
    "development:goal_edit": Row(planner_only(200), planner_only(422), GOAL),
    "development:goal_delete": Row(None, planner_only(302), GOAL),
    "development:goal_move": Row(None, planner_only(302), GOAL),
    "development:goal_measure": Row(planner_only(200), planner_only(422), {"pk": "dev_outcome"}),
    # The links of a plan de acción's activities: read by whoever reads the plan.
    "development:plan_goals": Row(members_read(), planner_only(302), {"plan_pk": "plan"}),
    # -- public: the Plan de Desarrollo's progress from published plans ----------------------
    "development:public": Row(public(), public(405), {"nit": "nit"}, foreign=public()),
}


def objects(entity, *, planner, plan, draft, unit) -> dict[str, int | str]:
    """This app's objects of ``entity``: a Plan de Desarrollo whose cuatrienio starts with the
    published plan's vigencia, a línea, a programa, a meta de producto that activity 1 of
    ``plan`` serves, and a meta de resultado."""
    from development import services
    from development.models import Goal

    dev = services.create_plan(
        entity, by=planner, name="Plan de Desarrollo", start_year=plan.year, adopting_act="A 1"
    )
    line = services.save_line(dev, by=planner, code="1", name="Línea")
    program = services.save_program(line, by=planner, code="4501", name="Programa")
    goal = services.save_goal(
        program, by=planner, kind=Goal.Kind.OUTPUT, code="MP1", description="Meta de producto"
    )
    outcome = services.save_goal(
        program, by=planner, kind=Goal.Kind.OUTCOME, code="MR1", description="Meta de resultado"
    )
    services.link(plan.activities.order_by("number").first(), goal, by=planner)
    return {
        "dev_plan": dev.pk,
        "dev_line": line.pk,
        "dev_program": program.pk,
        "dev_goal": goal.pk,
        "dev_outcome": outcome.pk,
    }
