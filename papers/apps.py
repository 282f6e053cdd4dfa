from django.apps import AppConfig


class PapersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "papers"
    verbose_name = "Board papers"

    def ready(self):
        from indicators.curve import register_meeting_source

        from .meetings import meeting_dates

        register_meeting_source(meeting_dates)  # commentary is due before the next meeting (indicators/curve.py)
