"""Admin for the scorecard, written for the board's admin and data staff."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.db import transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from core.admin import ReadOnlyAdmin
from plans.admin import ClosedPlanReadOnlyAdmin, KeptOnRecordAdmin, ProjectAdmin
from plans.models import Project

from .deadlines import deadline_days
from .models import (
    Breakdown,
    BreakdownCategory,
    Commentary,
    CommentaryRequest,
    CommentaryRequestEmail,
    Comparator,
    ImportBatch,
    Indicator,
    IndicatorValue,
    PeriodLock,
    PlanWorkbookUpload,
    ProcessChange,
    PublicationSettings,
    ScorecardEntry,
    SignOffEvent,
    Target,
)
from .values.admin import ConflictAnswersAdmin, ValuesServiceAdmin, VersionedForm, save_through_service

SERIES_KEPT = (
    "This indicator cannot be deleted: its values, targets, comparators, commentary and process changes are "
    "the board's record, and deleting it would delete them too. Withdraw it from the public scorecard, or move "
    "it to another outcome, instead."
)


class BreakdownCategoryInline(admin.TabularInline):
    model = BreakdownCategory
    extra = 0


class TargetInline(admin.TabularInline):
    """The indicator's targets; saved through the values service (IndicatorAdmin.save_formset)."""

    model = Target
    form = VersionedForm
    extra = 0
    fields = ["period_start", "period_end", "value", "tolerance", "note", "version"]


@admin.register(Breakdown)
class BreakdownAdmin(admin.ModelAdmin):
    list_display = ["name", "category_count"]
    search_fields = ["name", "categories__name"]
    inlines = [BreakdownCategoryInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_category_count=Count("categories"))

    @admin.display(description="Categories", ordering="_category_count")
    def category_count(self, obj):
        return obj._category_count


@admin.register(BreakdownCategory)
class BreakdownCategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "breakdown", "order"]
    list_filter = ["breakdown"]
    search_fields = ["name", "breakdown__name"]
    list_select_related = ["breakdown"]


