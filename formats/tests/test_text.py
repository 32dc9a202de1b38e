import datetime

import pytest

from formats.text import (
    is_month_mark,
    normalize,
    parse_numeric_date,
    parse_spanish_date,
    title_case,
)


def test_comparison_keys_ignore_case_accents_bold_markers_and_spacing():
    assert normalize("  **CÓDIGO**:\tMESG ") == "codigo: mesg"
    assert normalize("Fecha  Aprobación") == normalize("FECHA APROBACION")


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("29 de octubre de 2024", datetime.date(2024, 10, 29)),
        ("29 de Octubre del 2024", datetime.date(2024, 10, 29)),
        ("1° de marzo de 2025", datetime.date(2025, 3, 1)),
        ("1º de marzo de 2025", datetime.date(2025, 3, 1)),
        ("15 de septiembre de 2025", datetime.date(2025, 9, 15)),
        ("15 de setiembre de 2025", datetime.date(2025, 9, 15)),
        ("  7 DE DICIEMBRE DE 2023 ", datetime.date(2023, 12, 7)),
    ],
)
def test_dates_written_in_spanish_words_are_read(written, expected):
    assert parse_spanish_date(written) == expected


@pytest.mark.parametrize("written", ["30 de febrero de 2024", "29 de octubrre de 2024", "ayer", ""])
def test_what_is_not_a_date_in_words_is_refused_in_spanish(written):
    with pytest.raises(ValueError, match=r"no es una fecha válida \(se espera una fecha como"):
        parse_spanish_date(written)


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("06/03/2024", datetime.date(2024, 3, 6)),
        ("6/3/2024", datetime.date(2024, 3, 6)),
        ("06-03-2024", datetime.date(2024, 3, 6)),
    ],
)
def test_numeric_dates_are_read_day_first(written, expected):
    assert parse_numeric_date(written) == expected


@pytest.mark.parametrize("written", ["31/02/2024", "2024-03-06", "06/03/24", "06/03-2024"])
def test_an_impossible_or_misshapen_numeric_date_is_refused_saying_the_expected_shape(written):
    with pytest.raises(ValueError) as error:
        parse_numeric_date(written)
    assert str(error.value) == f"«{written}» no es una fecha válida (se espera dd/mm/aaaa)."


@pytest.mark.parametrize("mark", ["X", "x", " x ", "✓", "✔", "•", "●", "1", "si", "Sí", "SI"])
def test_common_month_marks_mean_scheduled(mark):
    assert is_month_mark(mark)


@pytest.mark.parametrize("text", ["", "  ", "ok", "2", "no", "XX"])
def test_empty_cells_and_other_text_are_not_month_marks(text):
    assert not is_month_mark(text)


def test_names_in_capitals_get_spanish_title_case_with_lowercase_particles():
    assert title_case("VALLE DEL CAUCA") == "Valle del Cauca"
    assert title_case("ALCALDÍA DE CARTAGO") == "Alcaldía de Cartago"
    assert title_case("SAN JOSÉ DE LAS LAJAS Y LOS ANDES") == "San José de las Lajas y los Andes"
