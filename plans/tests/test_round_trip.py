"""An exported XLSX imports back to an identical plan."""

from decimal import Decimal

import pytest

from followup.models import Report
from formats.readers.base import reader_for
from formats.writers import render
from plans import selectors
from plans.models import PlanType
from plans.services import import_plan

SAME_PLAN_FIELDS = (
    "entidad_nombre",
    "entidad_nit",
    "tipo",
    "codigo_formato",
    "version_formato",
    "fecha_aprobacion_formato",
    "proceso",
    "subproceso",
    "objetivo",
    "alcance",
    "dependencia_responsable",
    "dependencias_participantes",
    "fecha_plan",
)
SAME_ACTIVITY_FIELDS = (
    "numero",
    "actividad",
    "tareas",
    "meses_programados",
    "productos_entregables",
    "indicador_formula",
    "indicador_meta",
    "indicador_resultado",
    "responsables",
    "responsables_texto",
    "seguimiento_i",
    "seguimiento_ii",
    "seguimiento_iii",
    "seguimiento_iv",
)


def round_trip(plan, fmt="xlsx", **options):
    record, activities = selectors.open_data(plan)
    data = render(fmt, record, activities)
    document = reader_for(f"plan.{fmt}").read(data, f"plan.{fmt}")
    copy = import_plan(document, entity=plan.entity, year=plan.year + 1, **options).plan
    return (record, activities), selectors.open_data(copy)


def assert_identical(original, copy):
    (plan, activities), (plan_2, activities_2) = original, copy
    assert {k: plan[k] for k in SAME_PLAN_FIELDS} == {k: plan_2[k] for k in SAME_PLAN_FIELDS}
    assert len(activities) == len(activities_2)
    for before, after in zip(activities, activities_2, strict=True):
        assert {k: before[k] for k in SAME_ACTIVITY_FIELDS} == {
            k: after[k] for k in SAME_ACTIVITY_FIELDS
        }


@pytest.mark.parametrize("fmt", ["xlsx", "csv", "json"])
def test_the_seed_plan_survives_a_round_trip(seed_plan, fmt):
    assert_identical(*round_trip(seed_plan, fmt))


@pytest.mark.parametrize("fmt", ["xlsx", "csv", "json"])
def test_a_plan_with_every_field_filled_survives_a_round_trip(seed_plan, cartago, fmt):
    hacienda = cartago.units.get(name="Secretaría de Hacienda")
    for activity in seed_plan.activities.all():
        activity.months = sorted({activity.number % 12 + 1, (activity.number * 5) % 12 + 1})
        activity.indicator_target = Decimal(activity.number) + Decimal("0.5")
        activity.indicator_result = f"{activity.number} informes"
        activity.responsible_text += "; Secretaría de Hacienda"
        activity.save()
        activity.responsible_units.add(hacienda)
        activity.tasks.create(position=2, description="=SUMA(A1:A2) no es una fórmula")
        Report.objects.create(activity=activity, period=2, result_text=f"{activity.number} de 4")
    original, copy = round_trip(seed_plan, fmt, plan_type=PlanType.objects.get(code="pinar"))
    copy[0]["tipo"] = original[0]["tipo"]
    assert_identical(original, copy)
    assert copy[1][0]["tareas"][1] == "=SUMA(A1:A2) no es una fórmula"
