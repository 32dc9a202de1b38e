"""The open-data catalogue: data packages of each published plan (portal and API), bulk
downloads per entity and for the whole deployment kept in storage, the DCAT catalogue, and
`frictionless validate` on a real package."""

import copy
import csv
import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from django.conf import settings

from conftest import acta
from followup import publication, publishing
from followup.importing import import_plan
from followup.tests import steps
from formats import datapackage
from formats.opendata import ACTIVITY_FIELDS, PLAN_FIELDS
from organization import services as organization
from plans.models import Activity, Plan
from plans.services import workflow
from portal.tests.calls import count_calls

FRICTIONLESS = Path(sys.executable).parent / "frictionless"


@pytest.fixture
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def publish(plan, planner, approver) -> Plan:
    Activity.objects.filter(plan=plan).update(months=[3, 6], indicator_target=2)
    workflow.submit_for_review(plan, by=planner)
    workflow.approve_plan(plan, by=approver, **acta(plan))
    return publishing.publish_plan(plan, by=planner)


@pytest.fixture
def other_approver(other_entity):
    return organization.create_member(
        other_entity, username="olga", password=None, role="viewer", can_approve=True
    )


@pytest.fixture
def world(
    time_machine,
    media,
    published_plan,
    planner,
    reporter_a,
    other_entity,
    other_planner,
    other_approver,
    seed_document,
    django_capture_on_commit_callbacks,
):
    """Cartago's published plan with a report of period I validated on 3 June, and its version
    2 in draft; the other entity's published plan and a draft of it. Today is 3 June 2025:
    period I (January to March) has closed, and its cut-off is the open data's."""
    document = copy.deepcopy(seed_document)  # the same plan, as the other entity's
    document.control.nit, document.control.entity_name = other_entity.nit, other_entity.name
    time_machine.move_to("2025-04-03 10:00 -0500", tick=False)
    report = steps.submit(published_plan.activities.get(number=3), reporter_a, value="2")
    time_machine.move_to("2025-06-03 10:00 -0500", tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        steps.validate(report, planner)
        cartago_draft = workflow.start_new_version(published_plan, by=planner, reason="Ajuste")
        other = import_plan(document, entity=other_entity).plan
        other = publish(other, other_planner, other_approver)
        other_draft = import_plan(document, entity=other_entity, year=2026).plan
    return {
        "cartago": published_plan,
        "cartago_draft": cartago_draft,
        "other": other,
        "other_draft": other_draft,
    }


def local(url: str) -> str:
    assert url.startswith(settings.SITE_URL), url
    return url.removeprefix(settings.SITE_URL)


def unzip(response) -> zipfile.ZipFile:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    return zipfile.ZipFile(io.BytesIO(response.getvalue()))


def packaged_plans(archive: zipfile.ZipFile) -> set[int]:
    descriptor = json.loads(archive.read("datapackage.json"))
    return {r["plan_id"] for r in descriptor["resources"] if r["name"].endswith("-csv")}


def test_the_catalogue_lists_every_published_plan_with_its_open_data(client, world):
    page = client.get("/datos-abiertos/").content.decode()
    for plan in (world["cartago"], world["other"]):
        nit = plan.entity.nit
        assert f'href="/entidades/{nit}/planes/{plan.pk}/datapackage.json"' in page
        assert f'href="/entidades/{nit}/planes/{plan.pk}/plan.csv"' in page
        assert f'href="/entidades/{nit}/planes/{plan.pk}/plan.json"' in page
        assert f'href="/entidades/{nit}/datos-abiertos/planes-de-accion.zip"' in page
        assert f"<caption>Planes publicados de {plan.entity.name}</caption>" in page
    for draft in (world["cartago_draft"], world["other_draft"]):
        assert f"/planes/{draft.pk}/" not in page
    assert 'href="/datos-abiertos/planes-de-accion.zip"' in page
    assert 'href="/datos-abiertos/catalogo.jsonld"' in page
    assert 'href="/datos-abiertos/diccionario/"' in page
    assert "15/01/2025" in page, "published on, dd/mm/aaaa"
    assert '<th scope="row"><a href="/entidades/' in page
    assert "Creative Commons Atribución 4.0 Internacional" in page


def test_an_entity_catalogue_lists_only_its_plans(client, world):
    nit = world["cartago"].entity.nit
    page = client.get(f"/entidades/{nit}/datos-abiertos/").content.decode()
    assert f"/planes/{world['cartago'].pk}/datapackage.json" in page
    assert f"/planes/{world['other'].pk}/" not in page
    assert f"/entidades/{nit}/datos-abiertos/planes-de-accion.zip" in page
    assert (
        f'href="/entidades/{nit}/datos-abiertos/"'
        in client.get(f"/entidades/{nit}/").content.decode()
    )


def test_the_national_bulk_download_holds_every_published_plan_and_no_draft(client, world):
    archive = unzip(client.get("/datos-abiertos/planes-de-accion.zip"))
    assert packaged_plans(archive) == {world["cartago"].pk, world["other"].pk}
    for plan in (world["cartago"], world["other"]):
        name = f"planes/plan-{plan.entity.nit}-{plan.year}-{plan.pk}"
        portal = f"/entidades/{plan.entity.nit}/planes/{plan.pk}/plan"
        assert archive.read(f"{name}.csv") == client.get(f"{portal}.csv").getvalue()
        assert archive.read(f"{name}.json") == client.get(f"{portal}.json").getvalue()
    assert json.loads(archive.read("tableschema.json")) == datapackage.table_schema()


def test_an_entity_bulk_download_holds_only_its_published_plans(client, world):
    nit = world["cartago"].entity.nit
    archive = unzip(client.get(f"/entidades/{nit}/datos-abiertos/planes-de-accion.zip"))
    assert packaged_plans(archive) == {world["cartago"].pk}
    descriptor = json.loads(archive.read("datapackage.json"))
    assert descriptor["licenses"] == [datapackage.LICENSE]
    assert descriptor["contributors"][0]["organization"] == "NIT 891.900.493-2"
    (resource,) = [r for r in descriptor["resources"] if r["name"].endswith("-csv")]
    assert resource["fecha_corte"] == "2025-03-31"
    assert resource["version"] == "1"


def test_a_bulk_download_is_built_once_per_public_state_and_includes_a_new_publication(
    client, world, planner, approver, monkeypatch, django_capture_on_commit_callbacks
):
    builds = count_calls(monkeypatch, publication, "_bulk_zip")
    url = "/datos-abiertos/planes-de-accion.zip"
    first = client.get(url).getvalue()
    for n in range(5):
        assert client.get(f"{url}?x={n}").getvalue() == first
    assert len(builds) == 1, "served from storage"

    # Version 2 replaces version 1: the new plan is in, the archived one out.
    with django_capture_on_commit_callbacks(execute=True):
        newer = publish(world["cartago_draft"], planner, approver)
    world["cartago"].refresh_from_db()
    assert world["cartago"].status == Plan.Status.ARCHIVED
    for bulk in (url, f"/entidades/{newer.entity.nit}/datos-abiertos/planes-de-accion.zip"):
        plans = packaged_plans(unzip(client.get(bulk)))
        assert newer.pk in plans and world["cartago"].pk not in plans
    assert len(builds) == 3
    stored = sorted((Path(settings.MEDIA_ROOT) / "publicados" / "catalogo" / "todas").iterdir())
    assert len(stored) == 1, "the earlier state's file is deleted"


def test_a_plan_datapackage_on_the_portal_and_the_api_describes_its_csv_and_json(client, world):
    plan = world["cartago"]
    response = client.get(f"/entidades/{plan.entity.nit}/planes/{plan.pk}/datapackage.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    descriptor = json.loads(response.getvalue())
    assert descriptor["profile"] == "data-package"
    assert descriptor["plan_id"] == plan.pk and descriptor["version"] == "1"
    assert descriptor["fecha_corte"] == "2025-03-31"
    assert descriptor["licenses"][0]["name"] == "CC-BY-4.0"
    csv_resource, json_resource = descriptor["resources"]
    assert csv_resource["schema"] == datapackage.table_schema()
    content = client.get(local(csv_resource["path"])).getvalue().decode("utf-8-sig")
    header = next(csv.reader(io.StringIO(content)))
    assert header == [field["name"] for field in csv_resource["schema"]["fields"]]
    assert (
        json.loads(client.get(local(json_resource["path"])).getvalue())["plan"]["vigencia"] == 2025
    )

    api = client.get(f"/api/v1/planes/{plan.pk}/datapackage")
    assert api.status_code == 200
    assert api.json() == descriptor
    assert client.get(f"/api/v1/planes/{world['cartago_draft'].pk}/datapackage").status_code == 404


def test_the_dcat_catalogue_describes_each_published_plan_with_reachable_downloads(client, world):
    response = client.get("/datos-abiertos/catalogo.jsonld")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/ld+json")
    catalogue = json.loads(response.getvalue())
    assert catalogue["@type"] == "dcat:Catalog"
    assert catalogue["@context"]["dcat"] == "http://www.w3.org/ns/dcat#"
    datasets = {d["dct:identifier"]: d for d in catalogue["dcat:dataset"]}
    cartago, other = world["cartago"], world["other"]
    expected = {
        f"plan-{cartago.entity.nit}-2025-{cartago.pk}",
        f"plan-{other.entity.nit}-2025-{other.pk}",
        f"planes-de-accion-{cartago.entity.nit}",
        f"planes-de-accion-{other.entity.nit}",
        "planes-de-accion",
    }
    assert set(datasets) == expected
    plan = datasets[f"plan-{cartago.entity.nit}-2025-{cartago.pk}"]
    assert plan["dct:publisher"]["foaf:name"] == "Alcaldía de Cartago"
    assert plan["dct:publisher"]["dct:identifier"] == "NIT 891.900.493-2"
    assert plan["dct:issued"]["@value"].startswith("2025-01-15")
    assert plan["dct:modified"]["@value"].startswith("2025-06-03"), "the validation"
    assert plan["dct:license"]["@id"] == "https://creativecommons.org/licenses/by/4.0/"
    media_types = {d["dcat:mediaType"]["@id"].rsplit("/", 2)[-1] for d in plan["dcat:distribution"]}
    assert media_types == {"csv", "json"}
    for dataset in datasets.values():
        for key in ("dct:title", "dct:description", "dct:publisher", "dct:issued", "dct:modified"):
            assert dataset[key], (dataset["dct:identifier"], key)
        for distribution in dataset["dcat:distribution"]:
            url = local(distribution["dcat:downloadURL"]["@id"])
            assert client.get(url).status_code == 200, url


@pytest.fixture
def package_on_disk(client, world, tmp_path) -> Path:
    """Cartago's bulk download (its plan's datapackage.json beside its CSV and JSON, with the
    shared Table Schema, and follow-up figures) unpacked into a folder."""
    nit = world["cartago"].entity.nit
    unzip(client.get(f"/entidades/{nit}/datos-abiertos/planes-de-accion.zip")).extractall(tmp_path)
    return tmp_path / "datapackage.json"


def frictionless_report(descriptor: Path) -> dict:
    if not FRICTIONLESS.exists():
        pytest.fail(f"{FRICTIONLESS} is missing: pip install -r requirements-dev.txt")
    done = subprocess.run(
        [str(FRICTIONLESS), "validate", "--json", descriptor.name],
        cwd=descriptor.parent,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return json.loads(done.stdout)


def test_frictionless_validates_a_real_package(package_on_disk, world):
    report = frictionless_report(package_on_disk)
    assert report["valid"], json.dumps(report, ensure_ascii=False)[:3000]
    assert [task["type"] for task in report["tasks"]] == ["table", "json"]
    table = report["tasks"][0]
    assert table["stats"]["rows"] == 9
    assert table["labels"] == [f.name for f in PLAN_FIELDS + ACTIVITY_FIELDS]


def test_frictionless_finds_a_value_outside_the_schema(package_on_disk, world):
    (csv_path,) = package_on_disk.parent.glob("planes/*.csv")
    text = csv_path.read_text(encoding="utf-8-sig").replace(",publicado,", ",publicadx,", 1)
    csv_path.write_text(text, encoding="utf-8-sig")
    report = frictionless_report(package_on_disk)
    assert not report["valid"]
    errors = report["tasks"][0]["errors"]
    assert [e["type"] for e in errors] == ["constraint-error"]
    assert errors[0]["fieldName"] == "estado"


def test_the_dictionary_has_the_fields_in_the_order_of_the_csv():
    assert [f.name for f in PLAN_FIELDS + ACTIVITY_FIELDS] == [
        f["name"] for f in datapackage.table_schema()["fields"]
    ]


def test_the_catalogue_page_reads_the_plans_in_one_query(client, world, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert client.get("/datos-abiertos/").status_code == 200


def test_without_published_plans_there_is_no_bulk_download(client, cartago, other_entity):
    assert client.get("/datos-abiertos/planes-de-accion.zip").status_code == 404
    nit = other_entity.nit
    assert client.get(f"/entidades/{nit}/datos-abiertos/planes-de-accion.zip").status_code == 404
    page = client.get("/datos-abiertos/").content.decode()
    assert "Aún no hay planes publicados." in page
    assert "planes-de-accion.zip" not in page
    catalogue = json.loads(client.get("/datos-abiertos/catalogo.jsonld").getvalue())
    assert catalogue["dcat:dataset"] == []
