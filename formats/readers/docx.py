"""Word documents (.docx): the usual home of these formats. Paragraphs and tables are read in
order, the document-control block too when it sits in the page header."""

from __future__ import annotations

import io

from formats.document import ImportFileError, Location, PlanDocument
from formats.readers.grid import GridCell, parse_grid
from formats.readers.xlsx import _check_container


def _filled(tc) -> bool:
    from docx.oxml.ns import qn

    properties = tc.tcPr
    shading = properties.find(qn("w:shd")) if properties is not None else None
    fill = shading.get(qn("w:fill")) if shading is not None else None
    return bool(fill) and fill.upper() not in {"AUTO", "FFFFFF"}


def _paragraph_row(paragraph) -> list[GridCell]:
    text = paragraph.text.strip()
    runs = [run for run in paragraph.runs if run.text.strip()]
    return [GridCell(text, bold=bool(runs) and all(run.bold for run in runs))] if text else []


def _table_rows(table) -> list[list[GridCell]]:
    """Rows of a table; a merged cell keeps its text only where it starts."""
    rows: list[list[GridCell]] = []
    above: list = []
    for row in table.rows:
        cells, seen = [], []
        for index, cell in enumerate(row.cells):
            tc = cell._tc
            repeated = (seen and seen[-1] is tc) or (index < len(above) and above[index] is tc)
            seen.append(tc)
            if repeated:
                cells.append(GridCell())
                continue
            bold = any(run.bold for p in cell.paragraphs for run in p.runs if run.text.strip())
            cells.append(GridCell(cell.text.strip(), bold=bold, filled=_filled(tc)))
        above = seen
        rows.append(cells)
    return rows


class DocxReader:
    name = "Word"
    extensions = (".docx",)

    def read(self, data: bytes, source: str) -> PlanDocument:
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        _check_container(data, source)
        try:
            document = docx.Document(io.BytesIO(data))
        except Exception as exc:  # python-docx raises many kinds for a broken document
            raise ImportFileError(
                f"no se pudo leer el documento de Word ({type(exc).__name__}); ábralo y guárdelo "
                "de nuevo como .docx.",
                Location(source),
            ) from exc
        rows: list[list[GridCell]] = []
        for section in document.sections[:1]:
            for table in section.header.tables:
                rows.extend(_table_rows(table))
            rows.extend(filter(None, (_paragraph_row(p) for p in section.header.paragraphs)))
        for element in document.element.body.iterchildren():
            if element.tag.endswith("}tbl"):
                rows.extend(_table_rows(Table(element, document)))
                rows.append([])
            elif element.tag.endswith("}p"):
                rows.append(_paragraph_row(Paragraph(element, document)))
        return parse_grid(rows, source)
