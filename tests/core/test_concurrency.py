"""Many people saving at once: no update is lost, the log and the history stay whole.

Each test runs real threads, each with its own database connection, against a database that
commits (transactional_db): the project's revision check (plans.actions.update_project) and the
import's check-then-save (indicators.importer.apply) are what keep the rows right, not a test
transaction. On PostgreSQL the project row is locked (SELECT ... FOR UPDATE); on SQLite the
IMMEDIATE transactions of the settings make writers wait for each other.

SQLite's in-memory test database is shared between connections through SQLite's shared cache,
whose table locks fail at once ("database table is locked") instead of waiting as the real,
file-based database does. On SQLite the threads therefore work on a file copy of the test
database (write-ahead log, IMMEDIATE transactions, the 20 s timeout: the settings' OPTIONS), which
is how the application runs on SQLite.
"""

import contextlib
import io
import threading
from collections import Counter
from decimal import Decimal

import pytest
from django.db import DEFAULT_DB_ALIAS, connection, connections

from indicators import importer
from indicators.models import Indicator, IndicatorValue
from plans.actions import UpdateConflict, update_project
from plans.models import Project, Status, StatusUpdate
from tests.core.factories import UserFactory
from tests.processes import copy_sqlite

THREADS = 8
SAVES_EACH = 5
MAX_ATTEMPTS = 200  # per thread: far more than the conflicts 8 writers can cause, but never endless
STATUSES = [Status.ON_TRACK, Status.AT_RISK, Status.DELAYED, Status.NOT_STARTED, Status.COMPLETE]


@pytest.fixture
def shared_database(transactional_db, seed_plan, tmp_path):
    """A function each thread calls first, so that its connection sees the test's committed rows.

    PostgreSQL (and a file-based SQLite) need nothing. An in-memory SQLite test database is copied,
    seed plan included, to a file that the test's own thread and every writer thread then use.
    """
    memory = connections[DEFAULT_DB_ALIAS]
    if memory.vendor != "sqlite" or not memory.is_in_memory_db():
        yield lambda: None
        return
    path = tmp_path / "shared.sqlite3"
    copy_sqlite(memory, path)
    file_settings = {**memory.settings_dict, "NAME": str(path)}

    def use_file():
        connections[DEFAULT_DB_ALIAS] = memory.__class__(dict(file_settings), DEFAULT_DB_ALIAS)

    use_file()  # the test's own thread too: it reads what the writers saved
    try:
        yield use_file
    finally:
        connections[DEFAULT_DB_ALIAS].close()
        connections[DEFAULT_DB_ALIAS] = memory  # flushed as usual after the test


def run_in_threads(count, work, connect):
    """Run work(index) in `count` threads that start together; return [(result, error)] by index.

    Each thread uses its own database connection (opened through `connect`) and closes it at the end.
    """
    start = threading.Barrier(count)
    results = [(None, None)] * count

    def target(index):
        try:
            connect()
            start.wait(timeout=30)
            results[index] = (work(index), None)
        except Exception as error:  # reported to the test, which names it
            results[index] = (None, error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=target, args=(index,), name=f"writer-{index}") for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a writer never finished"
    return results


# --------------------------------------------------------------------------- project updates


def test_concurrent_project_updates_lose_nothing_and_keep_the_log_and_history_whole(seed_plan, shared_database):
    project = Project.objects.get(plan=seed_plan, number="2.3")
    first_revision, first_status = project.revision, project.status
    history_before = project.history.count()
    authors = [UserFactory(username=f"writer{index}") for index in range(THREADS)]

    def save_five(index):
        saved, conflicts = [], 0
        for attempt in range(MAX_ATTEMPTS):
            if len(saved) == SAVES_EACH:
                break
            # As a person would: open the form (read the revision), then save; after a conflict,
            # read what changed (the form shows the current revision) and save again.
            seen = Project.objects.get(pk=project.pk).revision
            number = len(saved)
            try:
                update = update_project(
                    project_id=project.pk,
                    author=authors[index],
                    expected_revision=seen,
                    status=STATUSES[(index + number) % len(STATUSES)],
                    note=f"writer {index} save {number} (attempt {attempt})",
                )
            except UpdateConflict as conflict:
                assert conflict.project.revision > seen
                assert conflict.updates, "a conflict always names the updates made since"
                conflicts += 1
                continue
            saved.append(update.pk)
        return saved, conflicts

    results = run_in_threads(THREADS, save_five, shared_database)

    errors = [f"writer {index}: {error!r}" for index, (_, error) in enumerate(results) if error is not None]
    assert not errors, errors
    saved_ids = [pk for saved, _ in (result for result, _ in results) for pk in saved]
    assert all(len(saved) == SAVES_EACH for saved, _ in (result for result, _ in results))
    successes = len(saved_ids)
    assert successes == THREADS * SAVES_EACH

    project.refresh_from_db()
    assert first_revision == 1
    assert project.revision == first_revision + successes

    updates = list(StatusUpdate.objects.filter(project=project).order_by("project_revision"))
    assert sorted(update.pk for update in updates) == sorted(saved_ids)
    assert [update.project_revision for update in updates] == list(range(2, 2 + successes))
    previous = first_status
    for update in updates:
        assert update.status_from == previous, f"revision {update.project_revision} starts from the wrong status"
        previous = update.status
    assert project.status == previous
    notes = Counter(update.note.split(" (attempt")[0] for update in updates)
    assert notes == Counter(f"writer {i} save {n}" for i in range(THREADS) for n in range(SAVES_EACH))

    history = list(project.history.order_by("history_date", "history_id"))
    assert len(history) == history_before + successes
    saves = [record for record in history if record.revision > first_revision]
    assert [record.revision for record in saves] == list(range(2, 2 + successes))
    assert [record.status for record in saves] == [update.status for update in updates]
    assert all(record.history_type == "~" for record in saves)


