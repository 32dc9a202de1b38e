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
from django.dispatch import Signal

from organization.models import Entity

# How long a memoised version may be used without asking the database. A bump deletes the memo
# once it commits; this bounds what a request that read the older number just before that
# commit, and memoised it just after, can leave behind (like the read replica's lag).
MEMO_SECONDS = 10
STORED_NIT = re.compile(r"[0-9]{1,15}-[0-9]")

# Sent once a write to public data has committed, with ``entity_ids`` and ``plan_id`` (the one
# plan the write changed, or None: any plan of those entities). followup regenerates the public
# files from it (followup.tasks).
public_changed = Signal()


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


def invalidate(entity_id: int, plan_id: int | None = None) -> None:
    """Mark everything public of the entity stale: its version moves on with the caller's
    transaction (and stays put if that rolls back). ``plan_id`` names the one plan whose
    content changed, when the change touches no other."""
    entities = Entity.objects.filter(pk=entity_id)
    entities.update(public_version=F("public_version") + 1)
    _forget(entities, plan_id)


def invalidate_all() -> None:
    """For a change every entity's pages show (the name of a plan type)."""
    Entity.objects.update(public_version=F("public_version") + 1)
    _forget(Entity.objects.all())


def _forget(entities, plan_id: int | None = None) -> None:
    found = list(entities.values_list("pk", "nit"))
    keys = [_memo_key(nit) for _pk, nit in found]
    ids = [pk for pk, _nit in found]

    def committed() -> None:
        cache.delete_many(keys)
        public_changed.send(sender=Entity, entity_ids=ids, plan_id=plan_id)

    transaction.on_commit(committed)
