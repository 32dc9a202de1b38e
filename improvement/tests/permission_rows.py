"""This app's rows of the permission table (planaccion/tests/permission_table.py) and the
objects they name, made for Cartago and again for the other entity.

Control Interno records, edits, closes and reopens findings (never the administrator: verifying
stays apart from formulating); Planeación adds the improvement actions; everyone in the entity,
its overseer and the administrator read. Empty POST bodies: a form answers 422; closing and
reopening go back to the finding's page with the reason (302)."""

from __future__ import annotations

from planaccion.tests.permission_table import Row, members_read, planner_only, who

# URL argument values that are one entity's objects: the test repeats them with the other's.
ENTITY_OBJECTS: set[str] = {"finding"}

FINDING = {"pk": "finding"}


def auditor_only(status: int) -> dict[str, int]:
    return who(403, auditor=status, other_planner=404)


ROWS: dict[str, Row] = {
    "improvement:list": Row(who(200, superuser=403), None),
    "improvement:create": Row(who(403, auditor=200), who(403, auditor=422)),
    "improvement:detail": Row(members_read(), None, FINDING),
    "improvement:edit": Row(auditor_only(200), auditor_only(422), FINDING),
    "improvement:action_add": Row(planner_only(200), planner_only(422), FINDING),
    "improvement:close": Row(None, auditor_only(302), FINDING),
    "improvement:reopen": Row(None, auditor_only(302), FINDING),
}


def objects(entity, *, planner, plan, draft, unit) -> dict[str, int | str]:
    """This app's objects of ``entity``, by the names ROWS' kwargs use: an open finding of the
    dependencia ``unit`` (made directly: the other entity has no Control Interno)."""
    import datetime

    from improvement.models import Finding

    finding = Finding.objects.create(
        entity=entity,
        code="H-1",
        title="Evidencias incompletas",
        condition="Los reportes no adjuntan evidencia.",
        cause="Falta de un procedimiento.",
        effect="El avance no se puede verificar.",
        source=Finding.Source.VERIFICATION,
        unit=unit,
        found_on=datetime.date(plan.year, 3, 1),
    )
    return {"finding": finding.pk}
