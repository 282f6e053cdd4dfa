from django.apps import AppConfig


class AssuranceConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "assurance"
    verbose_name = "Assurance and learning"

    def ready(self):
        from . import permissions  # noqa: F401  (registers the object rules)
