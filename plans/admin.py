"""Admin for the strategic plan and the business plan, written for the board's admin staff."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from core.admin import ReadOnlyAdmin

from .actions import save_project_edit, updates_since
from .models import (
    Activity,
    Agency,
    FocusArea,
    Officer,
    Plan,
    PlanRevision,
    ProgrammeBoard,
    Project,
    ProjectDecision,
    ReminderLog,
    Responsibility,
    ServicePriority,
    StatusUpdate,
    StrategicOutcome,
    StrategicPriority,
    Theme,
    Value,
    ValueTheme,
)
from .queries import deletion_refusals


class ValueInline(admin.TabularInline):
    model = Value
    extra = 0


class FocusAreaInline(admin.TabularInline):
    model = FocusArea
    extra = 0


class ActivityInline(admin.StackedInline):
    model = Activity
    extra = 0
    fields = [
        ("order", "status", "completed_on"),
        "description",
        ("due", "due_text"),
        ("revised_due", "revision_reason"),
    ]


def closed_plan_message(plan):
    """Why a closed plan (and what belongs to it) is shown read only in the admin."""
    closed = f" on {plan.closed_on:%d %B %Y}" if plan.closed_on else ""
    return (
        f"The plan {plan.code} was closed{closed}, when the next plan was adopted: it is kept as the board's "
        "record of that year, exactly as it stood, so it is shown here read only. Change the current or a draft "
        "plan instead."
    )


class ClosedPlanReadOnlyAdmin(admin.ModelAdmin):
    """A row of a closed plan is shown read only, with the reason, and deleting it is refused, saying why;
    `plan_of(obj)` names the row's plan."""

    def plan_of(self, obj):
        return obj.plan

    def in_closed_plan(self, obj):
        plan = self.plan_of(obj) if obj is not None else None
        return plan is not None and plan.is_closed

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not self.in_closed_plan(obj)

    refuses_deleting_in_closed_plan = True

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        if not self.refuses_deleting_in_closed_plan:
            return deleted, counts, perms_needed, protected
        closed = sorted({self.plan_of(obj) for obj in objs if self.in_closed_plan(obj)}, key=lambda plan: plan.code)
        if closed:  # refused either way: the reason instead of any missing permissions
            return deleted, counts, set(), [*(closed_plan_message(plan) for plan in closed), *protected]
        return deleted, counts, perms_needed, protected

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if self.in_closed_plan(obj) and request.method == "GET":
            messages.warning(request, closed_plan_message(self.plan_of(obj)))
        return super().change_view(request, object_id, form_url, extra_context)


class PlanChildAdmin(ClosedPlanReadOnlyAdmin):
    """A row that belongs to one plan: listed with its plan, filtered by plan; read only once the plan is closed."""

    list_filter = ["plan"]
    list_select_related = ["plan"]


class KeptOnRecordAdmin(admin.ModelAdmin):
    """Deleting is refused, with the reasons, while the row holds updates or history or leads projects.

    The reasons (plans.queries.deletion_refusals) are shown where the admin lists what blocks a
    deletion, on the delete page and for the "delete selected" action alike.
    """

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        reasons = [reason for obj in objs for reason in deletion_refusals(obj)]
        if reasons:  # shown instead of any missing permissions: the deletion is refused either way
            return deleted, counts, set(), [*reasons, *protected]
        return deleted, counts, perms_needed, protected


@admin.register(Plan)
class PlanAdmin(KeptOnRecordAdmin, ClosedPlanReadOnlyAdmin, SimpleHistoryAdmin):
    """A plan year: its state (draft, adopted, closed), its two spans and the plan it follows.

    Adopting and starting the next year are done on the plan-year pages, which keep the rules (one current
    plan, the previous one closed); a closed plan is read only here.
    """

    list_display = [
        "code",
        "title",
        "status",
        "version",
        "adopted_on",
        "starts_on",
        "ends_on",
        "business_starts_on",
        "business_ends_on",
        "closed_on",
        "previous",
        "is_current",
    ]
    list_filter = ["status"]
    list_select_related = ["previous"]
    readonly_fields = ["is_current"]
    search_fields = ["title", "code", "mission"]
    date_hierarchy = "starts_on"
    fieldsets = [
        (None, {"fields": ["code", "title", "mission"]}),
        ("State", {"fields": ["status", "is_current", "version", "version_note", "adopted_on", "adopted_by"]}),
        ("Strategic plan span", {"fields": ["starts_on", "ends_on"]}),
        ("Business plan span", {"fields": ["business_starts_on", "business_ends_on"]}),
        ("From year to year", {"fields": ["previous", "closed_on"]}),
    ]
    history_list_display = ["status", "version"]

    # A plan itself is refused for what it holds (deletion_refusals); an empty one may go, closed or not.
    refuses_deleting_in_closed_plan = False

    def plan_of(self, obj):
        return obj


