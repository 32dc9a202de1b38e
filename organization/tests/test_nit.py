import pytest
from hypothesis import given
from hypothesis import strategies as st

from organization.nit import InvalidNit, check_digit, find_nit, nit_readings, parse_nit


def test_it_computes_the_dian_check_digit_of_the_seed_entity():
    assert check_digit("891900493") == 2


@pytest.mark.parametrize(
    "written", ["891.900.493-2", "891900493-2", "891.900.493.2", "891 900 493 - 2"]
)
def test_it_reads_the_ways_a_nit_is_written(written):
    nit = parse_nit(written)
    assert str(nit) == "891900493-2"
    assert nit.formatted == "891.900.493-2"


def test_it_rejects_a_wrong_check_digit_saying_which_one_is_right():
    with pytest.raises(InvalidNit) as error:
        parse_nit("891.900.493-7")
    assert "dígito de verificación de 891900493 es 2, no 7" in str(error.value)


@pytest.mark.parametrize("written", ["", "abc", "8919004932", "891.900.493"])
def test_it_rejects_text_that_is_not_a_nit(written):
    with pytest.raises(InvalidNit, match="no es un NIT"):
        parse_nit(written)


@given(st.from_regex(r"[1-9][0-9]{5,9}", fullmatch=True), st.integers(0, 9))
def test_only_the_computed_check_digit_is_accepted(number, digit):
    if digit == check_digit(number):
        assert parse_nit(f"{number}-{digit}").digit == digit
    else:
        with pytest.raises(InvalidNit):
            parse_nit(f"{number}-{digit}")


@pytest.mark.parametrize(
    "written",
    [
        "891.900.493-2",
        "891900493-2",
        "891 900 493 2",
        "NIT 891.900.493-2",
        "nit: 891900493",
        "891.900.493",
        " 891900493 ",
    ],
)
def test_a_search_reads_a_nit_however_it_is_written(written):
    assert [str(nit) for nit in nit_readings(written)] == ["891900493-2"]


def test_bare_digits_are_read_with_and_without_a_check_digit():
    """8919004932 may be 891900493 with its digit 2, or a ten-digit number: a search gets both."""
    assert [str(nit) for nit in nit_readings("8919004932")] == ["8919004932-9", "891900493-2"]
    assert [str(nit) for nit in nit_readings("8919004931")] == ["8919004931-1"]


def test_a_search_refuses_a_wrong_check_digit_and_what_is_no_nit():
    with pytest.raises(InvalidNit, match="es 2, no 3"):
        nit_readings("891.900.493-3")
    for written in ("", "abc", "8919-00493", "891.9004.93"):
        with pytest.raises(InvalidNit, match="no es un NIT"):
            nit_readings(written)


def test_a_nit_is_found_inside_a_longer_line_with_or_without_its_label():
    found = find_nit("MUNICIPIO DE CARTAGO - VALLE DEL CAUCA - Nit: 891.900.493.2")
    assert (str(found.nit), found.written) == ("891900493-2", "891.900.493.2")
    assert str(find_nit("ALCALDÍA DE PALMIRA - NIT 891.380.007-3").nit) == "891380007-3"
    assert str(find_nit("891.380.007-3").nit) == "891380007-3"
    assert find_nit("Calle 8 No 6 – 52") is None
    assert find_nit("Código Postal: 762021") is None


def test_a_nit_found_in_a_line_is_checked():
    with pytest.raises(InvalidNit, match="es 3, no 4"):
        find_nit("ALCALDÍA DE PALMIRA - NIT 891.380.007-4")
    with pytest.raises(InvalidNit, match="dígito de verificación"):
        find_nit("NIT: 891.380.007")
