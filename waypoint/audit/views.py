from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import render

from waypoint.access.declarations import requires
from waypoint.access.roles import Perm
from waypoint.audit.forms import AuditFilterForm
from waypoint.audit.selectors import AuditFilter, audit_actions, audit_event_list


@requires(Perm.AUDIT_VIEW)
def event_list(request):
    """The auditor's search page over the audit log."""
    form = AuditFilterForm(request.GET or None)
    filters = form.to_filter() if form.is_bound and form.is_valid() else AuditFilter()
    queryset = audit_event_list(actor=request.actor, filters=filters)
    page = Paginator(queryset, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/event_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "actions": audit_actions(actor=request.actor),
        },
    )
