"""People and boards: programme boards (and the groups that lead work) and lead officers."""

from django.conf import settings
from django.db import models

from core.history import HistoricalRecords


class ProgrammeBoardManager(models.Manager):
    def get_by_natural_key(self, short_name):
        return self.get(short_name=short_name)


class OfficerManager(models.Manager):
    def get_by_natural_key(self, name):
        return self.get(name=name)

    def for_user(self, user):
        """The Officer linked to this sign-in, or None."""
        if not user.is_authenticated:
            return None
        return self.filter(user=user).first()


class AgencyManager(models.Manager):
    def get_by_natural_key(self, name):
        return self.get(name=name)


class Agency(models.Model):
    """A partner organisation of the board: every audit return, action and attendance names one."""

    class Kind(models.TextChoices):
        CHILDRENS_SERVICES = "childrens_services", "Local authority children's services"
        LOCAL_AUTHORITY = "local_authority", "Local authority (other services)"
        POLICE = "police", "Police"
        HEALTH = "health", "Health"
        EDUCATION = "education", "School or college"
        YOUTH_OFFENDING = "youth_offending", "Youth offending service"
        PROBATION = "probation", "Probation"
        VOLUNTARY = "voluntary", "Voluntary sector"
        OTHER = "other", "Other"

    name = models.CharField(max_length=160, unique=True, help_text="As the agency names itself.")
    short_name = models.CharField(max_length=40, blank=True, help_text="As board papers abbreviate it, if they do.")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    is_active = models.BooleanField(default=True, help_text="Untick when the agency leaves the partnership.")

    objects = AgencyManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.name,)


class ProgrammeBoard(models.Model):
    """A programme board, the Board itself, or a group that leads work or analysis."""

    name = models.CharField(max_length=255, unique=True)
    short_name = models.CharField(max_length=40, unique=True, help_text="As the plan abbreviates it, such as L&WFD PB.")
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="programme_boards",
        blank=True,
        help_text="People who sit on this board and may write commentary on the indicators it leads.",
    )

    objects = ProgrammeBoardManager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.short_name,)


class Officer(models.Model):
    """A lead officer. A role ("L&WFD PB Officer") may stand as an officer until a person is named."""

    name = models.CharField(max_length=120, unique=True, help_text="The person's name, or a role title.")
    job_title = models.CharField(max_length=120, blank=True)
    organisation = models.CharField(max_length=120, blank=True)
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="officers",
        help_text="The partner agency the officer works for: their actions count as that agency's.",
    )
    email = models.EmailField(blank=True, help_text="Reminders of due and overdue activities go here.")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="officer",
        help_text="The sign-in account of this officer, so they can update the projects they lead.",
    )

    objects = OfficerManager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.name,)
