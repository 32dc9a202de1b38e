"""The Redis cache acts as an empty cache while Redis is down (core.cache): pages and sessions
come from the database instead of failing, and it works again once Redis is back. Against a real
redis-server on loopback (.ci/run installs it)."""

import shutil
import socket
import subprocess
import time

import pytest
from django.core.cache import caches
from django.test import override_settings


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Redis:
    def __init__(self, tmp_path):
        self.port, self.folder, self.process = free_port(), tmp_path, None

    def start(self):
        server = shutil.which("redis-server")
        assert server, "redis-server is not installed (apt-get install redis-server)"
        self.process = subprocess.Popen(
            [server, "--bind", "127.0.0.1", "--port", str(self.port), "--save", ""],
            cwd=self.folder,
            stdout=subprocess.DEVNULL,
        )
        for _ in range(100):
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self):
        self.process.kill()
        self.process.wait()


@pytest.fixture
def redis(tmp_path):
    server = Redis(tmp_path)
    server.start()
    yield server
    if server.process.poll() is None:
        server.stop()


@pytest.fixture
def redis_cache(redis):
    settings = {
        "default": {
            "BACKEND": "core.cache.TolerantRedisCache",
            "LOCATION": f"redis://127.0.0.1:{redis.port}/0",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    with override_settings(
        CACHES=settings, SESSION_ENGINE="django.contrib.sessions.backends.cached_db"
    ):
        yield caches["default"]


def test_while_redis_is_down_the_cache_is_empty_and_then_works_again(redis, redis_cache):
    redis_cache.set("clave", "valor")
    assert redis_cache.get("clave") == "valor"
    redis.stop()
    assert redis_cache.get("clave", "nada") == "nada"
    redis_cache.set("otra", 1)  # dropped, no error
    assert redis_cache.add("otra", 1) is True, "the caller goes on as the first to ask"
    assert redis_cache.get_many(["clave", "otra"]) == {}
    assert redis_cache.delete("clave") is False
    redis.start()
    redis_cache.set("clave", "de nuevo")
    assert redis_cache.get("clave") == "de nuevo"


def test_a_signed_in_person_and_the_portal_keep_working_while_redis_is_down(
    client, redis, redis_cache, planner, published_plan
):
    client.force_login(planner)
    assert client.get(f"/planes/{published_plan.pk}/").status_code == 200
    public = f"/entidades/{published_plan.entity.nit}/planes/{published_plan.pk}/"
    assert client.get(public).status_code == 200
    redis.stop()
    assert client.get(f"/planes/{published_plan.pk}/").status_code == 200, "session from the db"
    client.logout()
    assert client.get(public).status_code == 200, "the portal rendered from the database"
