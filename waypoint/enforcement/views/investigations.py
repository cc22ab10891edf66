"""Pages of investigations: the criminal-case list and page, suspects, witnesses, groups."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from waypoint.access.declarations import requires
from waypoint.access.roles import Perm, Role
from waypoint.enforcement import forms, selectors, services
from waypoint.enforcement.choices import ClosureReason
from waypoint.enforcement.views.common import expected_version, form_page
from waypoint.people.choices import AgeBand


@requires(Perm.INVESTIGATION_VIEW)
def case_list(request):
    """Criminal cases the person may see: filter, sort, search (never support records), page."""
    actor = request.actor
    form = forms.CriminalCaseFilterForm(
        request.GET or None,
        agencies=selectors.investigating_agencies(actor=actor),
        statutes=selectors.statute_list(actor=actor, include_inactive=True),
    )
    filters = (
        form.to_filter() if form.is_bound and form.is_valid() else selectors.CriminalCaseFilter()
    )
    queryset = selectors.criminal_case_list(actor=actor, filters=filters)
    page = Paginator(queryset, 25).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "enforcement/list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "can_open": actor.can(Perm.INVESTIGATION_MANAGE) and actor.has_role(Role.INVESTIGATOR),
        },
    )


@requires(Perm.INVESTIGATION_VIEW)
def detail(request, public_id):
    """The criminal case page: investigation, suspects, witnesses, prosecutions and timeline."""
    actor = request.actor
    investigation = selectors.investigation_get(actor=actor, public_id=public_id)
    view = selectors.criminal_case_view(actor=actor, investigation=investigation)
    return render(
        request,
        "enforcement/detail.html",
        {
            "investigation": investigation,
            "view": view,
            "timeline": selectors.timeline(actor=actor, investigation=investigation),
            "age_bands": dict(AgeBand.choices),
        },
    )


def _investigation_form(request, data=None, initial=None):
    return forms.InvestigationForm(
        data,
        initial=initial,
        statutes=selectors.statute_list(actor=request.actor),
        investigators=selectors.colleagues_with_role(actor=request.actor, role=Role.INVESTIGATOR),
    )


@requires(Perm.INVESTIGATION_MANAGE)
def investigation_create(request):
    form = _investigation_form(
        request, request.POST or None, initial={"opened_on": timezone.localdate()}
    )

    def save(data):
        investigation = services.investigation_open(
            actor=request.actor,
            opened_on=data["opened_on"],
            exploitation_forms=data["exploitation_forms"],
            offences=list(data["offences"]),
            summary=data["summary"],
            external_reference=data["external_reference"],
            lead_investigator=data["lead_investigator"],
        )
        return reverse("enforcement:detail", args=[investigation.public_id])

    return form_page(
        request,
        form,
        title=_("Open an investigation"),
        intro=_("The investigation belongs to your agency; prosecutors see it once handed over."),
        back=reverse("enforcement:list"),
        save=save,
        success=_("Investigation opened."),
        submit=_("Open investigation"),
    )


@requires(Perm.INVESTIGATION_MANAGE)
def investigation_edit(request, public_id):
    investigation = selectors.investigation_get(actor=request.actor, public_id=public_id)
    initial = {
        "opened_on": investigation.opened_on,
        "external_reference": investigation.external_reference,
        "exploitation_forms": list(investigation.exploitation_forms.values_list("code", flat=True)),
        "offences": list(investigation.offences.all()),
        "lead_investigator": investigation.lead_investigator,
        "summary": investigation.summary or "",
    }
    form = _investigation_form(request, request.POST or None, initial=initial)

    def save(data):
        services.investigation_update(
            actor=request.actor,
            investigation=investigation,
            changes={
                "opened_on": data["opened_on"],
                "external_reference": data["external_reference"],
                "exploitation_forms": data["exploitation_forms"],
                "offences": list(data["offences"]),
                "lead_investigator": data["lead_investigator"],
                "summary": data["summary"],
            },
            expected_version=expected_version(request),
        )
        return reverse("enforcement:detail", args=[investigation.public_id])

    return form_page(
        request,
        form,
        title=_("Edit investigation %(reference)s") % {"reference": investigation.reference},
        back=reverse("enforcement:detail", args=[investigation.public_id]),
        save=save,
        success=_("Investigation saved."),
        submit=_("Save"),
        version=investigation.version,
    )


@requires(Perm.INVESTIGATION_MANAGE)
def investigation_close(request, public_id):
    investigation = selectors.investigation_get(actor=request.actor, public_id=public_id)
    form = forms.CloseForm(
        request.POST or None,
        initial={"closed_on": timezone.localdate(), "closure_reason": ClosureReason.PROSECUTION},
    )

    def save(data):
        services.investigation_close(
            actor=request.actor,
            investigation=investigation,
            closure_reason=data["closure_reason"],
            closed_on=data["closed_on"],
            expected_version=expected_version(request),
        )
        return reverse("enforcement:detail", args=[investigation.public_id])

    return form_page(
        request,
        form,
        title=_("Close investigation %(reference)s") % {"reference": investigation.reference},
        intro=_("Prosecutions already brought continue."),
        back=reverse("enforcement:detail", args=[investigation.public_id]),
        save=save,
        success=_("Investigation closed."),
        submit=_("Close investigation"),
        version=investigation.version,
    )


@require_POST
@requires(Perm.INVESTIGATION_MANAGE)
def investigation_reopen(request, public_id):
    investigation = selectors.investigation_get(actor=request.actor, public_id=public_id)
    services.investigation_reopen(
        actor=request.actor,
        investigation=investigation,
        expected_version=expected_version(request),
    )
    messages.success(request, _("Investigation reopened."))
    return redirect("enforcement:detail", public_id=investigation.public_id)


@requires(Perm.INVESTIGATION_MANAGE)
def handover(request, public_id):
    investigation = selectors.investigation_get(actor=request.actor, public_id=public_id)
    form = forms.HandoverForm(
        request.POST or None,
        initial={"handed_on": timezone.localdate()},
        services=selectors.prosecution_services(actor=request.actor),
    )

    def save(data):
        services.investigation_hand_over(
            actor=request.actor,
            investigation=investigation,
            organisation=data["organisation"],
            handed_on=data["handed_on"],
        )
        return reverse("enforcement:detail", args=[investigation.public_id])

    return form_page(
        request,
        form,
        title=_("Hand the file to a prosecution service"),
        intro=_(
            "Its prosecutors will see this investigation (suspects, witness codes and the facts "
            "shared with them) and may bring a prosecution."
        ),
        back=reverse("enforcement:detail", args=[investigation.public_id]),
        save=save,
        success=_("The file was handed over."),
        submit=_("Hand over"),
    )


@requires(Perm.INVESTIGATION_MANAGE)
def suspect_create(request, public_id):
    investigation = selectors.investigation_get(actor=request.actor, public_id=public_id)
    form = forms.SuspectForm(request.POST or None, initial={"identified_on": timezone.localdate()})

    def save(data):
        services.suspect_add(
            actor=request.actor,
            investigation=investigation,
            person_values=form.person_values(),
            roles=data["roles"],
            values=form.context_values(),
        )
        return reverse("enforcement:detail", args=[investigation.public_id]) + "#suspects"

    return form_page(
        request,
        form,
        title=_("Record a suspect"),
        intro=_("Names, dates of birth and identity numbers are encrypted at rest."),
        back=reverse("enforcement:detail", args=[investigation.public_id]),
        save=save,
        success=_("Suspect recorded."),
        submit=_("Record suspect"),
    )


@requires(Perm.INVESTIGATION_MANAGE)
def suspect_edit(request, public_id):
    suspect = selectors.suspect_get(actor=request.actor, public_id=public_id)
    person = suspect.person
    initial = {
        "first_name": person.first_name,
        "second_name": person.second_name,
        "birthdate": person.birthdate,
        "identity_number": person.identity_number,
        "gender": person.gender,
        "age_band": person.age_band,
        "citizenship": person.citizenships.values_list("country", flat=True).first() or "",
        "roles": list(suspect.roles.values_list("code", flat=True)),
        "role_details": suspect.role_details,
        "identified_on": suspect.identified_on,
        "arrested_on": suspect.arrested_on,
        "is_public_official": suspect.is_public_official,
        "official_agency_type": suspect.official_agency_type,
    }
    form = forms.SuspectForm(request.POST or None, initial=initial)

    def save(data):
        person_changes = form.person_values()
        if person.is_deidentified:
            person_changes = {
                name: person_changes[name] for name in ("gender", "age_band", "citizenship")
            }
        services.suspect_update(
            actor=request.actor,
            suspect=suspect,
            values=form.context_values(),
            person_changes=person_changes,
            roles=data["roles"],
            expected_version=expected_version(request),
        )
        return reverse("enforcement:detail", args=[suspect.investigation.public_id]) + "#suspects"

    return form_page(
        request,
        form,
        title=_("Edit suspect"),
        back=reverse("enforcement:detail", args=[suspect.investigation.public_id]),
        save=save,
        success=_("Suspect saved."),
        submit=_("Save"),
        version=suspect.version,
    )


@requires(Perm.INVESTIGATION_VIEW)
def witness_edit(request, public_id):
    """Law enforcement records the witness's part in the proceedings (never who they are)."""
    participation, witness = selectors.witness_get(actor=request.actor, public_id=public_id)
    form = forms.ProceedingsForm(
        request.POST or None,
        initial={
            "is_cooperating": witness.is_cooperating,
            "has_testified": witness.has_testified,
            "was_penalised": witness.was_penalised,
            "protective_measures": witness.protective_measures,
        },
    )

    def save(data):
        services.witness_proceedings_update(
            actor=request.actor,
            participation=participation,
            values={
                "is_cooperating": data["is_cooperating"],
                "has_testified": data["has_testified"],
                "was_penalised": data["was_penalised"],
            },
            protective_measures=data["protective_measures"],
            expected_version=expected_version(request),
        )
        return (
            reverse("enforcement:detail", args=[participation.investigation.public_id])
            + "#witnesses"
        )

    return form_page(
        request,
        form,
        title=_("Witness %(code)s in the proceedings") % {"code": witness.witness_code},
        back=reverse("enforcement:detail", args=[participation.investigation.public_id]),
        save=save,
        success=_("Saved."),
        submit=_("Save"),
        version=witness.version,
    )


