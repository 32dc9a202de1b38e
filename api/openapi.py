"""The API's documentation, in Spanish: the OpenAPI document's texts and the page that shows it
(/api/v1/docs, Swagger UI vendored under static/vendor/swagger-ui, docs/adr/0029)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import path, reverse
from django.views.decorators.http import require_safe
from ninja import NinjaAPI
from ninja.openapi.docs import DocsBase

DESCRIPTION = """
Los planes de acción **publicados** por las entidades, con los mismos nombres de campo de los
datos abiertos (diccionario de datos en `/datos-abiertos/`), y el registro del seguimiento
trimestral por los sistemas de las dependencias.

## Qué es público
Todas las lecturas (`GET`) son públicas: no piden token ni sesión, y se pueden hacer desde
cualquier sitio web (responden con `Access-Control-Allow-Origin: *`). Solo muestran planes
publicados y resultados validados; nunca borradores.

## Autenticación (solo para reportar seguimiento)
Reportar el seguimiento de una actividad pide un **token personal**: créelo en «Mi cuenta» ›
«Tokens personales de la API» (se muestra una sola vez) y envíelo en cada solicitud con el
encabezado `Authorization: Bearer <token>`. El token actúa con los permisos de su dueño y no
más: solo puede reportar las actividades de sus dependencias, en las ventanas de reporte
abiertas; si la entidad exige verificación en dos pasos, el token deja de servir hasta que su
dueño la active. Revóquelo en la misma página cuando ya no lo use. Los métodos que escriben no
se pueden llamar desde otro sitio web en un navegador.

## Listas paginadas
Las listas responden `{"items": [...], "count": N}`; pida páginas con `limit` (cuántos) y
`offset` (desde cuál).

## Formatos
- **Números**: números JSON (`12.5`, no `"12.50"`), con a lo sumo dos decimales, como en el
  JSON de datos abiertos. Los porcentajes van de 0 a 100.
- **Fechas**: ISO 8601 (`2025-03-31`; con hora, en la de Colombia).
- **NIT**: se acepta como se escriba (`891.900.493-2`, `891900493-2`, `891 900 493 2`,
  `891900493`), con o sin dígito de verificación; si lo trae, debe ser el correcto.

## Errores
Todo error responde con la misma forma, en español:

```json
{"error": {"codigo": "invalido",
           "mensaje": "Datos inválidos: vigencia: debe ser un número entero.",
           "detalles": [{"campo": "vigencia",
                         "mensaje": "vigencia: debe ser un número entero."}]}}
```

`codigo` es estable y sirve para programar: `solicitud_invalida` (400), `sin_autenticar` (401),
`sin_permiso` (403), `no_encontrado` (404), `metodo_no_permitido` (405), `conflicto` (409),
`demasiado_grande` (413), `invalido` (422), `demasiadas_solicitudes` (429), `error_interno`
(500). `detalles` nombra cada campo rechazado.

## Límites
No hay un cupo de solicitudes por cliente en la aplicación; el servidor de cada entidad puede
fijarlo (respondería 429). Pida las listas por páginas y no más rápido de lo que las usa.
"""

TAGS = [
    {
        "name": "Datos públicos",
        "description": "Entidades, planes publicados, sus actividades y su avance. Sin token.",
    },
    {
        "name": "Seguimiento",
        "description": "Reportar el seguimiento de una actividad, con un token personal.",
    },
]

# Spanish for the descriptions django-ninja gives each response status.
STATUSES = {
    200: "Correcto.",
    302: "Versión reemplazada: redirige a la misma dirección de la versión vigente del plan.",
    400: "Solicitud que no se pudo leer.",
    401: "Falta un token válido.",
    403: "El token no permite esta acción.",
    404: "No existe, no está publicado o no le corresponde.",
    405: "Método no admitido en esta dirección.",
    409: "El reporte cambió desde la revisión que usted leyó; no se guardó nada.",
    413: "Solicitud demasiado grande.",
    422: "Datos inválidos; «detalles» nombra cada campo.",
    429: "Demasiadas solicitudes.",
    500: "Error interno del servidor.",
}


class SpanishApi(NinjaAPI):
    """django-ninja's API with its documentation in Spanish: its root leads to the documentation
    page, and the descriptions of the response statuses are in Spanish."""

    def _get_urls(self) -> list:
        # django-ninja's root answers 404 and names the documentation; here it leads to it.
        # The name stays: django-ninja reverses it to find the API's prefix.
        urls = [url for url in super()._get_urls() if getattr(url, "name", "") != "api-root"]
        return [*urls, path("", require_safe(self._home), name="api-root")]

    def _home(self, request: HttpRequest) -> HttpResponse:
        return HttpResponseRedirect(reverse(f"{self.urls_namespace}:openapi-view"))

    def get_openapi_schema(self, **kwargs: Any):
        schema = super().get_openapi_schema(**kwargs)
        for operations in schema["paths"].values():
            for operation in operations.values():
                for status, response in operation["responses"].items():
                    response["description"] = STATUSES.get(int(status), response["description"])
        return schema


class DocsPage(DocsBase):
    """The documentation page: Swagger UI from this site, its settings in a JSON block read by
    static/js/api-docs.js, so the Content Security Policy needs no exception."""

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        settings = {
            "url": self.get_openapi_url(api, kwargs),
            "dom_id": "#swagger-ui",
            "deepLinking": True,
            # Swagger UI would send the document to a validator on another host.
            "validatorUrl": None,
            "defaultModelsExpandDepth": 0,
            "docExpansion": "list",
            "tryItOutEnabled": False,
        }
        return render(request, "api/docs.html", {"api": api, "swagger_settings": settings})
