"""Files built to exhaust the importer are refused early, with a message that names the file and
the limit it passes. The files come from bench/hostile_files.py, made small enough to build
quickly but still past every limit; bench/files.py measures the full-size ones (time and memory
live there, not here)."""

import io
import zipfile

import pytest
import xlwt

from bench import hostile_files as hostile
from formats import limits
from formats.document import ImportFileError
from formats.readers import container
from formats.readers.base import reader_for


def refusal(name: str, data: bytes) -> str:
    with pytest.raises(ImportFileError) as error:
        reader_for(name).read(data, name)
    return str(error.value)


def test_an_ods_row_repeated_past_the_rows_limit_is_refused_before_calamine_expands_it():
    assert refusal("plan.ods", hostile.ods_repeated(100_000, 1_000)) == (
        "El archivo «plan.ods» tiene más de 20.000 filas en la hoja «Hoja1»; el máximo es 20.000."
    )


def test_an_ods_cell_repeated_within_the_rows_but_past_the_cells_is_refused():
    assert refusal("plan.ods", hostile.ods_repeated(10_000, 100)) == (
        "El archivo «plan.ods» tiene más de 500.000 celdas en la hoja «Hoja1»; "
        "el máximo es 500.000."
    )


def test_an_ods_cell_far_from_the_first_counts_the_whole_rectangle_between_them():
    assert "más de 500.000 celdas" in refusal("plan.ods", hostile.ods_far_cell(1_000, 1_000))


def test_the_empty_rows_libreoffice_writes_to_the_end_of_a_sheet_do_not_count():
    document = reader_for("plan.ods").read(hostile.real_ods(30), "plan.ods")
    assert len(document.rows) == 30


def test_a_repeated_cell_counts_its_text_as_many_times_as_it_is_repeated():
    spaces = (
        '<table:table table:name="Hoja1"><table:table-row table:number-rows-repeated="30">'
        '<table:table-cell table:number-columns-repeated="100" office:value-type="string">'
        '<text:p><text:s text:c="10000"/></text:p></table:table-cell></table:table-row>'
        "</table:table>"
    )
    data = hostile.ods_file(hostile.ODS_HEAD + spaces.encode() + hostile.ODS_TAIL)
    assert refusal("plan.ods", data) == (
        "El archivo «plan.ods» tiene más de 20.000.000 caracteres de texto; "
        "el máximo es 20.000.000."
    )


def test_compressed_whitespace_is_refused_at_the_inflated_size():
    assert refusal("plan.ods", hostile.ods_whitespace(101)) == (
        "El archivo «plan.ods» ocupa más de 100 MB descomprimido; el máximo es 100 MB."
    )


def test_a_zip_member_that_declares_less_than_it_holds_is_counted_by_what_it_holds():
    assert "ocupa más de 100 MB descomprimido" in refusal("plan.ods", hostile.ods_lying_header(101))


def test_a_zip_member_that_lies_about_its_size_is_refused_even_within_the_limit():
    assert "no se pudo leer la hoja de cálculo" in refusal("plan.ods", hostile.ods_lying_header(1))


def test_a_zip_bomb_is_refused_by_its_declared_size_before_anything_is_inflated(monkeypatch):
    def inflate(*args):
        raise AssertionError("inflated")

    monkeypatch.setattr(container, "inflate", inflate)
    assert refusal("plan.xlsx", hostile.xlsx_zip_bomb(101)) == (
        "El archivo «plan.xlsx» ocupa más de 100 MB descomprimido; el máximo es 100 MB."
    )


def test_a_zip_bomb_with_a_lying_header_is_refused_while_it_is_inflated():
    bomb = hostile.xlsx_zip_bomb(101)
    liar = hostile.lying_header(bomb, "xl/media/image1.png", b"\0" * 1024)
    assert "ocupa más de 100 MB descomprimido" in refusal("plan.xlsx", liar)


def test_a_word_document_of_paragraphs_is_refused_at_the_rows_limit():
    assert refusal("plan.docx", hostile.docx_paragraphs(25_000)) == (
        "El archivo «plan.docx» tiene más de 20.000 párrafos y filas de tabla; el máximo es 20.000."
    )


