"""Exports in the REST API (the files themselves: bridge/exports.py).

`?format=csv` or `?format=json`, or the Accept header (`text/csv`); JSON when
neither says. Another format is a 400 on `format`. Errors answer the API's JSON
body (bridge/api.py) whatever format was asked for.
"""

from collections.abc import Callable, Sequence
from typing import Any

from django.http import StreamingHttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import Serializer
from rest_framework.views import APIView

from bridge.exports import CSV, JSON, Export, export_response


class CSVRenderer(BaseRenderer):
    """Names text/csv for negotiation and the schema; exports write their own body,
    and errors are rendered as JSON (ExportView.finalize_response)."""

    media_type = "text/csv"
    format = CSV
    charset = "utf-8"

    def render(self, data: Any, accepted_media_type: str | None = None, **_: Any) -> bytes:
        return JSONRenderer().render(data)


class ExportNegotiation(DefaultContentNegotiation):
    """`?format=` wins over the Accept header (DRF would answer 406 to a client whose
    library always sends `Accept: application/json`); Accept decides otherwise."""

    def select_renderer(
        self, request: Request, renderers: list, format_suffix: str | None = None
    ) -> tuple:
        asked = format_suffix or request.query_params.get(self.settings.URL_FORMAT_OVERRIDE)
        if asked:
            renderer = self.filter_renderers(renderers, asked)[0]
            return renderer, renderer.media_type
        return super().select_renderer(request, renderers, format_suffix)

    def filter_renderers(self, renderers: list, format: str) -> list:
        found = [renderer for renderer in renderers if renderer.format == format]
        if not found:
            raise ValidationError({"format": [f"Choose {CSV} or {JSON}."]})
        return found


class ExportView(APIView):
    """A read-only view answering one export (GET needs only the `read` scope)."""

    renderer_classes = [JSONRenderer, CSVRenderer]
    content_negotiation_class = ExportNegotiation

    def export(self, request: Request, export: Export) -> StreamingHttpResponse:
        return export_response(export, request.accepted_renderer.format)

    def finalize_response(self, request: Request, response: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(response, Response):  # an error: the API's body, as JSON
            request.accepted_renderer = JSONRenderer()
            request.accepted_media_type = JSONRenderer.media_type
        return super().finalize_response(request, response, *args, **kwargs)


def export_schema(
    *,
    summary: str,
    record: Serializer,
    csv_columns: str,
    parameters: Sequence[OpenApiParameter] = (),
) -> Callable:
    """Both media types of an export's 200, for drf-spectacular."""
    return extend_schema(
        summary=summary,
        parameters=list(parameters),
        responses={
            (200, "application/json"): OpenApiResponse(
                record, description="A JSON array, one object a row (downloaded as a file)."
            ),
            (200, "text/csv"): OpenApiResponse(
                OpenApiTypes.STR,
                description=f"CSV with a header row: {csv_columns}. Text cells starting "
                "with = + - @, a tab or a carriage return get a leading apostrophe.",
            ),
        },
    )
