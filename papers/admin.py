"""Board packs in the admin: read only, since a pack is the record of what the board saw."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django_tasks_db.models import DBTaskResult

from core.admin import ReadOnlyAdmin

from .models import BoardPack, BoardPackRequest


@admin.register(BoardPack)
class BoardPackAdmin(ReadOnlyAdmin):
    list_display = ["meeting_date", "reporting_period_label", "plan", "generated_at", "generated_by"]
    list_filter = ["plan", "meeting_date"]
    search_fields = ["plan__code", "plan__title", "generated_by__username"]
    list_select_related = ["plan", "generated_by"]
    date_hierarchy = "meeting_date"
    fields = [
        "plan",
        "meeting_date",
        "meeting",
        ("reporting_period_start", "reporting_period_end"),
        "progress_as_at",
        "changes_since",
        ("generated_at", "generated_by"),
        "contains_demo_data",
        "pdf_sha256",
        "pages",
        "figures",
    ]
    readonly_fields = [
        "plan",
        "meeting_date",
        "meeting",
        "reporting_period_start",
        "reporting_period_end",
        "progress_as_at",
        "changes_since",
        "generated_at",
        "generated_by",
        "contains_demo_data",
        "pdf_sha256",
        "pages",
        "figures",
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("pdf", "html")

    @admin.display(description="Reporting month")
    def reporting_period_label(self, obj):
        return obj.reporting_period.label

    @admin.display(description="Read it")
    def pages(self, obj):
        return format_html(
            '<a href="{}">The pack as stored</a> · <a href="{}">its PDF</a>',
            reverse("papers:detail", args=[obj.pk]),
            reverse("papers:pdf", args=[obj.pk]),
        )


@admin.register(BoardPackRequest)
class BoardPackRequestAdmin(ReadOnlyAdmin):
    """Requests for packs, made by the background worker: read only, kept as the record of what was asked."""

    list_display = ["meeting_date", "state", "requested_by", "requested_at", "finished_at", "pack"]
    list_filter = ["state", "plan"]
    list_select_related = ["requested_by", "pack"]
    readonly_fields = [field.name for field in BoardPackRequest._meta.fields]


# The task library's own results table: a board pack request above says how its task went (and why it failed),
# so the raw rows, with their arguments and tracebacks, are not offered to board administrators.
admin.site.unregister(DBTaskResult)
