from django.apps import AppConfig


class PlansConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "plans"
    verbose_name = "Strategic and business plan"

    def ready(self):
        from . import loading, permissions  # noqa: F401  (permissions registers the object rules)

        loading.connect()
