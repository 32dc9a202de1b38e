"""The Table Schema of the data packages comes from the one field list, and matches what the
CSV and JSON writers write."""

import csv
import io
import json

from followup import document as plan_document
from followup.measures import Light
from formats import datapackage, writers
from formats.opendata import ACTIVITY_FIELDS, LIGHTS, PLAN_FIELDS, PLAN_STATES
from plans.models import Plan


def test_the_schema_the_csv_header_and_the_json_keys_are_the_same_fields_in_order(seed_plan):
    schema_names = [field["name"] for field in datapackage.table_schema()["fields"]]
    record, activities = plan_document.open_data(seed_plan)
    header = next(
        csv.reader(io.StringIO(writers.render("csv", record, activities).decode("utf-8-sig")))
    )
    document = json.loads(writers.render("json", record, activities))
    assert schema_names == header
    assert schema_names == list(document["plan"]) + list(document["actividades"][0])
    assert schema_names == [field.name for field in PLAN_FIELDS + ACTIVITY_FIELDS]


def test_each_dictionary_type_becomes_a_table_schema_type_with_its_description():
    fields = {field["name"]: field for field in datapackage.table_schema()["fields"]}
    assert fields["vigencia"]["type"] == "integer"
    assert fields["avance"]["type"] == "number"
    assert fields["fecha_plan"]["type"] == "date"
    assert fields["tareas"]["type"] == "string", "a list is one '; '-joined cell in the CSV"
    assert fields["entidad_nombre"]["description"] == "Nombre de la entidad pública."
    for field in PLAN_FIELDS + ACTIVITY_FIELDS:
        assert fields[field.name]["type"] == datapackage.SCHEMA_TYPES[field.type]


def test_states_and_lights_are_enums_of_the_values_the_application_uses():
    fields = {field["name"]: field for field in datapackage.table_schema()["fields"]}
    assert tuple(Plan.Status.values) == PLAN_STATES
    assert tuple(light.value for light in Light) == LIGHTS
    assert fields["estado"]["constraints"] == {"required": True, "enum": list(PLAN_STATES)}
    for name in ("semaforo", "semaforo_i", "semaforo_ii", "semaforo_iii", "semaforo_iv"):
        assert fields[name]["constraints"]["enum"] == list(LIGHTS)
    assert datapackage.table_schema()["primaryKey"] == ["numero"]
    assert fields["numero"]["constraints"]["required"] is True


def test_a_negative_number_is_written_as_a_number_while_a_formula_like_text_is_guarded():
    plan = dict.fromkeys(f.name for f in PLAN_FIELDS)
    row = dict.fromkeys(f.name for f in ACTIVITY_FIELDS) | {
        "numero": 1,
        "actividad": "=HYPERLINK(1)",
        "indicador_meta": -2,
    }
    cells = next(
        csv.DictReader(io.StringIO(writers.render("csv", plan, [row]).decode("utf-8-sig")))
    )
    assert cells["indicador_meta"] == "-2"
    assert cells["actividad"] == "'=HYPERLINK(1)"
