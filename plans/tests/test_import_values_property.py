"""Whatever values an import accepts, every page, export and API read of the plan answers
(Hypothesis over the project's own open-data JSON, the import path that carries every field)."""

import datetime
import json

import pytest
from django.db import transaction
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from conftest import acta, sign_in
from followup import publishing
from followup.importing import import_plan
from formats.document import ImportFileError
from formats.readers.base import reader_for
from plans.models import Activity, Plan, PlanType
from plans.services import workflow

NUMBERS = st.one_of(
    st.none(),
    st.sampled_from(["", "0", "-10", "250", "1e20", "NaN", "Infinity", "0.001", "12,5", "abc"]),
    st.decimals(allow_nan=False, allow_infinity=False).map(str),
    st.integers(min_value=-(10**15), max_value=10**15).map(str),
)
PLAUSIBLE = st.dates(datetime.date(1998, 1, 1), datetime.date(2028, 12, 31))
DATES = st.one_of(
    st.none(),
    st.sampled_from(["1900-01-01", "2999-12-31", "2025-02-30", "2025-10-29", "hoy"]),
    PLAUSIBLE.map(lambda d: d.isoformat()),
    PLAUSIBLE.map(lambda d: d.isoformat()),
)
VALID_MONTHS = st.lists(st.integers(min_value=1, max_value=12), max_size=12, unique=True)
MONTHS = st.one_of(
    VALID_MONTHS, VALID_MONTHS, VALID_MONTHS, st.lists(st.integers(-3, 20), max_size=4)
)


@st.composite
def open_data(draw):
    activities = [
        {
            "numero": number,
            "actividad": draw(st.text(min_size=1, max_size=40).filter(str.strip)),
            "tareas": ["Preparar"],
            "meses_programados": draw(MONTHS),
            "productos_entregables": "Informe",
            "indicador_formula": "Informes entregados",
            "indicador_meta": draw(NUMBERS),
            "indicador_resultado": draw(st.text(max_size=20)),
            "responsables": [],
            "responsables_texto": "Secretaría de Hacienda",
            "seguimiento_i": draw(st.one_of(st.none(), st.text(max_size=30))),
        }
        for number in range(1, draw(st.integers(min_value=1, max_value=3)) + 1)
    ]
    plan = {
        "entidad_nombre": "Alcaldía de Cartago",
        "entidad_nit": "891900493-2",
        "vigencia": 2025,
        "tipo": "Plan de Acción de Participación Ciudadana",
        "objetivo": "Participación",
        "fecha_plan": draw(DATES),
        "fecha_aprobacion_formato": draw(DATES),
    }
    return json.dumps({"plan": plan, "actividades": activities}).replace("\\u0000", "")


def _pages(plan: Plan) -> list[str]:
    return [
        f"/planes/{plan.pk}/",
        f"/planes/{plan.pk}/editar/",
        f"/planes/{plan.pk}/revision/",
        f"/planes/{plan.pk}/plan.xlsx",
        f"/planes/{plan.pk}/datos.json",
        f"/planes/{plan.pk}/datos.csv",
        f"/planes/{plan.pk}/cronograma/",
        f"/planes/{plan.pk}/historial/",
        f"/seguimiento/tablero/{plan.pk}/",
    ]


@settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(content=open_data())
@pytest.mark.django_db
def test_any_open_data_an_import_accepts_leaves_every_page_and_export_answering(
    client, cartago, planner, approver, content
):
    sign_in(client, planner)
    with transaction.atomic():
        try:
            document = reader_for("plan.json").read(content.encode(), "plan.json")
            plan_type = PlanType.objects.get(code="participacion-ciudadana")
            plan = import_plan(
                document, entity=cartago, year=2025, plan_type=plan_type, by=planner
            ).plan
        except ImportFileError:
            event("refused by the import")
            transaction.set_rollback(True)
            return
        event("accepted by the import")
        for activity in Activity.objects.filter(plan=plan):
            target = activity.indicator_target
            assert target is None or abs(target) < 10**12, "a target beyond its column"
            assert set(activity.months) <= set(range(1, 13))
        assert plan.plan_date is None or 2000 <= plan.plan_date.year <= 2026
        for path in _pages(plan):
            assert client.get(path).status_code == 200, path
        # And once published, the public pages and the API too.
        Activity.objects.filter(plan=plan, months=[]).update(months=[3])
        Activity.objects.filter(plan=plan, indicator_target=None).update(indicator_target=1)
        Plan.objects.filter(pk=plan.pk).update(plan_date=None, doc_approval_date=None)
        plan.refresh_from_db()
        workflow.submit_for_review(plan, by=planner)
        workflow.approve_plan(plan, by=approver, **acta(plan))
        publishing.publish_plan(plan, by=planner)
        nit = cartago.nit
        for path in [
            f"/entidades/{nit}/planes/{plan.pk}/",
            f"/entidades/{nit}/planes/{plan.pk}/plan.json",
            f"/api/v1/planes/{plan.pk}",
            f"/api/v1/planes/{plan.pk}/actividades",
            f"/api/v1/planes/{plan.pk}/avance",
        ]:
            assert client.get(path).status_code == 200, path
        transaction.set_rollback(True)
