"""Loading a fixture never rewrites a row in use.

`loaddata` (and `load_seed_plan --force`) saves each row of the file over the row with the same
natural key, without history. Over a database in use that would silently put back a project's
status and revision (weakening the conflict check), drop a revised due date or a sign-in link.
So a fixture may load a row that is not there yet, or one that is exactly as the file has it;
any other row of the plans app is refused with a CommandError, and loaddata, which runs in one
transaction, then writes nothing at all.
"""

from django.core.management.base import CommandError
from django.db.models.signals import m2m_changed, pre_save
from simple_history.models import HistoricalChanges

APP_LABEL = "plans"
REFUSAL = (
    "A fixture never rewrites a row in use, because its history and the log of updates would no longer match "
    "it: nothing was loaded. Make the change in the admin instead, or load the fixture into a new database."
)


def _guarded(model):
    return model._meta.app_label == APP_LABEL and not issubclass(model, HistoricalChanges)


def _describe(obj):
    key = obj.natural_key() if hasattr(obj, "natural_key") else (obj.pk,)
    return f"{obj._meta.verbose_name} {' '.join(str(part) for part in key)}"


def refuse_rewriting_live_row(sender, instance, raw=False, **kwargs):
    """pre_save: refuse a raw (fixture) save that would change a row already in the database."""
    if not raw or instance.pk is None or not _guarded(sender):
        return
    live = sender._base_manager.filter(pk=instance.pk).first()
    if live is None:
        return
    changed = [
        field.name
        for field in sender._meta.concrete_fields
        if not field.primary_key and getattr(live, field.attname) != getattr(instance, field.attname)
    ]
    if changed:
        raise CommandError(
            f"Loading this fixture would rewrite {_describe(live)} ({', '.join(changed)}), "
            f"which has changed since it was loaded. {REFUSAL}"
        )
    instance._loaded_over_live_row = True  # its links are checked next (refuse_rewriting_live_links)


def refuse_rewriting_live_links(sender, instance, action, pk_set, **kwargs):
    """m2m_changed: refuse a fixture's links (a project's lead officers) that differ from those in use."""
    if action in {"pre_add", "pre_remove"} and pk_set and getattr(instance, "_loaded_over_live_row", False):
        raise CommandError(
            f"Loading this fixture would change the links of {_describe(instance)}, "
            f"which have changed since it was loaded. {REFUSAL}"
        )


def connect():
    pre_save.connect(refuse_rewriting_live_row, dispatch_uid="plans.refuse_rewriting_live_row")
    m2m_changed.connect(refuse_rewriting_live_links, dispatch_uid="plans.refuse_rewriting_live_links")
