"""The reader interface: a file's bytes in, a ``PlanDocument`` out, or a clear ImportFileError."""

from __future__ import annotations

from pathlib import PurePath
from typing import Protocol

from formats.document import ImportFileError, PlanDocument


class Reader(Protocol):
    name: str
    extensions: tuple[str, ...]

    def read(self, data: bytes, source: str) -> PlanDocument: ...


def _readers() -> list[Reader]:
    from formats.readers.seed_text import SeedTextReader

    return [SeedTextReader()]


def reader_for(filename: str) -> Reader:
    """The reader for a file, chosen by its extension."""
    extension = PurePath(filename).suffix.lower()
    readers = _readers()
    for reader in readers:
        if extension in reader.extensions:
            return reader
    accepted = ", ".join(ext for reader in readers for ext in reader.extensions)
    raise ImportFileError(
        f"El formato de «{PurePath(filename).name}» no se puede importar; se aceptan: {accepted}."
    )


def decode_text(data: bytes, source: str) -> str:
    """Text files come as UTF-8 (with or without BOM) or, from older Windows tools, cp1252."""
    if b"\x00" in data:
        raise ImportFileError(f"«{source}» no es un archivo de texto.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")
