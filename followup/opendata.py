"""The open data of published plans as data packages (Frictionless) and as a DCAT catalogue.

Plain functions of plans and entities: followup.publication stores what they build once per
public state, and the portal and the API serve it from there (api may not import portal). Links
in a served document are absolute (settings.SITE_URL): a harvester reads them with no page around
them.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db.models import Count, Max, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from followup import selectors as followup
from formats import datapackage
from organization.models import Entity
from plans.models import Plan

# The plan's files a package and a catalogue describe, with their media types.
FORMATS = {"csv": datapackage.CSV_MEDIA_TYPE, "json": datapackage.JSON_MEDIA_TYPE}
DESCRIPTOR = "datapackage.json"
BULK_NAME = "planes-de-accion"
PUBLISHER = "planaccion"


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def entities_with_published_plans() -> QuerySet[Entity]:
    """The entities with a published plan, as the portal's home and the API list them."""
    return (
        Entity.objects.annotate(
            published=Count("plans", filter=Q(plans__status=Plan.Status.PUBLISHED))
        )
        .filter(published__gt=0)
        .order_by("department", "name")
    )


def published_plans(entity: Entity | None = None) -> QuerySet[Plan]:
    """The plans in force the public can download (published, never drafts or replaced
    versions), each with its entity read in the same query (followup.publication needs it first),
    and the day its data last changed: publication or the latest validation."""
    found = Plan.objects.published().select_related("entity", "plan_type")
    if entity is not None:
        found = found.filter(entity=entity)
    return found.annotate(last_validation=Max("activities__reports__validated_at")).order_by(
        "entity__department", "entity__name", "-year", "plan_type__position", "title", "pk"
    )


def slug(plan: Plan) -> str:
    """The plan's name in packages and file names: lowercase, digits and dashes (Data Package)."""
    return f"plan-{plan.entity.nit}-{plan.year}-{plan.pk}"


def file_url(plan: Plan, fmt: str) -> str:
    """A plan's file on the portal; a replaced version's asks for itself (else it redirects)."""
    if fmt == DESCRIPTOR:
        path = reverse("portal:datapackage", args=[plan.entity.nit, plan.pk])
    else:
        path = reverse("portal:download", args=[plan.entity.nit, plan.pk, fmt])
    return f"{path}?archivada=1" if plan.status == Plan.Status.ARCHIVED else path


def modified(plan: Plan) -> datetime.datetime:
    validated = getattr(plan, "last_validation", None)
    return max(filter(None, [plan.published_at, validated]))


def cutoff(plan: Plan) -> datetime.date | None:
    """The cut-off date (fecha de corte) of the figures in the open data's «avance» and
    «semaforo»: the end of the latest period whose window has closed, as plans.selectors
    computes them."""
    latest = followup.plan_progress(plan).latest_closed(timezone.localdate())
    return latest.period.cutoff if latest else None


def _title(plan: Plan) -> str:
    return f"{plan.title} — {plan.entity.name}, vigencia {plan.year}"


def _description(plan: Plan) -> str:
    return (
        f"Plan de acción «{plan.title}» ({plan.plan_type.name}) de {plan.entity.name} "
        f"(NIT {plan.entity.nit_formatted}), vigencia {plan.year}, versión {plan.version}: "
        "actividades, tareas, cronograma, indicadores, responsables y el seguimiento de cada "
        "periodo con su semáforo. Una fila por actividad."
    )


def _contributor(entity: Entity) -> dict[str, str]:
    return {
        "title": entity.name,
        "role": "publisher",
        "organization": f"NIT {entity.nit_formatted}",
        **({"path": entity.website} if entity.website else {}),
    }


def _plan_properties(plan: Plan) -> dict[str, Any]:
    day = cutoff(plan)
    return {
        "plan_id": plan.pk,
        "version": str(plan.version),
        "vigencia": plan.year,
        "entidad_nit": plan.entity.nit,
        "fecha_publicacion": plan.published_at.isoformat() if plan.published_at else None,
        "fecha_corte": day.isoformat() if day else None,
    }