def test_paragraphs_inside_a_table_cell_count_too():
    cell = [
        b"<w:tbl><w:tr><w:tc>",
        *hostile.repeated(b"<w:p/>", 200_001),
        b"</w:tc></w:tr></w:tbl>",
    ]
    assert refusal("plan.docx", hostile.docx_file(cell)) == (
        "El archivo «plan.docx» tiene más de 200.000 párrafos; el máximo es 200.000."
    )


def test_a_paragraph_of_megabytes_is_refused_at_the_text_limit():
    assert "más de 20.000.000 caracteres de texto" in refusal(
        "plan.docx", hostile.docx_long_paragraph(21)
    )


def test_a_cell_spanning_a_million_columns_is_refused_before_its_cells_are_made():
    table = (
        b'<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val="1000000"/></w:tcPr><w:p/></w:tc>'
        b"</w:tr></w:tbl>"
    )
    assert "más de 500.000 celdas" in refusal("plan.docx", hostile.docx_file([table]))


def test_elements_that_carry_nothing_are_refused_at_the_elements_limit(monkeypatch):
    # At its real value (2 million) this takes seconds; bench/files.py measures that file.
    monkeypatch.setattr(limits, "MAX_XML_ELEMENTS", 100_000)
    run = [b"<w:p><w:r><w:rPr>", *hostile.repeated(b"<w:b/>", 100_001), b"</w:rPr></w:r></w:p>"]
    assert refusal("plan.docx", hostile.docx_file(run)) == (
        "El archivo «plan.docx» tiene más de 100.000 elementos XML; el máximo es 100.000."
    )


def test_a_column_merged_down_thousands_of_rows_is_read_in_one_pass():
    """python-docx looked for each merged cell's origin row by row: 2,000 rows took 40 s and
    then failed for lack of stack."""
    assert "no parece un plan de acción" in refusal("plan.docx", hostile.docx_merged_column(2_000))


def test_an_xlsx_sheet_is_refused_at_the_rows_limit_as_it_streams():
    assert refusal("plan.xlsx", hostile.xlsx_huge_sheet(20_001, 1)) == (
        "El archivo «plan.xlsx» tiene más de 20.000 filas en la hoja «Hoja1»; el máximo es 20.000."
    )


def test_the_rows_openpyxl_makes_up_for_a_huge_dimension_count():
    assert "más de 20.000 filas en la hoja «Hoja1»" in refusal(
        "plan.xlsx", hostile.xlsx_huge_dimension()
    )


def test_the_empty_cells_openpyxl_pads_a_row_with_count():
    assert refusal("plan.xlsx", hostile.xlsx_wide_rows(40)) == (
        "El archivo «plan.xlsx» tiene más de 300.000 celdas en la hoja «Hoja1»; "
        "el máximo es 300.000."
    )


def test_an_xlsx_cell_with_its_own_text_counts_twice():
    """156,000 cells, but each with its own text: openpyxl reads those much more slowly."""
    assert refusal("plan.xlsx", hostile.xlsx_at_limit(6_000, 26, inline=True)) == (
        "El archivo «plan.xlsx» tiene más de 300.000 celdas en la hoja «Hoja1»; "
        "el máximo es 300.000."
    )


def test_a_row_wider_than_excel_allows_is_refused_before_openpyxl_holds_it():
    row = b"<row>" + b"<c><v>1</v></c>" * 16_385 + b"</row>"
    data = hostile.xlsx_file(
        [hostile.XLSX_SHEET_HEAD, b"<sheetData>", row, b"</sheetData></worksheet>"]
    )
    assert refusal("plan.xlsx", data) == (
        "El archivo «plan.xlsx» tiene una fila con más de 16.384 celdas; el máximo es 16.384."
    )


def test_shared_strings_are_counted_before_openpyxl_reads_them_all():
    assert refusal("plan.xlsx", hostile.xlsx_shared_strings(300_001)) == (
        "El archivo «plan.xlsx» tiene más de 300.000 textos compartidos; el máximo es 300.000."
    )


def test_merged_cells_after_the_last_row_count_as_structure():
    assert "más de 250.000 elementos de estructura" in refusal(
        "plan.xlsx", hostile.xlsx_merged_cells(250_001)
    )


