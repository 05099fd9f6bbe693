"""The person's own notifications: newest first, unread marked, mark read."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from sciencecity.notifications.models import Notification
from sciencecity.notifications.services import notification_mark_read


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    mine = Notification.objects.filter(recipient_id=request.user.pk)
    page = Paginator(mine, 25).get_page(request.GET.get("page"))
    unread = mine.filter(read_at__isnull=True).count()
    return render(request, "notifications/list.html", {"page": page, "unread": unread})


@login_required
@require_POST
def notification_read(request: HttpRequest) -> HttpResponse:
    raw = request.POST.get("notification", "")
    notification_mark_read(user=request.user, notification_id=int(raw) if raw.isdigit() else None)  # type: ignore[arg-type]
    return redirect("notifications:list")
