"""A plan's date and its format's approval date fall between 1 January 2000 and 31 December of
the year after the vigencia: in the header forms, the services that write a header, and
imports (issue 16 §4)."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from conftest import SEED_PATH
from followup.importing import import_plan
from formats.document import ImportFileError
from formats.readers.seed_text import SeedTextReader
from plans.forms import NewPlanForm, PlanHeaderForm
from plans.models import Plan, PlanType
from plans.services import editing

TOO_EARLY = "Fecha del plan: el 01/01/1900 es anterior al 01/01/2000."


def header(**changes) -> dict:
    return {"title": "Plan de Participación 2025", "plan_date": "2024-10-29"} | changes


def test_the_header_form_refuses_a_plan_dated_1900_and_an_approval_in_2999(seed_plan):
    form = PlanHeaderForm(
        header(plan_date="1900-01-01", doc_approval_date="2999-01-01"),
        instance=seed_plan,
        entity_id=seed_plan.entity_id,
    )
    assert not form.is_valid()
    assert form.errors["plan_date"] == [TOO_EARLY]
    assert form.errors["doc_approval_date"] == [
        "Fecha de aprobación del formato: el 01/01/2999 es posterior al 31/12/2026 (la vigencia "
        "2025 y el año siguiente)."
    ]
    approved_long_ago = header(doc_approval_date="2003-06-30")
    assert PlanHeaderForm(
        approved_long_ago, instance=seed_plan, entity_id=seed_plan.entity_id
    ).is_valid()


def test_a_new_plan_is_checked_against_the_vigencia_it_names(cartago):
    pinar = PlanType.objects.get(code="pinar").pk
    late = NewPlanForm(
        {"plan_type": pinar, "year": "2026", "plan_date": "2028-01-01"}, entity_id=cartago.pk
    )
    assert not late.is_valid() and list(late.errors) == ["plan_date"]
    assert NewPlanForm(
        {"plan_type": pinar, "year": "2026", "plan_date": "2027-12-31"}, entity_id=cartago.pk
    ).is_valid()


def test_the_services_that_write_a_header_refuse_dates_outside_the_vigencia(
    cartago, planner, seed_plan
):
    with pytest.raises(ValidationError) as refused:
        editing.create_plan(
            cartago,
            by=planner,
            plan_type=PlanType.objects.get(code="pinar"),
            year=2026,
            plan_date=datetime.date(1900, 1, 1),
        )
    assert refused.value.message_dict == {"plan_date": [TOO_EARLY]}
    assert not Plan.objects.filter(year=2026).exists()
    with pytest.raises(ValidationError, match="Fecha de aprobación del formato: el 01/01/2999"):
        editing.update_plan_header(
            seed_plan, by=planner, doc_approval_date=datetime.date(2999, 1, 1)
        )
    seed_plan.refresh_from_db()
    assert seed_plan.doc_approval_date == datetime.date(2024, 3, 6)


def test_an_import_dated_1900_is_refused_naming_the_file_line_and_field(cartago, seed_bytes):
    text = seed_bytes.decode("utf-8").replace(
        "FECHA DEL PLAN: 29 de octubre de 2024", "FECHA DEL PLAN: 29 de octubre de 1900"
    )
    document = SeedTextReader().read(text.encode("utf-8"), SEED_PATH.name)
    with pytest.raises(ImportFileError) as refused:
        import_plan(document, entity=cartago, year=2025)
    assert str(refused.value) == (
        f"{SEED_PATH.name}, línea 32: Fecha del plan: el 29/10/1900 es anterior al 01/01/2000."
    )
    assert not Plan.objects.exists()
    with pytest.raises(ImportFileError, match="línea 32: Fecha del plan"):
        import_plan(document, entity=cartago)  # the vigencia deduced from that date: 1900


def test_an_import_approved_after_the_vigencia_is_refused_too(cartago, seed_bytes):
    text = seed_bytes.decode("utf-8").replace("06/03/2024", "06/03/2999")
    document = SeedTextReader().read(text.encode("utf-8"), SEED_PATH.name)
    with pytest.raises(ImportFileError, match=r"línea 18: Fecha de aprobación del formato"):
        import_plan(document, entity=cartago)
    assert not Plan.objects.exists()
