"""The national and departmental dashboards (/seguimiento/entidades/): entities grouped by
department then entity, the shared oversight filters, a plan type's figures summed from its
plans, and «sin plan publicado» told apart from «no programado» (issue 23, point 3).

A synthetic Valle del Cauca with real DIVIPOLA codes: Tuluá publishes a Plan de Acción
Institucional and a PETI, the ESE of Buga a plan with nothing programmed, the Personería of
Cartago only a PETI, the Concejo of Cali only a draft, the Gobernación nothing; Medellín in
Antioquia and a national ministry outside any department. Each plan's stored rows are written by
hand, the entities' rows summed from them by followup.rollups as on every write.
"""

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import sign_in
from followup import measures, rollups, selectors
from followup.measures import Light
from followup.models import ProgressSum
from organization import services
from organization.models import EntityOrder
from organization.nit import check_digit
from plans.models import Plan, PlanType

pytestmark = pytest.mark.django_db

YEAR = 2025
PAI = "plan-accion-institucional"
URL = "/seguimiento/entidades/"


@pytest.fixture(autouse=True)
def after_the_second_cutoff(time_machine):
    time_machine.move_to("2025-07-15 10:00 -0500", tick=False)


def _entity(index, name, **fields):
    number = str(800_900_000 + index)
    return services.create_entity(name=name, nit=f"{number}-{check_digit(number)}", **fields)


def _plan(entity, code, rows, status=Plan.Status.PUBLISHED):
    """A plan of type ``code`` with its stored plan rows {period: (weight, Σ programmed,
    Σ executed, reported)}, and its entity's rows summed again."""
    plan = Plan.objects.create(
        entity=entity,
        plan_type=PlanType.objects.get(code=code),
        year=YEAR,
        title=f"{code} {entity.name}",
        followup_scheme=entity.followup_scheme,
        status=status,
    )
    ProgressSum.objects.bulk_create(
        ProgressSum(
            entity=entity,
            plan=plan,
            year=YEAR,
            period=period,
            scope=ProgressSum.Scope.PLAN,
            activities=3,
            weight=Decimal(weight),
            programmed=Decimal(programmed),
            executed=Decimal(executed),
            reported=reported,
        )
        for period, (weight, programmed, executed, reported) in rows.items()
    )
    rollups.rebuild_entity_rows(entity.pk, YEAR)
    return plan


@pytest.fixture
def country(plan_types):
    valle = dict(department_code="76")
    found = {
        "gobernacion": _entity(1, "Gobernación del Valle del Cauca", kind="gobernacion", **valle),
        "tulua": _entity(2, "Alcaldía de Tuluá", kind="alcaldia", municipality_code="76834"),
        "buga": _entity(3, "ESE Hospital San José de Buga", kind="ese", municipality_code="76111"),
        "cali": _entity(
            4, "Concejo de Santiago de Cali", kind="concejo", municipality_code="76001"
        ),
        "cartago": _entity(
            5, "Personería de Cartago", kind="personeria", municipality_code="76147"
        ),
        "medellin": _entity(6, "Alcaldía de Medellín", kind="alcaldia", municipality_code="05001"),
        "ministerio": _entity(
            7, "Ministerio de Pruebas", kind="nacional", order=EntityOrder.NACIONAL
        ),
    }
    # PAI: 50 % due and 40 % done in I, 100 % and 80 % in II. PETI: 20/20, then 60/30.
    _plan(found["tulua"], PAI, {1: (10, 500, 400, True), 2: (10, 1000, 800, True)})
    _plan(found["tulua"], "peti", {1: (5, 100, 100, True), 2: (5, 300, 150, True)})
    _plan(found["buga"], PAI, {1: (4, 0, 0, False), 2: (4, 0, 0, False)})
    _plan(found["cartago"], "peti", {1: (2, 200, 100, True)})
    _plan(found["cali"], PAI, {1: (1, 100, 100, True)}, status=Plan.Status.DRAFT)
    _plan(found["medellin"], PAI, {1: (1, 100, 100, True)})
    _plan(found["ministerio"], PAI, {1: (1, 100, 50, True)})
    return found


