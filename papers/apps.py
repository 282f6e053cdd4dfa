from django.apps import AppConfig


class PapersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "papers"
    verbose_name = "Board papers"

    def ready(self):
        from core.home import register_panel
        from core.related import register_section
        from indicators.curve import register_meeting_source

        from .home import packs_to_make_panel
        from .meetings import meeting_dates
        from .related import meeting_packs

        register_meeting_source(meeting_dates)  # commentary is due before the next meeting (indicators/curve.py)
        register_panel(
            "packs_to_make", template="papers/_home_packs_to_make.html", context=packs_to_make_panel, order=50
        )
        register_section("meeting", "board_packs", template="papers/_related_meeting_packs.html", context=meeting_packs)
