"""The year's main steps through nginx, each person's requests landing on both nodes in turn:
publish, report with evidence, validate, verify, read the public page and its downloads."""

import itertools
import uuid
from pathlib import Path

from cluster.tests.conftest import (
    CLUSTER_DIR,
    NODES,
    PRIMARY,
    TRAFFIC,
    bucket,
    bucket_objects,
    form_field,
    query,
    wait_until,
)

DEMO_PDF = (
    Path(__file__).resolve().parents[2] / "demo" / "data" / "autodiagnostico-participacion.pdf"
)


def local_copies(content: bytes) -> list[Path]:
    """Files with these bytes anywhere under var/cluster but the databases."""
    return [
        path
        for path in CLUSTER_DIR.rglob("*")
        if path.is_file()
        and "pg" not in path.relative_to(CLUSTER_DIR).parts[:1]
        and path.stat().st_size == len(content)
        and path.read_bytes() == content
    ]


def test_the_years_main_steps_through_both_nodes(scenario, person):
    plan, nit, activity = scenario["plan"], scenario["nit"], scenario["cycle_activity"]
    public_page = f"/entidades/{nit}/planes/{plan}/"
    start = len(TRAFFIC)
    planner, reporter, auditor, anyone = (
        person("planeacion"),
        person("responsable"),
        person("controlinterno"),
        person(),
    )

    # Planeación publishes the approved plan.
    assert planner.post(f"/planes/{plan}/publicar/").ok
    assert query(PRIMARY, "SELECT status FROM plans_plan WHERE id = %s", plan) == [("publicado",)]
    assert anyone.get(public_page).status_code == 200

    # The responsable reports the first period with a public evidence file.
    marker = f"Evidencia del clúster {uuid.uuid4().hex[:8]}"
    evidence = DEMO_PDF.read_bytes() + f"\n% {marker}\n".encode()
    form = reporter.get(f"/seguimiento/actividad/{activity}/periodo/1/")
    sent = reporter.post(
        f"/seguimiento/actividad/{activity}/periodo/1/",
        {
            "value": "4",
            "narrative": "Cuatro actividades realizadas en el trimestre.",
            "evidence_description": marker,
            "evidence_public": "on",
            "revision": form_field(form.text, "revision"),
            "enviar": "1",
        },
        files={"evidence_file": ("evidencia.pdf", evidence, "application/pdf")},
    )
    assert sent.ok and "El seguimiento se envió" in sent.text
    [(report, evidence_id, key)] = query(
        PRIMARY,
        "SELECT r.id, e.id, e.file FROM followup_report r JOIN followup_evidence e "
        "ON e.report_id = r.id WHERE r.activity_id = %s AND r.period = 1",
        activity,
    )

    # The file went to the bucket, not to any node's disk, and both nodes serve it.
    assert bucket_objects().get(key) == len(evidence)
    s3, name = bucket()
    assert s3.get_object(Bucket=name, Key=key)["Body"].read() == evidence
    assert local_copies(evidence) == []
    served_by = set()
    for _ in range(2):
        download = reporter.get(f"/seguimiento/evidencia/{evidence_id}/")
        assert download.status_code == 200 and download.content == evidence
        served_by.add(download.headers["X-Upstream"])
    assert served_by == set(NODES)

    # Both nodes have the public page cached without the evidence...
    for _ in range(2):
        assert marker not in anyone.get(public_page).text
    # ...Planeación validates on one node, and at once both show it.
    review = planner.get(f"/seguimiento/reporte/{report}/")
    assert planner.post(
        f"/seguimiento/reporte/{report}/",
        {"action": "validar", "comment": "", "revision": form_field(review.text, "revision")},
    ).ok
    assert query(PRIMARY, "SELECT status FROM followup_report WHERE id = %s", report)[0][0] == (
        "validado"
    )
    seen = {}
    for _ in range(2):
        page = anyone.get(public_page)
        seen[page.headers["X-Upstream"]] = marker in page.text
    assert seen == dict.fromkeys(NODES, True), seen

    # Control Interno verifies and publishes its observation.
    observation = f"Verificado en el clúster {uuid.uuid4().hex[:8]}"
    check = auditor.get(f"/seguimiento/reporte/{report}/")
    assert auditor.post(
        f"/seguimiento/reporte/{report}/",
        {
            "action": "verificar",
            "agrees": "1",
            "observation": observation,
            "public": "on",
            "revision": form_field(check.text, "revision"),
        },
    ).ok
    for _ in range(2):
        assert observation in anyone.get(public_page).text

    # The public downloads come from the bucket once the worker has drawn them; until then 503.
    for fmt in ("pdf", "xlsx"):

        def stored(fmt=fmt):
            response = anyone.get(f"/entidades/{nit}/planes/{plan}/plan.{fmt}")
            assert response.status_code in (200, 503), response.status_code
            if response.status_code == 503:
                assert response.headers.get("Retry-After")
            return response.status_code == 200 and response

        assert wait_until(stored, 120, f"the public {fmt}").content
    assert any(key.endswith(".pdf") for key in bucket_objects(f"publicados/{plan}/"))

    # One request at a time went through nginx: each went to the other node than the last.
    upstreams = TRAFFIC[start:]
    print(f"\n{len(upstreams)} requests, by node:", {n: upstreams.count(n) for n in NODES})
    assert set(upstreams) == set(NODES)
    assert all(a != b for a, b in itertools.pairwise(upstreams)), upstreams
    assert set(planner.upstreams) == set(NODES)