@pytest.fixture
def valle_overseer(country):
    overseer = services.create_member(
        country["gobernacion"], username="planeacion.valle", password=None, role="planner"
    )
    overseer.membership.oversees.set([country[k] for k in ("tulua", "buga", "cali", "cartago")])
    return overseer


def _rows(progress):
    return {row.entity.name: row for row in progress.entities}


def _entities_table(page: str) -> str:
    start = page.index('id="entidades"')
    return page[start : page.index("</section>", start)]


NO_PLAN_CELL = '<span class="no-plan">Sin plan publicado</span>'


def _figures(rollup_list):
    return [(r.programmed, r.executed, r.compliance, r.light) for r in rollup_list]


def _shown(rollup_list):
    return [(r.compliance_shown, r.light) for r in rollup_list[:2]]


def test_entities_are_grouped_by_department_by_name_and_the_national_ones_come_last(country):
    from organization.models import Entity

    progress = selectors.oversight_progress(Entity.objects.all(), YEAR)
    assert [(g.code, g.name) for g in progress.groups] == [
        ("05", "Antioquia"),
        ("76", "Valle del Cauca"),
        ("", "Orden nacional / sin departamento"),
    ]
    assert [r.entity.name for r in progress.groups[1].rows] == [
        "Alcaldía de Tuluá",
        "Concejo de Santiago de Cali",
        "ESE Hospital San José de Buga",
        "Gobernación del Valle del Cauca",
        "Personería de Cartago",
    ]
    assert [r.entity.name for r in progress.entities][-1] == "Ministerio de Pruebas"
    valle = progress.groups[1]
    assert (valle.entities, valle.without_plan, progress.without_plan) == (5, 2, 2)
    # Tuluá 15 + Buga 4 + Personería 2 of weight in I: 800 due, 600 done → 38,1 % and 28,6 %.
    assert _shown(valle.totals) == [
        (Decimal("75.0"), Light.YELLOW),
        (Decimal("73.1"), Light.YELLOW),
    ]


def test_without_a_plan_type_an_entity_counts_all_its_published_plans(country):
    from organization.models import Entity

    rows = _rows(selectors.oversight_progress(Entity.objects.all(), YEAR))
    tulua = rows["Alcaldía de Tuluá"]
    # (500 + 100) / 15 = 40 % due, (400 + 100) / 15 = 33,3 % done in I; 86,7 % and 63,3 % in II.
    assert (tulua.plans, _shown(tulua.totals)) == (
        2,
        [(Decimal("83.3"), Light.GREEN), (Decimal("73.1"), Light.YELLOW)],
    )
    buga = rows["ESE Hospital San José de Buga"]
    assert buga.published and [r.light for r in buga.totals] == [Light.NOT_DUE] * 4
    cali = rows["Concejo de Santiago de Cali"]  # a draft is not published
    assert (cali.published, cali.plans) == (False, 0)


def test_a_plan_type_sums_only_that_types_published_plans(country):
    from organization.models import Entity

    pai = PlanType.objects.get(code=PAI)
    rows = _rows(selectors.oversight_progress(Entity.objects.all(), YEAR, plan_type=pai))
    assert (rows["Alcaldía de Tuluá"].plans, _shown(rows["Alcaldía de Tuluá"].totals)) == (
        1,
        [(Decimal("80.0"), Light.GREEN), (Decimal("80.0"), Light.GREEN)],
    )
    assert not rows["Personería de Cartago"].published  # only a PETI
    peti = PlanType.objects.get(code="peti")
    rows = _rows(selectors.oversight_progress(Entity.objects.all(), YEAR, plan_type=peti))
    assert _shown(rows["Alcaldía de Tuluá"].totals) == [
        (Decimal("100.0"), Light.GREEN),
        (Decimal("50.0"), Light.RED),
    ]
    assert _shown(rows["Personería de Cartago"].totals)[0] == (Decimal("50.0"), Light.RED)
    assert not rows["ESE Hospital San José de Buga"].published


