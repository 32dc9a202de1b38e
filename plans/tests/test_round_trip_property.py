"""Any plan exported to XLSX, CSV or JSON imports back as the same plan: export → import →
export gives the same records, field for field (issue 18, «Round trip»)."""

import datetime
from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from followup import document
from followup.importing import import_plan
from followup.models import Report
from followup.services import executed_progress
from formats.readers.base import reader_for
from formats.writers import render
from plans.models import Activity, Plan, PlanType, Task, scheme_for

# Words as plans write them: accents, «; » and «;» inside a task, a leading sign or «=» that a
# spreadsheet would take for a formula, percentages, numbers with a decimal comma, brackets.
WORDS = st.sampled_from(
    [
        "Actividad",
        "informe",
        "de",
        "la",
        "participación",
        "ciudadana",
        "año",
        "N.º 3",
        "(borrador)",
        "«acta»",
        "uno;",
        "dos; tres",
        "=SUMA(A1:A2)",
        "-",
        "+57",
        "@todos",
        "50 %",
        "4,5",
        "[nota]",
        "Sec. de Hacienda,",
        "ñandú",
        "y",
    ]
)
TEXT = st.lists(WORDS, min_size=1, max_size=6).map(" ".join)
OPTIONAL_TEXT = st.one_of(st.just(""), TEXT)


def amounts(low: int, high: int):
    return st.integers(low * 100, high * 100).map(lambda cents: Decimal(cents) / 100)


@st.composite
def reports(draw, kind: str, periods: int):
    found = {}
    for period in range(1, periods + 1):
        status = draw(st.sampled_from([None, *Report.Status.values]))
        if status is None:
            continue
        numbers = {}
        if kind == Activity.IndicatorType.COUNT:
            numbers["value"] = draw(st.one_of(st.none(), amounts(0, 500)))
        elif kind == Activity.IndicatorType.PERCENTAGE:
            denominator = draw(st.one_of(st.none(), amounts(1, 200)))
            if denominator is not None:
                numbers["denominator"] = denominator
                numbers["numerator"] = draw(amounts(0, 1)) * denominator // 1
        else:
            numbers["delivered"] = draw(st.one_of(st.none(), st.booleans()))
        found[period] = (status, numbers)
    return found


@st.composite
def activities(draw, year: int, periods: int, unit_names: list[str]):
    kind = draw(st.sampled_from(Activity.IndicatorType.values))
    limit = 100 if kind != Activity.IndicatorType.COUNT else 1000
    start = datetime.date(year, 1, 1) + datetime.timedelta(days=draw(st.integers(0, 200)))
    end = start + datetime.timedelta(days=draw(st.integers(0, 150)))
    targets = draw(st.lists(amounts(0, limit), min_size=periods, max_size=periods))
    return {
        "description": draw(TEXT),
        "tasks": draw(st.lists(TEXT, max_size=3)),
        "months": sorted(draw(st.sets(st.integers(1, 12), max_size=4))),
        "deliverables": draw(OPTIONAL_TEXT),
        "indicator_formula": draw(OPTIONAL_TEXT),
        "indicator_type": kind,
        "indicator_unit": draw(OPTIONAL_TEXT),
        "indicator_target": draw(st.one_of(st.none(), amounts(0, limit))),
        "indicator_baseline": draw(st.one_of(st.none(), amounts(0, limit))),
        "indicator_result": draw(OPTIONAL_TEXT),
        "period_targets": draw(
            st.one_of(
                st.just({}),
                st.just({str(n): str(t) for n, t in enumerate(sorted(targets), start=1)}),
            )
        ),
        "start_date": draw(st.one_of(st.none(), st.just(start))),
        "end_date": draw(st.one_of(st.none(), st.just(end))),
        "weight": draw(amounts(0, 100)),
        "observations": draw(OPTIONAL_TEXT),
        "extra": draw(st.dictionaries(TEXT, OPTIONAL_TEXT, max_size=2)),
        "units": draw(st.lists(st.sampled_from(unit_names), max_size=2, unique=True)),
        "reports": draw(reports(kind, periods)),
    }


@st.composite
def plans(draw, unit_names: list[str]):
    year = draw(st.integers(2020, 2030))
    code = draw(st.sampled_from(["pinar", "peti", "plan-anual-vacantes", "plan-anticorrupcion"]))
    periods = 3 if code == "plan-anticorrupcion" else 4  # followed four-monthly
    return {
        "year": year,
        "code": code,
        "title": draw(TEXT),
        "process": draw(OPTIONAL_TEXT),
        "objective": draw(OPTIONAL_TEXT),
        "plan_date": datetime.date(year - 1, 10, 1)
        + datetime.timedelta(days=draw(st.integers(0, 400))),
        "doc_code": draw(st.sampled_from(["", "MESG-AS-F17"])),
        "doc_version": draw(st.one_of(st.none(), st.integers(1, 9))),
        "activities": draw(st.lists(activities(year, periods, unit_names), min_size=1, max_size=4)),
    }


def build(entity, spec) -> Plan:
    plan_type = PlanType.objects.get(code=spec["code"])
    plan = Plan.objects.create(
        entity=entity,
        plan_type=plan_type,
        year=spec["year"],
        title=spec["title"],
        followup_scheme=scheme_for(entity, plan_type),
        process=spec["process"],
        objective=spec["objective"],
        plan_date=spec["plan_date"],
        doc_code=spec["doc_code"],
        doc_version=spec["doc_version"],
    )
    units = {unit.name: unit for unit in entity.units.all()}
    for number, item in enumerate(spec["activities"], start=1):
        fields = {k: v for k, v in item.items() if k not in ("tasks", "units", "reports")}
        activity = Activity.objects.create(
            plan=plan,
            number=number,
            position=number,
            responsible_text="; ".join(item["units"]),
            **fields,
        )
        activity.responsible_units.set([units[name] for name in item["units"]])
        for position, text in enumerate(item["tasks"], start=1):
            Task.objects.create(activity=activity, position=position, description=text)
        for period, (status, numbers) in item["reports"].items():
            report = Report(activity=activity, period=period, status=status, **numbers)
            if status == Report.Status.VALIDATED:
                report.executed = executed_progress(report)
            report.save()
    return plan


def exported(plan: Plan, fmt: str) -> tuple[bytes, tuple[dict, list[dict]]]:
    records = document.open_data(plan, internal=True)
    return render(fmt, *records), records


def rows_of(plan: Plan) -> tuple[dict, list[dict]]:
    return document.open_data(plan, internal=True)


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["xlsx", "csv", "json"])
def test_any_plan_survives_export_import_export(cartago, fmt):
    unit_names = sorted(cartago.units.values_list("name", flat=True))[:6]

    @settings(
        max_examples=15 if fmt == "xlsx" else 25,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(spec=plans(unit_names))
    def check(spec):
        with transaction.atomic():
            plan = build(cartago, spec)
            data, before = exported(plan, fmt)
            plan.delete()
            document = reader_for(f"plan.{fmt}").read(data, f"plan.{fmt}")
            copy = import_plan(document, entity=cartago).plan
            after = rows_of(copy)
            assert after[0] == before[0]
            assert len(after[1]) == len(before[1])
            for mine, theirs in zip(after[1], before[1], strict=True):
                assert mine == theirs
            assert render(fmt, *after) == data or fmt == "xlsx"
            transaction.set_rollback(True)

    check()
