"""Redis is down, then restarted: meanwhile pages are served from the database (core.cache acts
as an empty cache), no data is lost, and the session goes on (cached_db sessions are also in
the database)."""

from cluster.tests.conftest import PRIMARY, kill, query, restart_missing, wait_until


def test_redis_restarted_loses_no_data_and_pages_recover(scenario, person):
    plan, nit = scenario["plan"], scenario["nit"]
    public_page = f"/entidades/{nit}/planes/{plan}/"
    planner, anyone = person("planeacion"), person()
    assert planner.get(f"/planes/{plan}/").status_code == 200
    before = anyone.get(public_page)
    assert before.status_code == 200
    reports = query(PRIMARY, "SELECT count(*), sum(revision) FROM followup_report")

    kill("redis")
    during = anyone.get(public_page).status_code
    signed_in_during = planner.get(f"/planes/{plan}/").status_code
    restart_missing()
    assert (during, signed_in_during) == (200, 200), "served from the database while Redis is down"

    after = wait_until(
        lambda: (page := anyone.get(public_page)).status_code == 200 and page, 30, "the portal"
    )
    assert "Evidencia del clúster" in after.text
    still_in = planner.logged_in
    print(f"\nportal while Redis was down: {during}; session kept after restart: {still_in}")
    assert still_in, "cached_db sessions are in the database too"
    assert planner.get(f"/planes/{plan}/").status_code == 200
    assert query(PRIMARY, "SELECT count(*), sum(revision) FROM followup_report") == reports
