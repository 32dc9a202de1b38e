"""What the public may see: published plans only, with validated follow-up and what was marked
public (evidence, Control Interno's verification)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet
from django.http import Http404

from followup.models import Evidence, Report, Verification
from organization.models import Entity
from plans.models import Plan


def published_plans(entity: Entity) -> QuerySet[Plan]:
    return (
        Plan.objects.published()
        .filter(entity=entity)
        .select_related("plan_type", "entity")
        .order_by("-year", "plan_type__position", "title")
    )


def published_plan(entity: Entity, pk: int) -> Plan:
    plan = (
        published_plans(entity)
        .select_related("formulating_unit", "approved_by")
        .filter(pk=pk)
        .first()
    )
    if plan is None:
        raise Http404("Ese plan no existe o no está publicado.")
    return plan


def public_plan(entity: Entity, pk: int) -> Plan:
    """A plan the public may read: the published version, or one that was published and has
    since been replaced (archived), which stays readable at its address."""
    plan = (
        Plan.objects.filter(
            entity=entity,
            pk=pk,
            status__in=[Plan.Status.PUBLISHED, Plan.Status.ARCHIVED],
            published_at__isnull=False,
        )
        .select_related("plan_type", "entity", "formulating_unit", "approved_by")
        .first()
    )
    if plan is None:
        raise Http404("Ese plan no existe o no está publicado.")
    return plan


def _public_of_reports(model, reports: dict[int, Report]) -> list:
    """The rows of `model` (evidence or verifications) marked public of these reports, each with
    its report attached. Looked up by report id: a join with reports and activities let
    PostgreSQL, with statistics older than the data, compare every report with every row."""
    found = list(model.objects.filter(public=True, report_id__in=list(reports)))
    for item in found:
        model.report.field.set_cached_value(item, reports[item.report_id])
    return found


def public_evidence(reports: Iterable[Report]) -> dict[int, list[Evidence]]:
    """Public evidence of a plan's validated reports (as its page read them), by activity id."""
    validated = {r.pk: r for r in reports if r.status == Report.Status.VALIDATED}
    grouped: dict[int, list[Evidence]] = {}
    for item in _public_of_reports(Evidence, validated):
        grouped.setdefault(item.report.activity_id, []).append(item)
    return grouped


def public_verifications(reports: Iterable[Report]) -> list[Verification]:
    """Control Interno's verifications that count (each report's latest round, as its page
    read them) and that it chose to publish, in the plan's order."""
    found = []
    for report in reports:
        verification = report.verification if report.status == Report.Status.VALIDATED else None
        if verification is not None and verification.public:
            Verification.report.field.set_cached_value(verification, report)
            found.append(verification)
    return sorted(found, key=lambda v: (v.report.activity.position, v.report.period))


def public_evidence_file(entity: Entity, pk: int) -> Evidence:
    evidence = (
        Evidence.objects.filter(
            pk=pk,
            public=True,
            report__status=Report.Status.VALIDATED,
            report__activity__plan__entity=entity,
            report__activity__plan__status__in=[Plan.Status.PUBLISHED, Plan.Status.ARCHIVED],
            report__activity__plan__published_at__isnull=False,
        )
        .exclude(file="")
        .first()
    )
    if evidence is None:
        raise Http404("Esa evidencia no existe o no es pública.")
    return evidence