@admin.register(Indicator)
class IndicatorAdmin(KeptOnRecordAdmin, ConflictAnswersAdmin, SimpleHistoryAdmin):
    """A measure. Deleting one with a series or a place on a plan's scorecard is refused, with the reasons
    (indicators/deletions.py), on the delete page and for "delete selected" alike."""

    list_display = [
        "number",
        "title",
        "outcome",
        "unit",
        "polarity",
        "frequency",
        "lead_board",
        "is_published",
        "values_link",
    ]
    list_display_links = ["number", "title"]
    list_filter = [
        "plan",
        "outcome",
        "lead_board",
        "unit",
        "polarity",
        "frequency",
        "is_published",
        "publish_without_numerator",
        "service_priorities",
    ]
    actions = ["publish_selected", "unpublish_selected"]
    search_fields = ["number", "title", "definition", "source"]
    list_select_related = ["outcome", "lead_board"]
    filter_horizontal = ["service_priorities", "focus_areas", "projects"]
    readonly_fields = ["values_link", "deadline_in_use"]
    inlines = [TargetInline]
    fieldsets = [
        (None, {"fields": ["number", "title", "outcome", "lead_board", "values_link"]}),
        (
            "How it is measured",
            {"fields": ["unit", "polarity", "frequency", "breakdown", "data_deadline_days", "deadline_in_use"]},
        ),
        (
            "Definition",
            {"fields": ["definition", "source", "numerator_label", "denominator_label"], "classes": ["collapse"]},
        ),
        ("Priorities it serves", {"fields": ["service_priorities", "focus_areas"], "classes": ["collapse"]}),
        ("Business-plan projects that aim to move it", {"fields": ["projects"], "classes": ["collapse"]}),
        ("Public scorecard", {"fields": ["is_published", "publish_without_numerator", "total_group"]}),
    ]

    def _set_published(self, request, queryset, published):
        """Change each indicator on its own, so its history records who published or withdrew it."""
        changed = 0
        with transaction.atomic():
            rows = Indicator.objects.filter(pk__in=queryset.values("pk")).exclude(is_published=published)
            for indicator in rows.select_for_update():
                indicator.is_published = published
                indicator.save(update_fields=["is_published"])
                changed += 1
        state = "published" if published else "withdrawn from the public scorecard"
        self.message_user(request, f"{changed} indicator{'s' if changed != 1 else ''} {state}.", messages.SUCCESS)

    @admin.display(description="Deadline in use")
    def deadline_in_use(self, obj):
        if obj is None or obj.pk is None:
            return "Shown once saved."
        days = deadline_days(obj)
        whose = (
            "its own"
            if obj.data_deadline_days is not None
            else f"the default for {obj.get_frequency_display().lower()} figures"
        )
        return f"{days} days after the period ends ({whose})"

    @admin.action(description="Publish selected indicators", permissions=["change"])
    def publish_selected(self, request, queryset):
        self._set_published(request, queryset, True)

    @admin.action(description="Unpublish selected indicators", permissions=["change"])
    def unpublish_selected(self, request, queryset):
        self._set_published(request, queryset, False)

    def delete_view(self, request, object_id, extra_context=None):
        """Django lists what protects an indicator and refuses; say why, and what to do instead."""
        indicator = self.get_object(request, unquote(object_id))
        if indicator is not None and indicator.has_series():
            messages.error(request, SERIES_KEPT)
        return super().delete_view(request, object_id, extra_context)

    def save_formset(self, request, form, formset, change):
        if formset.model is Target:
            save_through_service(request, formset)
        else:
            super().save_formset(request, form, formset, change)

    @admin.display(description="Values")
    def values_link(self, obj):
        if obj.pk is None:
            return "—"
        url = reverse("admin:indicators_indicatorvalue_changelist") + f"?indicator__id__exact={obj.pk}"
        return format_html('<a href="{}">Values of indicator {}</a>', url, obj.number)


@admin.register(ScorecardEntry)
class ScorecardEntryAdmin(KeptOnRecordAdmin, ClosedPlanReadOnlyAdmin, SimpleHistoryAdmin):
    """Which measures each plan's scorecard reports, under which number, outcome and lead board.

    Listed by plan; a closed plan's entries are read only, and only a draft's can be deleted.
    """

    list_display = ["plan", "number", "indicator_title", "outcome", "lead_board"]
    list_display_links = ["number", "indicator_title"]
    list_filter = ["plan", "lead_board"]
    search_fields = ["number", "indicator__title", "indicator__code", "plan__code"]
    list_select_related = ["plan", "indicator", "outcome", "lead_board"]
    autocomplete_fields = ["indicator"]
    ordering = ["-plan__starts_on", "sort_key"]
    history_list_display = ["number", "outcome", "lead_board"]

    @admin.display(description="Indicator", ordering="indicator__title")
    def indicator_title(self, obj):
        return obj.indicator.title


@admin.register(IndicatorValue)
class IndicatorValueAdmin(ValuesServiceAdmin, SimpleHistoryAdmin):
    """Values are written through the values service (values/admin.py): versions, sign-off, history."""

    list_display = [
        "indicator_number",
        "period_start",
        "period_end",
        "category",
        "value",
        "is_provisional",
        "is_demo",
        "entered_at",
    ]
    list_filter = [
        "is_provisional",
        "is_demo",
        "indicator__outcome",
        "indicator__lead_board",
        "period_start",
        "indicator",
    ]
    search_fields = ["indicator__number", "indicator__title", "note"]
    list_select_related = ["indicator", "category"]
    autocomplete_fields = ["indicator"]
    readonly_fields = ["entered_by", "entered_at"]
    date_hierarchy = "period_start"
    history_list_display = ["value", "is_provisional"]

    @admin.display(description="Indicator", ordering="indicator__sort_key")
    def indicator_number(self, obj):
        return obj.indicator.number


