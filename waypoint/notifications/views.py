from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from waypoint.access.declarations import signed_in
from waypoint.notifications import selectors, services


@signed_in
def notification_list(request):
    """Your notifications: reminders, referrals received, decisions due."""
    unread_only = request.GET.get("unread") == "1"
    queryset = selectors.notification_list(actor=request.actor, unread_only=unread_only)
    page = Paginator(queryset, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/list.html",
        {"page": page, "unread_only": unread_only, "query": "unread=1" if unread_only else ""},
    )


@require_POST
@signed_in
def notification_open(request, public_id):
    """Mark a notification read and follow its link."""
    notification = selectors.notification_get(actor=request.actor, public_id=public_id)
    services.notification_mark_read(actor=request.actor, notification=notification)
    if notification.link and url_has_allowed_host_and_scheme(
        notification.link, allowed_hosts={request.get_host()}
    ):
        return HttpResponseRedirect(notification.link)
    return redirect("notifications:list")


@require_POST
@signed_in
def notification_read_all(request):
    services.notifications_mark_all_read(actor=request.actor)
    return redirect("notifications:list")
