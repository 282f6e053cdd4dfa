from django.apps import AppConfig


class PlansConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "plans"
    verbose_name = "Strategic and business plan"

    def ready(self):
        from core.home import register_panel

        from . import datacache, home, loading, permissions  # noqa: F401  (permissions registers the object rules)

        loading.connect()
        datacache.connect_signals()
        register_panel(
            "lead_officer_work", template="plans/_home_lead_officer.html", context=home.lead_officer_panel, order=10
        )
        register_panel(
            "people_without_role",
            template="plans/_home_people_without_role.html",
            context=home.people_without_role_panel,
            order=60,
        )
