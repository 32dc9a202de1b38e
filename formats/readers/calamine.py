"""Old Excel (.xls) and OpenDocument (.ods) spreadsheets, read with python-calamine."""

from __future__ import annotations

import io

from formats.document import ImportFileError, Location, PlanDocument
from formats.readers.grid import GridCell, cell_text, parse_grid


class CalamineReader:
    name = "Excel 97-2003 / OpenDocument"
    extensions = (".xls", ".ods")

    def read(self, data: bytes, source: str) -> PlanDocument:
        from python_calamine import CalamineWorkbook

        try:
            book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        except Exception as exc:  # calamine's errors name the format's internals
            raise ImportFileError(
                "no se pudo leer la hoja de cálculo (está dañada, protegida con contraseña o no "
                "es .xls/.ods).",
                Location(source),
            ) from exc
        first_error: ImportFileError | None = None
        for name in book.sheet_names:
            rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
            grid = [[GridCell(cell_text(value)) for value in row] for row in rows]
            try:
                return parse_grid(grid, source, name)
            except ImportFileError as error:
                first_error = first_error or error
                if "no parece un plan" not in error.message:
                    raise
        raise first_error or ImportFileError("el libro no tiene hojas.", Location(source))
