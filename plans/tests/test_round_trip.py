"""An exported XLSX imports back to an identical plan."""

import json
from decimal import Decimal

import pytest

from followup import document as plan_document
from followup.importing import import_plan
from followup.models import Report
from formats.readers.base import reader_for
from formats.writers import render
from plans.models import PlanType

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
    record, activities = plan_document.open_data(plan)
    data = render(fmt, record, activities)
    document = reader_for(f"plan.{fmt}").read(data, f"plan.{fmt}")
    copy = import_plan(document, entity=plan.entity, year=plan.year + 1, **options).plan
    return (record, activities), plan_document.open_data(copy)


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


def _exported_workbook(plan):
    import io

    import openpyxl

    data = render("xlsx", *plan_document.open_data(plan, internal=True))
    return openpyxl.load_workbook(io.BytesIO(data))


def _saved(book) -> bytes:
    import io

    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_an_edit_on_the_official_sheet_wins_and_keeps_what_only_datos_carries(seed_plan):
    first = seed_plan.activities.order_by("position").first()
    first.weight, first.indicator_unit, first.observations = Decimal("3.5"), "informes", "Ojo"
    first.save()
    book = _exported_workbook(seed_plan)
    assert book["Datos"].sheet_state == "hidden"
    sheet = book["Plan de acción"]
    row = next(r for r in sheet.iter_rows() if r[0].value == first.number)
    row[1].value = "Descripción corregida en Excel"
    data = _saved(book)
    document = reader_for("plan.xlsx").read(data, "plan.xlsx")
    row = next(r for r in document.rows if r.number == first.number)
    assert row.description == "Descripción corregida en Excel"
    assert (row.weight, row.indicator_unit, row.observations) == (Decimal("3.5"), "informes", "Ojo")
    assert any(
        "difiere de la hoja del formato en: actividad 1 (actividad)" in note
        for note in document.notes
    )
    others = [r for r in document.rows if r.number != first.number]
    assert all(r.location.sheet == "Plan de acción" for r in others)
    assert document.year == seed_plan.year


def test_an_untouched_export_is_read_from_datos_whole(seed_plan):
    document = reader_for("plan.xlsx").read(_saved(_exported_workbook(seed_plan)), "plan.xlsx")
    assert document.notes == ["Leído de la hoja «Datos» del Excel exportado por planaccion."]
    assert document.plan_type_code == seed_plan.plan_type.code


def test_a_damaged_datos_sheet_is_refused_naming_its_row(seed_plan):
    from formats.document import ImportFileError

    book = _exported_workbook(seed_plan)
    book["Datos"].cell(4, 2).value = "{no es JSON"
    with pytest.raises(ImportFileError) as refused:
        reader_for("plan.xlsx").read(_saved(book), "plan.xlsx")
    assert str(refused.value).startswith("plan.xlsx, hoja «Datos», fila 4:")
    assert "bórrela para importar solo la hoja del formato" in str(refused.value)


def test_unvalidated_follow_up_is_exported_to_the_entity_not_to_the_public(
    client, planner, published_plan
):
    activity = published_plan.activities.get(number=1)
    Report.objects.create(activity=activity, period=1, status="borrador", value=3)
    _plan, public = plan_document.open_data(published_plan)
    _plan, internal = plan_document.open_data(published_plan, internal=True)
    assert (public[0]["estado_seguimiento_i"], public[0]["valor_i"]) == (None, None)
    assert (internal[0]["estado_seguimiento_i"], internal[0]["valor_i"]) == ("borrador", 3)
    client.force_login(planner)
    assert (
        b'"estado_seguimiento_i": "borrador"'
        in client.get(f"/planes/{published_plan.pk}/datos.json").content
    )
    portal = client.get(
        f"/entidades/{published_plan.entity.nit}/planes/{published_plan.pk}/plan.json"
    )
    assert portal.status_code == 200
    served = json.loads(b"".join(portal.streaming_content))
    assert served["actividades"][0]["estado_seguimiento_i"] is None
