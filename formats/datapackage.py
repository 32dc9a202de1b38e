"""Frictionless Data Package descriptors (datapackage.json) of the open data.

The Table Schema is built from the one field list (formats.opendata), so the data dictionary,
the CSV header, the JSON keys and the schema cannot drift apart. What a package describes (which
plans, where their files are) comes from the caller: these are plain functions of dictionaries.
"""

from __future__ import annotations

import json
from typing import Any

from formats.opendata import ACTIVITY_FIELDS, PLAN_FIELDS, Field

# CC BY 4.0: reuse for any purpose, citing the entity (ADR 28).
LICENSE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Atribución 4.0 Internacional",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}
# Not "tabular-data-package": each plan also has its JSON, which is not a table.
PROFILE = "data-package"
# The dictionary's types as Table Schema types. Lists are one text cell in the CSV, joined with
# "; " (formats.writers.opendata), so they are strings there; a pattern may constrain them.
SCHEMA_TYPES = {
    "texto": "string",
    "entero": "integer",
    "decimal": "number",
    "fecha": "date",
    "lista de textos": "string",
    "lista de enteros": "string",
    "booleano": "boolean",  # true / false, as the CSV and JSON write them
    "objeto": "object",  # a JSON object, in the CSV as its text
}
PRIMARY_KEY = ["numero"]  # one row per activity; repeated numbers block a plan's review
SCHEMA_FILE = "tableschema.json"
CSV_MEDIA_TYPE = "text/csv"
JSON_MEDIA_TYPE = "application/json"


def _field(field: Field) -> dict[str, Any]:
    described: dict[str, Any] = {
        "name": field.name,
        "type": SCHEMA_TYPES[field.type],
        "description": field.description,
    }
    if field.type == "fecha":
        described["format"] = "default"  # ISO 8601, AAAA-MM-DD
    constraints: dict[str, Any] = {}
    if field.required or field.name in PRIMARY_KEY:
        constraints["required"] = True
    if field.enum:
        constraints["enum"] = list(field.enum)
    if field.pattern:
        constraints["pattern"] = field.pattern
    if constraints:
        described["constraints"] = constraints
    return described


def table_schema() -> dict[str, Any]:
    """The Table Schema of a plan's CSV: the plan's fields, then each activity's."""
    return {
        "fields": [_field(field) for field in PLAN_FIELDS + ACTIVITY_FIELDS],
        "primaryKey": PRIMARY_KEY,
        "missingValues": [""],
    }


def plan_resources(
    name: str, title: str, csv_path: str, json_path: str, *, schema: dict | str
) -> list[dict[str, Any]]:
    """A plan's two resources: its CSV (tabular, with the schema inline or as a path) and its
    JSON (the same data nested: the plan and its activities)."""
    return [
        {
            "name": f"{name}-csv",
            "title": f"{title} (CSV)",
            "path": csv_path,
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": CSV_MEDIA_TYPE,
            "encoding": "utf-8",  # with a byte-order mark, for Excel
            "dialect": {"delimiter": ",", "header": True},
            "schema": schema,
        },
        {
            "name": f"{name}-json",
            "title": f"{title} (JSON)",
            "path": json_path,
            "format": "json",
            "mediatype": JSON_MEDIA_TYPE,
            "encoding": "utf-8",
        },
    ]


def package(
    *,
    name: str,
    title: str,
    description: str,
    resources: list[dict[str, Any]],
    **properties: Any,
) -> dict[str, Any]:
    """A tabular data package with the open-data licence; ``properties`` are added as they are
    (id, version, created, fecha_corte, contributors...)."""
    return {
        "profile": PROFILE,
        "name": name,
        "title": title,
        "description": description,
        "licenses": [LICENSE],
        **properties,
        "resources": resources,
    }


def dumps(descriptor: dict[str, Any]) -> bytes:
    return (json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
