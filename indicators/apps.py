from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "indicators"
    verbose_name = "Scorecard"

    def ready(self):
        from . import permissions  # noqa: F401  (registers the object rules)
