"""The API says where an entity is and what it is as the State codes it (issue 23)."""

import pytest

pytestmark = pytest.mark.django_db


def test_an_entity_carries_its_divipola_codes_kind_order_and_category(client, published_plan):
    [entity] = client.get("/api/v1/entidades").json()["items"]
    assert entity["departamento"] == "Valle del Cauca" and entity["municipio"] == "Cartago"
    assert (entity["codigo_departamento"], entity["codigo_municipio"]) == ("76", "76147")
    assert (entity["tipo_entidad"], entity["orden"], entity["categoria"]) == (
        "alcaldia",
        "territorial",
        "3",
    )


def test_the_schema_describes_the_new_fields(client):
    schema = client.get("/api/v1/openapi.json").json()["components"]["schemas"]["EntityOut"]
    for name in ("codigo_departamento", "codigo_municipio", "tipo_entidad", "orden", "categoria"):
        assert "DIVIPOLA" in schema["properties"][name]["description"] or name in {
            "tipo_entidad",
            "orden",
            "categoria",
        }
        assert name in schema["required"]
