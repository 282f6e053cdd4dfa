from django.apps import AppConfig


class AssuranceConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "assurance"
    verbose_name = "Assurance and learning"

    def ready(self):
        from core.home import register_panel
        from core.related import register_section
        from plans.queries import register_deletion_refusals
        from plans.reminders import register_digest_items

        from . import permissions  # noqa: F401  (registers the object rules)
        from .datacache import connect_signals
        from .deletions import deletion_refusals
        from .related import indicator_assurance, overdue_panel, project_assurance, reminder_lines

        connect_signals()
        register_section("project", "assurance", template="assurance/_related.html", context=project_assurance)
        register_section("indicator", "assurance", template="assurance/_related.html", context=indicator_assurance)
        register_panel("assurance_overdue", template="assurance/_home_overdue.html", context=overdue_panel, order=20)
        register_digest_items(reminder_lines)  # the daily reminder digest includes the officer's actions
        register_deletion_refusals(deletion_refusals)  # the admin refuses to delete what assurance keeps
