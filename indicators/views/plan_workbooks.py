"""Loading a plan from a workbook in the browser (upload, preview, confirm) and the plan's workbook download.

The upload is read once and its sheets kept on a PlanWorkbookUpload; the preview checks them (against the
site as it is then) and shows every row and every problem with its sheet, row and reason; confirming checks
them again and loads the plan as a draft, all of it or nothing.
"""

from pathlib import PurePath

from django import forms
from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from core.downloads import XLSX_CONTENT_TYPE, safe_filename
from core.forms import error_summary
from core.permissions import Permission, require_permission
from plans.viewing import viewed_plan

from ..importer.read import size_text
from ..models import PlanWorkbookUpload
from ..workbook import export, read
from ..workbook import sheets as s
from ..workbook.check import check
from ..workbook.load import WorkbookRejected, load_plan

FORBIDDEN = "Only board administrators can start, load, revise and adopt plans."


class PlanWorkbookForm(forms.Form):
    file = forms.FileField(
        label="Plan workbook",
        error_messages={"required": "Choose the plan's .xlsx workbook to upload.", "empty": "The file is empty."},
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = (
            f"An .xlsx workbook of up to {size_text(settings.IMPORT_MAX_BYTES)}, laid out as the template. "
            "Nothing is saved until you confirm."
        )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            self.cleaned_data["sheets"] = read.read_workbook(upload, upload.name)
        except read.ImportFileError as error:
            raise forms.ValidationError(str(error)) from None
        return upload


@require_http_methods(["GET", "POST"])
@require_permission(Permission.MANAGE_PLANS, FORBIDDEN)
def load_upload(request):
    form = PlanWorkbookForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = PlanWorkbookUpload.objects.create(
            filename=PurePath(form.cleaned_data["file"].name).name[:255],
            sheets=form.cleaned_data["sheets"],
            uploaded_by=request.user,
        )
        return redirect("plan_workbook:load_preview", pk=upload.pk)
    context = {"form": form, "error_summary": error_summary(form), "sheets": s.SHEETS}
    return render(request, "indicators/plan_workbook_upload.html", context, status=400 if form.errors else 200)


def _tables(upload, checked):
    """Each sheet of the upload as the preview lists it: its rows, with each row's problems and notes."""
    problems = {}
    for problem in checked.problems:
        problems.setdefault((problem.sheet, problem.row), []).append(problem.reason)
    tables = []
    for sheet in s.SHEETS:
        found = upload.sheets.get(sheet.name)
        if found is None:
            continue
        notes = checked.notes.get(sheet.name, {})
        rows = [
            {
                "number": raw["row"],
                "cells": [raw.get(column.key) for column in sheet.columns],
                "problems": problems.get((sheet.name, raw["row"]), []),
                "note": notes.get(raw["row"], ""),
            }
            for raw in found["rows"]
        ]
        tables.append({"sheet": sheet, "rows": rows, "count": len(rows), "id": sheet.name.lower().replace(" ", "-")})
    return tables


def _render_preview(request, upload, checked=None, status=200):
    if checked is None and upload.plan_id is None:
        checked = check(upload.sheets)
    context = {"upload": upload, "checked": checked}
    if checked is not None:
        context["tables"] = _tables(upload, checked)
        context["problems"] = checked.problems
    return render(request, "indicators/plan_workbook_preview.html", context, status=status)


def _own_upload(request, pk):
    return get_object_or_404(PlanWorkbookUpload, pk=pk, uploaded_by=request.user)


@require_safe
@require_permission(Permission.MANAGE_PLANS, FORBIDDEN)
def load_preview(request, pk):
    return _render_preview(request, _own_upload(request, pk))


@require_POST
@require_permission(Permission.MANAGE_PLANS, FORBIDDEN)
def load_confirm(request, pk):
    upload = _own_upload(request, pk)
    try:
        with transaction.atomic():
            upload = PlanWorkbookUpload.objects.select_for_update().get(pk=upload.pk)
            if upload.plan_id:
                messages.error(request, "This workbook has already been loaded; it cannot be loaded twice.")
                return redirect("plan_workbook:load_preview", pk=upload.pk)
            plan, _ = load_plan(upload.sheets, user=request.user)
            upload.plan, upload.loaded_at = plan, timezone.now()
            upload.save(update_fields=["plan", "loaded_at"])
    except WorkbookRejected:
        return _render_preview(request, upload, status=409)
    messages.success(
        request, f"Loaded {plan.code} as a draft plan. Edit it in the browser and the admin, then adopt it."
    )
    return redirect("plans:draft_plan", code=plan.code)


@require_safe
@require_permission(Permission.VIEW)
def plan_workbook(request):
    plan = viewed_plan(request)
    response = HttpResponse(export.workbook_bytes(plan), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{safe_filename("plan", plan.code, extension="xlsx")}"'
    return response
