"""The roll-up by MIPG policy (followup.mipg): a page for the entity's members and the
department overseeing it, and its XLSX and CSV exports for the FURAG."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from followup import measures, mipg
from followup.views import entity_vigencia
from organization import policy
from organization.models import Entity

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


@require_GET
def mipg_progress(request: HttpRequest) -> HttpResponse:
    """Progress by dimension and policy in each period of the vigencia, formulas shown."""
    context = entity_vigencia(request)
    context["progress"] = mipg.policy_progress(context["entity"], context["year"])
    context["formulas"] = measures.FORMULAS
    overseen = policy.overseen_entity_ids(request.user)
    if overseen:  # a department's planning office chooses among the entities it oversees
        context["entity_choices"] = Entity.objects.filter(pk__in=overseen).order_by("name")
        context["own_entity"] = policy.membership(request.user).entity
    return render(request, "followup/mipg.html", context)


@require_GET
def mipg_export(request: HttpRequest, fmt: str) -> HttpResponse:
    context = entity_vigencia(request)
    progress = mipg.policy_progress(context["entity"], context["year"])
    body = mipg.export_xlsx(progress) if fmt == "xlsx" else mipg.export_csv(progress)
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    name = f"mipg-{progress.entity.nit}-{progress.year}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
