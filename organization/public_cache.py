"""Freshness of the public portal: a version number per entity, kept on the entity's row.

Every write that changes what the portal shows bumps it in the write's own transaction, and the
number is part of the key of every cached public page and of the name of every stored public
file (followup.publication). The cache holds pages, never the number: evicting an entry costs a
render and nothing more, because the version of record is in the database (ADR 21).

So that a cached page is served without a database query, anonymous requests read the
(entity id, version) pair through a memo of a few seconds in the cache. Evicting the memo only
sends the next request to the database; a bump deletes it after its commit.
"""

from __future__ import annotations

import re

from django.core.cache import cache
from django.db import transaction
from django.db.models import F

from organization.models import Entity

# How long a memoised version may be used without asking the database. A bump deletes the memo
# once it commits; this bounds what a request that read the older number just before that
# commit, and memoised it just after, can leave behind (like the read replica's lag).
MEMO_SECONDS = 10
STORED_NIT = re.compile(r"[0-9]{1,15}-[0-9]")


def _memo_key(nit: str) -> str:
    return f"public-entity:{nit}"


def current(nit: str) -> tuple[int, int] | None:
    """(id, public version) of the entity with this NIT, or None if there is none."""
    if not STORED_NIT.fullmatch(nit):
        return None  # none is stored so (organization.nit), and it would make a poor cache key
    key = _memo_key(nit)
    found = cache.get(key)
    if found is None:
        found = Entity.objects.filter(nit=nit).values_list("pk", "public_version").first()
        if found is None:
            return None
        cache.set(key, found, MEMO_SECONDS)
    return found


def invalidate(entity_id: int) -> None:
    """Mark everything public of the entity stale: its version moves on with the caller's
    transaction (and stays put if that rolls back)."""
    entities = Entity.objects.filter(pk=entity_id)
    entities.update(public_version=F("public_version") + 1)
    _forget(entities)


def invalidate_all() -> None:
    """For a change every entity's pages show (the name of a plan type)."""
    Entity.objects.update(public_version=F("public_version") + 1)
    _forget(Entity.objects.all())


def _forget(entities) -> None:
    keys = [_memo_key(nit) for nit in entities.values_list("nit", flat=True)]
    transaction.on_commit(lambda: cache.delete_many(keys))
