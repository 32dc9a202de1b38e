"""Django's Redis cache, made to act as an empty cache while Redis cannot be reached.

The cache holds public pages, memos of public versions and the cached copy of sessions
(cached_db), never data of record (ADR 21): while Redis is down or restarting, a read is a miss
and a write is dropped, so pages are rendered from the database and sessions read from it,
instead of every request failing with a server error. Each failure is logged (at most every
few seconds)."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)
UNREACHABLE = (RedisConnectionError, RedisTimeoutError)
LOG_EVERY_SECONDS = 10
_last_logged = 0.0


def _unreachable(error: Exception) -> None:
    global _last_logged
    now = time.monotonic()
    if now - _last_logged >= LOG_EVERY_SECONDS:
        _last_logged = now
        logger.warning("Redis no responde; el caché se omite mientras tanto: %s", error)


def _tolerant(method: Callable, fallback: Callable[..., Any]) -> Callable:
    """``method`` of RedisCache, answering ``fallback(*args, **kwargs)`` when Redis is
    unreachable."""

    @wraps(method)
    def tolerant(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except UNREACHABLE as error:
            _unreachable(error)
            return fallback(*args, **kwargs)

    return tolerant


def _default(key, default=None, *args, **kwargs):
    return kwargs.get("default", default)


class TolerantRedisCache(RedisCache):
    """Reads miss, writes are dropped; ``add`` says True, so that its caller goes on as the first
    to ask (a task is enqueued twice rather than never)."""

    get = _tolerant(RedisCache.get, _default)
    get_many = _tolerant(RedisCache.get_many, lambda *a, **k: {})
    has_key = _tolerant(RedisCache.has_key, lambda *a, **k: False)
    set = _tolerant(RedisCache.set, lambda *a, **k: None)
    set_many = _tolerant(RedisCache.set_many, lambda data, *a, **k: list(data))
    add = _tolerant(RedisCache.add, lambda *a, **k: True)
    touch = _tolerant(RedisCache.touch, lambda *a, **k: False)
    delete = _tolerant(RedisCache.delete, lambda *a, **k: False)
    delete_many = _tolerant(RedisCache.delete_many, lambda *a, **k: None)
