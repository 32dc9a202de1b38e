"""The API's public shapes and the open-data data dictionary (formats.opendata) name the same
fields, with the same descriptions: a field added to the dictionary must reach the API."""

import pytest

from api import schemas
from formats.opendata import ACTIVITY_FIELDS, PLAN_FIELDS


@pytest.mark.parametrize(
    ("schema", "dictionary"),
    [(schemas.PlanOut, PLAN_FIELDS), (schemas.ActivityOut, ACTIVITY_FIELDS)],
    ids=["plan", "activity"],
)
def test_every_dictionary_field_is_in_the_schema_and_nothing_else_but_the_ids(schema, dictionary):
    served = {name: field.description for name, field in schema.model_fields.items()}
    described = {field.name: field.description for field in dictionary}
    assert set(served) - schemas.API_ONLY == set(described)
    assert {name: served[name] for name in described} == described


def test_the_api_answers_every_dictionary_field_of_a_published_plan(client, published_plan):
    plan = client.get(f"/api/v1/planes/{published_plan.pk}").json()
    assert set(plan) == {field.name for field in PLAN_FIELDS} | schemas.API_ONLY
    page = client.get(f"/api/v1/planes/{published_plan.pk}/actividades").json()
    assert page["items"], "the seed plan has activities"
    for activity in page["items"]:
        assert set(activity) == {field.name for field in ACTIVITY_FIELDS} | schemas.API_ONLY
