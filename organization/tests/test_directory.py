import pytest

from organization.directory import Candidate, Directory, split_unit_names

PLANNING = "Secretaría de Planeación, Medio Ambiente y Desarrollo Económico"
ADMIN = "Secretaría de Servicios Administrativos"


@pytest.fixture
def directory():
    return Directory(
        [
            Candidate(1, PLANNING, ("Planeación",)),
            Candidate(2, ADMIN),
            Candidate(3, "Secretaría de Hacienda"),
            Candidate(4, "Secretaría de Salud"),
            Candidate(5, "Secretaría de Salud Pública"),
            Candidate(6, "Administración Municipal", (), True),
        ]
    )


def test_it_keeps_commas_that_belong_to_a_dependencia_name():
    written = (
        "Secretaría de Planeación, Medio Ambiente y Desarrollo Economico, "
        "Secretaría de Servicios Administrativos"
    )
    assert split_unit_names(written) == [
        "Secretaría de Planeación, Medio Ambiente y Desarrollo Economico",
        "Secretaría de Servicios Administrativos",
    ]


def test_it_splits_on_semicolons_lines_and_y_before_a_new_dependencia():
    assert split_unit_names(
        "Sec. de Planeación y Sec. de Hacienda; Oficina de Control Interno"
    ) == [
        "Sec. de Planeación",
        "Sec. de Hacienda",
        "Oficina de Control Interno",
    ]


@pytest.mark.parametrize(
    ("written", "unit_id", "how"),
    [
        ("Sec. de Planeación, Medio Ambiente y Desarrollo Economico", 1, "exacto"),
        ("SECRETARIA DE PLANEACION, MEDIO AMBIENTE Y DESARROLLO ECONOMICO", 1, "exacto"),
        ("planeacion", 1, "alias"),
        ("Sec. de Planeación", 1, "abreviatura"),
        ("Sec. de Sevicios Administrativos", 2, "aproximado"),
        ("Administración Municipal", 6, "toda la entidad"),
        ("Alcaldía Municipal", 6, "toda la entidad"),
    ],
)
def test_it_resolves_what_planners_write(directory, written, unit_id, how):
    match = directory.match(written)
    assert match.candidate is not None
    assert (match.candidate.unit_id, match.how) == (unit_id, how)
    assert match.candidate.name in match.describe()


def test_it_leaves_unknown_names_unresolved(directory):
    match = directory.match("Secretaría de Educación")
    assert not match.resolved
    assert "no corresponde a ninguna dependencia" in match.describe()


def test_it_refuses_to_guess_between_two_equally_close_names():
    directory = Directory(
        [Candidate(1, "Oficina de Sistemas Norte"), Candidate(2, "Oficina de Sistemas Sur")]
    )
    assert not directory.match("Of. de Sistemas").resolved


def test_an_abbreviation_shared_by_two_dependencias_is_not_resolved_by_containment(directory):
    match = directory.match("Sec. de Salud")
    assert match.how == "exacto" and match.candidate.unit_id == 4
