"""My work (due, overdue, waiting) and the coordinator's breach counts."""

from __future__ import annotations

from django.shortcuts import render

from waypoint.access.declarations import requires, signed_in
from waypoint.access.roles import Perm
from waypoint.referrals import selectors
from waypoint.referrals.forms import BreachFilterForm
from waypoint.referrals.views.nrm import require_any


@signed_in
def my_work(request):
    """What the person (or their organisation) must do, what is late, and what they wait for."""
    actor = request.actor
    require_any(
        actor,
        Perm.NRM_VIEW,
        Perm.NRM_DECIDE,
        Perm.CASE_VIEW,
        Perm.SERVICE_REFERRAL_RESPOND,
    )
    scope = "organisation" if request.GET.get("scope") == "organisation" else "mine"
    work = selectors.my_work(actor=actor, scope=scope)
    return render(request, "referrals/my_work.html", {"work": work, "scope": scope})


@requires(Perm.NRM_BREACHES_VIEW)
def breaches(request):
    """Breached time limits, counted by stage, organisation and month: no record, no person."""
    form = BreachFilterForm(request.GET or None)
    year = form.cleaned_data.get("year") if form.is_bound and form.is_valid() else None
    summary = selectors.breach_summary(actor=request.actor, year=year)
    peak = max([row["count"] for row in summary.by_month] or [1])
    bars = [
        {
            "label": row["month"].strftime("%Y-%m") if row["month"] else "",
            "count": row["count"],
            "width": max(round(280 * int(row["count"]) / int(peak)), 1),
            "y": index * 22,
        }
        for index, row in enumerate(summary.by_month)
    ]
    return render(
        request,
        "referrals/breaches.html",
        {"summary": summary, "form": form, "bars": bars, "chart_height": max(22 * len(bars), 22)},
    )
