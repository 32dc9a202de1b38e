"""What the cluster scenarios share: the cluster's address and folders, people who log in through
nginx, the two databases, the bucket, and a way to kill a piece and start it again as a
supervisor would (`bin/cluster up` starts whatever is not running).

The cluster must be up and its env file sourced (`make cluster-test` does both)."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import time
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path

import boto3
import psycopg
import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
CLUSTER_DIR = Path(os.environ.get("CLUSTER_DIR", ROOT / "var" / "cluster"))
URL = os.environ.get("CLUSTER_URL", "http://127.0.0.1:8100")
NODES = {"127.0.0.1:8101": "node1", "127.0.0.1:8102": "node2"}
# Which node answered each request of the session, in order, whoever sent it.
TRAFFIC: list[str] = []
PRIMARY = "postgres://planaccion:planaccion@127.0.0.1:5433/planaccion"
REPLICA = "postgres://planaccion:planaccion@127.0.0.1:5434/planaccion"


def pytest_configure(config):
    if "DATABASE_URL" not in os.environ or "S3_BUCKET" not in os.environ:
        pytest.exit("Run through `make cluster-test`, or `source var/cluster/env` first.", 2)


def form_field(html: str, name: str) -> str:
    """The value of the named input of a page's form (the first one)."""
    for tag in re.findall(r"<input[^>]*>", html):
        if re.search(rf'name="{re.escape(name)}"', tag):
            value = re.search(r'value="([^"]*)"', tag)
            return unescape(value.group(1)) if value else ""
    raise AssertionError(f"no input {name!r} in the page")


@dataclass
class Person:
    """Someone using the site through nginx with a browser's cookies; remembers which node
    answered each request (nginx's X-Upstream header), redirects included."""

    username: str | None = None
    session: requests.Session = field(default_factory=requests.Session)
    upstreams: list[str] = field(default_factory=list)

    def _note(self, response: requests.Response) -> requests.Response:
        for hop in [*response.history, response]:
            self.upstreams.append(hop.headers.get("X-Upstream", "?"))
            TRAFFIC.append(hop.headers.get("X-Upstream", "?"))
        return response

    def get(self, path: str, **kwargs) -> requests.Response:
        return self._note(self.session.get(URL + path, timeout=180, **kwargs))

    def post(self, path: str, data: dict | None = None, **kwargs) -> requests.Response:
        data = dict(data or {})
        data["csrfmiddlewaretoken"] = self.session.cookies.get("csrftoken", "")
        return self._note(
            self.session.post(
                URL + path, data=data, headers={"Referer": URL + path}, timeout=180, **kwargs
            )
        )

    def log_in(self, password: str) -> None:
        self.get("/ingresar/")
        response = self.post("/ingresar/", {"username": self.username, "password": password})
        assert response.ok and "/ingresar/" not in response.url, f"{self.username} not in"

    @property
    def logged_in(self) -> bool:
        return self.get("/cuenta/", allow_redirects=False).status_code == 200


@pytest.fixture(scope="session")
def scenario() -> dict:
    """The scenarios' data, made once (cluster/scenario_data.py) on the primary."""
    result = subprocess.run(
        [str(ROOT / ".venv/bin/python"), "manage.py", "shell", "-v0"],
        stdin=(ROOT / "cluster" / "scenario_data.py").open(),
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    line = next(x for x in result.stdout.splitlines() if x.startswith("SCENARIO "))
    return json.loads(line.removeprefix("SCENARIO "))


@pytest.fixture
def person(scenario):
    def make(username: str | None = None) -> Person:
        someone = Person(username)
        if username:
            someone.log_in(scenario["password"])
        return someone

    return make


def query(dsn: str, sql: str, *params):
    with psycopg.connect(dsn, autocommit=True) as connection:
        return connection.execute(sql, params).fetchall()


def bucket():
    s3 = boto3.client(
        "s3",
        endpoint_url=os.environ["S3_ENDPOINT_URL"],
        aws_access_key_id=os.environ["S3_ACCESS_KEY_ID"],
        aws_secret_access_key=os.environ["S3_SECRET_ACCESS_KEY"],
        region_name=os.environ.get("S3_REGION", "us-east-1"),
    )
    return s3, os.environ["S3_BUCKET"]


def bucket_objects(prefix: str = "") -> dict[str, int]:
    s3, name = bucket()
    objects = {}
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=name, Prefix=prefix):
        for item in page.get("Contents", []):
            objects[item["Key"]] = item["Size"]
    return objects


def pid_of(name: str) -> int:
    return int((CLUSTER_DIR / "run" / f"{name}.pid").read_text())


def kill(name: str) -> None:
    """kill -9 a piece of the cluster: its whole process group (gunicorn's workers too)."""
    pid = pid_of(name)
    os.killpg(pid, signal.SIGKILL)
    wait_until(lambda: not running(pid), 5, f"{name} dead", every=0.02)


def running(pid: int) -> bool:
    """Alive and not a zombie (a killed piece's parent is PID 1, which may never reap it)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, IndexError):
        return False
    return state not in ("Z", "X")


def restart_missing() -> None:
    """What a supervisor does: start again whatever is not running."""
    subprocess.run([str(ROOT / "bin" / "cluster"), "up"], check=True, cwd=ROOT)


def wait_until(condition, seconds: float, what: str, every: float = 0.2):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"{what}: not within {seconds} s")


def tasks_idle() -> bool:
    return not query(
        PRIMARY,
        "SELECT 1 FROM django_tasks_database_dbtaskresult WHERE status IN ('READY', 'RUNNING')",
    )
