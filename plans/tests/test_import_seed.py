"""Importing the seed document (format MESG-AS-F17 of the Alcaldía de Cartago)."""

import datetime

import pytest
from django.utils import timezone

from audit.models import AuditEntry
from followup.importing import import_plan
from followup.models import Report
from organization.models import Entity, Unit
from plans.models import Activity, Plan, Task


def seed_table_cells(seed_bytes: bytes) -> list[list[str]]:
    """The activity rows of the seed, split naively on tabs: an oracle independent of the reader."""
    lines = seed_bytes.decode("utf-8").split("\n")
    return [line.split("\t") for line in lines if line[:1].isdigit() and line.count("\t") == 22]


def test_it_imports_exactly_the_nine_activities_with_the_seed_texts(seed_plan, seed_bytes):
    cells = seed_table_cells(seed_bytes)
    activities = list(seed_plan.activities.order_by("position"))
    assert len(cells) == 9
    assert len(activities) == 9
    for activity, row in zip(activities, cells, strict=True):
        assert activity.number == int(row[0])
        assert activity.description == row[1].strip()
        assert [t.description for t in activity.tasks.all()] == [row[2].strip()]
        assert activity.months == [month for month in range(1, 13) if row[2 + month].strip()]
        assert activity.deliverables == row[15].strip()
        assert activity.indicator_formula == row[16].strip()
        assert activity.indicator_result == row[17].strip()
        assert activity.responsible_text == row[18].strip()


def test_it_parses_the_header_and_document_control_into_typed_values(seed_plan):
    plan = Plan.objects.get(pk=seed_plan.pk)
    assert plan.process == "GESTION PLANEACION"
    assert plan.subprocess == "PLANEACION INSTITUCIONAL"
    assert plan.objective.startswith("Establecer las acciones para el fortalecimiento")
    assert plan.scope.endswith("Alcaldía Municipal de Cartago - Valle del Cauca")
    assert plan.plan_date == datetime.date(2024, 10, 29)
    assert plan.doc_code == "MESG-AS-F17"
    assert plan.doc_version == 2
    assert plan.doc_approval_date == datetime.date(2024, 3, 6)
    assert plan.plan_type.code == "participacion-ciudadana"
    assert plan.status == Plan.Status.DRAFT


def test_the_plan_dated_in_october_is_for_the_next_vigencia(seed_plan):
    assert seed_plan.year == 2025
    assert seed_plan.title == "Plan de Acción de Participación Ciudadana 2025"


def test_it_links_the_formulating_and_the_two_participating_dependencias(seed_plan):
    assert seed_plan.formulating_unit.name == (
        "Secretaría de Planeación, Medio Ambiente y Desarrollo Económico"
    )
    assert seed_plan.formulating_unit_text == (
        "Secretaría de Planeación, Medio Ambiente y Desarrollo Economico"
    )
    assert sorted(u.name for u in seed_plan.participating_units.all()) == [
        "Secretaría de Planeación, Medio Ambiente y Desarrollo Económico",
        "Secretaría de Servicios Administrativos",
    ]
    assert seed_plan.participating_units_text == [
        "Secretaría de Planeación, Medio Ambiente y Desarrollo Economico",
        "Secretaría de Servicios Administrativos",
    ]


def test_every_responsible_is_resolved_to_a_dependencia_of_the_entity(cartago, seed_document):
    result = import_plan(seed_document, entity=cartago)
    activities = Activity.objects.filter(plan=result.plan).prefetch_related("responsible_units")
    resolved = {a.number: [u.name for u in a.responsible_units.all()] for a in activities}
    assert resolved[3] == ["Secretaría de Servicios Administrativos"]  # "Sec. de Sevicios ..."
    assert resolved[7] == ["Administración Municipal"]
    assert all(names for names in resolved.values())
    assert all(u.entity_id == cartago.pk for a in activities for u in a.responsible_units.all())
    assert any(
        "«Sec. de Sevicios Administrativos» → Secretaría de Servicios" in line
        for line in result.resolutions
    )
    assert not any("no corresponde" in warning for warning in result.warnings)


def test_it_warns_about_what_a_planner_should_fix(cartago, seed_document):
    warnings = import_plan(seed_document, entity=cartago).warnings
    assert (
        "No tiene meses programados en el cronograma: actividades 1, 2, 3, 4, 5, 6, 7, 8, 9."
        in warnings
    )
    assert "No tiene meta del indicador: actividades 1, 2, 3, 4, 5, 6, 7, 8, 9." in warnings


