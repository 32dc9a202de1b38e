"""Reads that tolerate a few seconds of lag go to a read replica, when one is configured.

Only anonymous GET and HEAD requests to the public portal and the public API read from the
replica (`ReplicaReadsMiddleware` marks them); everything else, and every write, uses the
primary, so a user never misses what they have just saved. Set `DATABASE_REPLICA_URL` to turn
it on (docs/deploy.md); without it there is no router and no middleware.
"""

from __future__ import annotations

from contextvars import ContextVar

from django.conf import settings

REPLICA = "replica"
_reading_from_replica: ContextVar[bool] = ContextVar("reading_from_replica", default=False)


class ReadReplicaRouter:
    def db_for_read(self, model, **hints):
        return REPLICA if _reading_from_replica.get() else "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # one database, copied

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"  # the replica follows the primary's schema


class ReplicaReadsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.paths = tuple(settings.REPLICA_READ_PATHS)

    def __call__(self, request):
        if not (
            request.method in ("GET", "HEAD")
            and request.path.startswith(self.paths)
            and "HTTP_AUTHORIZATION" not in request.META
            and not request.user.is_authenticated  # read from the primary, before the switch
        ):
            return self.get_response(request)
        token = _reading_from_replica.set(True)
        try:
            return self.get_response(request)
        finally:
            _reading_from_replica.reset(token)
