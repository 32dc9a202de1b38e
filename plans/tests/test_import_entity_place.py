"""An entity created by an import takes its DIVIPOLA codes from the place its document names
(issue 23): «MUNICIPIO DE CARTAGO / VALLE DEL CAUCA» is 76 / 76147."""

import pytest

from followup.importing import import_plan
from organization.models import Entity

pytestmark = pytest.mark.django_db


def test_the_seed_document_creates_cartago_with_its_dane_codes(plan_types, seed_document):
    assert seed_document.control.municipality.upper().endswith("CARTAGO")
    assert "VALLE" in seed_document.control.department.upper()
    import_plan(seed_document)
    entity = Entity.objects.get(nit="891900493-2")
    assert (entity.department_code, entity.municipality_code) == ("76", "76147")
    assert (entity.department, entity.municipality) == ("Valle del Cauca", "Cartago")


def test_a_control_block_written_in_capitals_finds_the_codes(plan_types, seed_document):
    seed_document.control.municipality = "MUNICIPIO DE CARTAGO"
    seed_document.control.department = "VALLE DEL CAUCA"
    import_plan(seed_document)
    entity = Entity.objects.get(nit="891900493-2")
    assert (entity.department_code, entity.municipality_code) == ("76", "76147")


def test_a_place_the_list_does_not_know_keeps_its_words_and_no_code(plan_types, seed_document):
    seed_document.control.municipality = "Macondo"
    seed_document.control.department = "Valle del Cauca"
    import_plan(seed_document)
    entity = Entity.objects.get(nit="891900493-2")
    assert (entity.department_code, entity.municipality_code) == ("76", "")
    assert entity.municipality == "Macondo"
