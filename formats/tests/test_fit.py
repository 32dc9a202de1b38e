"""Lines and row heights estimated for wrapped text in a spreadsheet (formats.writers.fit)."""

import math

from formats.writers import fit


def test_text_that_fits_takes_one_line_and_each_line_break_one_more():
    assert fit.text_lines("Informe de gestión", 24) == 1
    assert fit.text_lines("Convocar\nRealizar\nPublicar", 24) == 3
    assert fit.text_lines("Convocar\n\nPublicar", 24) == 3, "an empty line still takes a line"


def test_words_wrap_whole_so_a_line_holds_less_than_the_width():
    room = fit.capacity(12, "x")
    word = "x" * math.ceil(room / 2)
    # Two words of half a line each and the space between them make one too long for a line.
    assert fit.text_lines(f"{word} {word}", 12) == 2
    assert fit.text_lines(f"{word} {'x' * (int(room) - len(word) - 1)}", 12) == 1
    # Each line holds one word and the next paragraph starts on a line of its own.
    assert fit.text_lines(f"{word} {word} {word}\n{word}", 12) == 4


def test_a_word_wider_than_the_column_breaks_over_lines():
    room = int(fit.capacity(11, "x"))
    assert fit.text_lines("x" * (3 * room), 11) == 3
    assert fit.text_lines("x" * (3 * room + 1), 11) == 4
    assert fit.text_lines(f"ver {'x' * (2 * room)} y", 11) == 4


def test_capitals_bold_and_bigger_type_need_more_room():
    text = "de la " * 100  # short words: the lines follow the room closely
    plain = fit.text_lines(text, 30)
    assert fit.text_lines(text.upper(), 30) > plain
    assert fit.text_lines(text, 30, bold=True) > plain
    assert fit.text_lines(text, 30, size=9) < plain


def test_a_row_is_as_tall_as_excel_makes_rows_of_calibri_11():
    assert fit.height(1) == 15  # the sheet's default row
    assert fit.height(2) == 29.4
    assert fit.height(10) == 144.6
    assert fit.height(2, size=9) < fit.height(2)
    assert fit.height(100) == 409, "the tallest row Excel accepts"
