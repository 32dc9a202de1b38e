"""The compliance view's missing reports (ADR 42) are read from the entity's stored rows, with
the plans whose windows are not the entity's (a late plan's catch-up, a plan on the other
scheme) taken apart. For any mix of such plans, reopened periods, schedules, report statuses and
days, they agree with counting each activity's report against its own plan's window, the whole
entity and each plan type alike (Hypothesis)."""

import datetime
from collections import defaultdict

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from followup import compliance, periods, services
from followup.models import Period, Report
from followup.tests import compliance_world as world
from organization.models import Entity
from plans.models import Plan, PlanType
from plans.schedule import PERIOD_ENDS

pytestmark = pytest.mark.django_db(transaction=False)

SCHEMES = list(PERIOD_ENDS)
UNSENT = (Report.Status.DRAFT, Report.Status.RETURNED)
PUBLISHED_ON = ["2025-01-20 09:00", "2025-05-10 09:00", "2025-08-20 09:00"]
DAYS = st.dates(datetime.date(2025, 3, 1), datetime.date(2026, 3, 1))

plans_drawn = st.lists(
    st.fixed_dictionaries(
        {
            "scheme": st.sampled_from(SCHEMES),
            "published": st.sampled_from(PUBLISHED_ON),
            "catch_up_until": st.none() | DAYS,
            "draft": st.booleans(),  # not published: never counted
            "activities": st.lists(
                st.tuples(
                    st.sets(st.integers(1, 12), min_size=1, max_size=4),
                    st.lists(
                        st.sampled_from([None, *Report.Status.values]), min_size=4, max_size=4
                    ),
                ),
                min_size=1,
                max_size=4,
            ),
        }
    ),
    min_size=1,
    max_size=3,
)


def months_of(scheme: str, number: int) -> range:
    ends = PERIOD_ENDS[scheme]
    return range(ends[number - 2] + 1 if number > 1 else 1, ends[number - 1] + 1)


def counted_by_hand(entity: Entity, today: datetime.date, plan_type=None) -> dict:
    """Each published plan's activities programmed in a period whose window, the plan's own
    (periods.window), closed without their report sent, by label."""
    found: dict[str, int] = defaultdict(int)
    plans = Plan.objects.filter(entity=entity, year=2025, status=Plan.Status.PUBLISHED)
    if plan_type is not None:
        plans = plans.filter(plan_type=plan_type)
    for plan in plans:
        for period in periods.periods_for(entity, 2025, plan.followup_scheme):
            if not (
                period.cutoff < today
                and periods.window(plan, period, today).state == periods.CLOSED
            ):
                continue
            label = period.label
            if plan.followup_scheme != entity.followup_scheme:
                label = f"{label} ({plan.followup_scheme})"
            for activity in plan.activities.all():
                if not set(activity.months) & set(months_of(plan.followup_scheme, period.number)):
                    continue
                sent = Report.objects.filter(activity=activity, period=period.number).exclude(
                    status__in=UNSENT
                )
                found[label] += not sent.exists()
    return {label: count for label, count in found.items() if count}


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    drawn=plans_drawn,
    scheme=st.sampled_from(SCHEMES),
    window_days=st.sampled_from([10, 30]),
    reopened=st.none() | st.tuples(st.integers(1, 3), DAYS),
    today=DAYS,
)
def test_missing_reports_agree_with_each_plan_s_own_window(
    drawn, scheme, window_days, reopened, today
):
    with transaction.atomic():
        entity = world.entity(1, "Alcaldía de Cali", "76001")
        entity.followup_scheme = scheme
        entity.report_window_days = window_days
        entity.reminder_days_before = 0
        entity.save()
        if reopened:
            number, until = reopened
            period = periods.periods_for(entity, 2025)[number - 1]
            period.reopened_on, period.reopened_until = period.cutoff, until
            period.save()
        types = list(PlanType.objects.order_by("pk")[: len(drawn)])
        for plan_type, drawn_plan in zip(types, drawn, strict=True):
            plan = world.plan(
                entity,
                plan_type.code,
                published=None if drawn_plan["draft"] else drawn_plan["published"],
                status=Plan.Status.DRAFT if drawn_plan["draft"] else Plan.Status.PUBLISHED,
                followup_scheme=drawn_plan["scheme"],
                catch_up_until=drawn_plan["catch_up_until"],
            )
            for number, (months, statuses) in enumerate(drawn_plan["activities"], start=1):
                activity = world.activity(plan, number, sorted(months))
                for period_number in range(1, len(PERIOD_ENDS[plan.followup_scheme]) + 1):
                    status = statuses[period_number - 1]
                    if status is not None:
                        world.report(activity, period_number, status)
            if plan.status == Plan.Status.PUBLISHED:
                services.rebuild_rollups(plan)
        assert Period.objects.filter(entity=entity).count() == (1 if reopened else 0)

        ids = Entity.objects.filter(pk=entity.pk).values("pk")
        for plan_type in [None, *types]:
            read = compliance.missing_reports({entity.pk: entity}, ids, 2025, today, plan_type)
            shown = {item.label: item.count for item in read.get(entity.pk, [])}
            assert shown == counted_by_hand(entity, today, plan_type), plan_type
        transaction.set_rollback(True)
