"""Uploaded files are received up to UPLOAD_MAX_BYTES, and no further.

Django's own handlers keep a whole upload (in memory, or in a temporary file past
FILE_UPLOAD_MAX_MEMORY_SIZE) before any form can look at its size: a 200 MB post was received
and stored whole, then refused for being over 10 MB. ``CappedUploadHandler`` goes first in
FILE_UPLOAD_HANDLERS and counts the bytes of a request's files as they arrive. Past the cap:

- if the request is at most twice the cap (all a proxy with ``client_max_body_size 21m`` lets
  through, docs/deploy.md), the rest of the file is read and thrown away, nothing of it reaches
  the handlers after this one, and the form gets a ``TooLargeFile`` in its place: the size the
  client sent and no content. Every form and service checks an upload's size before it reads
  it, so the page says the file is too heavy, and the fields sent after the file still arrive.
- if it is longer, nothing more is read: Django answers 400 (RequestDataTooBig), and no view
  sees a request whose file went missing.
"""

from __future__ import annotations

import io
from collections.abc import Collection

import magic
from django.conf import settings
from django.core.exceptions import RequestDataTooBig, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler


class TooLargeFile(UploadedFile):
    """Stands for a file that was not kept: it has the size the client sent and no content."""

    def __init__(self, name: str, content_type: str, size: int, charset: str | None):
        super().__init__(io.BytesIO(), name, content_type, size, charset)


class CappedUploadHandler(FileUploadHandler):
    """Counts the bytes of a request's files and stops keeping them past UPLOAD_MAX_BYTES."""

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.request_length = content_length
        self.received = 0  # bytes of this request's files so far
        return None  # Django parses the request, this handler sees each chunk

    def new_file(self, *args, **kwargs) -> None:
        super().new_file(*args, **kwargs)
        self.over = False

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.received += len(raw_data)
        cap = settings.UPLOAD_MAX_BYTES
        if self.received <= cap:
            return raw_data
        if self.request_length > 2 * cap:
            raise RequestDataTooBig(f"Uploaded files passed UPLOAD_MAX_BYTES ({cap} bytes).")
        self.over = True
        return None  # the handlers after this one get nothing more of it

    def file_complete(self, file_size: int) -> UploadedFile | None:
        if self.over:
            return TooLargeFile(self.file_name, self.content_type, file_size, self.charset)
        return None  # the next handler has kept it


def read_checked(upload: UploadedFile, *, allowed: Collection[str], what: str) -> tuple[bytes, str]:
    """The content of an uploaded file and its type, read from the content (libmagic), never
    from the name: refused (ValidationError) past EVIDENCE_MAX_BYTES or when the type is not
    one of ``allowed``; ``what`` says what it should have been («un PDF»)."""
    limit = settings.EVIDENCE_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            f"«{upload.name}» pesa {upload.size / 2**20:.1f} MB; el máximo es "
            f"{limit / 2**20:.0f} MB."
        )
    content = upload.read()
    kind = magic.from_buffer(content[:4096], mime=True)
    if kind not in allowed:
        raise ValidationError(f"«{upload.name}» no es {what} (su contenido es {kind}).")
    return content, kind


def shown_name(name: str, default: str) -> str:
    """An uploaded file's own name for display: no folder part, no control characters."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = "".join(char for char in base if char.isprintable()).strip(" .")
    return cleaned[:200] or default
