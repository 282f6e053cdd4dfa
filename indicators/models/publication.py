"""The public scorecard's switch: one row for the whole site."""

from django.conf import settings
from django.db import models
from django.db.models import Q

PUBLICATION_SETTINGS_PK = 1


class PublicationSettings(models.Model):
    """The switch for the public scorecard, one row for the whole site: publishing is off until turned on."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=PUBLICATION_SETTINGS_PK, editable=False)
    is_enabled = models.BooleanField(
        "publish the scorecard",
        default=False,
        help_text="When off, the public scorecard page and its CSV answer 'not found' to everyone.",
    )
    title = models.CharField(
        max_length=200,
        default="Safeguarding children scorecard",
        help_text="The heading of the public page.",
    )
    introduction = models.TextField(
        blank=True, help_text="A few sentences shown above the figures: what they are and how to read them."
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "publication settings"
        verbose_name_plural = "publication settings"
        constraints = [
            models.CheckConstraint(
                condition=Q(id=PUBLICATION_SETTINGS_PK),
                name="%(app_label)s_%(class)s_singleton",
                violation_error_message="There is one set of publication settings for the whole site.",
            ),
        ]

    def __str__(self):
        state = "on" if self.is_enabled else "off"
        return f"Publication settings: publishing {state}"

    @classmethod
    def current(cls):
        """The site's settings, or unsaved defaults (publishing off) when none are stored. Never writes."""
        return cls.objects.filter(pk=PUBLICATION_SETTINGS_PK).first() or cls()
