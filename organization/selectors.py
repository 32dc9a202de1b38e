"""Reads of the directory that several apps' pages share."""

from __future__ import annotations

from django.http import Http404

from organization.models import Entity


def entity_by_nit(nit: str) -> Entity:
    """The entity of a public address (``/entidades/<nit>/...``), or 404."""
    entity = Entity.objects.filter(nit=nit).first()
    if entity is None:
        raise Http404("No existe una entidad con ese NIT.")
    return entity
