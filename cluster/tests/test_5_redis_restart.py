"""Redis is restarted: no data is lost and pages come back; a session may have to log in
again (cached_db sessions are also in the database, so it should not)."""

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
    restart_missing()

    after = wait_until(
        lambda: (page := anyone.get(public_page)).status_code == 200 and page, 30, "the portal"
    )
    assert "Evidencia del clúster" in after.text
    still_in = planner.logged_in
    print(f"\nportal while Redis was down: {during}; session kept after restart: {still_in}")
    if not still_in:
        planner.log_in(scenario["password"])
    assert planner.get(f"/planes/{plan}/").status_code == 200
    assert query(PRIMARY, "SELECT count(*), sum(revision) FROM followup_report") == reports
