"""How files leave the application: evidence as an attachment, with the type read from its
content when it was uploaded and never sniffed again by the browser; a plan's generated files
from storage, or «en preparación» while their task has not made them."""

from collections.abc import Callable
from typing import IO

from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render

from followup.models import Evidence
from followup.publication import NotReady

# What a person is told is being prepared, by format.
KINDS = {"pdf": "PDF", "xlsx": "libro de Excel (XLSX)"}
RETRY_SECONDS = 30


def generated_file_response(
    request: HttpRequest, fmt: str, opener: Callable[[], IO[bytes]], **kwargs
) -> HttpResponse:
    """A FileResponse of what ``opener`` returns, or 503 with Retry-After while it is not ready."""
    try:
        stored = opener()
    except NotReady:
        response = render(
            request, "file_pending.html", {"kind": KINDS.get(fmt, "archivo")}, status=503
        )
        response["Retry-After"] = str(RETRY_SECONDS)
        return response
    return FileResponse(stored, **kwargs)


def evidence_response(evidence: Evidence) -> FileResponse:
    response = FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
