"""Backup and restore as README.md describes it: dumpdata, then into a new database migrate and loaddata.

The test runs the README's own commands (read from its "Backup and restore" section) on a database
holding the seed plan, the demonstration values and what people add in use (status updates,
commentary, a sign-off, an import, the admin's log, a deleted activity, a person who has left), empties
the database as a new one is after `migrate`, restores, and compares every row of every table.
"""

import datetime
import io
import re
import shlex
from decimal import Decimal

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse

from core.permissions import BOARD_ADMINISTRATOR, LEAD_OFFICER
from indicators import importer
from indicators.actions import lock_period, unlock_period
from indicators.models import Commentary, ImportBatch, Indicator, IndicatorValue, ProcessChange
from indicators.periods import Period
from plans.actions import ActivityChange, TimescaleRevision, update_project
from plans.models import Activity, Officer, ProgrammeBoard, Project, ReminderLog, Status, StatusUpdate
from tests.core.factories import PASSWORD, UserFactory

README = django_settings.BASE_DIR / "README.md"


def readme_commands(backup):
    """The manage.py commands of the README's backup section as argument lists, by command name.

    A command may run over several lines (a quoted script). The file name backup.json becomes `backup`.
    """
    with open(README, encoding="utf-8") as handle:
        text = handle.read()
    section = text.split("## Backup and restore", 1)[1].split("\n## ", 1)[0]
    commands = {}
    for block in re.findall(r"```sh\n(.*?)```", section, flags=re.DOTALL):
        pending = ""
        for line in block.splitlines():
            if not pending and "manage.py " not in line:
                continue
            pending += line + "\n"
            try:
                words = shlex.split(pending.split("manage.py ", 1)[1])
            except ValueError:
                continue  # a quoted script goes on over the next lines
            pending = ""
            commands.setdefault(words[0], [word.replace("backup.json", str(backup)) for word in words])
    return commands


