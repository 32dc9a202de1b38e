"""The open data a plan is exported as carries exactly the fields of the data dictionary
(formats.opendata), for the entity's own export and for the public's: the writers pick fields by
the dictionary's names, so a field the builder forgot would fail the export and one it added
beyond the dictionary would vanish from every file without a word."""

import pytest

from followup import document
from formats.opendata import ACTIVITY_FIELD_NAMES, PLAN_FIELD_NAMES


@pytest.mark.parametrize("internal", [True, False])
def test_the_builder_fills_exactly_the_dictionarys_fields(published_plan, internal):
    record, activities = document.open_data(published_plan, internal=internal)

    assert set(record) == set(PLAN_FIELD_NAMES)
    assert activities
    for activity in activities:
        assert set(activity) == set(ACTIVITY_FIELD_NAMES)
