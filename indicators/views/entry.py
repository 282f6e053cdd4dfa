"""Values in the browser: a data officer picks a period and a board, then fills in the grid of figures."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.timezone import localtime
from django.views.decorators.http import require_http_methods

from core.dates import today as site_today
from core.permissions import Permission, require_permission
from plans.viewing import is_year_address, viewed_plan

from ..listing import plan_for_day
from ..values.forms import PeriodPickerForm, ValueGridForm
from ..values.grid import GridErrors, build_grid, save_grid
from ..values.service import ValuesConflict


def entry_url(params):
    return f"{reverse('indicators:entry')}?{urlencode(params)}"


def locked_message(grid):
    lock = grid.lock
    covering = "" if lock.period == grid.period else f" (as part of {lock.period.label})"
    return f"This period was signed off on {localtime(lock.locked_at):%-d %B %Y}{covering} and is locked."


def _picker_summary(picker):
    if not picker.is_bound:
        return []
    return [(picker[name].id_for_label, message) for name in picker.errors for message in picker.errors[name]]


def _attach_fields(grid, form):
    """Give every cell its bound fields, and every row its note field, for the template."""
    for row in grid.rows:
        row.note_field = form[row.note_name] if form else None
        for cell in row.cells:
            cell.fields = {part: form[cell.name(part)] for part in cell.parts} if form else {}
            cell.version_field = form[cell.version_name] if form else None
            cell.status_field = form[cell.status_name] if form else None
        row.rowspan = len(row.cells) + (1 if form or row.current_note else 0)


@require_http_methods(["GET", "POST"])
@require_permission(Permission.ENTER_VALUES)
def value_entry(request):
    plan = viewed_plan(request)
    today = site_today()
    picker = PeriodPickerForm(request.GET or None, plan=plan, today=today)
    context = {"plan": plan, "picker": picker, "grid": None, "form": None}

    if not picker.is_bound or not picker.is_valid():
        if request.method == "POST":
            messages.error(request, "Choose a period before saving values: nothing was saved.")
        context["error_summary"] = _picker_summary(picker)
        return render(request, "indicators/entry.html", context)

    period = picker.cleaned_data["chosen_period"]
    board = picker.cleaned_data.get("board")
    # Numbered as the scorecard of the period's plan, unless the address names a plan year.
    numbered_by = plan if is_year_address(request) else plan_for_day(period.start) or plan
    grid = build_grid(numbered_by, period, board)
    grid_url = entry_url(picker.query())
    form = None
    status = 200

    if grid.lock is not None:
        if request.method == "POST":
            messages.error(request, f"{locked_message(grid)} Nothing was saved.")
            return redirect(grid_url)
    elif request.method == "POST":
        form = ValueGridForm(request.POST, grid=grid)
        if form.is_valid():
            try:
                result = save_grid(grid, form.changes, form.notes, request.user, form.versions)
            except ValuesConflict as conflict:
                # Someone else changed figures since this page was drawn: show theirs, keep this person's.
                grid = build_grid(numbered_by, period, board)
                form.show_conflicts(conflict.conflicts, grid)
                status = 409
            except GridErrors as error:
                if error.locked:
                    messages.error(request, f"{error.errors[None][0]} Nothing was saved.")
                    return redirect(grid_url)
                for name, field_messages in error.errors.items():
                    for message in field_messages:
                        form.add_error(name, message)
                form.mark_invalid()
            else:
                if result.count:
                    noun = "value" if result.count == 1 else "values"
                    messages.success(request, f"Saved {result.count} {noun} for {period.label}.")
                else:
                    messages.info(request, f"Nothing to save for {period.label}: every cell was blank or unchanged.")
                return redirect(grid_url)
    else:
        form = ValueGridForm(grid=grid)

    _attach_fields(grid, form)
    context.update(
        {
            "picker": picker.normalised(plan=plan, today=today),
            "grid": grid,
            "numbered_by": numbered_by,
            "period": period,
            "board": board,
            "form": form,
            "grid_url": grid_url,
            "locked_message": locked_message(grid) if grid.lock else "",
            "error_summary": form.summary() if form is not None and form.is_bound else [],
        }
    )
    return render(request, "indicators/entry.html", context, status=status)
