"""The data versions (core.datacache) a request reads are read together, once, and a write in the request is seen
by what it reads after."""

import contextlib

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection, transaction
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from core.datacache import VERSIONS, versions_per_request
from indicators import datacache as indicator_versions
from plans import datacache as plan_versions
from plans.models import Plan

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


# --------------------------------------------------------------------------- one new token per transaction


def token_writes(queries):
    """How many of the captured statements wrote a token into the versions cache table."""
    table = caches[VERSIONS]._table
    return sum(
        1
        for query in queries
        if table in query["sql"] and query["sql"].lstrip().upper().startswith(("UPDATE", "INSERT"))
    )


def test_writes_in_one_transaction_replace_a_token_once_until_it_is_read():
    before = versions()[0]
    with CaptureQueriesContext(connection) as queries, transaction.atomic():
        for _ in range(5):
            plan_versions.VERSION.bump()
    assert token_writes(queries) == 1
    replaced = plan_versions.data_version()
    assert replaced != before

    with transaction.atomic():
        plan_versions.VERSION.bump()  # after a read: what was kept under `replaced` is out of date
    assert plan_versions.data_version() != replaced


def test_a_replacement_rolled_back_with_its_savepoint_is_made_again_by_the_next_write():
    before = plan_versions.data_version()
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        plan_versions.VERSION.bump()
        1 / 0  # noqa: B018
    assert plan_versions.data_version() == before  # the token's replacement went with the savepoint
    with transaction.atomic():
        with transaction.atomic():
            pass
        plan_versions.VERSION.bump()
    assert plan_versions.data_version() != before


@pytest.mark.django_db(transaction=True)
def test_a_replacement_rolled_back_with_its_transaction_is_made_again_by_the_next_one():
    before = plan_versions.data_version()
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        plan_versions.VERSION.bump()
        1 / 0  # noqa: B018
    assert plan_versions.data_version() == before
    with transaction.atomic():
        plan_versions.VERSION.bump()
    assert plan_versions.data_version() != before


def test_loading_the_seed_plan_replaces_each_token_once_not_once_a_row():
    with CaptureQueriesContext(connection) as queries:
        call_command("loaddata", "sscb_plan_2018_19", verbosity=0)
    assert Plan.objects.filter(code="2018-19").exists()
    assert token_writes(queries) <= 4, "one for each version a row of the plan changes"


def test_a_write_replaces_its_token_in_one_statement_and_every_reader_sees_the_new_one():
    before = plan_versions.data_version()
    with CaptureQueriesContext(connection) as writes:
        plan_versions.VERSION.bump()
    assert len(writes) == 1, [query["sql"] for query in writes.captured_queries]
    after = plan_versions.data_version()
    assert after != before
    assert caches[VERSIONS].get(plan_versions.VERSION.key) == after

    # A token made afresh (a cleared table) is written the same way, and one that expires takes Django's way.
    caches[VERSIONS].clear()
    plan_versions.VERSION.bump()
    assert caches[VERSIONS].get(plan_versions.VERSION.key) not in (None, after)
    caches[VERSIONS].set("expiring", "token", 60)
    assert caches[VERSIONS].get("expiring") == "token"


def test_a_token_replaced_inside_a_transaction_that_is_rolled_back_is_the_one_before():
    before = plan_versions.data_version()
    with contextlib.suppress(RuntimeError), transaction.atomic():
        plan_versions.VERSION.bump()
        raise RuntimeError("rolled back")
    assert caches[VERSIONS].get(plan_versions.VERSION.key) == before
