from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "indicators"
    verbose_name = "Scorecard"

    def ready(self):
        from core.home import register_panel
        from plans.queries import register_deletion_refusals

        from . import home, permissions, years  # noqa: F401  (permissions registers the object rules)
        from .datacache import connect_signals
        from .deletions import deletion_refusals

        # Where each panel comes on the home page: core/home.py lists every app's.
        register_panel(
            "missing_figures",
            template="indicators/_home_missing_figures.html",
            context=home.missing_figures_panel,
            order=20,
        )
        register_panel(
            "board_exceptions",
            template="indicators/_home_board_exceptions.html",
            context=home.board_exceptions_panel,
            order=30,
        )
        register_panel(
            "commentary_due",
            template="indicators/_home_commentary_due.html",
            context=home.commentary_due_panel,
            order=35,
        )
        register_panel("sign_off", template="indicators/_home_sign_off.html", context=home.sign_off_panel, order=40)
        connect_signals()
        years.connect()  # the scorecard's part in starting, carrying into and adopting the next plan year
        register_deletion_refusals(deletion_refusals)  # the admin refuses to delete what the scorecard keeps
