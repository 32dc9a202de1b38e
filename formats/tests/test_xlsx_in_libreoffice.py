"""The official XLSX opened by LibreOffice, the spreadsheet most alcaldías have.

Each test exports a plan, has a real LibreOffice (Debian's libreoffice-calc-nogui) print it to
PDF and reads the PDF back with poppler's pdftotext. They fail, never skip, where soffice or
pdftotext is missing: CI installs both.

How a row is checked against LibreOffice. The table's columns are located on each page from two
header words («N°» and «ACTIVIDADES», each centred in its column) and the widths the writer
sets; a row's top is where its number in the N° column starts (every cell is aligned to the top,
so all first lines start there). Every text cell of the long plan ends with a word of its own
(``ref07tar``): the last word sits on the cell's last line, so the cell fits its row when that
word ends above the next row's first line (or above the page footer for the last row of a
page). A row too short lets LibreOffice draw its last lines over the next row, and that word
lands below the next row's top.
"""

from __future__ import annotations

import html
import io
import math
import re
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from django.core.management import call_command

from followup import document
from formats.writers import render, xlsx
from plans.models import Plan, PlanType
from plans.services.editing import ActivityData, add_activity, create_plan

pytestmark = pytest.mark.libreoffice

SOFFICE_TIMEOUT = 180  # seconds; a first conversion with a new profile takes a few
# The columns whose text the long plan fills, 1-based: description, tasks, deliverables,
# indicator formula, responsables.
TEXT_COLUMNS = (2, 3, 16, 17, 20)
TAG = re.compile(r"ref\d\d[a-z]+")  # the word a cell of the long plan ends with
# A lower bound of the lines a cell needs, independent of formats.writers.fit: in none of the
# fonts shown for Calibri does a unit of column width hold 1.25 average characters of Spanish
# (Carlito, the narrowest, 1.19), nor is a line of 11-point text shorter than 12.8 points
# (DejaVu Sans).
MOST_CHARACTERS_PER_WIDTH, LEAST_LINE_HEIGHT = 1.25, 12.8
TOLERANCE = 1.0  # points


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.fail(
            f"These tests need `{name}` (apt-get install libreoffice-calc-nogui poppler-utils); "
            "they check the XLSX export in a real LibreOffice and must not be skipped."
        )
    return path


@pytest.fixture(scope="session")
def to_pdf(tmp_path_factory):
    """Converts XLSX files to PDF with soffice, in a profile of this test session's own (two
    LibreOffice processes sharing a profile wait for each other or fail)."""
    soffice, _ = _tool("soffice"), _tool("pdftotext")
    profile = tmp_path_factory.mktemp("libreoffice-profile")

    def convert(*files: Path) -> list[Path]:
        outdir = files[0].parent
        result = subprocess.run(
            [
                soffice,
                f"-env:UserInstallation={profile.as_uri()}",
                "--headless",
                "--norestore",
                "--convert-to",
                "pdf",
                "--outdir",
                str(outdir),
                *map(str, files),
            ],
            capture_output=True,
            text=True,
            timeout=SOFFICE_TIMEOUT,
        )
        pdfs = [outdir / f"{file.stem}.pdf" for file in files]
        for file, pdf in zip(files, pdfs, strict=True):
            assert pdf.exists() and pdf.stat().st_size, (
                f"LibreOffice did not open {file.name}: {result.stdout}{result.stderr}"
            )
        return pdfs

    return convert


@dataclass(frozen=True)
class Word:
    page: int
    x0: float
    y0: float
    x1: float
    y1: float
    text: str


WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
)


