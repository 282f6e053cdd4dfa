"""A test that commits leaves nothing behind for the next (tests/conftest.py's flush, DELETE on PostgreSQL).

The first two tests run in this order in one process (pytest-xdist hands out whole files): the first commits the
seed plan, a project's update with its history and a user; the second finds every table as a new database has it.
"""

import pytest
from django.apps import apps
from django.core.management import call_command

from plans.actions import update_project
from plans.models import Project, Status
from tests.core.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

# What a new database holds after `migrate`, made again after each flush (post_migrate): the roles' groups, their
# permissions and the content types these name.
MADE_BY_MIGRATE = ["auth.Group", "auth.Permission", "contenttypes.ContentType"]


def rows_left():
    return {model._meta.label: model._base_manager.count() for model in apps.get_models()}


def tables_with_rows():
    return sorted(label for label, count in rows_left().items() if count)


def test_a_committing_test_writes_rows_across_related_tables(seed_plan):
    officer = UserFactory(username="committing-officer")
    project = Project.objects.get(number="2.3")
    update_project(
        project_id=project.pk,
        author=officer,
        expected_revision=project.revision,
        status=Status.AT_RISK,
        note="Committed, then emptied by the flush.",
    )
    written = tables_with_rows()
    assert {"plans.Project", "plans.HistoricalProject", "plans.StatusUpdate", "auth.User"} <= set(written)


def test_the_next_committing_test_finds_every_table_as_migrate_leaves_it():
    assert tables_with_rows() == MADE_BY_MIGRATE


def test_flush_empties_rows_that_refer_to_each_other(seed_plan):
    """Projects refer to themes, themes to the plan: emptied in the order Django lists the tables, every foreign key
    checked at the end of the flush's transaction. The sequences left alone, as after a committing test."""
    assert Project.objects.exists()
    call_command("flush", interactive=False, verbosity=0, reset_sequences=False)
    assert tables_with_rows() == MADE_BY_MIGRATE
