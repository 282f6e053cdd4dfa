"""Sign-off: a board administrator locks a reviewed period, or reopens it with a reason."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from core.forms import error_summary
from core.permissions import Permission, require_permission

from ..actions import lock_period, unlock_period
from ..forms import LockForm, UnlockForm
from ..models import PeriodLock, SignOffEvent


@require_http_methods(["GET", "HEAD", "POST"])
@require_permission(Permission.SIGN_OFF)
def sign_off(request):
    lock_form = LockForm(prefix="lock")
    unlock_form = UnlockForm(prefix="unlock")
    if request.method == "POST":
        if request.POST.get("action") == "lock":
            lock_form = LockForm(request.POST, prefix="lock")
            if lock_form.is_valid():
                period = lock_form.cleaned_data["period"]
                try:
                    lock_period(period=period, user=request.user)
                except ValidationError as error:
                    lock_form.add_error("period", error)
                else:
                    messages.success(
                        request,
                        f"{period.label} is signed off: its values, comparators and the targets covering it "
                        "are now read only.",
                    )
                    return redirect("indicators:sign_off")
        else:
            unlock_form = UnlockForm(request.POST, prefix="unlock")
            if unlock_form.is_valid():
                period = unlock_form.cleaned_data["period"]
                try:
                    unlock_period(period=period, user=request.user, reason=unlock_form.cleaned_data["reason"])
                except ValidationError as error:
                    unlock_form.add_error("period", error)
                else:
                    messages.success(request, f"{period.label} is reopened; the reason is on record.")
                    return redirect("indicators:sign_off")
    context = {
        "locks": PeriodLock.objects.select_related("locked_by"),
        "events": SignOffEvent.objects.select_related("user")[:50],
        "lock_form": lock_form,
        "unlock_form": unlock_form,
        "error_summary": error_summary(lock_form) + error_summary(unlock_form),
    }
    return render(request, "indicators/sign_off.html", context)
