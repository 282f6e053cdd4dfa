"""The assurance records in the admin, each with its history."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Action,
    ActionUpdate,
    AgendaItem,
    Attendance,
    Audit,
    AuditCycle,
    AuditReturn,
    Decision,
    Meeting,
    Recommendation,
    Review,
    Risk,
    StandardRating,
)


@admin.register(AuditCycle)
class AuditCycleAdmin(SimpleHistoryAdmin):
    list_display = ["name", "plan", "starts_on", "ends_on"]
    list_filter = ["plan"]
    search_fields = ["name", "notes"]


@admin.register(Audit)
class AuditAdmin(SimpleHistoryAdmin):
    list_display = ["title", "cycle", "kind", "status", "lead_officer", "lead_board", "planned_end", "return_deadline"]
    list_filter = ["cycle", "kind", "status", "lead_board"]
    search_fields = ["title", "scope", "findings", "progress_note"]
    list_select_related = ["cycle", "lead_officer", "lead_board"]
    filter_horizontal = ["agencies"]


class StandardRatingInline(admin.TabularInline):
    model = StandardRating
    extra = 0


@admin.register(AuditReturn)
class AuditReturnAdmin(SimpleHistoryAdmin):
    list_display = ["audit", "agency", "submitted_on"]
    list_filter = ["audit__cycle", "agency"]
    search_fields = ["audit__title", "agency__name", "summary"]
    list_select_related = ["audit__cycle", "agency"]
    inlines = [StandardRatingInline]


@admin.register(StandardRating)
class StandardRatingAdmin(SimpleHistoryAdmin):
    list_display = ["standard", "audit_return", "rating", "rated_on"]
    list_filter = ["rating"]
    search_fields = ["standard", "evidence", "audit_return__agency__name"]
    list_select_related = ["audit_return__audit__cycle", "audit_return__agency"]


@admin.register(Action)
class ActionAdmin(SimpleHistoryAdmin):
    list_display = ["title", "source", "owner", "due", "status"]
    list_filter = ["source", "status", "owner__agency"]
    search_fields = ["title", "finding", "evidence", "owner__name"]
    list_select_related = ["owner"]
    raw_id_fields = ["audit", "review", "recommendation", "meeting", "project", "indicator"]


@admin.register(ActionUpdate)
class ActionUpdateAdmin(SimpleHistoryAdmin):
    list_display = ["action", "author", "created_at", "status"]
    search_fields = ["action__title", "note"]
    list_select_related = ["action", "author"]


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0
    raw_id_fields = ["project", "indicator", "audit"]


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    list_display = ["held_on", "board", "quorum"]
    list_filter = ["board"]
    search_fields = ["board__name", "notes"]
    list_select_related = ["board"]
    inlines = [AttendanceInline, AgendaItemInline]


@admin.register(Attendance)
class AttendanceAdmin(SimpleHistoryAdmin):
    list_display = ["meeting", "agency", "present"]
    search_fields = ["agency__name", "represented_by"]
    list_select_related = ["meeting__board", "agency"]


@admin.register(AgendaItem)
class AgendaItemAdmin(SimpleHistoryAdmin):
    list_display = ["title", "meeting", "order", "project", "indicator", "audit"]
    search_fields = ["title"]
    list_select_related = ["meeting__board", "project", "indicator", "audit"]
    raw_id_fields = ["project", "indicator", "audit"]


@admin.register(Decision)
class DecisionAdmin(SimpleHistoryAdmin):
    list_display = ["item", "text"]
    search_fields = ["text", "item__title"]
    list_select_related = ["item__meeting__board"]


@admin.register(Risk)
class RiskAdmin(SimpleHistoryAdmin):
    list_display = ["title", "owner", "likelihood", "impact", "residual_likelihood", "residual_impact", "review_on"]
    list_filter = ["is_open"]
    search_fields = ["title", "cause", "effect", "controls"]
    list_select_related = ["owner"]
    filter_horizontal = ["projects", "indicators"]


class RecommendationInline(admin.StackedInline):
    model = Recommendation
    extra = 0
    fk_name = "review"


@admin.register(Review)
class ReviewAdmin(SimpleHistoryAdmin):
    list_display = ["published_name", "kind", "status", "commissioned_on", "published_on"]
    list_filter = ["kind", "status"]
    search_fields = ["published_name", "learning_briefing"]
    filter_horizontal = ["audits", "indicators"]
    inlines = [RecommendationInline]


@admin.register(Recommendation)
class RecommendationAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "source", "owner"]
    list_filter = ["source"]
    search_fields = ["text", "source_detail", "evidence_of_impact"]
    list_select_related = ["review", "audit__cycle", "owner"]
