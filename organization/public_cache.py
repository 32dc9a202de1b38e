"""A version number per entity for the public pages' cache.

Public pages are cached under a key that includes the entity's version; publishing a plan or
validating a report bumps it (after the commit), so the next visitor gets fresh pages and no
stale entry has to be hunted down.
"""

from django.core.cache import cache
from django.db import transaction


def _key(entity_id: int) -> str:
    return f"public-version:{entity_id}"


def version(entity_id: int) -> int:
    return cache.get_or_set(_key(entity_id), 1, timeout=None)


def invalidate(entity_id: int) -> None:
    """Bump the entity's version once the current transaction commits."""

    def bump() -> None:
        try:
            cache.incr(_key(entity_id))
        except ValueError:
            cache.set(_key(entity_id), 2, timeout=None)

    transaction.on_commit(bump)


def entity_id(nit: str) -> int | None:
    """The id of the entity with this NIT, remembered in the cache (a NIT never changes hands),
    so that serving a cached public page needs no database query. None if there is none."""
    key = f"public-nit:{nit}"
    found = cache.get(key)
    if found is None:
        from organization.models import Entity

        found = Entity.objects.filter(nit=nit).values_list("pk", flat=True).first()
        if found is not None:
            cache.set(key, found, timeout=None)
    return found
