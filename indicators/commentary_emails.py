"""Emails asking a lead board's members for commentary: each member once per request, logged.

Like plans/reminders.py, the log row (CommentaryRequestEmail) is written in the same transaction as the
email is sent, and its unique constraint stops a second run, or a run at the same moment, asking twice.
A request already answered by commentary is not emailed; members without an email address, or who may not
write the commentary (core.permissions), are skipped.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string

from core.dates import today as site_today
from core.permissions import Permission, has_permission

from .models import CommentaryRequest, CommentaryRequestEmail


def send_commentary_requests(*, today=None, origin=""):
    """Email every member not yet asked about each open request; returns the CommentaryRequestEmails written."""
    today = today or site_today()
    sent = []
    requests = (
        CommentaryRequest.objects.open()
        .select_related("indicator", "board")
        .prefetch_related("board__members", "emails")
        .order_by("due_on", "indicator__sort_key")
    )
    for request in requests:
        asked = {email.user_id for email in request.emails.all()}
        for member in request.board.members.all():
            if member.pk in asked or not member.email or not member.is_active:
                continue
            if not has_permission(member, Permission.WRITE_COMMENTARY, request.indicator):
                continue  # on the board, but not given a role that writes commentary
            context = {"request": request, "member": member, "today": today, "origin": origin}
            try:
                with transaction.atomic():
                    log = CommentaryRequestEmail.objects.create(request=request, user=member, email=member.email)
                    send_mail(
                        subject=render_to_string("indicators/email/commentary_request_subject.txt", context).strip(),
                        message=render_to_string("indicators/email/commentary_request.txt", context),
                        from_email=settings.DEFAULT_FROM_EMAIL,
                        recipient_list=[member.email],
                    )
            except IntegrityError:
                continue  # asked by another run at the same moment
            sent.append(log)
    return sent
