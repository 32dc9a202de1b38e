import pytest
from hypothesis import given
from hypothesis import strategies as st

from organization.nit import InvalidNit, check_digit, parse_nit


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
