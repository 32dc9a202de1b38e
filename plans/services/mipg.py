"""The MIPG catalogue (dimensions and policies), kept by the system administrator like the
plan types: added, renamed, reordered, deactivated; a policy no plan or activity carries may
be deleted, one in use only deactivated (its tags stay on the plans that carry them)."""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from audit import services as audit
from core.text import fold
from organization import public_cache
from plans.models import MipgDimension, MipgPolicy
from plans.services.plan_types import save_catalogue_entry

REFUSAL = "Solo el administrador del sistema edita el catálogo de MIPG."


@transaction.atomic
def save_dimension(dimension: MipgDimension | None, *, by: Any, **fields: Any) -> MipgDimension:
    return save_catalogue_entry(
        dimension or MipgDimension(),
        by=by,
        action="plans.mipg_dimension",
        refusal=REFUSAL,
        **fields,
    )


@transaction.atomic
def save_policy(policy: MipgPolicy | None, *, by: Any, **fields: Any) -> MipgPolicy:
    return save_catalogue_entry(
        policy or MipgPolicy(), by=by, action="plans.mipg_policy", refusal=REFUSAL, **fields
    )


@transaction.atomic
def delete_policy(policy: MipgPolicy, *, by: Any) -> None:
    """Delete a policy nothing carries; one in use is refused, naming how much uses it."""
    if not getattr(by, "is_superuser", False):
        raise PermissionDenied(REFUSAL)
    plans, activities = policy.plans.count(), policy.activities.count()
    if plans or activities:
        raise ValidationError(
            f"La política «{policy.name}» está en uso ({plans} plan(es) y {activities} "
            "actividad(es)): desactívela en lugar de eliminarla, para que esos planes la "
            "conserven."
        )
    before = audit.snapshot(policy)
    audit.record("plans.mipg_policy.deleted", policy, by=by, before=before)
    policy.delete()
    public_cache.invalidate_all()


class CatalogueFinder:
    """The catalogue by name (or code) as a file writes it: accents, case and spacing aside;
    a dimension also by its number («3. Gestión con Valores…»). Read in two queries."""

    def __init__(self):
        self.policies: dict[str, MipgPolicy] = {}
        for policy in MipgPolicy.objects.all():
            self.policies[fold(policy.name)] = self.policies[fold(policy.code)] = policy
        self.dimensions = {fold(d.name): d for d in MipgDimension.objects.all()}

    def policy(self, written: str) -> MipgPolicy | None:
        return self.policies.get(fold(written))

    def dimension(self, written: str) -> MipgDimension | None:
        return self.dimensions.get(fold(re.sub(r"^\s*\d+\s*[.)-]?\s*", "", written)))

    def dimension_names(self) -> str:
        return "; ".join(d.name for d in self.dimensions.values())
