"""The DANE's DIVIPOLA list shipped with the project, and how written names find its codes."""

from organization import divipola


def test_the_shipped_list_has_every_department_and_municipality_once():
    departments, municipalities = divipola.departments(), divipola.municipalities()
    assert len(departments) == 33  # 32 departments and Bogotá, D.C.
    assert len(municipalities) == 1123
    assert len({m.code for m in municipalities.values()}) == 1123
    for code, place in municipalities.items():
        assert len(code) == 5 and code.isdigit()
        assert code.startswith(place.department_code)
        assert place.department_code in departments
    assert all(len(code) == 2 and code.isdigit() for code in departments)


def test_known_codes_read_as_the_dane_writes_them():
    assert divipola.municipality("76147").name == "Cartago"
    assert divipola.municipality("76147").department.name == "Valle del Cauca"
    assert divipola.municipality("11001").name == "Bogotá, D.C."
    assert divipola.municipality("05001").name == "Medellín"
    assert divipola.municipality("27086").name == "Belén de Bajirá"
    assert divipola.municipality("27086").department_code == "27"
    assert divipola.department("76").name == "Valle del Cauca"
    assert divipola.municipality("99999") is None and divipola.department("00") is None


def test_a_department_lists_its_own_municipalities_by_name():
    valle = divipola.municipalities_of("76")
    assert len(valle) == 42
    assert all(m.department_code == "76" for m in valle)
    assert "Cartago" in [m.name for m in valle]
    assert ("76", "Valle del Cauca (76)") in divipola.department_choices()


def test_written_names_find_their_codes_whatever_the_accents_and_case():
    assert divipola.find_department("VALLE DEL CAUCA").code == "76"
    assert divipola.find_department("valle").code == "76"
    assert divipola.find_department("Bogotá D.C.").code == "11"
    assert divipola.find_department("BOGOTA, D.C.").code == "11"
    assert divipola.find_department("Departamento de Antioquia").code == "05"
    assert divipola.find_department("Narnia") is None
    assert divipola.find_municipality("MUNICIPIO DE CARTAGO", "76").code == "76147"
    assert divipola.find_municipality("medellin").code == "05001"
    assert divipola.find_municipality("Bogotá, D.C.").code == "11001"
    assert divipola.find_municipality("BOGOTA DC").code == "11001"


def test_a_name_several_municipalities_share_needs_its_department():
    assert divipola.find_municipality("Belén") is None  # five Belén: which one?
    assert divipola.find_municipality("Belén", "15").department_code == "15"
    assert divipola.find_municipality("Cartago", "05") is None
    assert divipola.find_municipality("") is None
