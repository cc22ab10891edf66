"""The case list (filter, sort, search, page; htmx updates the results in place) and transfers."""

from __future__ import annotations

from dataclasses import replace

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from waypoint.access.declarations import requires
from waypoint.access.roles import Perm
from waypoint.access.scopes.accounts import visible_organisations
from waypoint.cases import selectors, services
from waypoint.cases.choices import CaseStatus
from waypoint.cases.forms import CaseFilterForm, TransferAnswerForm
from waypoint.cases.selectors import CaseFilter
from waypoint.cases.views.common import is_htmx
from waypoint.common.errors import DomainError

PAGE_SIZE = 25
FILTER_NAMES = (
    "search",
    "status",
    "organisation",
    "exploitation_type",
    "nationality",
    "age_band",
    "assigned_to_me",
    "overdue_tasks",
    "identity_number",
    "first_name",
    "second_name",
    "birthdate",
)


def _organisations(actor):
    """Organisations owning a case the person sees (for the filter)."""
    owners = selectors.case_list(actor=actor, filters=CaseFilter()).values("owner_organisation")
    return visible_organisations(actor).filter(pk__in=owners).order_by("name")


@requires(Perm.CASE_VIEW)
def case_list(request):
    """Cases the person may see: filter, sort, search (exact search on identifying fields), page."""
    actor = request.actor
    form = CaseFilterForm(request.GET or None, organisations=_organisations(actor))
    filters = form.to_filter() if form.is_bound and form.is_valid() else CaseFilter()
    queryset = selectors.case_list(actor=actor, filters=filters)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    status_counts = {
        row["status"]: row["total"]
        for row in selectors.case_list(actor=actor, filters=replace(filters, status=""))
        .order_by()
        .values("status")
        .annotate(total=Count("pk"))
    }
    query = request.GET.copy()
    query.pop("page", None)
    is_filtered = any(request.GET.get(name) for name in FILTER_NAMES)
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "sort": filters.sort,
        "is_filtered": is_filtered,
        "status_counts": [
            (value, label, status_counts.get(value, 0)) for value, label in CaseStatus.choices
        ],
    }
    context["partial"] = is_htmx(request)
    template = "cases/_case_results.html" if context["partial"] else "cases/case_list.html"
    return render(request, template, context)


@requires(Perm.CASE_TRANSFER)
def transfers(request):
    """Transfers waiting for this organisation, and those it sent."""
    return render(
        request,
        "cases/transfers.html",
        {
            "incoming": selectors.incoming_transfers(actor=request.actor),
            "outgoing": selectors.outgoing_transfers(actor=request.actor)[:50],
            "form": TransferAnswerForm(),
        },
    )


@require_POST
@requires(Perm.CASE_TRANSFER)
def transfer_answer(request, public_id):
    """Accept or decline a transfer sent to this organisation (declining needs a reason)."""
    transfer = selectors.transfer_get(actor=request.actor, public_id=public_id)
    form = TransferAnswerForm(request.POST)
    form.is_valid()
    try:
        if request.POST.get("answer") == "accept":
            case = services.case_transfer_accept(actor=request.actor, transfer=transfer)
            messages.success(request, _("Transfer accepted. The case is now yours."))
            return redirect("cases:detail", public_id=case.public_id)
        services.case_transfer_decline(
            actor=request.actor, transfer=transfer, reason=form.cleaned_data.get("reason", "")
        )
        messages.success(request, _("Transfer declined. The sending organisation was told."))
    except DomainError as error:
        if error.status_code == 404:
            raise
        messages.error(request, " ".join([error.message, *sum(error.fields.values(), [])]))
    return redirect("cases:transfers")


@require_POST
@requires(Perm.CASE_TRANSFER)
def transfer_cancel(request, public_id):
    """Withdraw a transfer this organisation sent, while it waits for an answer."""
    transfer = selectors.transfer_get(actor=request.actor, public_id=public_id)
    try:
        services.case_transfer_cancel(actor=request.actor, transfer=transfer)
        messages.success(request, _("The transfer request was withdrawn."))
    except DomainError as error:
        if error.status_code == 404:
            raise
        messages.error(request, error.message)
    return redirect("cases:detail", public_id=transfer.case.public_id)
