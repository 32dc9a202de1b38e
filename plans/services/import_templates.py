"""The entity's import template: how its files' columns are read, saved from a preview."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from audit import services as audit
from formats import manual_mapping
from organization import policy
from organization.models import Entity
from plans.models import ImportTemplate


def template_choices(entity: Entity) -> manual_mapping.Choices:
    """The choices of the entity's template ({} without one), keys as formats.manual_mapping
    reads them (a JSON object keeps positions as text)."""
    template = ImportTemplate.objects.filter(entity=entity).first()
    if template is None:
        return {}
    return manual_mapping.parse(template.mapping, "plantilla de la entidad")


@transaction.atomic
def save_import_template(entity: Entity, mapping: dict[str, str], *, by: Any) -> ImportTemplate:
    """Planeación of the entity keeps ``mapping`` (normalised column label → field) as the
    reading of its next imports, in place of the template it had."""
    if not policy.is_planner(by, entity.pk):
        raise PermissionDenied("Solo Planeación de la entidad guarda su plantilla de importación.")
    manual_mapping.parse(mapping, "plantilla de la entidad")  # a field once, numbers in range
    template = ImportTemplate.objects.select_for_update().filter(entity=entity).first()
    before = audit.snapshot(template) if template else None
    template = template or ImportTemplate(entity=entity)
    template.mapping = mapping
    template.created_by = by
    template.save()
    audit.record(
        "plans.import_template.changed" if before else "plans.import_template.created",
        template,
        by=by,
        before=before,
        after=audit.snapshot(template),
        entity_id=entity.pk,
    )
    return template