def _words(pdf: Path) -> list[list[Word]]:
    """The words of each page with their boxes (pdftotext -bbox-layout), in points."""
    out = subprocess.run(
        [_tool("pdftotext"), "-bbox-layout", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [
        [
            Word(number, float(a), float(b), float(c), float(d), html.unescape(text))
            for a, b, c, d, text in WORD.findall(page)
        ]
        for number, page in enumerate(out.split("<page ")[1:], start=1)
    ]


def _layout(pdf: Path, page: int, left: float, top: float, right: float, bottom: float) -> str:
    """The text pdftotext -layout reads in a rectangle of one page, given in points (cropped in
    tenths of a point: a cell's text starts less than a point from its edge)."""
    x, y = round(left * 10), round(top * 10)
    area = ["-x", str(x), "-y", str(y), "-W", str(round(right * 10) - x)]
    area += ["-H", str(round(bottom * 10) - y)]
    command = [
        _tool("pdftotext"),
        "-layout",
        "-r",
        "720",
        "-f",
        str(page),
        "-l",
        str(page),
        *area,
        str(pdf),
        "-",
    ]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def _flat(text: str) -> str:
    """Text compared without its line breaks and spaces (the PDF wraps where the cell does) nor
    soft hyphens."""
    return re.sub(r"[\s\u00ad]+", "", unicodedata.normalize("NFC", text))


@dataclass
class Page:
    number: int
    words: list[Word]
    edges: list[float]  # x of each column's left edge, and of the table's right edge
    header_bottom: float
    footer_top: float

    def column(self, number: int) -> tuple[float, float]:
        return self.edges[number - 1], self.edges[number]


def _pages(pdf: Path) -> list[Page]:
    """Each page with the table's columns located from its repeated header."""
    pages = []
    for number, words in enumerate(_words(pdf), start=1):
        first = {}
        for word in words:
            first.setdefault(word.text, word)
        assert {"N°", "ACTIVIDADES", "RESPONSABLES", "SEGUIMIENTO"} <= first.keys(), (
            f"page {number} repeats the table header, whole (fitted to the page width)"
        )
        centre = {name: (first[name].x0 + first[name].x1) / 2 for name in ("N°", "ACTIVIDADES")}
        widths = xlsx.WIDTHS
        scale = (centre["ACTIVIDADES"] - centre["N°"]) / (widths[0] / 2 + widths[1] / 2)
        left = centre["N°"] - widths[0] / 2 * scale
        edges = [left + scale * sum(widths[:i]) for i in range(len(widths) + 1)]
        footer = next(w for w in words if w.text == "Página" and w.y0 > first["N°"].y0)
        pages.append(Page(number, words, edges, first["ACTIVIDADES"].y1, footer.y0))
    return pages


def _rows(pages: list[Page], numbers: list[int]) -> list[tuple[Page, float]]:
    """(page, top) of each activity's row: where its number starts in the N° column."""
    found = {}
    for page in pages:
        left, right = page.column(1)
        for word in page.words:
            inside = left - TOLERANCE <= word.x0 and word.x1 <= right + TOLERANCE
            if inside and word.y0 > page.header_bottom and word.text.isdigit():
                assert int(word.text) not in found, f"activity {word.text} printed twice"
                found[int(word.text)] = (page, word.y0)
    assert sorted(found) == sorted(numbers), "every activity's row is printed once"
    return [found[number] for number in numbers]


def _column_text(pdf: Path, pages: list[Page], column: int) -> str:
    """The column's text on every page below the table header, as pdftotext -layout reads it."""
    parts = []
    for page in pages:
        left, right = page.column(column)
        parts.append(_layout(pdf, page.number, left, page.header_bottom, right, page.footer_top))
    return "".join(parts)


def _assert_every_text_is_printed_whole(pdf, pages, activities) -> None:
    for column, field in (
        (2, "actividad"),
        (3, "tareas"),
        (16, "productos_entregables"),
        (17, "indicador_formula"),
        (20, "responsables"),
    ):
        printed = _flat(_column_text(pdf, pages, column))
        for activity in activities:
            value = activity[field]
            text = "\n".join(value) if isinstance(value, list) else value
            if field == "responsables" and activity["responsables_texto"]:
                text = activity["responsables_texto"]
            assert _flat(text) in printed, (
                f"activity {activity['numero']}: its {field} is printed whole in its column"
            )


PHRASES = [
    "Fortalecer la participación ciudadana en la formulación, ejecución y seguimiento de las "
    "políticas públicas del municipio",
    "con énfasis en los grupos de valor de la zona rural, las juntas de acción comunal y los "
    "consejos territoriales de planeación",
    "mediante jornadas de diálogo, encuestas de percepción y mesas técnicas con las "
    "dependencias responsables",
    "garantizando el acceso a la información pública (Ley 1712 de 2014, Resolución 1519 de 2020)",
    "y publicando los resultados en la sección «Transparencia y acceso a la información "
    "pública» del sitio web",
    "para que la ciudadanía, los veedores y los órganos de control sigan los compromisos",
    "incluidos niños, niñas, adolescentes, jóvenes, mujeres, personas mayores y población "
    "étnica (indígena, afrocolombiana, raizal)",
]
VERBS = ["Convocar", "Diseñar", "Realizar", "Consolidar", "Publicar", "Evaluar"]


def _long_activities(units) -> list[ActivityData]:
    """Ten activities whose texts wrap to different heights; each of the five text columns
    holds the tallest cell of some row. Each text cell ends with a word of its own."""
    activities = []
    for n in range(1, 11):
        description = " ".join(PHRASES[(n + j) % 7] for j in range(n % 4 + 1))
        if n == 3:
            description = description.upper()
        tasks = [
            f"{VERBS[(n + j) % 6]} {PHRASES[(n + 2 * j) % 7][: 40 + 37 * ((n + j) % 4)]}"
            for j in range(1 + n % 5)
        ]
        if n == 5:
            tasks.insert(
                0,
                "Publicar en https://www.cartago.gov.co/transparencia/planeacion/"
                "plan-de-accion-2026/seguimiento-participacion-ciudadana",
            )
        deliverables, formula = "Informe de resultados", "Número de acciones realizadas"
        if n == 7:
            deliverables = ", ".join(PHRASES[:4])
        if n in (6, 10):
            description, tasks = PHRASES[n % 7], tasks[:1]
        if n == 6:
            formula = f"{formula} {PHRASES[0]} {PHRASES[2]}"
        activities.append(
            ActivityData(
                number=n,
                description=f"{description} ref{n:02d}act",
                tasks=[*tasks[:-1], f"{tasks[-1]} ref{n:02d}tar"],
                months=[n, (n + 5) % 12 + 1],
                deliverables=f"{deliverables} ref{n:02d}pro",
                indicator_formula=f"{formula} ref{n:02d}for",
                indicator_target=Decimal(n),
                responsible_units=units[: 1 + (3 if n == 8 else n % 2)],
            )
        )
    return activities


@pytest.fixture
def long_plan(cartago, planner):
    plan = create_plan(
        cartago,
        by=planner,
        plan_type=PlanType.objects.get(code="participacion-ciudadana"),
        year=2026,
        objective=" ".join(PHRASES),
    )
    units = list(cartago.units.order_by("name"))
    for data in _long_activities(units):
        add_activity(plan, by=planner, data=data)
    # The responsables as an imported file wrote them, the tallest cell of the last row.
    names = "; ".join(unit.name for unit in units[:6])
    plan.activities.filter(number=10).update(responsible_text=f"{names} ref10res")
    return plan


def test_libreoffice_prints_every_row_whole_without_overlapping_the_next(
    long_plan, to_pdf, tmp_path
):
    record, activities = document.open_data(long_plan)
    path = tmp_path / "plan.xlsx"
    path.write_bytes(render("xlsx", record, activities))

    # The heights written: at least the lines each cell needs in the narrowest font.
    sheet = openpyxl.load_workbook(path).active
    rows = {sheet.cell(r, 1).value: r for r in range(1, sheet.max_row + 1)}
    for activity in activities:
        row = rows[activity["numero"]]
        least = 1
        for column in TEXT_COLUMNS:
            text = str(sheet.cell(row, column).value or "")
            room = MOST_CHARACTERS_PER_WIDTH * xlsx.WIDTHS[column - 1]
            least = max(least, sum(math.ceil(len(p) / room) or 1 for p in text.split("\n")))
        height = sheet.row_dimensions[row].height or sheet.sheet_format.defaultRowHeight
        assert height >= least * LEAST_LINE_HEIGHT, f"row {row} holds {least} lines"

    (pdf,) = to_pdf(path)
    pages = _pages(pdf)
    assert len(pages) > 1, "the long plan takes more than one page"

    # The objective, merged across the sheet's width, wraps within its own row.
    top = pages[0]
    label, following = (
        next(w for w in top.words if w.text == text) for text in ("OBJETIVO:", "ALCANCE:")
    )
    objective = _layout(pdf, 1, top.edges[3], label.y0 - TOLERANCE, top.edges[-1], following.y0)
    assert _flat(objective) == _flat(record["objetivo"])
    _assert_every_text_is_printed_whole(pdf, pages, activities)

    # Against LibreOffice's own layout: each cell's last word ends above the next row.
    tops = _rows(pages, [a["numero"] for a in activities])
    for index, activity in enumerate(activities):
        page, top = tops[index]
        following = tops[index + 1] if index + 1 < len(tops) else None
        bottom = following[1] if following and following[0] is page else page.footer_top
        for column in TEXT_COLUMNS:
            text = str(sheet.cell(rows[activity["numero"]], column).value or "")
            name = text.split()[-1] if text else ""
            if not TAG.fullmatch(name):
                continue
            found = [w for p in pages for w in p.words if name in w.text]
            assert len(found) == 1, (
                f"{name}, the last word of activity {activity['numero']}'s column {column}, "
                f"is printed once and legible (text drawn over other text is not): {found}"
            )
            word = found[0]
            left, right = page.column(column)
            assert word.page == page.number and left <= word.x0 and word.x1 <= right, (
                f"{name} is printed in its cell"
            )
            assert top - TOLERANCE <= word.y0 and word.y1 <= bottom + TOLERANCE, (
                f"activity {activity['numero']}, column {column}: the cell's last line "
                f"({word.y0:.1f}–{word.y1:.1f}) runs past its row ({top:.1f}–{bottom:.1f})"
            )


def test_libreoffice_opens_the_demo_plans_with_their_control_block_whole(
    plan_types, settings, tmp_path, to_pdf
):
    settings.VAR_DIR = settings.MEDIA_ROOT = tmp_path
    call_command("load_demo", stdout=io.StringIO(), stderr=io.StringIO())
    files, exported = [], {}
    for plan in Plan.objects.order_by("pk"):
        record, activities = document.open_data(plan)
        path = tmp_path / f"{plan.plan_type.code}.xlsx"
        path.write_bytes(render("xlsx", record, activities))
        files.append(path)
        exported[path.stem] = activities
    assert set(exported) == {"participacion-ciudadana", "plan-anticorrupcion", "plan-mejoramiento"}

    for path, pdf in zip(files, to_pdf(*files), strict=True):
        pages = _pages(pdf)
        text = _layout(pdf, 1, 0, 0, 1000, 1000)
        for label in ("PÁGINA:", "CÓDIGO:", "VERSIÓN:", "FECHA APROBACIÓN:"):
            assert label in text, f"{path.name}: «{label}» is printed whole"
        _assert_every_text_is_printed_whole(pdf, pages, exported[path.stem])
        _rows(pages, [a["numero"] for a in exported[path.stem]])
        heading = "CUATRIMESTRAL" if path.stem == "plan-anticorrupcion" else "TRIMESTRAL"
        assert f"SEGUIMIENTO {heading}" in text
