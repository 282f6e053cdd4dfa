"""The plan's data versions (core.datacache): what the pages show of the plan is rendered once per change of it.

Three versions, so that a lead officer's update of a project leaves alone what does not show it:

- VERSION, replaced by every write to any model of the plans app (the plan, its sections, themes, projects,
  activities, status updates, boards, officers, agencies, decisions, and their history) and to the user
  accounts whose names the pages show as authors. The plan overview and the business plan are kept under it.
- STRUCTURE, replaced by every write of what the plan is made of: the same models and accounts, but not a
  project's progress (a save of only the PROGRESS fields, as plans.actions.update_project writes them) nor
  the records of it (status updates, reminders sent, history). The scorecard's filters and the indicator
  page's tables and forms (the plans, outcomes, boards, priorities and projects they name) are kept under it.
- ACTIVITIES, replaced by every write to an activity (its status, completion or revised timescale included).
  With STRUCTURE, it keys what is made of the activities alone: the overview's overdue activities, which a
  project's status and note leave as they are.

Writes through save() and delete() replace them by signal (connect_signals, at start-up); bulk writes call
bump() themselves (the plan workbook's activities, the demo users' officers). Signing in saves only the
account's last_login, which no page of the plan shows: neither version changes for it.
"""

from django.apps import apps
from django.contrib.auth import get_user_model
from simple_history.models import HistoricalChanges

from core.datacache import DataVersion

VERSION = DataVersion("plans:data-version")
STRUCTURE = DataVersion("plans:structure-version")
ACTIVITIES = DataVersion("plans:activities-version")
data_version = VERSION.current
structure_version = STRUCTURE.current
activities_version = ACTIVITIES.current

# The fields a project's progress writes (plans.actions.update_project), by model label.
PROGRESS = {
    "plans.Project": {"status", "revision", "updated_at"},
    "plans.Activity": {"status", "completed_on", "revised_due", "revision_reason"},
}
# Records of progress: nothing the plan is made of.
PROGRESS_RECORDS = {"plans.StatusUpdate", "plans.ReminderLog"}


def bump():
    """Every version replaced: for bulk writes, which send no signal."""
    VERSION.bump()
    STRUCTURE.bump()
    ACTIVITIES.bump()


def watched_models():
    """Every model a plan page's figures, lists or names are made from (user accounts apart)."""
    return list(apps.get_app_config("plans").get_models())


def structure_models():
    """The models of what the plan is made of: watched_models() but the records of progress and history."""
    return [
        model
        for model in watched_models()
        if model._meta.label not in PROGRESS_RECORDS and not issubclass(model, HistoricalChanges)
    ]


def _through_models(models):
    through = {
        field.remote_field.through
        for model in models
        for field in model._meta.many_to_many
        if field.remote_field.through._meta.auto_created
    }
    return sorted(through, key=lambda model: model._meta.label)


def connect_signals():
    """Replace the versions on every save or delete of a watched model (called once, at start-up)."""
    user = get_user_model()
    signing_in = {user: {"last_login"}}
    models = watched_models()
    VERSION.watch([*models, user], _through_models(models), ignored_fields=signing_in)
    structure = structure_models()
    progress = {apps.get_model(label): fields for label, fields in PROGRESS.items()}
    STRUCTURE.watch([*structure, user], _through_models(structure), ignored_fields={**signing_in, **progress})
    ACTIVITIES.watch([apps.get_model("plans.Activity")])
