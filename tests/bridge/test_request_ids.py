"""Every response names its request (X-Request-ID), and every log line written while
serving it carries the same id: what an integrator quotes when something failed is
what the operator searches the logs for."""

import logging
import uuid

from django.http import HttpResponse
from django.test import Client, RequestFactory
from django_guid.log_filters import CorrelationId
from django_guid.middleware import guid_middleware

from tests.fixtures.personas import client_for

HEADER = "X-Request-ID"


def test_api_and_page_responses_name_their_request(demo):
    client = client_for(demo, "ada")
    ids = [client.get(url).headers[HEADER] for url in ("/api/v1/me/", "/", "/api/v1/me/")]

    assert all(uuid.UUID(request_id) for request_id in ids)
    assert len(set(ids)) == len(ids), "each request its own"
    assert client.get("/api/v1/me/").headers["Access-Control-Expose-Headers"] == HEADER


def test_a_callers_uuid_is_kept_and_anything_else_replaced(db):
    theirs = str(uuid.uuid4())
    kept = Client(headers={HEADER: theirs}).get("/healthz").headers[HEADER]
    forged = "abc\\n2026-11-24 INFO forged line"
    replaced = Client(headers={HEADER: forged}).get("/healthz").headers[HEADER]

    assert kept == theirs
    assert replaced != forged and uuid.UUID(replaced)


def test_the_log_lines_of_a_request_carry_its_id():
    records: list[logging.LogRecord] = []
    handler = logging.Handler()
    handler.emit = records.append
    handler.addFilter(CorrelationId())  # as settings.LOGGING's console handler
    logger = logging.getLogger("bridge.test_request_ids")
    logger.addHandler(handler)

    def view(_request):
        logger.warning("serving")
        return HttpResponse()

    try:
        response = guid_middleware(view)(RequestFactory().get("/"))
    finally:
        logger.removeHandler(handler)

    (record,) = records
    assert record.correlation_id == response.headers[HEADER]
