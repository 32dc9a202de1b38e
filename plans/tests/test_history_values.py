"""How the history reads the values an audit snapshot keeps."""

import pytest

from plans.history import value_shown


def read(object_type, key, value, names=None):
    return value_shown(object_type, key, value, names or {})


@pytest.mark.parametrize(
    ("object_type", "key", "value", "expected"),
    [
        ("plans.activity", "weight", "2.00", "2"),
        ("plans.activity", "indicator_baseline", "12.50", "12,5"),
        ("plans.activity", "months", [1, 12], "enero, diciembre"),
        ("plans.activity", "months", [], "—"),
        ("plans.activity", "period_targets", {"2": "3.00", "1": "1"}, "I: 1; II: 3"),
        ("plans.activity", "tasks", ["Convocar", "Reunir"], "Convocar; Reunir"),
        ("plans.activity", "indicator_type", "hito", "Hito (entregado sí/no)"),
        ("plans.plan", "status", "en_revision", "En revisión"),
        ("plans.plan", "plan_date", "2025-01-31", "31/01/2025"),
        ("plans.plan", "approved_at", "2025-02-03T14:15:00+00:00", "03/02/2025 09:15"),
        ("followup.report", "period", 2, "II"),
        ("followup.verification", "agrees", False, "No"),
        ("organization.membership", "role", "auditor", "Control Interno"),
        ("plans.activity", "an_unknown_key", "texto", "texto"),
    ],
)
def test_it_reads_a_value_as_the_plan_pages_show_it(object_type, key, value, expected):
    assert read(object_type, key, value) == expected


def test_it_names_the_objects_an_id_points_to_and_says_when_one_is_gone():
    names = {("organization.unit", 4): "Secretaría de Hacienda"}
    assert read("plans.activity", "responsible_units", [4, 99], names) == (
        "Secretaría de Hacienda; Dependencia que ya no existe"
    )
    assert read("plans.plan", "formulating_unit_id", 4, names) == "Secretaría de Hacienda"
