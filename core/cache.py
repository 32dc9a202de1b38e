"""Django's Redis cache, made to act as an empty cache while Redis cannot be reached.

The cache holds public pages, memos of public versions and the cached copy of sessions
(cached_db), never data of record (ADR 21): while Redis is down or restarting, a read is a miss
and a write is dropped, so pages are rendered from the database and sessions read from it,
instead of every request failing with a server error. Each failure is logged (at most every
few seconds)."""

from __future__ import annotations

import logging
import time
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


class TolerantRedisCache(RedisCache):
    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except UNREACHABLE as error:
            _unreachable(error)
            return default

    def get_many(self, keys, version=None) -> dict[str, Any]:
        try:
            return super().get_many(keys, version)
        except UNREACHABLE as error:
            _unreachable(error)
            return {}

    def has_key(self, key, version=None) -> bool:
        try:
            return super().has_key(key, version)
        except UNREACHABLE as error:
            _unreachable(error)
            return False

    def set(self, key, value, timeout=..., version=None) -> None:
        try:
            super().set(key, value, self._timeout(timeout), version)
        except UNREACHABLE as error:
            _unreachable(error)

    def set_many(self, data, timeout=..., version=None) -> list:
        try:
            return super().set_many(data, self._timeout(timeout), version)
        except UNREACHABLE as error:
            _unreachable(error)
            return list(data)

    def add(self, key, value, timeout=..., version=None) -> bool:
        """True when Redis is unreachable: the caller goes on as the first to ask (a task is
        enqueued twice rather than never)."""
        try:
            return super().add(key, value, self._timeout(timeout), version)
        except UNREACHABLE as error:
            _unreachable(error)
            return True

    def touch(self, key, timeout=..., version=None) -> bool:
        try:
            return super().touch(key, self._timeout(timeout), version)
        except UNREACHABLE as error:
            _unreachable(error)
            return False

    def delete(self, key, version=None) -> bool:
        try:
            return super().delete(key, version)
        except UNREACHABLE as error:
            _unreachable(error)
            return False

    def delete_many(self, keys, version=None) -> None:
        try:
            super().delete_many(keys, version)
        except UNREACHABLE as error:
            _unreachable(error)

    def _timeout(self, timeout):
        from django.core.cache.backends.base import DEFAULT_TIMEOUT

        return DEFAULT_TIMEOUT if timeout is ... else timeout
