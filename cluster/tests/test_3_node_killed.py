"""One node is killed (kill -9, its whole gunicorn process group) while twenty reporters submit
their reports at once through nginx: nothing a client was told is saved is missing, nothing is
saved twice, and the only errors are requests that were already inside the dead node, which
nginx must not send again (a POST may have been half done)."""

import threading
import time

import requests

from cluster.tests.conftest import NODES, PRIMARY, kill, query, restart_missing, wait_until


def test_a_node_killed_during_a_burst_of_reports_loses_nothing(scenario, person):
    reporters = {name: person(name) for name in scenario["reporters"]}
    told: list[dict] = []
    lock = threading.Lock()
    start = threading.Barrier(len(reporters) + 1)

    def submit(name: str) -> None:
        someone = reporters[name]
        start.wait()
        for activity in scenario["reporters"][name]:
            began = time.monotonic()
            try:
                response = someone.post(
                    f"/seguimiento/actividad/{activity}/periodo/1/",
                    {
                        "value": "3",
                        "narrative": f"Reporte de {name}.",
                        "revision": "0",
                        "enviar": "1",
                    },
                    allow_redirects=False,
                )
                outcome = (response.status_code, response.headers.get("X-Upstream", "?"))
            except requests.RequestException as error:
                outcome = (type(error).__name__, "?")
            with lock:
                told.append(
                    {
                        "activity": activity,
                        "who": name,
                        "status": outcome[0],
                        "upstream": outcome[1],
                        "at": began,
                        "took": time.monotonic() - began,
                    }
                )

    threads = [threading.Thread(target=submit, args=(name,)) for name in reporters]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.monotonic()
    time.sleep(1.0)
    killed_at = time.monotonic() - began
    kill("node1")
    for thread in threads:
        thread.join(120)

    activities = [a for acts in scenario["reporters"].values() for a in acts]
    saved = dict(
        query(
            PRIMARY,
            "SELECT activity_id, count(*) FROM followup_report "
            "WHERE period = 1 AND status = 'enviado' AND activity_id = ANY(%s) GROUP BY 1",
            activities,
        )
    )
    ok = [t for t in told if t["status"] == 302]
    errors = [t for t in told if t["status"] != 302]
    by_node = {node: sum(t["upstream"].endswith(node) for t in ok) for node in NODES}
    print(
        f"\n{len(told)} submissions, node1 killed at {killed_at:.2f} s; answered 302 by node:"
        f" {by_node}; errors: {len(errors)}"
    )
    for error in errors:
        print(
            f"  error {error['status']} via {error['upstream']} for activity "
            f"{error['activity']} ({error['who']}, {error['at'] - began:.2f} s after the start,"
            f" {error['took']:.2f} s); in the database: {saved.get(error['activity'], 0)}"
        )

    assert len(told) == len(activities)
    assert all(saved.get(t["activity"]) == 1 for t in ok), "a report the client was told is saved"
    assert all(count == 1 for count in saved.values()), "a report saved twice"
    # Only what was inside node1 when it died fails, as 502: nginx sent it and cannot resend it.
    assert all(t["status"] == 502 and t["upstream"].startswith("127.0.0.1:8101") for t in errors)
    assert len(errors) <= len(reporters)
    # Both nodes answered before the kill; after it, node2 alone.
    assert all(by_node.values())

    restart_missing()
    # Back in the turn once nginx's fail_timeout (5 s) has passed.
    anyone = person()
    wait_until(
        lambda: {anyone.get("/salud/").headers["X-Upstream"] for _ in range(2)} == set(NODES),
        15,
        "node1 back behind nginx",
    )