def plan_package(plan: Plan) -> dict[str, Any]:
    """The datapackage.json of one published plan, beside its CSV and JSON on the portal."""
    name = slug(plan)
    return datapackage.package(
        name=name,
        id=absolute(reverse("portal:plan", args=[plan.entity.nit, plan.pk])),
        title=_title(plan),
        description=_description(plan),
        created=timezone.now().isoformat(timespec="seconds"),
        keywords=["plan de acción", plan.plan_type.name, str(plan.year)],
        contributors=[_contributor(plan.entity)],
        **_plan_properties(plan),
        resources=datapackage.plan_resources(
            name,
            plan.title,
            absolute(file_url(plan, "csv")),
            absolute(file_url(plan, "json")),
            schema=datapackage.table_schema(),
        ),
    )


def bulk_package(entity: Entity | None, plans: Iterable[Plan]) -> dict[str, Any]:
    """The datapackage.json of a bulk download: each plan's CSV and JSON under ``planes/``,
    sharing one Table Schema file; each CSV resource carries its plan's id, version and cut-off."""
    resources = []
    for plan in plans:
        name = slug(plan)
        csv_resource, json_resource = datapackage.plan_resources(
            name,
            plan.title,
            f"planes/{name}.csv",
            f"planes/{name}.json",
            schema=datapackage.SCHEMA_FILE,
        )
        resources += [csv_resource | _plan_properties(plan), json_resource]
    whose = entity.name if entity else "todas las entidades del portal"
    return datapackage.package(
        name=f"{BULK_NAME}-{entity.nit}" if entity else BULK_NAME,
        title=f"Planes de acción publicados de {whose}",
        description=(
            f"Todos los planes de acción vigentes publicados de {whose}: por cada plan, su CSV "
            "(una fila por actividad) y su JSON, con el diccionario de datos como Table Schema."
        ),
        created=timezone.now().isoformat(timespec="seconds"),
        keywords=["plan de acción", "transparencia", "MIPG"],
        contributors=[_contributor(entity)] if entity else [],
        resources=resources,
    )


# -- DCAT ---------------------------------------------------------------------------------------

CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "owl": "http://www.w3.org/2002/07/owl#",
}
IANA = "https://www.iana.org/assignments/media-types/"
ZIP_MEDIA_TYPE = "application/zip"


def _date(value: datetime.datetime | datetime.date) -> dict[str, str]:
    if isinstance(value, datetime.datetime):
        return {"@value": value.isoformat(timespec="seconds"), "@type": "xsd:dateTime"}
    return {"@value": value.isoformat(), "@type": "xsd:date"}


def _publisher(entity: Entity | None) -> dict[str, Any]:
    if entity is None:
        return {"@type": "foaf:Agent", "foaf:name": PUBLISHER}
    return {
        "@id": absolute(reverse("portal:entity", args=[entity.nit])),
        "@type": "foaf:Agent",
        "foaf:name": entity.name,
        "dct:identifier": f"NIT {entity.nit_formatted}",
        **({"foaf:homepage": {"@id": entity.website}} if entity.website else {}),
    }


def _distribution(title: str, url: str, media_type: str, fmt: str) -> dict[str, Any]:
    return {
        "@id": url,
        "@type": "dcat:Distribution",
        "dct:title": title,
        "dcat:accessURL": {"@id": url},
        "dcat:downloadURL": {"@id": url},
        "dcat:mediaType": {"@id": f"{IANA}{media_type}"},
        "dct:format": fmt,
        "dct:license": {"@id": datapackage.LICENSE["path"]},
    }