def test_the_plan_type_figures_equal_the_entity_rows_when_the_type_is_all_it_has(country):
    """Summing a type's plan rows in SQL gives the same sums as the stored entity rows."""
    from organization.models import Entity

    every = _rows(selectors.oversight_progress(Entity.objects.all(), YEAR))
    pai = PlanType.objects.get(code=PAI)
    only = _rows(selectors.oversight_progress(Entity.objects.all(), YEAR, plan_type=pai))
    for name in ("Alcaldía de Medellín", "ESE Hospital San José de Buga", "Ministerio de Pruebas"):
        assert _figures(only[name].totals) == _figures(every[name].totals)


def test_the_page_shows_departments_then_entities_with_sin_plan_publicado_apart(
    client, superuser, country
):
    sign_in(client, superuser)
    page = client.get(f"{URL}?vigencia={YEAR}").content.decode()
    order = [
        "Antioquia (05)",
        "Alcaldía de Medellín",
        "Valle del Cauca (76)",
        "Alcaldía de Tuluá",
        "Concejo de Santiago de Cali",
        "Personería de Cartago",
        "Orden nacional / sin departamento",
        "Ministerio de Pruebas",
    ]
    table = _entities_table(page)
    positions = [table.index(text) for text in order]
    assert positions == sorted(positions)
    assert table.count(NO_PLAN_CELL) == 2
    assert "2 sin plan publicado" in page and "No programado" in page
    assert f"/seguimiento/tablero/?entidad={country['tulua'].pk}&amp;vigencia={YEAR}" in page
    assert "Tuluá" in page and "Personería" in page and "ESE" in page  # municipality and kind
    assert "Tablero nacional" in page and "bar-chart" in page


def test_the_page_filters_by_department_municipality_kind_and_plan_type(client, superuser, country):
    sign_in(client, superuser)

    def names(query):
        page = client.get(f"{URL}?vigencia={YEAR}&{query}").content.decode()
        table = _entities_table(page)
        return {e.name for e in country.values() if e.name in table}, table

    shown, _ = names("departamento=76")
    assert shown == {country[k].name for k in ("gobernacion", "tulua", "buga", "cali", "cartago")}
    shown, _ = names("departamento=76&municipio=76834")
    assert shown == {"Alcaldía de Tuluá"}
    shown, _ = names("tipo=alcaldia")
    assert shown == {"Alcaldía de Tuluá", "Alcaldía de Medellín"}
    shown, table = names(f"departamento=76&tipo_plan={PAI}")
    assert table.count(NO_PLAN_CELL) == 3  # the Personería too: it has only a PETI
    assert "80,0 %" in table or "80.0 %" in table
    assert "Plan de Acción Institucional" in table


def test_any_vigencia_with_data_can_be_chosen(client, superuser, country):
    Plan.objects.create(
        entity=country["medellin"],
        plan_type=PlanType.objects.get(code=PAI),
        year=2019,
        title="PAI 2019",
        status=Plan.Status.PUBLISHED,
    )
    sign_in(client, superuser)
    page = client.get(URL).content.decode()
    assert '<option value="2019">2019</option>' in page
    old = client.get(f"{URL}?vigencia=2019").content.decode()
    # Every entity but Medellín, and the headings of the two groups where none has a plan (Valle
    # del Cauca and the national order's): a department without plans is not «no programado».
    assert _entities_table(old).count(NO_PLAN_CELL) == len(country) - 1 + 2


def test_an_overseer_sees_only_its_entities_and_parameters_cannot_widen_them(
    client, valle_overseer, country
):
    sign_in(client, valle_overseer)
    for query in ("", "departamento=05", "tipo=nacional", "municipio=05001", "tipo_plan=peti"):
        page = client.get(f"{URL}?vigencia={YEAR}&{query}").content.decode()
        assert "Seguimiento de las entidades que consulta" in page
        table = _entities_table(page)
        assert "Medellín" not in page and "Ministerio" not in page, query
        assert "Gobernación del Valle del Cauca" not in table, query
        assert "Alcaldía de Tuluá" in table or query == "tipo_plan=peti", query
    assert client.get(f"{URL}?departamento=05").status_code == 200