@requires(Perm.INVESTIGATION_VIEW)
def group_list(request):
    form = forms.GroupFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    groups = selectors.group_list(
        actor=request.actor, search=data.get("search") or "", sort=data.get("sort") or "-created"
    )
    page = Paginator(groups, 25).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "enforcement/groups.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "can_create": request.actor.can(Perm.INVESTIGATION_MANAGE)
            and request.actor.has_role(Role.INVESTIGATOR),
        },
    )


@requires(Perm.INVESTIGATION_MANAGE)
def group_create(request):
    form = forms.GroupForm(request.POST or None)

    def save(data):
        group = services.criminal_group_create(
            actor=request.actor, name=data["name"], description=data["description"]
        )
        return reverse("enforcement:group", args=[group.public_id])

    return form_page(
        request,
        form,
        title=_("Record an organised-crime group"),
        back=reverse("enforcement:groups"),
        save=save,
        success=_("Group recorded."),
        submit=_("Record group"),
    )


@requires(Perm.INVESTIGATION_VIEW)
def group_detail(request, public_id):
    actor = request.actor
    group = selectors.group_get(actor=actor, public_id=public_id)
    can_manage = selectors.can_manage_group(actor, group)
    members = selectors.group_members(actor=actor, group=group)
    form = None
    if can_manage:
        candidates = selectors.manageable_suspects(actor=actor).exclude(
            pk__in=[member.pk for member in members]
        )
        form = forms.GroupMemberForm(request.POST or None, suspects=candidates)
        if request.method == "POST" and request.POST.get("action") == "add" and form.is_valid():
            services.criminal_group_add_member(
                actor=actor, group=group, suspect=form.cleaned_data["suspect"]
            )
            messages.success(request, _("Member added."))
            return redirect("enforcement:group", public_id=group.public_id)
        if request.method == "POST" and request.POST.get("action") == "remove":
            suspect = selectors.suspect_in_group(
                actor=actor, group=group, public_id=request.POST.get("suspect", "")
            )
            services.criminal_group_remove_member(actor=actor, group=group, suspect=suspect)
            messages.success(request, _("Member removed."))
            return redirect("enforcement:group", public_id=group.public_id)
    return render(
        request,
        "enforcement/group_detail.html",
        {"group": group, "members": members, "form": form, "can_manage": can_manage},
    )
