"""generate_synthetic places its entities in real municipalities with the DANE's codes
(issue 23): a gobernación per department first, then one alcaldía per municipality, a department
at a time so that a small run already covers the country; deterministic and with valid NITs."""

import pytest

from demo.synthetic import _entity, _places
from organization import divipola
from organization.nit import parse_nit

NATIONAL = 1134


def test_the_national_preset_spreads_over_real_municipalities_of_every_department():
    entities = [_entity(i, 32) for i in range(NATIONAL)]
    governments = entities[:32]
    assert all(e.kind == "gobernacion" and not e.municipality_code for e in governments)
    assert {e.department_code for e in governments} == set(divipola.departments()) - {"11"}
    towns = entities[32:]
    assert all(e.kind == "alcaldia" for e in towns)
    assert len({e.municipality_code for e in towns}) == len(towns)  # one per municipality
    assert {e.department_code for e in towns} == set(divipola.departments())
    for entity in entities:
        place = divipola.municipality(entity.municipality_code)
        if place:
            assert entity.municipality == place.name
            assert entity.department_code == place.department_code
        assert entity.department == divipola.department(entity.department_code).name
        assert str(parse_nit(entity.nit)) == entity.nit
        assert entity.order == "territorial" and entity.category
    assert len({e.nit for e in entities}) == NATIONAL


def test_names_read_as_the_entities_are_called():
    names = {e.municipality_code: e.name for e in (_entity(i, 32) for i in range(NATIONAL))}
    assert names["05001"] == "Alcaldía de Medellín"
    assert names["11001"] == "Alcaldía de Bogotá, D.C."
    assert _entity(0, 32).name == "Gobernación de Antioquia"
    shared = _places()[2]
    assert "Belén" in shared  # five Belén: the department tells them apart
    belen = [name for name in names.values() if name.startswith("Alcaldía de Belén (")]
    assert belen and all(")" in name for name in belen)


def test_past_one_alcaldia_per_municipality_come_ese_concejos_and_personerias():
    municipalities = len(divipola.municipalities())
    after = [_entity(32 + municipalities + i, 32) for i in range(3)]
    assert [e.kind for e in after] == ["ese", "ese", "ese"]
    first = _entity(32 + municipalities, 32)
    assert first.name.startswith("E.S.E. Hospital de ") and first.municipality_code
    assert _entity(32 + 2 * municipalities, 32).kind == "concejo"
    assert _entity(32 + 3 * municipalities, 32).kind == "personeria"


def test_a_small_run_is_the_same_every_time():
    first = [(e.name, e.municipality_code) for e in (_entity(i, 1) for i in range(50))]
    again = [(e.name, e.municipality_code) for e in (_entity(i, 1) for i in range(50))]
    assert first == again
    assert len({code[:2] for _name, code in first[1:]}) == 33


@pytest.mark.django_db
def test_the_generated_entities_are_stored_with_their_codes():
    from django.core.management import call_command

    from organization.models import Entity

    call_command("generate_synthetic", "--entities", "3", "--plans", "1", "--activities", "2")
    stored = list(Entity.objects.order_by("nit").values_list("municipality_code", "kind"))
    assert stored == [("05001", "alcaldia"), ("08001", "alcaldia"), ("11001", "alcaldia")]