def to_milliseconds(value):
    """JSON keeps times to the millisecond (Django's encoder cuts the rest): compare them so."""
    if isinstance(value, datetime.datetime | datetime.time):
        return value.replace(microsecond=value.microsecond // 1000 * 1000)
    return value


def fingerprint():
    """{model label: sorted rows}, every concrete column of every table but the sessions.

    Rows keep their primary keys (the backup keeps them), except the many-to-many link tables, which
    loaddata writes afresh from each row's list of links: those are compared by what they link.
    """
    tables = {}
    for model in apps.get_models(include_auto_created=True):
        if model is Session:
            continue
        fields = [f.attname for f in model._meta.concrete_fields]
        if model._meta.auto_created:
            fields = [name for name in fields if name != model._meta.pk.attname]
        rows = model._base_manager.using("default").values_list(*fields)
        tables[model._meta.label] = sorted((tuple(repr(to_milliseconds(v)) for v in row) for row in rows), key=repr)
    return tables


@pytest.fixture
def database_in_use(transactional_db, seed_plan, make_role_user):
    """The seed plan, five years of demonstration values, and a season of use."""
    with override_settings(DEBUG=True):  # demonstration data is refused with DEBUG off
        call_command("generate_demo_values", verbosity=0)
    admin = make_role_user("brenda", BOARD_ADMINISTRATOR, is_staff=True)
    lead = make_role_user("lynne", LEAD_OFFICER, officer="Lynne Thomas")

    project = Project.objects.get(plan=seed_plan, number="2.3")
    first, second = project.activities.order_by("order")[:2]
    update_project(
        project_id=project.pk,
        author=lead,
        expected_revision=project.revision,
        status=Status.DELAYED,
        note="Waiting for the new booking system.",
        activity_changes=[ActivityChange(first.pk, Activity.Status.IN_PROGRESS, None, first.status, None)],
        timescale_revision=TimescaleRevision(second.pk, datetime.date(2019, 1, 1), "Supplier delay."),
    )
    project.refresh_from_db()
    update_project(project_id=project.pk, author=admin, expected_revision=project.revision, status=Status.ON_TRACK)

    indicator = Indicator.objects.get(plan=seed_plan, number="1")
    latest = IndicatorValue.objects.filter(indicator=indicator, category__isnull=True).latest("period_start")
    Commentary.objects.create(
        indicator=indicator,
        period_start=latest.period_start,
        period_end=latest.period_end,
        author=admin,
        story="Referrals rose after the school holidays.",
        actions="Front door staffing reviewed.",
    )
    ProcessChange.objects.create(
        indicator=indicator, period_start=latest.period_start, reason="New case system", created_by=admin
    )
    quarter = Period.parse("2018-19 Q1")
    lock_period(period=quarter, user=admin)
    unlock_period(period=quarter, user=admin, reason="A late correction.")
    lock_period(period=quarter, user=admin)

    # An import by a data officer who has since left: the history keeps the id of a deleted person.
    leaver = UserFactory(username="leaver")
    rows = importer.read_table(
        io.BytesIO(b"indicator,period,category,value,note\r\n1,2013-04,,77,Imported\r\n1,2013-05,,78,\r\n"), "old.csv"
    )
    importer.apply(rows, plan=seed_plan, user=leaver)
    ImportBatch.objects.create(filename="old.csv", rows=rows, uploaded_by=admin, summary={"new": 2})
    leaver_id = leaver.pk
    leaver.delete()  # the values keep no link to them; their history keeps the id
    assert IndicatorValue.history.filter(entered_by_id=leaver_id).exists()

    # An activity removed in the admin leaves a gap in the ids, and its history behind.
    Activity.objects.get(project__plan=seed_plan, project__number="1.1", order=1).delete()

    Officer.objects.filter(name="Lynne Thomas").update(email="lynne.thomas@example.org")
    ProgrammeBoard.objects.get(short_name="P&QA PB").members.add(admin)
    ReminderLog.objects.create(
        officer=Officer.objects.get(name="Lynne Thomas"), sent_on=seed_plan.starts_on, digest="x"
    )
    custom = Group.objects.create(name="Auditors")
    custom.permissions.set(Permission.objects.filter(codename__startswith="view_"))
    admin.groups.add(custom)
    lead.user_permissions.add(Permission.objects.get(codename="view_indicator"))
    LogEntry.objects.log_actions(
        user_id=admin.pk, queryset=[project], action_flag=CHANGE, change_message="Corrected the title."
    )
    Client().force_login(lead)  # a session: not part of the backup
    return {"admin": admin, "lead": lead, "project": project, "first": first, "indicator": indicator}


@pytest.mark.slow
def test_backup_then_restore_into_an_empty_database_gives_back_every_row_and_a_working_site(
    database_in_use, tmp_path, settings
):
    backup = tmp_path / "backup.json"
    commands = readme_commands(backup)
    assert {"dumpdata", "migrate", "shell"} <= set(commands), commands
    assert "loaddata" in commands["shell"][-1]
    project, first = database_in_use["project"], database_in_use["first"]
    history_of_first = list(first.history.values_list("history_id", "status"))
    project_history = project.history.count()
    before = fingerprint()
    assert Session.objects.exists()
    assert before["plans.HistoricalActivity"] and before["indicators.HistoricalIndicatorValue"]

    call_command(*commands["dumpdata"], verbosity=0)
    assert backup.stat().st_size > 0

    # A new database: `migrate` makes the tables, the content types, the permissions and the role groups.
    call_command("flush", interactive=False, verbosity=0)
    assert not Project.objects.exists() and not StatusUpdate.objects.exists()
    assert Group.objects.count() == 5 and ContentType.objects.exists()
    settings.SIMPLE_HISTORY_ENABLED = True  # the script switches it off: put back after it
    call_command(*commands["shell"], verbosity=0)
    settings.SIMPLE_HISTORY_ENABLED = True  # as the application runs after the restore

    after = fingerprint()
    counts_before = {label: len(rows) for label, rows in before.items()}
    counts_after = {label: len(rows) for label, rows in after.items()}
    assert counts_after == counts_before
    for label in before:
        assert after[label] == before[label], f"{label} differs after the restore"
    assert not Session.objects.exists()  # everyone signs in again

    # Each activity keeps its own history (the ids were kept, so no history points at another row).
    restored = Activity.objects.get(pk=first.pk)
    assert (restored.project.number, restored.order) == ("2.3", 1)
    assert list(restored.history.values_list("history_id", "status")) == history_of_first

    # People sign in with their old passwords, keep their roles, and carry on: new rows get new ids.
    browser = Client()
    signed_in = browser.post(reverse("login"), {"username": "lynne", "password": PASSWORD})
    assert signed_in.status_code == 302, "the restored password signs in"
    page = browser.get(reverse("plans:project_update", args=["2.3"]))
    assert page.status_code == 200
    revision = Project.objects.get(pk=project.pk).revision
    assert page.context["form"]["revision"].value() == revision == 3
    formset = page.context["formset"]
    data = {"revision": revision, "status": Status.AT_RISK, "note": "After the restore.", **_formset_data(formset)}
    assert browser.post(reverse("plans:project_update", args=["2.3"]), data).status_code == 302
    assert StatusUpdate.objects.filter(project=project).count() == 3
    assert Project.objects.get(pk=project.pk).history.count() == project_history + 1
    assert browser.get(reverse("indicators:scorecard")).status_code == 200
    assert IndicatorValue.objects.filter(period_start=datetime.date(2013, 4, 1), value=Decimal("77")).exists()


def _formset_data(formset):
    """The activity rows as the page sends them back, unchanged."""
    data = {f"{formset.prefix}-{key}": value for key, value in formset.management_form.initial.items()}
    for form in formset.forms:
        for name, field in form.fields.items():
            value = form[name].value()
            data[form.add_prefix(name)] = field.widget.format_value(value) if value is not None else ""
    return data
