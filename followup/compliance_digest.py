"""The weekly compliance mail to each oversight office (a Gobernación's planner with entities to
oversee): what changed since its previous mail among the entities it oversees — plans
published (on time or late), plans that fell due unpublished, reports missing or caught up,
entities that entered or left red (followup.compliance)."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from followup import compliance
from followup.models import ComplianceDigest
from followup.oversight_filters import OversightFilters
from organization.models import Entity, Membership, Role
from organization.notifications import notify
from plans.models import PlanType


def send_compliance_digests(today: datetime.date | None = None) -> int:
    """Check each oversight office once per ISO week (the first run of the week: Mondays, when
    the schedule runs daily) and mail it what changed; nothing changed, no mail. Returns how
    many mails were queued."""
    today = today or timezone.localdate()
    week = compliance.week_of(today)
    types = list(PlanType.objects.filter(is_active=True))
    offices = (
        Membership.objects.filter(role=Role.PLANNER, user__is_active=True, oversees__isnull=False)
        .distinct()
        .select_related("user", "entity")
    )
    sent = 0
    for office in offices:
        sent += _digest(office, today, week, types)
    return sent


@transaction.atomic
def _digest(office: Membership, today: datetime.date, week: str, types: list[PlanType]) -> int:
    digest, _created = ComplianceDigest.objects.select_for_update().get_or_create(
        membership=office, year=today.year, defaults={"week": ""}
    )
    if digest.week == week:
        return 0
    filters = OversightFilters(year=today.year, years=[today.year], plan_types=types)
    entities = Entity.objects.filter(pk__in=office.oversees.values("pk"))
    report = compliance.compliance(entities, filters, today)
    state = compliance.digest_state(report)
    names = {str(t.pk): t.name for t in report.plan_types}
    found = compliance.changes(digest.state, state, names)
    first = not digest.state and digest.sent_at is None
    digest.week, digest.state = week, state
    queued = 0
    if found:
        queued = notify(
            f"compliance-digest:{office.pk}:{today.year}:{week}",
            [office.user],
            f"Cumplimiento de las entidades que vigila: semana del {_monday(today):%d/%m/%Y}",
            "compliance_digest",
            {
                "office": office.entity,
                "year": today.year,
                "first": first,
                "changes": found,
                "total": report.total,
            },
        )
        digest.sent_at = timezone.now()
    digest.save()
    return queued


def _monday(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())