@admin.register(PlanRevision)
class PlanRevisionAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):
    """Earlier versions of a plan revised in its year: written when a plan is revised, never changed here."""

    list_display = ["plan", "version", "version_note", "adopted_on", "replaced_on", "replaced_because"]
    list_filter = ["plan"]
    search_fields = ["plan__code", "plan__title", "version_note", "replaced_because"]
    list_select_related = ["plan"]


@admin.register(ValueTheme)
class ValueThemeAdmin(PlanChildAdmin):
    list_display = ["number", "name", "plan"]
    search_fields = ["name", "values__name"]
    inlines = [ValueInline]


@admin.register(Value)
class ValueAdmin(ClosedPlanReadOnlyAdmin):
    list_display = ["name", "theme", "order"]
    list_filter = ["theme__plan", "theme"]
    search_fields = ["name", "theme__name"]
    list_select_related = ["theme__plan"]

    def plan_of(self, obj):
        return obj.theme.plan


@admin.register(Responsibility)
class ResponsibilityAdmin(PlanChildAdmin):
    list_display = ["order", "title", "plan"]
    search_fields = ["title", "description"]


@admin.register(StrategicPriority)
class StrategicPriorityAdmin(PlanChildAdmin):
    list_display = ["order", "name", "plan"]
    search_fields = ["name", "description"]


@admin.register(ServicePriority)
class ServicePriorityAdmin(PlanChildAdmin):
    list_display = ["order", "name", "plan"]
    search_fields = ["name", "focus_areas__name"]
    inlines = [FocusAreaInline]


@admin.register(FocusArea)
class FocusAreaAdmin(ClosedPlanReadOnlyAdmin):
    list_display = ["name", "service_priority", "order"]
    list_filter = ["service_priority__plan", "service_priority"]
    search_fields = ["name"]
    list_select_related = ["service_priority__plan"]

    def plan_of(self, obj):
        return obj.service_priority.plan


@admin.register(StrategicOutcome)
class StrategicOutcomeAdmin(PlanChildAdmin):
    list_display = ["number", "title", "plan"]
    search_fields = ["title"]


@admin.register(ProgrammeBoard)
class ProgrammeBoardAdmin(KeptOnRecordAdmin):
    list_display = ["name", "short_name"]
    search_fields = ["name", "short_name"]


@admin.register(Agency)
class AgencyAdmin(SimpleHistoryAdmin):
    list_display = ["name", "short_name", "kind", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "short_name"]


@admin.register(Officer)
class OfficerAdmin(KeptOnRecordAdmin):
    list_display = ["name", "job_title", "agency", "organisation", "email", "user"]
    list_filter = ["agency", "organisation"]
    search_fields = ["name", "job_title", "organisation", "agency__name", "email", "user__username"]
    list_select_related = ["user", "agency"]
    autocomplete_fields = ["user"]


@admin.register(Theme)
class ThemeAdmin(PlanChildAdmin):
    list_display = ["number", "title", "plan"]
    search_fields = ["title"]


