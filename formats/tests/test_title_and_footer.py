"""Title lines and the footer as entities write them (issue 18): the sign-off block in its
shapes, and an address made only of what an address says."""

import io

import docx
import pytest

from formats.document import ImportFileError, Signature
from formats.readers.base import reader_for

TABLE = ["N°\tACTIVIDADES\tRESPONSABLES", "1\tRendir cuentas\tDespacho"]


def read_text(*footer: str, top=("ALCALDÍA DE TULUÁ",)):
    lines = [*top, "", *TABLE, "", *footer]
    return reader_for("plan.txt").read("\n".join(lines).encode(), "plan.txt")


def test_roles_with_name_and_cargo_in_one_cell_or_after_nombre_and_cargo():
    footer = read_text(
        "Elaboró: Ana Gómez - Profesional Universitaria\tRevisó: Luis Pérez",
        "\tCargo: Secretario de Planeación",
        "Firma:\tFirma:",
    ).footer
    assert footer.signatures == [
        Signature("Elaboró", "Ana Gómez", "Profesional Universitaria"),
        Signature("Revisó", "Luis Pérez", "Secretario de Planeación"),
    ]
    assert footer.address == ""


def test_a_signature_by_a_unit_and_contact_lines_are_never_the_address():
    footer = read_text(
        "Elaboró: Coordinación de Salud Pública - Sede Centro",
        "",
        "Sitio web: https://www.tulua.gov.co",
        "Teléfono: 602 2339300 (sede principal)",
        "Correo: contacto@tulua.gov.co",
        "Dirección: Carrera 25 No 25-04, Edificio Administrativo",
        "Código Postal: 763022",
    ).footer
    assert footer.signatures == [
        Signature("Elaboró", "Coordinación de Salud Pública", "Sede Centro")
    ]
    assert footer.website == "https://www.tulua.gov.co"
    assert footer.address == "Carrera 25 No 25-04, Edificio Administrativo"
    assert footer.postal_code == "763022"


def test_a_nit_only_in_the_footer_is_found_and_checked():
    assert read_text("NIT 891.900.493-2").control.nit == "891900493-2"
    with pytest.raises(ImportFileError) as error:
        read_text("", "NIT 891.900.493-5")
    assert "línea 7" in str(error.value) and "dígito de verificación" in str(error.value)


def test_the_first_title_line_names_the_entity_whatever_its_style():
    document = read_text(
        top=("FORMATO PLAN DE ACCIÓN", "ESE Hospital San Juan de Dios", "AÑO 2026")
    )
    assert document.control.entity_name == "ESE Hospital San Juan de Dios"
    assert document.header.titles == ["FORMATO PLAN DE ACCIÓN"]
    assert document.header.year == 2026


def test_a_word_sign_off_table_under_the_activities():
    document = docx.Document()
    document.add_paragraph("ALCALDÍA DE TULUÁ - NIT 891.900.764-3")
    table = document.add_table(rows=2, cols=3)
    for r, line in enumerate(TABLE):
        for c, value in enumerate(line.split("\t")):
            table.cell(r, c).text = value
    document.add_paragraph("")
    signoff = document.add_table(rows=3, cols=3)
    for c, (role, name, cargo) in enumerate(
        [
            ("Elaboró:", "Ana Gómez", "Profesional"),
            ("Revisó:", "Luis Pérez", "Jefe"),
            ("Aprobó:", "", ""),
        ]
    ):
        signoff.cell(0, c).text = role
        signoff.cell(1, c).text = name
        signoff.cell(2, c).text = cargo
    buffer = io.BytesIO()
    document.save(buffer)
    read = reader_for("plan.docx").read(buffer.getvalue(), "plan.docx")
    assert read.control.entity_name == "Alcaldía de Tuluá"
    assert read.footer.signatures == [
        Signature("Elaboró", "Ana Gómez", "Profesional"),
        Signature("Revisó", "Luis Pérez", "Jefe"),
        Signature("Aprobó", "", ""),
    ]
