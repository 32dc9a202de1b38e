"""An audiencia in a real browser: Planeación registers it with attendance, an acta and two
compromisos; the responsible dependencia closes one with evidence; the public sees 1 closed and
1 open, on pages axe finds clean."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from conftest import PDF_BYTES
from dialogue.tests.conftest import ADMINISTRATIVE
from portal.tests.test_accessibility_browser import (  # noqa: F401 (a fixture)
    browser_context_args,
    violations,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def in_march(time_machine):
    time_machine.move_to("2026-03-12 10:00 -0500", tick=True)


def test_an_audiencia_with_compromisos_closed_by_the_dependencia_reaches_the_public(
    in_march, live_server, page, log_in, cartago, groups, planner, reporter_a, tmp_path, make_event
):
    acta = tmp_path / "acta-audiencia.pdf"
    acta.write_bytes(PDF_BYTES)
    evidence = tmp_path / "informe-publicado.pdf"
    evidence.write_bytes(PDF_BYTES + b"%informe")

    log_in(planner)
    page.goto(f"{live_server.url}/participacion/espacios/")
    page.get_by_role("link", name="Registrar un espacio").click()
    page.get_by_label("Tema").fill("Rendición de cuentas 2025")
    page.get_by_label("Tipo de espacio").select_option(
        label="Audiencia pública de rendición de cuentas"
    )
    page.get_by_label("Inicia (fecha y hora)").fill("2026-03-10T09:00")
    page.get_by_label("Lugar").fill("Recinto del Concejo Municipal")
    page.get_by_label("Municipio").fill("Cartago")
    page.get_by_label("Ciudadanía en general").check()
    page.get_by_label("Juntas de Acción Comunal").check()
    page.get_by_role("button", name="Guardar").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Rendición de cuentas 2025")

    page.get_by_role("button", name="Marcar como realizado").click()
    expect(page.get_by_text("El espacio quedó registrado como realizado.")).to_be_visible()
    page.get_by_label("Ciudadanía en general").fill("35")
    page.get_by_label("Juntas de Acción Comunal").fill("14")
    page.get_by_role("button", name="Guardar la asistencia").click()
    expect(page.get_by_role("table", name=re.compile("Asistentes por grupo"))).to_contain_text("49")
    page.get_by_label("Acta del espacio (PDF)").set_input_files(acta)
    page.get_by_role("button", name="Cargar el acta").click()
    expect(page.get_by_text("Se cargó el acta.")).to_be_visible()
    for text in ("Publicar el informe de gestión en lenguaje claro", "Instalar la mesa veredal"):
        page.get_by_text("Agregar un compromiso").click()
        page.get_by_label(re.compile("^Compromiso")).fill(text)
        page.get_by_label("Dependencia responsable").select_option(label=ADMINISTRATIVE)
        page.get_by_label("Fecha límite").fill("2026-06-30")
        page.get_by_role("button", name="Agregar el compromiso").click()
        expect(page.get_by_text("Se registró el compromiso.")).to_be_visible()

    log_in(reporter_a)
    page.goto(f"{live_server.url}/participacion/compromisos/")
    row = page.get_by_role("row", name=re.compile("Publicar el informe"))
    row.get_by_role("link", name=re.compile("Cerrar con evidencia")).click()
    page.get_by_label("Cómo se cumplió el compromiso").fill("Publicado en el sitio web")
    page.get_by_label("Evidencia: archivo (PDF, PNG o JPEG)").set_input_files(evidence)
    page.get_by_label("Descripción de la evidencia").fill("Informe publicado")
    page.get_by_role("button", name="Cerrar el compromiso").click()
    expect(page.get_by_text("El compromiso quedó cerrado.")).to_be_visible()

    page.context.clear_cookies()
    page.goto(f"{live_server.url}/entidades/{cartago.nit}/compromisos/")
    expect(page.locator("#resumen")).to_have_text("1 cerrado, 1 abierto.")
    expect(page.get_by_role("row", name=re.compile("Publicar el informe"))).to_contain_text(
        "Cerrado el 12/03/2026"
    )
    assert violations(page) == []
    make_event(
        title="Mesa de trabajo con las juntas",
        kind="mesa_de_trabajo",
        starts_at=datetime.datetime(2026, 4, 14, 15, tzinfo=datetime.UTC),
        place="",
        virtual_url="https://meet.example.invalid/mesa",
        vereda="Zaragoza",
    )
    page.goto(f"{live_server.url}/entidades/{cartago.nit}/espacios/")
    expect(page.get_by_role("heading", name="Abril de 2026")).to_be_visible()
    expect(page.get_by_text("Martes 14 de abril de 2026, 10:00 a. m.")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("Acta \\(PDF\\)"))).to_be_visible()
    assert violations(page) == []
    page.get_by_role("link", name="Rendición de cuentas 2025", exact=True).click()
    expect(page.get_by_role("table", name="Asistentes por grupo de valor")).to_contain_text("49")
    assert violations(page) == []
