"""Anonymous reads of the portal and the API go to the replica, everything else to the primary:
seen in each server's own statistics of scans on the plan tables."""

import time

from cluster.tests.conftest import PRIMARY, REPLICA, query, tasks_idle, wait_until

PLAN_TABLES = ("plans_plan", "plans_activity", "followup_report", "followup_progresssum")


# A backend flushes its counters at most once a second; what it could not flush then waits until
# it has been idle for PGSTAT_IDLE_INTERVAL, 10 s (PostgreSQL 15+, pgstat.c). Waiting less let a
# request's scans land in the next measurement.
FLUSHED_AFTER = 11


def scans(dsn: str) -> int:
    [(total,)] = query(
        dsn,
        "SELECT coalesce(sum(coalesce(seq_scan, 0) + coalesce(idx_scan, 0)), 0)::bigint "
        "FROM pg_stat_user_tables WHERE relname = ANY(%s)",
        list(PLAN_TABLES),
    )
    return total


def deltas(read) -> tuple[int, int]:
    time.sleep(FLUSHED_AFTER)
    before = scans(PRIMARY), scans(REPLICA)
    read()
    time.sleep(FLUSHED_AFTER)
    return scans(PRIMARY) - before[0], scans(REPLICA) - before[1]


def test_anonymous_public_reads_hit_the_replica_and_the_rest_the_primary(scenario, person):
    # The worker and the scheduler read plans too: measure when they have nothing to do.
    wait_until(tasks_idle, 180, "the task queue empty")
    plan, nit = scenario["plan"], scenario["nit"]
    anyone, planner = person(), person("planeacion")
    [(lag,)] = query(REPLICA, "SELECT pg_is_in_recovery()")
    assert lag is True  # the replica is a standby

    def anonymous():
        for _ in range(3):
            assert anyone.get(f"/api/v1/planes/{plan}").status_code == 200
            assert anyone.get(f"/api/v1/planes/{plan}/actividades").status_code == 200
            assert anyone.get("/api/v1/planes", params={"entidad_nit": nit}).status_code == 200
        assert anyone.get(f"/entidades/{nit}/planes/{plan}/?p=replica").status_code == 200

    primary, replica = deltas(anonymous)
    print(f"\nanonymous reads: primary +{primary} scans, replica +{replica}")
    assert replica > 0 and primary == 0

    def logged_in():
        for _ in range(3):
            assert planner.get(f"/planes/{plan}/").status_code == 200
        assert planner.get(f"/entidades/{nit}/planes/{plan}/").status_code == 200
        assert planner.get(f"/api/v1/planes/{plan}").status_code == 200

    primary, replica = deltas(logged_in)
    print(f"logged-in reads: primary +{primary} scans, replica +{replica}")
    assert primary > 0 and replica == 0
