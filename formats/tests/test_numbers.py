"""Numbers as Colombians write them (formats.text.parse_number)."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from formats.readers.grid import cell_text
from formats.text import parse_number


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("1.200", "1200"),
        ("1.200,5", "1200.5"),
        ("$ 1.200.000", "1200000"),
        ("$1.200.000,00", "1200000"),
        ("1 200 000 COP", "1200000"),
        ("50 %", "50"),
        ("50%", "50"),
        ("0,5", "0.5"),
        ("33,333", "33.333"),
        ("-5", "-5"),
        ("−2,5", "-2.5"),
        ("2.5", "2.5"),
        ("0.001", "0.001"),
        ("1,200.5", "1200.5"),
        ("1E+20", "1E+20"),
        ("12", "12"),
    ],
)
def test_it_reads_what_colombians_write(written, value):
    assert parse_number(written).value == Decimal(value)


def test_it_says_how_a_number_was_written():
    assert parse_number("1.200").thousands and not parse_number("1.200").decimal_point
    assert parse_number("2.5").decimal_point and not parse_number("2.5").thousands
    assert parse_number("50 %").percent and not parse_number("0,5").percent
    assert not parse_number("1.200,5").thousands, "with a comma the dot can only group"


@pytest.mark.parametrize("written", ["", "abc", "1.2.3", "12 5", "1.200,", "NaN", "Infinity", "--"])
def test_what_is_not_a_number_is_refused_in_spanish(written):
    with pytest.raises(ValueError, match="no es un número"):
        parse_number(written)


def colombian(value: Decimal) -> str:
    """A number as a Colombian writes it: dots between thousands, a decimal comma."""
    whole, _, fraction = f"{abs(value):f}".partition(".")
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    text = ".".join(groups) + (f",{fraction}" if fraction else "")
    return f"-{text}" if value < 0 else text


@given(st.decimals(min_value=-(10**12), max_value=10**12, places=2))
def test_any_number_written_the_colombian_way_reads_back(value):
    assert parse_number(colombian(value)).value == value
    assert parse_number(f"$ {colombian(value)}").value == value


@given(st.floats(min_value=-1e12, max_value=1e12, allow_nan=False))
def test_a_spreadsheet_number_cell_reads_back_as_the_same_number(value):
    assert parse_number(cell_text(value)).value == Decimal(repr(value))