class ProjectAdminForm(forms.ModelForm):
    """The admin's project form, which carries the revision it was opened at.

    Saving is refused, with what changed meanwhile, if the project moved past that revision
    (a lead officer saved an update, or another admin saved): what was typed stays on the form,
    and saving it again, once read, replaces those changes.
    """

    based_on_revision = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Project
        fields = ["theme", "number", "title", "lead_board", "lead_officers", "status"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["based_on_revision"].initial = self.instance.revision

    def clean(self):
        data = super().clean()
        if self.instance.pk is None:
            return data
        rows = Project.objects.filter(pk=self.instance.pk)
        if transaction.get_connection().in_atomic_block:  # the admin's save: hold the row until it is saved
            rows = rows.select_for_update()
        current = rows.values_list("revision", flat=True).first()
        seen = data.get("based_on_revision")
        if current is not None and seen != current:
            self.data = self.data.copy()
            self.data[self.add_prefix("based_on_revision")] = str(current)
            raise ValidationError(self.conflict_message(seen, current), code="conflict")
        return data

    def conflict_message(self, seen, current):
        project = self.instance
        changes = [
            f"{timezone.localtime(update.created_at):%d %b %Y %H:%M}, "
            f"{update.author.get_full_name() or update.author.get_username() if update.author else 'someone'}: "
            f"status {update.get_status_from_display() or 'not set'} to {update.get_status_display()}"
            + (f" ({update.note})" if update.note else "")
            for update in updates_since(project, seen or 0)
        ]
        since = "; ".join(changes) if changes else "its details or activities were changed"
        opened = "unknown" if seen is None else seen
        return (
            f"Project {project.number} was changed by someone else after you opened this page "
            f"(revision {opened} then, {current} now), so your changes have not been saved. "
            f"Since then: {since}. What you entered is still below: check it against the project as it is "
            "now (open it in a new tab), then save again to replace those changes."
        )


@admin.register(Project)
class ProjectAdmin(ClosedPlanReadOnlyAdmin, SimpleHistoryAdmin):
    """Every save goes through plans.actions: the revision advances and a change of status is logged.
    A closed plan's projects are read only."""

    form = ProjectAdminForm
    list_display = ["number", "title", "theme", "lead_board", "status", "updated_at"]
    list_display_links = ["number", "title"]
    list_filter = ["plan", "theme", "lead_board", "status", "lead_officers"]
    search_fields = ["number", "title", "lead_officers__name", "activities__description"]
    list_select_related = ["theme", "lead_board"]
    filter_horizontal = ["lead_officers"]
    readonly_fields = ["revision"]
    inlines = [ActivityInline]
    history_list_display = ["status"]

    def save_model(self, request, obj, form, change):
        obj._revision_advanced = not change or form.has_changed()
        save_project_edit(
            project=obj,
            author=request.user,
            expected_revision=form.cleaned_data.get("based_on_revision"),
            changed=obj._revision_advanced,
        )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        project = form.instance
        if change and not project._revision_advanced and any(formset.has_changed() for formset in formsets):
            # Only its activities changed: a lead officer's open form must still see that.
            save_project_edit(project=project, author=request.user, expected_revision=project.revision)


@admin.register(Activity)
class ActivityAdmin(ClosedPlanReadOnlyAdmin, SimpleHistoryAdmin):
    list_display = ["project_number", "order", "short_description", "due_text", "revised_due", "status"]
    list_filter = ["status", "project__theme", "project__lead_board"]
    search_fields = ["description", "due_text", "project__number", "project__title"]
    list_select_related = ["project"]
    autocomplete_fields = ["project"]
    history_list_display = ["status", "revised_due"]

    def plan_of(self, obj):
        return obj.project.plan

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and form.has_changed():
            # The project's revision advances, so a lead officer's open update form sees the change.
            project = obj.project
            save_project_edit(project=project, author=request.user, expected_revision=project.revision)

    @admin.display(description="Project", ordering="project__sort_key")
    def project_number(self, obj):
        return obj.project.number

    @admin.display(description="Activity")
    def short_description(self, obj):
        return obj.description if len(obj.description) <= 80 else f"{obj.description[:77]}..."


@admin.register(StatusUpdate)
class StatusUpdateAdmin(ReadOnlyAdmin):
    """The log of status updates: a permanent record, so it can be read here but never changed or deleted."""

    list_display = ["created_at", "project", "status_from", "status", "author", "revised_due"]
    list_filter = ["status", "project__theme", "project__lead_board"]
    search_fields = ["project__number", "project__title", "note", "reason", "author__username"]
    list_select_related = ["project", "author"]
    date_hierarchy = "created_at"


@admin.register(ReminderLog)
class ReminderLogAdmin(ReadOnlyAdmin):
    """The record of reminder emails sent, so that the same digest is not sent twice in a day."""

    list_display = ["sent_at", "officer", "sent_on"]
    list_filter = ["sent_on"]
    search_fields = ["officer__name", "officer__email"]
    list_select_related = ["officer"]

    def has_delete_permission(self, request, obj=None):
        # Unlike the status-update log, a reminder record may be removed (to send a digest again).
        return admin.ModelAdmin.has_delete_permission(self, request, obj)


@admin.register(ProjectDecision)
class ProjectDecisionAdmin(ClosedPlanReadOnlyAdmin, SimpleHistoryAdmin):
    """What the next plan decided for each project unfinished in the plan before it."""

    list_display = ["project", "plan", "decision", "new_project", "decided_by", "decided_at"]
    list_filter = ["plan", "decision"]
    search_fields = ["project__number", "project__title", "reason", "plan__code"]
    list_select_related = ["plan", "project", "new_project", "decided_by"]
    autocomplete_fields = ["project", "new_project"]
    readonly_fields = ["decided_by", "decided_at"]
    history_list_display = ["decision"]

    def save_model(self, request, obj, form, change):
        obj.decided_by = request.user
        super().save_model(request, obj, form, change)
