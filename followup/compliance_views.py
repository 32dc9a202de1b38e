"""The compliance view (followup.compliance) for the system administrator and each department's
oversight office, and its XLSX and CSV exports."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from followup import compliance
from followup.mipg_views import CONTENT_TYPES
from followup.oversight_filters import overseen_entities, read_filters

PAGE_SIZE = 50


def _report(request: HttpRequest, *, dates: bool = True):
    """The filters the request asks for, within the entities the user oversees (403 for anyone
    else), and the compliance of those entities."""
    entities = overseen_entities(request.user)
    filters = read_filters(request.GET, entities, sorts=compliance.SORTS)
    return filters, compliance.compliance(filters.apply(entities), filters, dates=dates)


@require_GET
def compliance_page(request: HttpRequest) -> HttpResponse:
    """Who published on time, late or not at all, whose reports are missing, who is in red."""
    filters, report = _report(request, dates=False)
    page = Paginator(report.rows, PAGE_SIZE).get_page(request.GET.get("pagina"))
    columns = [
        ("entidad", "Entidad"),
        ("departamento", "Departamento"),
        ("municipio", "Municipio"),
        ("tipo", "Tipo"),
        ("publicacion", "Publicación"),
        ("faltantes", "Seguimientos faltantes"),
        ("cumplimiento", "Último periodo"),
    ]
    headers = []
    for key, label in columns:
        current = filters.sort.removeprefix("-") == key
        descending = current and filters.sort.startswith("-")
        headers.append(
            {
                "key": key,
                "label": label,
                "aria_sort": ("descending" if descending else "ascending") if current else "",
                "query": filters.query(orden=key if descending or not current else f"-{key}"),
            }
        )
    return render(
        request,
        "followup/compliance.html",
        {
            "filters": filters,
            "report": report,
            "page": page,
            "headers": headers,
            "deadline": compliance.deadline(filters.year),
        },
    )


@require_GET
def compliance_export(request: HttpRequest, fmt: str) -> HttpResponse:
    filters, report = _report(request)
    if fmt == "xlsx":
        body = compliance.export_xlsx(report, filters.description)
    else:
        body = compliance.export_csv(report)
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    name = f"cumplimiento-{filters.year}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