@admin.register(Target)
class TargetAdmin(ValuesServiceAdmin, SimpleHistoryAdmin):
    list_display = ["indicator_number", "period_start", "period_end", "value", "tolerance"]
    list_filter = ["indicator__outcome", "indicator__lead_board", "period_start"]
    search_fields = ["indicator__number", "indicator__title", "note"]
    list_select_related = ["indicator"]
    autocomplete_fields = ["indicator"]
    history_list_display = ["value", "tolerance"]

    @admin.display(description="Indicator", ordering="indicator__sort_key")
    def indicator_number(self, obj):
        return obj.indicator.number


@admin.register(Comparator)
class ComparatorAdmin(ValuesServiceAdmin, SimpleHistoryAdmin):
    list_display = ["indicator_number", "area", "period_start", "period_end", "value", "is_demo"]
    list_filter = ["area", "is_demo", "indicator__outcome", "period_start"]
    search_fields = ["indicator__number", "indicator__title", "source"]
    list_select_related = ["indicator"]
    autocomplete_fields = ["indicator"]

    @admin.display(description="Indicator", ordering="indicator__sort_key")
    def indicator_number(self, obj):
        return obj.indicator.number


class CommentaryAdminForm(forms.ModelForm):
    """The commentary as the admin shows it, remembering which version of it the page showed.

    Two people editing one commentary: the second save, from a page drawn before the first was saved, is
    refused with who changed it and when, and the second person's text is kept on the form; the hidden
    version is brought up to date, so saving again replaces the other text knowingly (both stay in history).
    """

    seen_version = forms.CharField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = Commentary
        fields = [
            "indicator",
            "period_start",
            "period_end",
            "story",
            "partners",
            "what_works",
            "actions",
            "projects",
            "is_public",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["seen_version"].initial = self._latest_version()

    def _latest(self):
        if self.instance.pk is None:
            return None
        return self.instance.history.order_by("-history_date", "-history_id").first()

    def _latest_version(self):
        latest = self._latest()
        return str(latest.history_id) if latest is not None else ""

    def clean(self):
        cleaned = super().clean()
        indicator, projects = cleaned.get("indicator"), cleaned.get("projects")
        if indicator is not None and projects and any(p.plan_id != indicator.plan_id for p in projects):
            self.add_error("projects", "Choose projects of the indicator's business plan.")
        key = self.add_prefix("seen_version")
        if self.instance.pk is None or key not in self.data:
            return cleaned
        now = self._latest_version()
        if cleaned.get("seen_version", "") != now:
            latest = self._latest()
            who = (
                latest.history_user.get_full_name() or latest.history_user.get_username()
                if latest.history_user
                else "someone"
            )
            self.data = self.data.copy()
            self.data[key] = now
            raise forms.ValidationError(
                f"{who} changed this commentary at {timezone.localtime(latest.history_date):%-d %B %Y %H:%M} "
                "since this page was opened. Nothing was saved; your text is kept below: save again to replace "
                "theirs with yours (both stay in its history).",
                code="conflict",
            )
        return cleaned


@admin.register(Commentary)
class CommentaryAdmin(SimpleHistoryAdmin):
    """Every change to a commentary is kept in its history, with who made it; a stale edit is refused."""

    form = CommentaryAdminForm

    list_display = ["indicator", "period_start", "author", "created_at", "is_public"]
    list_filter = ["is_public", "indicator__lead_board", "period_start"]
    search_fields = ["indicator__number", "story", "actions", "author__username"]
    list_select_related = ["indicator", "author"]
    autocomplete_fields = ["indicator"]
    filter_horizontal = ["projects"]
    readonly_fields = ["author", "created_at"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.author = request.user
        super().save_model(request, obj, form, change)


class CommentaryRequestEmailInline(admin.TabularInline):
    model = CommentaryRequestEmail
    extra = 0
    can_delete = False
    fields = ["user", "email", "sent_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(CommentaryRequest)
class CommentaryRequestAdmin(SimpleHistoryAdmin):
    """Made by `manage.py request_commentary` and after values are saved; the due date may be moved here."""

    list_display = ["indicator", "period_start", "board", "due_on", "is_answered", "created_at"]
    list_filter = ["board", "due_on", "period_start"]
    search_fields = ["indicator__number", "indicator__title", "reasons"]
    list_select_related = ["indicator", "board"]
    readonly_fields = ["indicator", "period_start", "period_end", "board", "reasons", "created_at"]
    inlines = [CommentaryRequestEmailInline]

    def get_queryset(self, request):
        return super().get_queryset(request).with_fulfilment()

    def has_add_permission(self, request):
        return False

    @admin.display(description="Commentary written", boolean=True, ordering="is_fulfilled")
    def is_answered(self, obj):
        return obj.is_fulfilled


@admin.register(CommentaryRequestEmail)
class CommentaryRequestEmailAdmin(ReadOnlyAdmin):
    list_display = ["sent_at", "request", "email"]
    list_select_related = ["request__indicator"]
    search_fields = ["email", "request__indicator__number"]


@admin.register(ProcessChange)
class ProcessChangeAdmin(admin.ModelAdmin):
    list_display = ["indicator", "period_start", "reason", "created_by", "created_at"]
    search_fields = ["indicator__number", "reason"]
    list_select_related = ["indicator", "created_by"]
    autocomplete_fields = ["indicator"]
    readonly_fields = ["created_by", "created_at"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(PublicationSettings)
class PublicationSettingsAdmin(admin.ModelAdmin):
    """The public scorecard's switch: one row for the site. Which indicators it shows is set on each indicator."""

    list_display = ["__str__", "title", "updated_by", "updated_at"]
    fields = ["is_enabled", "title", "introduction", "updated_by", "updated_at"]
    readonly_fields = ["updated_by", "updated_at"]
    list_select_related = ["updated_by"]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not PublicationSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False  # switch publishing off instead

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(PeriodLock)
class PeriodLockAdmin(ReadOnlyAdmin):
    """Periods are locked and reopened on the sign-off page, which records who did it and why."""

    list_display = ["period_start", "period_end", "locked_by", "locked_at"]
    list_select_related = ["locked_by"]


@admin.register(SignOffEvent)
class SignOffEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "action", "period_start", "period_end", "user", "reason"]
    list_filter = ["action"]
    list_select_related = ["user"]


@admin.register(ImportBatch)
class ImportBatchAdmin(ReadOnlyAdmin):
    list_display = ["uploaded_at", "kind", "filename", "uploaded_by", "state", "applied_at"]
    list_filter = ["kind", "state"]
    search_fields = ["filename", "uploaded_by__username"]
    list_select_related = ["uploaded_by"]
    exclude = ["rows"]


@admin.register(PlanWorkbookUpload)
class PlanWorkbookUploadAdmin(ReadOnlyAdmin):
    list_display = ["uploaded_at", "filename", "uploaded_by", "plan", "loaded_at"]
    search_fields = ["filename", "uploaded_by__username"]
    list_select_related = ["uploaded_by", "plan"]
    exclude = ["sheets"]


# --------------------------------------------------------------------------- the project's indicators


class IndicatorLinkInline(admin.TabularInline):
    """The scorecard indicators a project aims to move (also editable from the indicator)."""

    model = Indicator.projects.through
    extra = 0
    autocomplete_fields = ["indicator"]
    verbose_name = "indicator it aims to move"
    verbose_name_plural = "indicators it aims to move"


admin.site.unregister(Project)


@admin.register(Project)
class ProjectWithIndicatorsAdmin(ProjectAdmin):
    """The business plan's project, with the scorecard indicators it aims to move."""

    inlines = [*ProjectAdmin.inlines, IndicatorLinkInline]
