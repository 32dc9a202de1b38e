"""The demo plan's MIPG tags, as Planeación sets them while formulating: the plan carries
Participación Ciudadana en la Gestión Pública (its policy), and a few activities carry others
of their own, so that the roll-up by policy (/seguimiento/mipg/) shows more than one line."""

from plans.models import MipgPolicy
from plans.services.editing import ActivityData, update_activity, update_plan_header

PLAN = ["participacion-ciudadana"]
# Activity number → its own policies (the others take the plan's).
ACTIVITIES = {
    6: ["participacion-ciudadana", "servicio-ciudadano"],  # encuestas de satisfacción
    7: ["participacion-ciudadana", "transparencia"],  # diálogo y rendición de cuentas
    8: ["transparencia"],  # la sección «Transparencia y acceso a la información pública»
    9: ["control-interno"],  # planes de mejoramiento
}


def tag(plan, planner) -> None:
    policies = MipgPolicy.objects.in_bulk(field_name="code")
    update_plan_header(plan, by=planner, mipg_policies=[policies[c] for c in PLAN])
    for activity in plan.activities.filter(number__in=ACTIVITIES):
        data = ActivityData(
            **{name: getattr(activity, name) for name in ActivityData.SCALARS},
            tasks=list(activity.tasks.values_list("description", flat=True)),
            responsible_units=list(activity.responsible_units.all()),
            mipg_policies=[policies[code] for code in ACTIVITIES[activity.number]],
        )
        update_activity(activity, by=planner, data=data, expected_revision=activity.revision)
