"""The data versions (core.datacache) a request reads are read together, once, and a write in the request is seen
by what it reads after."""

import pytest
from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from core.datacache import versions_per_request
from indicators import datacache as indicator_versions
from plans import datacache as plan_versions

pytestmark = pytest.mark.django_db


def served(view):
    """`view` run as a request through the middleware; returns what it returned."""
    result = {}

    def get_response(request):
        result["value"] = view()
        return HttpResponse()

    versions_per_request(get_response)(RequestFactory().get("/"))
    return result["value"]


def versions():
    return plan_versions.data_version(), plan_versions.structure_version(), indicator_versions.data_version()


def test_a_request_reads_every_version_in_one_query_and_keeps_them():
    before = versions()  # made, outside a request

    def page():
        with CaptureQueriesContext(connection) as queries:
            read = versions()
            again = plan_versions.structure_version()
        return read, again, len(queries)

    read, again, queries = served(page)
    assert read == before
    assert again == before[1]
    assert queries == 1


def test_a_write_in_the_request_is_seen_by_what_it_reads_after():
    before = versions()

    def page():
        plan_versions.data_version()
        plan_versions.bump()  # as a bulk write does
        return versions()

    during = served(page)
    assert during[0] != before[0] and during[1] != before[1]
    assert during[2] == before[2]
    assert versions() == during  # what the request read after its write is what is stored


def test_outside_a_request_each_read_asks_the_database():
    """A command or a worker runs for long: it sees every other process's writes."""
    versions()
    with CaptureQueriesContext(connection) as queries:
        versions()
        plan_versions.data_version()
    assert len(queries) == 4
