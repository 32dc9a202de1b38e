"""The API's one error shape, in Spanish, for every error it answers:

    {"error": {"codigo": "no_encontrado", "mensaje": "…", "detalles": [{"campo": …, "mensaje": …}]}}

``install`` registers the handlers of the errors raised inside an operation; ``JsonErrors``
(api.middleware) gives the same shape to the errors Django answers before or around the API
(an address that does not exist, a method an address does not take, a body too large, a server
error), so a client never has to read an HTML page.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from followup.services import StaleReport
from plans import values

# The code and the standard Spanish message of each status the API answers with.
CODES = {
    400: ("solicitud_invalida", "La solicitud no se pudo leer."),
    401: (
        "sin_autenticar",
        "Falta un token válido: envíelo en el encabezado «Authorization: Bearer <token>» "
        "(los tokens se crean en «Mi cuenta» › «Tokens personales de la API»).",
    ),
    403: ("sin_permiso", "No tiene permiso para esta acción."),
    404: ("no_encontrado", "No existe o no tiene acceso."),
    405: ("metodo_no_permitido", "Esta dirección no admite ese método."),
    409: ("conflicto", "La solicitud choca con el estado actual de los datos."),
    413: ("demasiado_grande", "La solicitud es demasiado grande."),
    422: ("invalido", "Datos inválidos."),
    429: ("demasiadas_solicitudes", "Demasiadas solicitudes; espere un momento y repita."),
    500: ("error_interno", "Error interno del servidor; ya quedó registrado. Intente más tarde."),
}

# The API's names of the report fields a refusal (plans.values.Refused) may name.
API_FIELDS = {
    "value": "resultado",
    "numerator": "numerador",
    "denominator": "denominador",
    "delivered": "entregado",
    "correction_reason": "motivo_correccion",
    "commitments": "compromisos",
    "obligations": "obligaciones",
}

# Where a request value comes from in pydantic's error locations: not part of the field's name.
_SOURCES = {"query", "path", "form", "body", "file", "header", "cookie", "filters", "data"}

# Spanish for pydantic's error types; the context (ge, max_length...) fills the braces.
_PYDANTIC = {
    "missing": "es obligatorio",
    "int_parsing": "debe ser un número entero",
    "int_type": "debe ser un número entero",
    "int_from_float": "debe ser un número entero",
    "float_parsing": "debe ser un número",
    "float_type": "debe ser un número",
    "decimal_parsing": "debe ser un número",
    "decimal_type": "debe ser un número",
    "finite_number": "debe ser un número finito",
    "bool_parsing": "debe ser true o false",
    "bool_type": "debe ser true o false",
    "string_type": "debe ser un texto",
    "string_too_short": "debe tener al menos {min_length} caracteres",
    "string_too_long": "admite a lo sumo {max_length} caracteres",
    "greater_than": "debe ser mayor que {gt}",
    "greater_than_equal": "debe ser mayor o igual a {ge}",
    "less_than": "debe ser menor que {lt}",
    "less_than_equal": "debe ser menor o igual a {le}",
    "decimal_max_places": "admite a lo sumo {decimal_places} decimales",
    "decimal_max_digits": "admite a lo sumo {max_digits} dígitos",
    "literal_error": "debe ser uno de: {expected}",
    "enum": "debe ser uno de: {expected}",
    "json_invalid": "no es un JSON válido",
    "model_attributes_type": "no tiene la forma esperada",
    "dict_type": "no tiene la forma esperada",
    "list_type": "debe ser una lista",
    "value_error": "{error}",
}


def error_body(status: int, message: str | None = None, details: list[dict] | None = None):
    code, standard = CODES.get(status, CODES[500 if status >= 500 else 400])
    return {"error": {"codigo": code, "mensaje": message or standard, "detalles": details or []}}


def json_error(status: int, message: str | None = None) -> JsonResponse:
    """The error shape outside django-ninja (api.middleware.JsonErrors)."""
    return JsonResponse(error_body(status, message), status=status)


def _field(loc: Any) -> str | None:
    names = [str(part) for part in loc or () if str(part) not in _SOURCES]
    return ".".join(names) or None


def _pydantic_detail(error: dict) -> dict:
    field = _field(error.get("loc"))
    context = {
        key: (value if key != "error" else str(value).removeprefix("Value error, "))
        for key, value in (error.get("ctx") or {}).items()
    }
    try:
        text = _PYDANTIC.get(error.get("type", ""), "no es un valor válido").format(**context)
    except (KeyError, IndexError):
        text = "no es un valor válido"
    text = text if text.endswith((".", "?", "!")) else f"{text}."
    return {"campo": field, "mensaje": f"{field}: {text}" if field else text}


def install(api: NinjaAPI) -> None:
    """Answer every error raised inside an operation with the one shape."""

    def answer(request: HttpRequest, status: int, message=None, details=None) -> HttpResponse:
        return api.create_response(request, error_body(status, message, details), status=status)

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return answer(request, 404, str(exc) or None)

    @api.exception_handler(PermissionDenied)
    def forbidden(request, exc):
        return answer(request, 403, str(exc) or None)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc):
        return answer(request, 401)

    @api.exception_handler(ValidationError)
    def invalid(request, exc):
        if isinstance(exc, StaleReport):
            details = [
                {"campo": None, "mensaje": f"{label}: usted envió «{mine}», guardado «{theirs}»."}
                for label, mine, theirs in exc.changes
            ]
            text = " ".join([str(exc), *(d["mensaje"] for d in details)]).strip()
            return answer(request, 409, text, details)
        details = []
        if isinstance(exc, values.Refused):
            details = [
                {"campo": API_FIELDS.get(p.field, p.field), "mensaje": p.message}
                for p in exc.problems
            ]
        elif hasattr(exc, "error_dict"):
            details = [
                {"campo": API_FIELDS.get(field, field), "mensaje": message}
                for field, messages in exc.message_dict.items()
                for message in messages
            ]
        return answer(request, 422, " ".join(exc.messages), details)

    @api.exception_handler(NinjaValidationError)
    def malformed(request, exc):
        details = [_pydantic_detail(error) for error in exc.errors]
        text = "Datos inválidos: " + " ".join(d["mensaje"] for d in details)
        return answer(request, 422, text, details)

    @api.exception_handler(HttpError)
    def http_error(request, exc):
        return answer(request, exc.status_code, str(exc) or None)
