"""Bulk import of indicator values and comparators: upload a file, preview every row, confirm; templates.

The file is checked once, at upload, and the outcome kept on the batch (ImportBatch.checked): the
preview page reads it, a page of rows at a time, errors first. Nothing is saved until the person who
uploaded the file confirms it, and then all of it or none: the rows are checked again at
confirmation, and a row someone else changed since the preview stops the import (409) and says who
changed what; the batch is then checked afresh, so it can be confirmed again knowingly.
"""

import json
from pathlib import PurePath

from django.contrib import messages
from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.forms import error_summary
from core.permissions import Permission, require_permission
from plans.viewing import viewed_plan

from .. import importer
from ..importer.batch import KeptPreview
from ..importer.forms import ImportUploadForm
from ..models import ImportBatch

# Colour and words together: the words carry the meaning, the colour only repeats it.
BADGES = {
    importer.NEW: "text-bg-success",
    importer.CHANGED: "text-bg-warning",
    importer.UNCHANGED: "text-bg-secondary",
    importer.ERROR: "text-bg-danger",
}
NOUNS = {importer.VALUES: ("value", "values"), importer.COMPARATORS: ("comparator", "comparators")}
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
ROWS_PER_PAGE = 500
ERRORS_LISTED = 20

FORBIDDEN = "Only data officers and board administrators can import indicator values and comparators."


def _own_batch(request, pk):
    """The batch, if this user uploaded it; 404 otherwise (another person's upload is not theirs to see)."""
    return get_object_or_404(ImportBatch, pk=pk, uploaded_by=request.user)


def _jsonable(rows):
    """The rows as JSON keeps them: dates and Decimals as strings."""
    return json.loads(json.dumps(rows, cls=DjangoJSONEncoder))


def counts_sentence(counts, kind):
    singular, plural = NOUNS[kind]
    total = counts.get("total", sum(counts.get(k, 0) for k in (importer.NEW, importer.CHANGED, importer.UNCHANGED)))
    noun = singular if total == 1 else plural
    return (
        f"Imported {total} {noun}: {counts.get(importer.NEW, 0)} new, {counts.get(importer.CHANGED, 0)} changed, "
        f"{counts.get(importer.UNCHANGED, 0)} unchanged."
    )


def _keep(batch, result):
    """Keep a checked preview on the batch, so that the preview page never checks the file again."""
    batch.checked = importer.stored(result)
    batch.save(update_fields=["checked"])


@require_http_methods(["GET", "POST"])
@require_permission(Permission.ENTER_VALUES, FORBIDDEN)
def import_upload(request):
    plan = viewed_plan(request)
    if request.method == "POST":
        form = ImportUploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            rows = _jsonable(form.cleaned_data["rows"])
            kind = form.cleaned_data["kind"]
            batch = ImportBatch.objects.create(
                kind=kind, filename=PurePath(upload.name).name[:255], rows=rows, uploaded_by=request.user
            )
            _keep(batch, importer.preview(rows, plan=plan, kind=kind))
            return redirect("indicators:import_preview", pk=batch.pk)
    else:
        kind = request.GET.get("kind")
        form = ImportUploadForm(initial={"kind": kind if kind in importer.KINDS else importer.VALUES})
    context = {"plan": plan, "form": form, "error_summary": error_summary(form)}
    return render(request, "indicators/import_upload.html", context)


def _render_preview(request, plan, batch, *, rejected=False, conflicts=(), status=200):
    plural = NOUNS[batch.kind][1]
    result = None if batch.state == ImportBatch.State.APPLIED else KeptPreview.of(batch)
    page = None
    if result is not None:
        page = Paginator(result.errors_first(), ROWS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "plan": plan,
        "batch": batch,
        "result": result,
        "counts": result.counts if result is not None else None,
        "errors": result.errors[:ERRORS_LISTED] if result is not None else [],
        "more_errors": max(0, result.counts[importer.ERROR] - ERRORS_LISTED) if result is not None else 0,
        "page": page,
        "table": [(row, BADGES[row.kind]) for row in page] if page is not None else [],
        "is_comparators": batch.kind == importer.COMPARATORS,
        "noun": plural,
        "rejected": rejected,
        "conflicts": conflicts,
    }
    return render(request, "indicators/import_preview.html", context, status=status)


@require_GET
@require_permission(Permission.ENTER_VALUES, FORBIDDEN)
def import_preview(request, pk):
    plan = viewed_plan(request)
    batch = _own_batch(request, pk)
    if batch.state != ImportBatch.State.APPLIED and not batch.checked:
        _keep(batch, importer.preview(batch.rows, plan=plan, kind=batch.kind))  # a batch from before checks were kept
    return _render_preview(request, plan, batch)


@require_POST
@require_permission(Permission.ENTER_VALUES, FORBIDDEN)
def import_confirm(request, pk):
    plan = viewed_plan(request)
    batch = _own_batch(request, pk)
    try:
        with transaction.atomic():
            # Locked, so that two confirmations of the same file (a double click) cannot both apply it.
            batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
            if batch.state == ImportBatch.State.APPLIED:
                messages.error(request, "This file has already been imported; it cannot be imported twice.")
                return redirect("indicators:import_preview", pk=batch.pk)
            counts = importer.apply(
                batch.rows,
                plan=plan,
                user=request.user,
                kind=batch.kind,
                filename=batch.filename,
                bases=importer.bases(batch.checked),
            )
            batch.state = ImportBatch.State.APPLIED
            batch.applied_at = timezone.now()
            batch.summary = counts
            batch.save(update_fields=["state", "applied_at", "summary"])
    except importer.ImportRejected as rejected:
        _keep(batch, rejected.preview)
        return _render_preview(request, plan, batch, rejected=True, status=409)
    except importer.ImportConflict as conflict:
        _keep(batch, conflict.preview)  # checked against the rows as they are now: confirming again is knowing
        return _render_preview(request, plan, batch, conflicts=conflict.conflicts, status=409)
    messages.success(request, counts_sentence(counts, batch.kind))
    try:
        return redirect(reverse("indicators:scorecard"))
    except NoReverseMatch:
        return redirect("indicators:import_preview", pk=batch.pk)


@require_GET
@require_permission(Permission.ENTER_VALUES, FORBIDDEN)
def import_template(request, fmt):
    kind = request.GET.get("kind")
    kind = kind if kind in importer.KINDS else importer.VALUES
    plan = viewed_plan(request)
    content = importer.template_xlsx(kind, plan) if fmt == "xlsx" else importer.template_csv(kind, plan)
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{kind}-import-template.{fmt}"'
    return response