def _plan_dataset(plan: Plan) -> dict[str, Any]:
    page = absolute(reverse("portal:plan", args=[plan.entity.nit, plan.pk]))
    files = [
        _distribution(
            f"{plan.title} ({fmt.upper()})", absolute(file_url(plan, fmt)), media_type, fmt.upper()
        )
        for fmt, media_type in FORMATS.items()
    ]
    files.append(
        _distribution(
            f"{plan.title} (Data Package)",
            absolute(file_url(plan, DESCRIPTOR)),
            datapackage.JSON_MEDIA_TYPE,
            "Frictionless Data Package",
        )
    )
    return {
        "@id": page,
        "@type": "dcat:Dataset",
        "dct:identifier": slug(plan),
        "dct:title": _title(plan),
        "dct:description": _description(plan),
        "dct:publisher": _publisher(plan.entity),
        "dct:issued": _date(plan.published_at),
        "dct:modified": _date(modified(plan)),
        "dct:license": {"@id": datapackage.LICENSE["path"]},
        "dct:language": {"@id": "http://publications.europa.eu/resource/authority/language/SPA"},
        "dct:temporal": {
            "@type": "dct:PeriodOfTime",
            "dcat:startDate": _date(datetime.date(plan.year, 1, 1)),
            "dcat:endDate": _date(datetime.date(plan.year, 12, 31)),
        },
        "dcat:keyword": ["plan de acción", plan.plan_type.name, str(plan.year)],
        "dcat:landingPage": {"@id": page},
        "owl:versionInfo": str(plan.version),
        "dcat:distribution": files,
    }


def _bulk_dataset(entity: Entity | None, plans: list[Plan]) -> dict[str, Any]:
    whose = entity.name if entity else "todas las entidades del portal"
    url = absolute(bulk_url(entity))
    page = absolute(catalogue_url(entity))
    return {
        "@id": f"{page}#{BULK_NAME}",
        "@type": "dcat:Dataset",
        "dct:identifier": f"{BULK_NAME}-{entity.nit}" if entity else BULK_NAME,
        "dct:title": f"Planes de acción publicados de {whose} (descarga masiva)",
        "dct:description": (
            f"Todos los planes de acción vigentes publicados de {whose} en un Data Package "
            "comprimido (ZIP): el CSV y el JSON de cada plan y su Table Schema."
        ),
        "dct:publisher": _publisher(entity),
        "dct:issued": _date(min(plan.published_at for plan in plans)),
        "dct:modified": _date(max(modified(plan) for plan in plans)),
        "dct:license": {"@id": datapackage.LICENSE["path"]},
        "dcat:keyword": ["plan de acción", "transparencia", "MIPG"],
        "dcat:landingPage": {"@id": page},
        "dcat:distribution": [
            _distribution(
                f"Planes de acción de {whose} (ZIP)", url, ZIP_MEDIA_TYPE, "ZIP Data Package"
            )
        ],
    }


def bulk_url(entity: Entity | None) -> str:
    if entity is None:
        return reverse("portal:bulk")
    return reverse("portal:entity_bulk", args=[entity.nit])


def catalogue_url(entity: Entity | None) -> str:
    if entity is None:
        return reverse("portal:catalogue")
    return reverse("portal:entity_catalogue", args=[entity.nit])


def dcat_catalogue(plans: Iterable[Plan]) -> dict[str, Any]:
    """A DCAT catalogue (JSON-LD, DCAT-AP's mandatory and recommended properties) of every
    published plan, with each entity's bulk download and the whole deployment's."""
    plans = list(plans)
    by_entity: dict[int, list[Plan]] = {}
    for plan in plans:
        by_entity.setdefault(plan.entity_id, []).append(plan)
    datasets = [_plan_dataset(plan) for plan in plans]
    datasets += [_bulk_dataset(group[0].entity, group) for group in by_entity.values()]
    if plans:
        datasets.append(_bulk_dataset(None, plans))
    return {
        "@context": CONTEXT,
        "@id": absolute(reverse("portal:dcat")),
        "@type": "dcat:Catalog",
        "dct:title": "Planes de acción de las entidades públicas: datos abiertos",
        "dct:description": (
            "Los planes de acción publicados (Ley 1474 de 2011, art. 74) con su seguimiento, "
            "en CSV, JSON y Frictionless Data Package."
        ),
        "dct:publisher": _publisher(None),
        "dct:language": {"@id": "http://publications.europa.eu/resource/authority/language/SPA"},
        "dct:license": {"@id": datapackage.LICENSE["path"]},
        "dct:modified": _date(max((modified(plan) for plan in plans), default=timezone.now())),
        "foaf:homepage": {"@id": absolute(reverse("portal:catalogue"))},
        "dcat:dataset": datasets,
    }