def test_a_department_cut_by_the_page_break_repeats_its_heading(country):
    from organization.models import Entity

    progress = selectors.oversight_progress(Entity.objects.all(), YEAR)
    page, groups = progress.page(2, per_page=3)
    assert (page.number, page.paginator.num_pages) == (2, 3)
    assert [(g.group.name, g.continued, len(g.rows)) for g in groups] == [
        ("Valle del Cauca", True, 3)
    ]
    _first, groups = progress.page(1, per_page=3)
    assert [(g.group.name, g.continued) for g in groups] == [
        ("Antioquia", False),
        ("Valle del Cauca", False),
    ]


def test_the_no_plan_label_is_not_a_light():
    assert measures.NO_PLAN == "Sin plan publicado"
    assert measures.NO_PLAN not in {light.label for light in Light}


def test_entities_on_another_scheme_keep_their_periods_and_no_total_mixes_them(
    client, superuser, country
):
    """A cuatrimestral entity has three periods: the national total and its department's are
    left out only where the schemes mix, and its row leaves the fourth column empty."""
    from organization.models import Entity, FollowupScheme

    medellin = country["medellin"]
    Entity.objects.filter(pk=medellin.pk).update(followup_scheme=FollowupScheme.FOUR_MONTHLY)
    Plan.objects.filter(entity=medellin).update(followup_scheme=FollowupScheme.FOUR_MONTHLY)
    rollups.rebuild_entity_rows(medellin.pk, YEAR)
    progress = selectors.oversight_progress(Entity.objects.all(), YEAR)
    assert progress.totals is None and progress.labels == ["I", "II", "III", "IV"]
    antioquia, valle = progress.groups[0], progress.groups[1]
    assert len(antioquia.totals) == 3 and antioquia.cells[3] is None
    assert len(valle.totals) == 4
    row = _rows(progress)["Alcaldía de Medellín"]
    assert [cell is None for cell in row.cells] == [False, False, False, True]
    assert row.totals[0].compliance_shown == Decimal("100.0")
    sign_in(client, superuser)
    assert client.get(f"{URL}?vigencia={YEAR}").status_code == 200


share = st.integers(0, 100)
plan_rows = st.lists(
    st.tuples(st.integers(0, 20), share, share, st.booleans()), min_size=4, max_size=4
)


@settings(
    max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(plan_rows, plan_rows)
def test_the_plan_types_sums_add_up_to_the_entitys_stored_rows(country, pai_rows, peti_rows):
    """Whatever the plans' figures, the Plan de Acción Institucional's and the PETI's sums
    (read from their plan rows) add up to the entity's stored rows (summed on write)."""
    from organization.models import Entity

    tulua = country["tulua"]
    for code, rows in ((PAI, pai_rows), ("peti", peti_rows)):
        for period, (weight, due, done, reported) in enumerate(rows, start=1):
            ProgressSum.objects.update_or_create(
                plan=Plan.objects.get(entity=tulua, plan_type__code=code),
                scope=ProgressSum.Scope.PLAN,
                period=period,
                defaults=dict(
                    entity=tulua,
                    year=YEAR,
                    weight=weight,
                    # as followup.rollups stores them: to eight decimal places
                    programmed=(Decimal(weight * due) / 3).quantize(rollups.PLACES),
                    executed=(Decimal(weight * done) / 7).quantize(rollups.PLACES),
                    reported=reported,
                ),
            )
    rollups.rebuild_entity_rows(tulua.pk, YEAR)
    entities = Entity.objects.filter(pk=tulua.pk)

    def sums(plan_type=None):
        row = selectors.oversight_progress(entities, YEAR, plan_type=plan_type).entities[0]
        return [(s.weight, s.programmed, s.executed, s.reported) for s in row.sums]

    by_type = [sums(PlanType.objects.get(code=code)) for code in (PAI, "peti")]
    added = [
        (a[0] + b[0], a[1] + b[1], a[2] + b[2], a[3] or b[3]) for a, b in zip(*by_type, strict=True)
    ]
    assert added == sums()