# --------------------------------------------------------------------------- imports


def values_csv(rows):
    lines = ["indicator,period,category,value,note", *(f"{n},{p},,{v},{note}" for n, p, v, note in rows)]
    return "\r\n".join(lines).encode()


def test_concurrent_imports_of_overlapping_files_never_duplicate_and_are_all_or_nothing(
    seed_plan, shared_database, monkeypatch
):
    indicator = Indicator.objects.get(plan=seed_plan, number="1")  # monthly, no breakdown
    months = [f"{year}-{month:02d}" for year in (2015, 2016, 2017) for month in range(1, 13)]
    only_a, both, only_b = months[:12], months[12:24], months[24:]
    files = {
        "a": [(indicator.number, month, "11", "file a") for month in only_a + both],
        "b": [(indicator.number, month, "22", "file b") for month in both + only_b],
    }
    tables = {name: importer.read_table(io.BytesIO(values_csv(rows)), f"{name}.csv") for name, rows in files.items()}
    officers = {name: UserFactory(username=f"importer-{name}") for name in files}
    names = sorted(files)

    # Both imports check their rows before either saves, where the database lets them (PostgreSQL):
    # the second to save then meets the first's rows and must check again, not fail or duplicate.
    # On SQLite the second cannot begin until the first has committed, so the wait gives up at once.
    checked_together = threading.Barrier(len(names))
    previews = []
    real_preview = importer.check.preview

    def preview(rows, **kwargs):
        result = real_preview(rows, **kwargs)
        first_check = threading.get_ident() not in previews
        previews.append(threading.get_ident())
        if first_check:
            with contextlib.suppress(threading.BrokenBarrierError):
                checked_together.wait(timeout=15 if connection.vendor == "postgresql" else 0.5)
        return result

    monkeypatch.setattr(importer.check, "preview", preview)

    def import_file(index):
        name = names[index]
        return importer.apply(tables[name], plan=seed_plan, user=officers[name])

    results = run_in_threads(len(names), import_file, shared_database)

    for counts, error in results:
        # Refusing a file is all right (nothing of it is saved); a database error would be a failed page.
        assert error is None or isinstance(error, importer.ImportRejected), repr(error)
        if error is None:
            assert counts["total"] == 24
    succeeded = {name for name, (_, error) in zip(names, results, strict=True) if error is None}
    assert succeeded, "at least one of the two imports saves"
    if connection.vendor == "postgresql":
        # Both checked at once; the one that saved second checked again (a third preview) and saved.
        assert len(previews) == 3
        assert succeeded == {"a", "b"}

    values = IndicatorValue.objects.filter(indicator=indicator, category__isnull=True)
    per_period = Counter(values.values_list("period_start", flat=True))
    assert all(count == 1 for count in per_period.values()), "a period has two values"
    saved = {f"{value.period_start:%Y-%m}": value for value in values}

    # Each file: all its rows there with its figure (unless the other file, saved after it, changed
    # the shared months), or none of its own months at all.
    for name, own in (("a", only_a), ("b", only_b)):
        figure = Decimal(files[name][0][2])
        if name in succeeded:
            assert all(saved[month].value == figure for month in own)
        else:
            assert not any(month in saved for month in own)
    shared = {saved[month].value for month in both}
    assert len(shared) == 1, "the shared months mix the two files' figures"
    assert shared <= {Decimal(files[name][0][2]) for name in succeeded}
    own_months = {"a": only_a, "b": only_b}
    assert set(saved) == set(both).union(*(own_months[name] for name in succeeded))
    # One history row per insert, one more per change: nothing half-written.
    history = Counter(IndicatorValue.history.filter(indicator_id=indicator.pk).values_list("history_type", flat=True))
    assert history["+"] == len(saved)
    assert history["~"] == (len(both) if len(succeeded) == 2 else 0)
