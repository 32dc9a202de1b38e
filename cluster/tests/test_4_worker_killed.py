"""The worker is killed (kill -9) while it draws the PDF of a plan of 3,000 activities, then
started again as a supervisor would: the task it left RUNNING runs again and the file reaches the
bucket."""

import time

from cluster.tests.conftest import (
    PRIMARY,
    bucket_objects,
    kill,
    query,
    restart_missing,
    tasks_idle,
    wait_until,
)


def task_of(plan: int):
    rows = query(
        PRIMARY,
        "SELECT id, status FROM django_tasks_database_dbtaskresult "
        "WHERE task_path LIKE '%%refresh_plan_files' AND args_kwargs::text ~ %s "
        "ORDER BY enqueued_at DESC",
        rf"\m{plan}\M",
    )
    return rows[0] if rows else None


def test_a_killed_worker_leaves_no_task_behind(scenario, person):
    plan, nit = scenario["big_plan"], scenario["big_nit"]
    pdf = f"/entidades/{nit}/planes/{plan}/plan.pdf"
    wait_until(tasks_idle, 180, "the task queue empty")
    # Nobody has asked for this plan's files: the first to ask is told to come back, and the
    # request enqueues the task that draws them.
    first = person().get(pdf)
    assert first.status_code == 503 and first.headers["Retry-After"]

    started = time.monotonic()
    task = wait_until(
        lambda: (t := task_of(plan)) and t[1] == "RUNNING" and t,
        60,
        "the big plan's task RUNNING",
        every=0.05,
    )
    time.sleep(1.0)
    kill("worker")
    assert task_of(plan) == (task[0], "RUNNING")  # nobody finished it
    assert not [k for k in bucket_objects(f"publicados/{plan}/") if k.endswith(".pdf")]

    restart_missing()
    wait_until(
        lambda: task_of(plan) == (task[0], "SUCCESSFUL"), 240, "the task done again", every=0.5
    )
    took = time.monotonic() - started
    stored = bucket_objects(f"publicados/{plan}/")
    print(f"\nbig plan's files after the restart ({took:.1f} s): {stored}")
    assert any(key.endswith(".pdf") for key in stored)
    download = person().get(pdf)
    assert download.status_code == 200 and download.content.startswith(b"%PDF")
