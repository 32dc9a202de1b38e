import datetime

import pytest

from formats.text import (
    is_month_mark,
    long_date,
    normalize,
    parse_numeric_date,
    parse_spanish_date,
    title_case,
)


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("29 de octubre de 2024", datetime.date(2024, 10, 29)),
        ("29 de Octubre del 2024", datetime.date(2024, 10, 29)),
        ("1° de marzo de 2025", datetime.date(2025, 3, 1)),
        ("15 de setiembre de 2025", datetime.date(2025, 9, 15)),
        ("  7 DE DICIEMBRE DE 2023 ", datetime.date(2023, 12, 7)),
    ],
)
def test_it_reads_dates_written_in_spanish_words(written, expected):
    assert parse_spanish_date(written) == expected


@pytest.mark.parametrize("written", ["30 de febrero de 2024", "29 de octubrre de 2024", "ayer"])
def test_it_refuses_what_is_not_a_date_in_words(written):
    with pytest.raises(ValueError, match="no es una fecha válida"):
        parse_spanish_date(written)


@pytest.mark.parametrize(
    ("written", "expected"),
    [("06/03/2024", datetime.date(2024, 3, 6)), ("6-3-2024", datetime.date(2024, 3, 6))],
)
def test_numeric_dates_are_day_first(written, expected):
    assert parse_numeric_date(written) == expected


def test_an_impossible_numeric_date_is_refused_saying_the_expected_shape():
    with pytest.raises(
        ValueError, match=r"«31/02/2024» no es una fecha válida \(se espera dd/mm/aaaa\)"
    ):
        parse_numeric_date("31/02/2024")


def test_dates_are_written_back_the_colombian_way():
    assert long_date(datetime.date(2024, 10, 29)) == "29 de octubre de 2024"
    assert long_date(datetime.date(2025, 9, 1)) == "1 de septiembre de 2025"


@pytest.mark.parametrize("mark", ["X", "x", "✓", "✔", "•", "1", "Sí", " x "])
def test_common_month_marks_mean_scheduled(mark):
    assert is_month_mark(mark)


@pytest.mark.parametrize("text", ["", "ok", "2", "no"])
def test_other_text_is_not_a_month_mark(text):
    assert not is_month_mark(text)


def test_comparison_ignores_case_accents_bold_and_spacing():
    assert normalize("  **CÓDIGO**:\tMESG ") == normalize("codigo: mesg")


def test_capitalised_names_get_spanish_title_case():
    assert title_case("VALLE DEL CAUCA") == "Valle del Cauca"
    assert title_case("ALCALDÍA DE CARTAGO") == "Alcaldía de Cartago"
