"""Zip containers (XLSX, DOCX, ODS) and their XML parts, read within the limits.

Before any library opens a container, every member is inflated once through a counter: the sizes
the zip declares are checked first, so a bomb is refused before anything is inflated, then the
real bytes, so a member whose header lies about its size is refused too, whatever each library
would make of the lie. XML is read with expat, which keeps no tree: a handler counts what it
must as the elements go by.
"""

from __future__ import annotations

import copy
import functools
import io
import itertools
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from xml.parsers import expat

from formats.document import ImportFileError, Location
from formats.limits import MAX_MEMBERS, MAX_UNPACKED_BYTES, MB, Budget, number

CHUNK = 1 << 16
BATCH = 4096
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls and .doc, or an encrypted file
# Raised by zipfile, zlib and the XML parser for a damaged member.
DAMAGE = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    NotImplementedError,
    RuntimeError,
    OSError,
    ValueError,
)


class XmlHandler:
    """What an XML part's elements mean to a reader. Names arrive as "namespace local", and
    attributes as a list [name, value, name, value...] (see ``attribute``): a dictionary for each
    of millions of elements, most of them never looked at, cost about 15 % of the parsing. A
    handler's ``start`` counts each element in ``pending``, flushed to the budget every BATCH
    elements and when the part ends: a call per element was a tenth of the reading time."""

    def __init__(self, budget: Budget):
        self.budget = budget
        self.pending = 0

    def flush(self) -> None:
        pending, self.pending = self.pending, 0
        self.budget.add_elements(pending)

    def start(self, name: str, attributes: list[str]) -> None:
        pass

    def end(self, name: str) -> None:  # or None, for a handler that needs no ends
        pass

    def text(self, data: str) -> None:
        pass


def open_zip(
    data: bytes,
    source: str,
    budget: Budget,
    *,
    damaged: str,
    handler_for: Callable[[str], XmlHandler | None] = lambda name: None,
) -> zipfile.ZipFile:
    """The archive, once each member has been inflated within the budget; ``handler_for`` says
    how to read a member that is XML as it is inflated (None: only count its bytes).
    ``damaged`` says what the file should have been."""
    broken = ImportFileError(damaged, Location(source))
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except DAMAGE:
        raise broken from None
    if len(members) > MAX_MEMBERS:
        raise budget.refuse(f"tiene más de {number(MAX_MEMBERS)} partes", MAX_MEMBERS)
    if len({member.filename for member in members}) < len(members):
        raise broken  # two parts of the same name: each library would pick its own
    if sum(member.file_size for member in members) > MAX_UNPACKED_BYTES:
        limit = MAX_UNPACKED_BYTES // MB
        raise budget.refuse(f"ocupa más de {limit} MB descomprimido", limit, "MB")
    for member in members:
        is_xml, chunks = _sniff(inflate(archive, member, budget, broken))
        handler = handler_for(member.filename) if is_xml else None
        if handler is None:
            for _chunk in chunks:
                pass
        else:
            read_xml(chunks, handler, broken)
    return archive


def _sniff(chunks: Iterator[bytes]) -> tuple[bool, Iterator[bytes]]:
    """Whether a member is XML, judged by its first bytes that are not white space (libraries
    find parts by what other parts say, not by their names), and its chunks from there."""
    for chunk in chunks:
        start = chunk.lstrip(b" \t\r\n")
        if start:
            is_xml = start.startswith((b"<", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"))
            return is_xml, itertools.chain([start], chunks)
    return False, iter(())


def inflate(
    archive: zipfile.ZipFile, member: zipfile.ZipInfo, budget: Budget, broken: ImportFileError
) -> Iterator[bytes]:
    """A member's bytes as they are inflated, counted whatever its header says."""
    # Asked for more than it declares, zipfile inflates the member's whole stream and still
    # checks its CRC: what comes out is what any other reader would get.
    unbounded = copy.copy(member)
    unbounded.file_size = MAX_UNPACKED_BYTES + 1
    real = 0
    try:
        with archive.open(unbounded) as stream:
            while chunk := stream.read(CHUNK):
                real += len(chunk)
                budget.add_unpacked(len(chunk))
                yield chunk
    except DAMAGE:
        raise broken from None
    if real != member.file_size:
        raise broken


def read_member(archive: zipfile.ZipFile, name: str) -> Iterator[bytes]:
    """A member already checked by ``open_zip``, in chunks."""
    with archive.open(name) as stream:
        while chunk := stream.read(CHUNK):
            yield chunk


def read_xml(chunks: Iterable[bytes], handler: XmlHandler, broken: ImportFileError) -> None:
    """Feed an XML part to ``handler``, chunk by chunk. A part with a document type declaration
    is refused: no Office or OpenDocument file has one, and it is how entity bombs begin."""
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.buffer_text = True
    parser.ordered_attributes = True
    parser.StartElementHandler = handler.start
    if handler.end is not None:  # a handler that needs no ends spares a call per element
        parser.EndElementHandler = handler.end
    parser.CharacterDataHandler = handler.text

    def doctype(*_args) -> None:
        raise broken

    parser.StartDoctypeDeclHandler = doctype
    try:
        for chunk in chunks:
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except expat.ExpatError:
        raise broken from None
    handler.flush()


def attribute(attributes: list[str], name: str, default: str | None = None) -> str | None:
    """The value of an element's attribute, from expat's ordered list."""
    for index in range(0, len(attributes), 2):
        if attributes[index] == name:
            return attributes[index + 1]
    return default


@functools.lru_cache(maxsize=1024)
def local(name: str) -> str:
    """The local part of an expat "namespace local" name."""
    return name[name.rfind(" ") + 1 :]
