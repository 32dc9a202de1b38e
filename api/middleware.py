"""The API's edges: JSON errors for what Django answers around it, and CORS for public reads.

CORS (docs/adr/0029): any web page may read the public data (``Access-Control-Allow-Origin: *``,
never with credentials). Public reads are the GET operations the OpenAPI document lists without
a security requirement, and the document itself; an operation that asks for a token, or writes,
gets no CORS header, so a browser keeps other sites from calling it.
"""

from __future__ import annotations

import re
from functools import cache

from django.http import HttpRequest, HttpResponse

from api.errors import json_error

API_PREFIX = "/api/"
READ_METHODS = ("GET",)  # django-ninja answers HEAD with 405


@cache
def _public_reads() -> frozenset[str]:
    """The path templates ("/api/v1/planes/{plan_id}") of the API's public GET operations."""
    from api.api import api

    schema = api.get_openapi_schema()
    return frozenset(
        template
        for template, operations in schema["paths"].items()
        if "get" in operations and not operations["get"].get("security")
    )


def _is_public_read(request: HttpRequest) -> bool:
    match = request.resolver_match
    if match is None or match.namespace != "api":
        return False
    if match.url_name == "openapi-json":
        return True
    template = "/" + re.sub(r"<(?:[^>:]+:)?([^>]+)>", r"{\1}", match.route)
    return template in _public_reads()


class PublicReadsCors:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.method in READ_METHODS and _is_public_read(request):
            response["Access-Control-Allow-Origin"] = "*"
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        """Answer a browser's preflight for a public read; any other OPTIONS goes on (405)."""
        asked = request.headers.get("Access-Control-Request-Method", "")
        if request.method == "OPTIONS" and asked in READ_METHODS and _is_public_read(request):
            response = HttpResponse(status=204)
            response["Access-Control-Allow-Origin"] = "*"
            response["Access-Control-Allow-Methods"] = ", ".join(READ_METHODS)
            response["Access-Control-Max-Age"] = "86400"
            return response
        return None


class JsonErrors:
    """An error answered under /api/ outside django-ninja's operations (an address that does not
    exist, a method an address does not take, a body past the upload cap, a server error) gets
    the API's one error shape instead of an HTML page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            request.path_info.startswith(API_PREFIX)
            and response.status_code >= 400
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            answer = json_error(response.status_code)
            for header in ("Allow", "Access-Control-Allow-Origin"):
                if header in response:
                    answer[header] = response[header]
            return answer
        return response
