"""How an evidence file leaves the application: as an attachment, with the type read from its
content when it was uploaded and never sniffed again by the browser."""

from django.http import FileResponse

from followup.models import Evidence


def evidence_response(evidence: Evidence) -> FileResponse:
    response = FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
