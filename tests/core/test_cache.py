"""Page fragments kept in this process's memory and in a folder every process on the machine shares (core.cache):
what one gunicorn worker rendered, another reads instead of rendering it again, and no worker shows a fragment
older than the data."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.cache import cache, caches
from django.urls import reverse

from core import cache as core_cache
from core import datacache
from core.cache import SharedFolderCache
from indicators.models import Indicator, IndicatorValue
from indicators.periods import Period
from indicators.values import service
from plans.models import Project

TODAY = datetime.date(2019, 5, 20)
SCORECARD = reverse("indicators:scorecard")


def another_process():
    """What a second worker process has: the shared folder, and nothing in its own memory."""
    caches["local"].clear()
    datacache.forget_kept()


def test_a_fragment_kept_is_read_from_the_shared_folder_once_this_process_has_forgotten_it():
    cache.set("fragment", "<p>kept</p>")
    assert caches["shared"].get("fragment") == "<p>kept</p>"

    another_process()

    assert caches["local"].get("fragment") is None
    assert cache.get("fragment") == "<p>kept</p>"
    assert caches["local"].get("fragment") == "<p>kept</p>", "read from the folder, then kept in memory"


def test_add_delete_and_clear_act_on_both_levels():
    assert cache.add("fragment", "first")
    another_process()
    assert cache.has_key("fragment")
    assert not cache.add("fragment", "second"), "kept in the shared folder: not added again"
    assert cache.get("fragment") == "first"

    assert cache.delete("fragment")
    assert cache.get("fragment", "gone") == "gone"
    assert caches["shared"].get("fragment", "gone") == "gone"

    cache.set("another", "x")
    cache.clear()
    assert caches["local"].get("another") is None
    assert caches["shared"].get("another") is None


def test_the_shared_folder_counts_its_files_at_most_once_a_minute_and_culls_when_it_does(tmp_path, monkeypatch):
    folder = SharedFolderCache(str(tmp_path), {"OPTIONS": {"MAX_ENTRIES": 10, "CULL_FREQUENCY": 2}})
    clock = [1000.0]
    monkeypatch.setattr(core_cache.time, "monotonic", lambda: clock[0])
    listed = []
    real_list = folder._list_cache_files
    monkeypatch.setattr(folder, "_list_cache_files", lambda: listed.append(clock[0]) or real_list())

    for number in range(30):
        clock[0] += 1
        folder.set(f"fragment-{number}", "<p>kept</p>")
    assert listed == [1001.0]  # the first write counted the folder; the next 29, within the minute, did not
    assert len(real_list()) == 30

    clock[0] += 60
    folder.set("one-more", "<p>kept</p>")
    assert listed == [1001.0, 1090.0]
    assert len(real_list()) == 16  # 30 over 10: half of them culled, then the new one written
    assert folder.get("one-more") == "<p>kept</p>"


def test_a_key_never_kept_gives_the_default():
    assert cache.get("never-kept") is None
    assert cache.get("never-kept", "default") == "default"


def test_the_shared_folder_is_the_one_settings_name(settings):
    assert caches["shared"]._dir == str(settings.CACHES["shared"]["LOCATION"])
    cache.set("fragment", "kept")
    assert any(path.endswith(".djcache") for path in caches["shared"]._list_cache_files())


@pytest.fixture
def indicator(seed_plan):
    """Indicator 16 with a year of monthly figures to March 2019, the last 84%."""
    indicator = Indicator.objects.get(number="16")
    period = Period.month(2018, 4)
    for value in (80, 81, 79, 80, 82, 78, 80, 81, 79, 80, 82, 84):
        IndicatorValue.objects.create(
            indicator=indicator, period_start=period.start, period_end=period.end, value=Decimal(value)
        )
        period = period.shifted(1)
    return indicator


@pytest.fixture
def fragments_rendered(monkeypatch):
    """The keys of the fragments rendered afresh (and so kept) from now on."""
    from core.cache import TwoLevelCache

    rendered = []
    keep = TwoLevelCache.set

    def spy(self, key, value, *args, **kwargs):
        rendered.append(key)
        return keep(self, key, value, *args, **kwargs)

    monkeypatch.setattr(TwoLevelCache, "set", spy)
    return rendered


@time_machine.travel(TODAY)
@pytest.mark.django_db
def test_another_worker_reads_the_fragments_one_worker_rendered(indicator, viewer_client, fragments_rendered):
    pages = [SCORECARD, reverse("indicators:indicator", args=[indicator.number]), reverse("home")]
    first = {url: viewer_client.get(url).content.decode() for url in pages}
    assert fragments_rendered, "the pages keep fragments"
    assert "84.0%" in first[SCORECARD]

    another_process()
    fragments_rendered.clear()
    second = {url: viewer_client.get(url).content.decode() for url in pages}

    assert fragments_rendered == [], "the second worker renders none of the fragments again"
    for url in pages:
        assert second[url].count("84.0%") == first[url].count("84.0%"), url


@time_machine.travel(TODAY)
@pytest.mark.django_db
def test_after_a_change_no_worker_shows_the_fragments_kept_before_it(indicator, viewer_client, board_admin_user):
    page = reverse("indicators:indicator", args=[indicator.number])
    assert "84.0%" in viewer_client.get(SCORECARD).content.decode()
    assert "84.0%" in viewer_client.get(page).content.decode()

    latest = IndicatorValue.objects.get(indicator=indicator, period_start=datetime.date(2019, 3, 1))
    base = service.version(latest)
    latest.value = Decimal("61.5")
    service.save([service.Edit(latest, base, "March 2019")], user=board_admin_user, reason="a correction")

    # The worker that rendered the pages, and another that reads the shared folder, both show the new figure.
    for worker in ("the same", "another"):
        if worker == "another":
            another_process()
        scorecard = viewer_client.get(SCORECARD).content.decode()
        indicator_page = viewer_client.get(page).content.decode()
        assert "61.5%" in scorecard, worker
        assert "84.0%" not in scorecard, worker
        assert "61.5%" in indicator_page, worker


@pytest.mark.django_db
def test_a_folder_that_cannot_be_used_leaves_the_fragments_in_memory_and_the_pages_whole(
    settings, tmp_path, viewer_client, seed_plan, caplog
):
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    settings.CACHES = {**settings.CACHES, "shared": {**settings.CACHES["shared"], "LOCATION": str(blocked / "cache")}}

    cache.set("fragment", "kept")
    assert cache.get("fragment") == "kept", "kept in this process's memory"
    assert viewer_client.get(SCORECARD).status_code == 200
    assert viewer_client.get(reverse("home")).status_code == 200
    assert "the shared folder cannot be used" in caplog.text


# --------------------------------------------------------------------------- results computed once on the machine


def test_a_shared_result_one_worker_computed_is_read_by_another_until_the_data_changes():
    computed = []

    def compute(label):
        def run():
            computed.append(label)
            return {"rows": [label]}

        return run

    assert datacache.cached("kind", "token-1", (1,), compute("first"), shared=True) == {"rows": ["first"]}
    another_process()
    assert datacache.cached("kind", "token-1", (1,), compute("second"), shared=True) == {"rows": ["first"]}
    assert computed == ["first"], "read from the shared store, not computed again"

    assert datacache.cached("kind", "token-2", (1,), compute("after a write"), shared=True) == {
        "rows": ["after a write"]
    }
    assert datacache.cached("kind", "token-1", (2,), compute("other parts"), shared=True) == {"rows": ["other parts"]}
    assert datacache.cached("other kind", "token-1", (1,), compute("other kind"), shared=True) == {
        "rows": ["other kind"]
    }

    # Not shared: each process computes its own.
    datacache.cached("own", "token-1", (1,), compute("own, here"))
    another_process()
    datacache.cached("own", "token-1", (1,), compute("own, there"))
    assert computed[-2:] == ["own, here", "own, there"]


def test_a_shared_result_of_none_is_read_back_as_none():
    computed = []
    datacache.cached("nothing", "token", (1,), lambda: computed.append(1), shared=True)
    another_process()
    assert datacache.cached("nothing", "token", (1,), lambda: computed.append(2), shared=True) is None
    assert computed == [1]


@time_machine.travel(TODAY)
@pytest.mark.django_db
def test_another_worker_reads_an_indicator_and_a_project_page_without_computing_them_again(indicator, lynne_client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.plans.helpers import PROJECT_23

    indicator.projects.add(Project.objects.get(number="2.3"))
    pages = [reverse("indicators:indicator", args=[indicator.number]), PROJECT_23]
    queries = {}
    for reading in ("first", "again", "another worker"):
        if reading == "another worker":
            another_process()
        for url in pages:
            with CaptureQueriesContext(connection) as captured:
                assert lynne_client.get(url).status_code == 200
            queries[reading, url] = len(captured)
    for url in pages:
        assert queries["again", url] < queries["first", url], url
        # Computed by the first worker: the other reads them back, and makes only the queries of what each worker
        # keeps for itself (the plan's listing of indicators, the officer linked to the sign-in).
        assert queries["another worker", url] <= queries["again", url] + 2, (url, queries)