def test_an_old_excel_sheet_with_two_far_cells_is_refused_before_calamine_fills_the_gap():
    assert refusal("plan.xls", hostile.xls_far_cells(1)) == (
        "El archivo «plan.xls» tiene más de 20.000 filas en la hoja «Hoja1»; el máximo es 20.000."
    )


def test_an_old_excel_sheet_within_the_rows_but_too_wide_is_refused_at_the_cells():
    book = xlwt.Workbook()
    sheet = book.add_sheet("Plan")
    sheet.write(0, 0, "N°")
    sheet.write(5_000, 200, "x")
    buffer = io.BytesIO()
    book.save(buffer)
    assert "más de 500.000 celdas en la hoja «Plan»" in refusal("plan.xls", buffer.getvalue())


def test_a_zip_given_as_an_old_excel_or_ods_file_must_be_an_ods():
    """calamine would read a workbook part in it as XLSX, outside the counting."""
    assert "no se pudo leer la hoja de cálculo" in refusal("plan.ods", hostile.xlsx_wide_rows(3))


def test_a_csv_of_short_lines_is_refused_at_the_rows_limit():
    assert refusal("plan.csv", hostile.csv_short_lines(1)) == (
        "El archivo «plan.csv» tiene más de 20.000 filas; el máximo es 20.000."
    )


def test_an_open_data_csv_is_counted_as_it_is_read():
    plan, activities = hostile.plan_records(1)
    from formats.writers.opendata import to_csv

    header, row = to_csv(plan, activities).rstrip("\n").split("\n")
    data = "\n".join([header, *[row] * 20_001]).encode()
    assert refusal("plan.csv", data) == (
        "El archivo «plan.csv» tiene más de 500.000 celdas; el máximo es 500.000."
    )


def test_a_text_file_of_short_lines_is_refused_before_it_is_split():
    assert refusal("plan.txt", hostile.text_short_lines(1)) == (
        "El archivo «plan.txt» tiene más de 20.000 líneas; el máximo es 20.000."
    )


def test_json_nested_past_the_depth_limit_is_refused_before_it_is_parsed():
    assert refusal("plan.json", hostile.json_deep(21)) == (
        "El archivo «plan.json» anida más de 20 niveles; el máximo es 20."
    )


def test_json_of_millions_of_values_is_refused_before_it_is_parsed():
    assert "más de 500.000 valores" in refusal("plan.json", hostile.json_deep(5_000_000))
    assert "más de 500.000 valores" in refusal("plan.json", hostile.json_wide(2))


def test_json_activities_that_are_not_objects_are_refused_with_the_usual_message():
    assert "claves «plan» y «actividades»" in refusal(
        "plan.json", b'{"plan": {}, "actividades": [1, 2]}'
    )


def test_a_file_over_20_mb_is_refused_whatever_its_format():
    for name in ("plan.xlsx", "plan.ods", "plan.docx", "plan.csv", "plan.json", "plan.txt"):
        assert refusal(name, b" " * (limits.MAX_FILE_BYTES + 1)) == (
            f"El archivo «{name}» pesa más de 20 MB; el máximo es 20 MB."
        )


def test_a_part_with_a_document_type_declaration_is_refused():
    laughs = b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa">]><w:document/>'
    data = hostile.zip_file(
        {
            "[Content_Types].xml": hostile.DOCX_CONTENT_TYPES,
            "_rels/.rels": hostile.DOCX_RELS,
            "word/document.xml": laughs,
        }
    )
    assert "no se pudo leer el documento de Word" in refusal("plan.docx", data)


def test_a_zip_with_two_parts_of_the_same_name_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("content.xml", b"<a/>")
        with pytest.warns(UserWarning, match="Duplicate name"):
            archive.writestr("content.xml", b"<b/>")
    assert "no se pudo leer la hoja de cálculo" in refusal("plan.ods", buffer.getvalue())


@pytest.mark.parametrize(
    ("name", "build"),
    [
        ("plan.ods", hostile.real_ods),
        ("plan.xls", hostile.real_xls),
        ("plan.docx", hostile.real_docx),
        ("plan.csv", hostile.real_csv),
        ("plan.json", hostile.real_json),
        ("plan.txt", hostile.real_text),
    ],
)
def test_a_plan_of_thousands_of_activities_fits_the_limits(name, build):
    document = reader_for(name).read(build(2_000), name)
    assert len(document.rows) == 2_000
