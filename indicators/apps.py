from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "indicators"
    verbose_name = "Scorecard"

    def ready(self):
        from core.home import register_panel

        from . import permissions  # noqa: F401  (registers the object rules)
        from .datacache import connect_signals
        from .home import commentary_due_panel

        register_panel(
            "commentary_due", template="indicators/_home_commentary_due.html", context=commentary_due_panel, order=10
        )
        connect_signals()