def test_an_unknown_responsible_is_kept_as_written_and_reported(cartago, seed_document):
    seed_document.rows[0].responsible_text = "Secretaría de Asuntos Marcianos"
    result = import_plan(seed_document, entity=cartago)
    activity = result.plan.activities.get(number=1)
    assert activity.responsible_text == "Secretaría de Asuntos Marcianos"
    assert not activity.responsible_units.exists()
    assert any("«Secretaría de Asuntos Marcianos» no corresponde" in w for w in result.warnings)


def test_it_creates_the_entity_and_the_dependencias_the_document_names(plan_types, seed_document):
    result = import_plan(seed_document)
    entity = Entity.objects.get(nit="891900493-2")
    assert entity.name == "Alcaldía de Cartago"
    assert entity.website == "www.cartago.gov.co"
    assert entity.postal_code == "762021"
    assert "Calle 8 No 6 – 52" in entity.address
    names = set(Unit.objects.filter(entity=entity).values_list("name", flat=True))
    assert names == {
        "Secretaría de Planeación, Medio Ambiente y Desarrollo Economico",
        "Secretaría de Servicios Administrativos",
        "Administración Municipal",
    }
    assert any("Se creó la entidad «Alcaldía de Cartago»" in w for w in result.warnings)
    assert sum("Se creó la dependencia" in w for w in result.warnings) == 2
    assert any("toda la entidad" in w for w in result.warnings)
    assert all(a.responsible_units.exists() for a in result.plan.activities.all()), (
        "with the header's dependencias created, every responsible of the seed resolves"
    )


def test_every_created_object_has_an_audit_entry(seed_plan):
    entries = AuditEntry.objects.filter(plan_id=seed_plan.pk)
    assert entries.filter(action="plans.plan.imported", object_id=str(seed_plan.pk)).count() == 1
    created = entries.filter(action="plans.activity.created")
    assert created.count() == 9
    first = created.get(object_id=str(seed_plan.activities.get(number=1).pk))
    assert first.after["tasks"] == [
        "Aplicar el autodiagnóstico MIPG sobre implementación Política de Participación "
        "Ciudadana y Rendición de Cuentas"
    ]
    assert first.after["responsible_units"]
    assert first.before is None


def test_a_dry_run_reports_everything_and_saves_nothing(cartago, seed_document):
    counts = (Plan.objects.count(), Activity.objects.count(), AuditEntry.objects.count())
    result = import_plan(seed_document, entity=cartago, dry_run=True)
    assert result.dry_run and result.activities == 9 and result.warnings
    assert result.as_json()["plan_id"] is None
    assert (Plan.objects.count(), Activity.objects.count(), AuditEntry.objects.count()) == counts


def test_importing_the_same_plan_twice_is_refused_and_keeps_the_first(seed_plan, seed_document):
    from formats.document import ImportFileError

    with pytest.raises(ImportFileError, match="Ya existe el plan"):
        import_plan(seed_document, entity=seed_plan.entity)
    assert Plan.objects.count() == 1


def test_followup_cells_become_reports_of_their_period(cartago, seed_document):
    seed_document.rows[1].followup = {1: "Autodiagnóstico aplicado", 2: "50 %"}
    before = timezone.now()
    plan = import_plan(seed_document, entity=cartago).plan
    reports = Report.objects.filter(activity__plan=plan).order_by("period")
    assert [(r.activity.number, r.period, r.result_text) for r in reports] == [
        (2, 1, "Autodiagnóstico aplicado"),
        (2, 2, "50 %"),
    ]
    assert {r.status for r in reports} == {Report.Status.VALIDATED}, "what the format already holds"
    assert all(before <= r.created_at <= r.updated_at <= timezone.now() for r in reports)
    assert Task.objects.filter(activity__plan=plan).count() == 9
    # The follow-up is audited with the activity whose row brought it, not report by report.
    entry = AuditEntry.objects.get(
        action="plans.activity.created", object_id=str(reports[0].activity_id)
    )
    assert entry.after["followup"] == {"1": "Autodiagnóstico aplicado", "2": "50 %"}
    assert not AuditEntry.objects.filter(action="followup.report.created").exists()


def test_a_footer_website_that_is_no_address_is_left_out_with_a_warning(db, plan_types, seed_bytes):
    from followup.importing import import_plan
    from formats.readers.seed_text import SeedTextReader
    from organization.models import Entity

    text = seed_bytes.replace(b"www.cartago.gov.co", b"www.cartago gov co (sitio)")
    document = SeedTextReader().read(text, "plan.txt")
    result = import_plan(document)
    assert Entity.objects.get().website == ""
    assert any("no es una dirección web" in warning for warning in result.warnings)
