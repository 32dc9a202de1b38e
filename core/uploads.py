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

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
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
