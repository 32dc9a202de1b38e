"""Migration 0013 fills the entity's stored rows with the counts of reports due and sent of its
published plans on its own scheme, as followup.rollups.entity_rows now adds them up: the
compliance view reads them from there (ADR 42)."""

from conftest import migrate_to

BEFORE = [("followup", "0012_progress_report_counts")]
AFTER = [("followup", "0013_entity_report_counts")]


def test_the_entity_rows_add_up_their_published_plans_counts(migrated):
    apps = migrated(BEFORE)
    Entity = apps.get_model("organization", "Entity")
    Plan = apps.get_model("plans", "Plan")
    PlanType = apps.get_model("plans", "PlanType")
    ProgressSum = apps.get_model("followup", "ProgressSum")
    entity = Entity.objects.create(
        name="Alcaldía de Cartago", nit="891900493-2", followup_scheme="trimestral"
    )
    first, second, third, fourth = (
        PlanType.objects.get_or_create(code=f"tipo-{n}", defaults={"name": f"Tipo {n}"})[0]
        for n in range(4)
    )

    def plan(plan_type, status="publicado", scheme="trimestral"):
        return Plan.objects.create(
            entity=entity,
            plan_type=plan_type,
            year=2025,
            title=plan_type.name,
            status=status,
            followup_scheme=scheme,
        )

    def row(plan, period, due, sent, scope="plan"):
        return ProgressSum.objects.create(
            entity=entity,
            plan=plan,
            year=2025,
            period=period,
            scope=scope,
            weight=1,
            programmed=0,
            executed=0,
            due_reports=due,
            sent_reports=sent,
        )

    counted, also_counted = plan(first), plan(second)
    other_scheme = plan(third, scheme="cuatrimestral")
    archived = plan(fourth, status="archivado")
    row(counted, 1, 5, 2)
    row(counted, 2, 4, 0)
    row(also_counted, 1, 3, 3)
    row(other_scheme, 1, 7, 1)  # other periods: shown apart, not in the entity's sum
    row(archived, 1, 9, 0)  # a version replaced: no longer counted
    for period in (1, 2):
        row(None, period, 0, 0, scope="entity")

    after = migrate_to(AFTER)

    stored = after.get_model("followup", "ProgressSum").objects.filter(scope="entity")
    assert dict(
        (period, (due, sent))
        for period, due, sent in stored.values_list("period", "due_reports", "sent_reports")
    ) == {1: (8, 5), 2: (4, 0)}
