"""Pages outside the criminal case itself: statutes (system administrators) and, for case
workers, linking a victim of a support case to a criminal case as a pseudonymous witness."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from waypoint.access.declarations import requires, signed_in
from waypoint.access.roles import Perm
from waypoint.common.errors import NotVisible, ValidationFailed
from waypoint.common.forms import apply_domain_errors
from waypoint.enforcement import forms, selectors, services
from waypoint.enforcement.views.common import expected_version, form_page


@signed_in
def statute_list(request):
    """Each country's trafficking offences (public law, readable by everyone signed in)."""
    actor = request.actor
    form = forms.StatuteFilterForm(
        request.GET or None,
        countries_in_use=selectors.statute_countries(actor=actor),
    )
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    statutes = selectors.statute_list(
        actor=actor,
        country=data.get("country") or "",
        include_inactive=actor.can(Perm.STATUTE_MANAGE),
        sort=data.get("sort") or "code",
    )
    page = Paginator(statutes, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "enforcement/statutes.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "can_manage": actor.can(Perm.STATUTE_MANAGE),
        },
    )


@requires(Perm.STATUTE_MANAGE)
def statute_create(request):
    form = forms.StatuteForm(request.POST or None)

    def save(data):
        services.statute_create(actor=request.actor, values=data)
        return reverse("enforcement:statutes") + f"?country={data['country']}"

    return form_page(
        request,
        form,
        title=_("Add a statute"),
        back=reverse("enforcement:statutes"),
        save=save,
        success=_("Statute added."),
        submit=_("Add statute"),
    )


@requires(Perm.STATUTE_MANAGE)
def statute_edit(request, public_id):
    statute = selectors.statute_get(actor=request.actor, public_id=public_id)
    form = forms.StatuteForm(
        request.POST or None,
        initial={
            name: getattr(statute, name)
            for name in (
                "country",
                "instrument",
                "code",
                "short_title",
                "is_trafficking_offence",
                "is_title_verified",
                "is_active",
            )
        },
    )

    def save(data):
        services.statute_update(
            actor=request.actor,
            statute=statute,
            changes=data,
            expected_version=expected_version(request),
        )
        return reverse("enforcement:statutes") + f"?country={statute.country}"

    return form_page(
        request,
        form,
        title=_("Edit %(statute)s") % {"statute": statute},
        back=reverse("enforcement:statutes"),
        save=save,
        success=_("Statute saved."),
        submit=_("Save"),
        version=statute.version,
    )


@requires(Perm.CASE_VIEW)
def witness_links(request):
    """The case worker's side: which victims of their cases take part in criminal cases."""
    form = forms.WitnessLinkFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    links = selectors.witness_links(
        actor=request.actor, state=data.get("state") or "", sort=data.get("sort") or "-created"
    )
    page = Paginator(links, 25).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "enforcement/witness_links.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "can_link": request.actor.can(Perm.CASE_EDIT),
        },
    )


@requires(Perm.CASE_EDIT)
def witness_link_create(request):
    """Link a victim to a criminal case: from a case the person works on (``?case=<id>``)."""
    actor = request.actor
    case, victims = selectors.case_victims(
        actor=actor,
        case_public_id=request.GET.get("case") or request.POST.get("case", ""),
        case_reference=request.GET.get("case_reference", "")[:20],
    )
    consents = selectors.sharing_consents(actor=actor, persons=[link.person for link in victims])
    form = forms.WitnessLinkForm(request.POST or None, victims=victims, consents=consents)

    def save(data):
        case_person = next(
            (link for link in victims if str(link.public_id) == data["case_person"]), None
        )
        consent = next((c for c in consents if str(c.public_id) == data["consent"]), None)
        if case_person is None:
            raise NotVisible()
        participation = services.witness_link_create(
            actor=actor,
            case_person=case_person,
            investigation_reference=data["investigation_reference"],
            consent=consent,
            shared_facts=data["shared_facts"],
        )
        return reverse("enforcement:witness_link", args=[participation.public_id])

    return form_page(
        request,
        form,
        title=_("Link a victim of case %(reference)s to a criminal case")
        % {"reference": case.reference},
        intro=_(
            "Law enforcement will see only a witness code and the facts you tick, while the "
            "victim's consent lasts. They never see this case, its notes or its support plan."
        ),
        back=reverse("cases:detail", args=[case.public_id]),
        save=save,
        success=_("The victim is linked as a witness."),
        submit=_("Link as witness"),
        context={"hidden": {"case": str(case.public_id)}},
    )


@requires(Perm.CASE_VIEW)
def witness_link_detail(request, public_id):
    """One link, from the support side: what is shared, with whom, and the part in proceedings."""
    actor = request.actor
    participation = selectors.witness_link_get(actor=actor, public_id=public_id)
    can_manage = selectors.can_manage_link(actor, participation)
    facts_form = forms.WitnessFactsForm(
        initial={
            "shared_facts": [
                code
                for code, value in (
                    ("gender", participation.shared_gender),
                    ("age_band", participation.shared_age_band),
                    ("nationality", participation.shared_nationality),
                    ("exploitation_type", participation.shared_exploitation_types),
                )
                if value
            ]
        }
    )
    consents = selectors.sharing_consents(actor=actor, persons=[participation.case_person.person])
    share_form = forms.WitnessShareForm(consents=consents)
    if request.method == "POST" and can_manage:
        action = request.POST.get("action")
        if action == "facts":
            facts_form = forms.WitnessFactsForm(request.POST)
            if facts_form.is_valid():
                services.witness_facts_update(
                    actor=actor,
                    participation=participation,
                    shared_facts=facts_form.cleaned_data["shared_facts"],
                    expected_version=expected_version(request),
                )
                messages.success(request, _("Shared facts saved."))
                return redirect("enforcement:witness_link", public_id=participation.public_id)
        elif action == "share":
            share_form = forms.WitnessShareForm(request.POST, consents=consents)
            if share_form.is_valid():
                consent = next(
                    (c for c in consents if str(c.public_id) == share_form.cleaned_data["consent"]),
                    None,
                )
                try:
                    services.witness_share_add(
                        actor=actor, participation=participation, consent=consent
                    )
                except ValidationFailed as error:
                    apply_domain_errors(share_form, error.fields, error.message)
                else:
                    messages.success(request, _("The facts are shared with the service."))
                    return redirect("enforcement:witness_link", public_id=participation.public_id)
    return render(
        request,
        "enforcement/witness_link.html",
        {
            "link": participation,
            "can_manage": can_manage,
            "facts_form": facts_form,
            "share_form": share_form,
        },
    )


@require_POST
@requires(Perm.CASE_EDIT)
def witness_link_end(request, public_id):
    participation = selectors.witness_link_get(actor=request.actor, public_id=public_id)
    services.witness_link_end(actor=request.actor, participation=participation)
    messages.success(request, _("The link ended: law enforcement no longer sees this witness."))
    return redirect("enforcement:witness_links")
