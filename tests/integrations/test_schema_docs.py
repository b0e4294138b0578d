"""The OpenAPI schema and its interactive docs, served by Bridge itself."""

import pytest
import yaml
from django.test import Client

pytestmark = pytest.mark.django_db


def test_the_schema_describes_bearer_tokens_and_sessions():
    response = Client().get("/api/schema/")
    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    assert schema["openapi"].startswith("3.")
    schemes = schema["components"]["securitySchemes"]
    assert schemes["tokenAuth"] == {
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "brg_…",
        "description": schemes["tokenAuth"]["description"],
    }
    assert "cookieAuth" in schemes
    me = schema["paths"]["/api/v1/me/"]["get"]
    assert {"tokenAuth": []} in me["security"]


def test_swagger_ui_and_redoc_come_from_our_static_files():
    docs = Client().get("/api/docs/")
    assert docs.status_code == 200
    page = docs.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in page
    assert "cdn.jsdelivr.net" not in page
    assert "/api/schema/" in page
    redoc = Client().get("/api/redoc/")
    assert redoc.status_code == 200
    assert "/static/drf_spectacular_sidecar/redoc/" in redoc.content.decode()


def test_the_first_published_addresses_still_answer():
    assert Client().get("/api/v1/schema/").status_code == 200
    moved = Client().get("/api/v1/docs/")
    assert moved.status_code == 301 and moved.headers["Location"] == "/api/docs/"
