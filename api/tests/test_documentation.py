"""The API documents itself in Spanish: a page at /api/v1/docs with a viewer served by this site,
and an OpenAPI document whose every operation, parameter and response says what it is."""

import re

import pytest
from django.contrib.staticfiles.storage import staticfiles_storage

from api.openapi import STATUSES

pytestmark = pytest.mark.django_db

# Words of django-ninja's defaults and of English texts that must not reach a reader.
ENGLISH = re.compile(
    r"\b(the|of|and|with|published|plans|entities|submit|report|unknown|status|code|"
    r"not found|ok)\b",
    re.IGNORECASE,
)


def test_the_root_of_the_api_leads_to_its_documentation_page(client):
    response = client.get("/api/v1/")
    assert response.status_code == 302 and response["Location"] == "/api/v1/docs"


def test_the_documentation_page_uses_only_files_of_this_site(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>Documentación de la API</h1>" in page
    assets = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', page)
    assert any("swagger-ui-bundle" in asset for asset in assets)
    assert all(asset.startswith("/static/") for asset in assets), assets
    # The only address of another host is the GOV.CO bar's link, which loads nothing.
    assert set(re.findall(r"https?://[^\s\"'<>]+", page)) == {"https://www.gov.co/"}
    # The policy stays as strict as on every page: no inline script, nothing from elsewhere.
    policy = response["Content-Security-Policy"]
    # Directives come in no fixed order: read them one by one.
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self'" and "unsafe" not in policy


def test_the_vendored_viewer_is_served_by_the_site(client):
    page = client.get("/api/v1/docs").content.decode()
    for name in ("vendor/swagger-ui/swagger-ui-bundle.js", "js/api-docs.js"):
        url = staticfiles_storage.url(name)
        assert url in page
        served = client.get(url)
        assert served.status_code == 200, url
        assert b"SwaggerUIBundle" in b"".join(served.streaming_content)


def test_every_operation_and_parameter_is_described_in_spanish(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["info"]["title"] == "API de planes de acción"
    description = schema["info"]["description"]
    for told in ("Authorization: Bearer", "Qué es público", '"codigo"', "NIT", "Límites"):
        assert told in description
    tags = {tag["name"] for tag in schema["tags"]}
    assert tags == {"Datos públicos", "Seguimiento"}
    operations = [
        (f"{method.upper()} {path}", operation)
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
    ]
    assert len(operations) == 7
    for name, operation in operations:
        texts = [operation["summary"], operation["description"]]
        assert set(operation["tags"]) <= tags, name
        for parameter in operation["parameters"]:
            assert parameter.get("description"), f"{name}: {parameter['name']}"
            texts.append(parameter["description"])
        for status, response in operation["responses"].items():
            assert response["description"] == STATUSES[int(status)], f"{name} {status}"
        body = operation.get("requestBody", {}).get("content", {})
        for content in body.values():
            for field, about in content["schema"]["properties"].items():
                assert about.get("description"), f"{name}: {field}"
                texts.append(about["description"])
        for text in texts:
            assert not ENGLISH.search(text), f"{name}: {text}"
    secured = schema["components"]["securitySchemes"]["TokenAuth"]
    assert "Tokens personales de la API" in secured["description"]


def test_the_links_between_operations_still_name_existing_operations(client):
    """bin/api-fuzz's stateful phase follows these links."""
    schema = client.get("/api/v1/openapi.json").json()
    ids = {op["operationId"] for methods in schema["paths"].values() for op in methods.values()}
    assert {"plans", "plan", "plan_activities", "plan_progress", "submit_report"} <= ids
    linked = {
        link["operationId"]
        for methods in schema["paths"].values()
        for operation in methods.values()
        for link in operation["responses"]["200"].get("links", {}).values()
    }
    assert linked == {"plan", "plan_activities", "plan_progress", "submit_report"}


def test_every_response_field_of_public_data_is_described(client):
    schemas = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    for name in ("EntityOut", "PlanSummary", "PlanOut", "ActivityOut", "PeriodProgressOut"):
        for field, about in schemas[name]["properties"].items():
            assert about.get("description"), f"{name}.{field}"
