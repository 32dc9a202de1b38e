"""The read-replica router, with two real databases: a primary and a copy of it taken before a
change, in a process configured with DATABASE_REPLICA_URL as docs/deploy.md says."""

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

PROBE = """
import json
import django
django.setup()
from django.db import connections
from django.test import Client
from organization.models import Membership, Role
from plans.models import Plan

plan = Plan.objects.using("default").select_related("entity").get()
public = f"/entidades/{plan.entity.nit}/planes/{plan.pk}/"
anonymous = Client(HTTP_HOST="localhost")
planner = Client(HTTP_HOST="localhost")
planner.force_login(Membership.objects.using("default").get(role=Role.PLANNER).user)
print(json.dumps({
    "aliases": sorted(connections.settings),
    "anonymous_public": anonymous.get(public).content.decode(),
    "planner_public": planner.get(public).content.decode(),
    "planner_page": planner.get(f"/planes/{plan.pk}/").content.decode(),
}))
"""


def manage(env, *args):
    subprocess.run(
        [sys.executable, "manage.py", *args], cwd=REPO, env=env, check=True, capture_output=True
    )


def test_anonymous_public_reads_go_to_the_replica_and_everything_else_to_the_primary(tmp_path):
    primary, replica = tmp_path / "primary.sqlite3", tmp_path / "replica.sqlite3"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "planaccion.settings",
        "VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{primary}",
        "LOG_LEVEL": "ERROR",
    }
    manage(env, "migrate", "--noinput")
    manage(env, "collectstatic", "--noinput")
    manage(env, "generate_synthetic", "--entities", "1", "--plans", "1", "--activities", "3")
    with sqlite3.connect(primary) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copy(primary, replica)  # the replica, as replication left it
    with sqlite3.connect(primary) as db:  # a change the replica has not received yet
        db.execute("UPDATE plans_plan SET title = 'Plan con el título nuevo'")

    env["DATABASE_REPLICA_URL"] = f"sqlite:///{replica}"
    out = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=REPO, env=env, check=True, capture_output=True, text=True
    )
    seen = json.loads(out.stdout.strip().splitlines()[-1])
    assert seen["aliases"] == ["default", "replica"]
    assert "Plan con el título nuevo" not in seen["anonymous_public"], (
        "the anonymous portal reads the replica"
    )
    assert "Plan con el título nuevo" in seen["planner_public"], (
        "a signed-in user reads the primary"
    )
    assert "Plan con el título nuevo" in seen["planner_page"]
