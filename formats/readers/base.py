"""The reader interface: a file's bytes in, a ``PlanDocument`` out, or a clear ImportFileError."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import PurePath
from typing import Protocol

from formats.document import ImportFileError, Location, PlanDocument


class Reader(Protocol):
    """Reads one file format. ``name`` is shown to users; ``extensions`` are lower case."""

    name: str
    extensions: tuple[str, ...]

    def read(self, data: bytes, source: str) -> PlanDocument: ...


def readers() -> list[Reader]:
    """Every registered reader."""
    # Imported here because the readers themselves import this module's helpers.
    from formats.readers.calamine import CalamineReader
    from formats.readers.csv import CsvReader
    from formats.readers.docx import DocxReader
    from formats.readers.opendata import JsonReader
    from formats.readers.seed_text import SeedTextReader
    from formats.readers.xlsx import XlsxReader

    return [
        SeedTextReader(),
        XlsxReader(),
        CalamineReader(),
        DocxReader(),
        CsvReader(),
        JsonReader(),
    ]


def reader_for(filename: str) -> Reader:
    """The reader for a file, chosen by its extension."""
    extension = PurePath(filename).suffix.lower()
    available = readers()
    for reader in available:
        if extension in reader.extensions:
            return reader
    accepted = ", ".join(ext for reader in available for ext in reader.extensions)
    raise ImportFileError(
        f"El formato de «{PurePath(filename).name}» no se puede importar; se aceptan: {accepted}."
    )


def decode_text(data: bytes, source: str) -> str:
    """The text of a file in UTF-8 (with or without BOM) or, from older Windows tools, cp1252."""
    not_text = ImportFileError(
        "no es un archivo de texto; guárdelo como texto (UTF-8) e inténtelo de nuevo.",
        Location(source),
    )
    if b"\x00" in data:
        raise not_text
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:  # bytes that no Windows text uses
        raise not_text from None


def lines(text: str) -> Iterator[str]:
    """The lines of a text with their endings, one at a time: splitting a file of short lines
    at once would hold millions of strings."""
    start, length = 0, len(text)
    while start < length:
        end = text.find("\n", start)
        end = length if end == -1 else end + 1
        yield text[start:end]
        start = end
