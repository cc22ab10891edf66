"""Pages for cases: the case list, the case page, transfers."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from waypoint.access.declarations import requires
from waypoint.access.roles import Perm
from waypoint.access.scopes.cases import Section
from waypoint.cases import selectors, services
from waypoint.cases.forms import CaseFilterForm, TransferAnswerForm
from waypoint.cases.selectors import CaseFilter
from waypoint.common.errors import DomainError, NotVisible


@requires(Perm.CASE_VIEW)
def case_list(request):
    """Cases the person may see: filter, sort, search (exact search on identifying fields), page."""
    form = CaseFilterForm(request.GET or None)
    filters = form.to_filter() if form.is_bound and form.is_valid() else CaseFilter()
    queryset = selectors.case_list(actor=request.actor, filters=filters)
    page = Paginator(queryset, 25).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request, "cases/case_list.html", {"form": form, "page": page, "query": query.urlencode()}
    )


@requires(Perm.CASE_VIEW)
def case_detail(request, public_id):
    """The case page: only the sections the person's role and organisation need."""
    case = selectors.case_get(actor=request.actor, public_id=public_id)
    view = selectors.case_view(actor=request.actor, case=case)
    history = selectors.case_history(actor=request.actor, case=case)[:50]
    return render(
        request,
        "cases/case_detail.html",
        {"view": view, "case": case, "Section": Section, "history": history},
    )


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
    transfer = selectors.incoming_transfers(actor=request.actor).filter(public_id=public_id).first()
    if transfer is None:
        raise NotVisible()
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
        messages.success(request, _("Transfer declined."))
    except DomainError as error:
        messages.error(request, " ".join([error.message, *sum(error.fields.values(), [])]))
    return redirect("cases:transfers")
