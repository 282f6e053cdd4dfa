"""The assurance work's data version (core.datacache): what the project and indicator pages show of it is read
once per change.

VERSION is replaced by every save or delete of any assurance model (meetings, decisions, actions and their
updates, audits and their returns, reviews, recommendations, risks) and every change of their links to
projects, indicators and agencies. The one bulk write, a meeting's attendance (assurance.actions.record_meeting),
is made with the meeting's other rows, whose saves replace it. What the sections show of the plan (officers,
their agencies, boards) is kept under the plan's structure version beside this one (assurance.related).
"""

from django.apps import apps

from core.datacache import DataVersion

VERSION = DataVersion("assurance:data-version")
data_version = VERSION.current


def connect_signals():
    """Replace the data version on every save or delete of an assurance model (called once, at start-up)."""
    models = list(apps.get_app_config("assurance").get_models())
    through = {
        field.remote_field.through
        for model in models
        for field in model._meta.many_to_many
        if field.remote_field.through._meta.auto_created
    }
    VERSION.watch(models, sorted(through, key=lambda model: model._meta.label))
