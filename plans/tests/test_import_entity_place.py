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


@pytest.mark.parametrize(
    ("municipality", "department", "codes", "name"),
    [
        ("MUNICIPIO DE CARTAGO", "VALLE DEL CAUCA", ("76", "76147"), "Cartago"),
        # A place the list does not know keeps its words and gets no municipality code.
        ("Macondo", "Valle del Cauca", ("76", ""), "Macondo"),
    ],
)
def test_the_control_block_as_written_finds_the_codes(
    plan_types, seed_document, municipality, department, codes, name
):
    seed_document.control.municipality = municipality
    seed_document.control.department = department
    import_plan(seed_document)
    entity = Entity.objects.get(nit="891900493-2")
    assert (entity.department_code, entity.municipality_code) == codes
    assert entity.municipality == name
