"""Pages for persons: the list (exact search on identifying fields), the person page, recording and
editing a person, consent (record, history, withdraw), marking two records as the same individual."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from waypoint.access.declarations import requires
from waypoint.access.roles import Perm
from waypoint.access.scopes.accounts import visible_organisations
from waypoint.cases import selectors as case_selectors
from waypoint.cases.views.common import display_value, keep_input_after_conflict, show_errors
from waypoint.common.errors import ConcurrencyConflict, ValidationFailed
from waypoint.people import selectors, services
from waypoint.people.forms import (
    ConsentForm,
    ConsentWithdrawForm,
    PersonForm,
    PersonSearchForm,
    SameIndividualForm,
)
from waypoint.people.models import Person
from waypoint.people.selectors import PersonFilter


def _filters(form: PersonSearchForm) -> PersonFilter:
    if not (form.is_bound and form.is_valid()):
        return PersonFilter()
    data = form.cleaned_data
    return PersonFilter(
        identity_number=data.get("identity_number") or "",
        first_name=data.get("first_name") or "",
        second_name=data.get("second_name") or "",
        birthdate=data.get("birthdate"),
        gender=data.get("gender") or "",
        age_band=data.get("age_band") or "",
        nationality=data.get("nationality") or "",
    )


@requires(Perm.PERSON_VIEW)
def person_list(request):
    """Persons the organisation recorded or sees through its cases; names only where allowed."""
    form = PersonSearchForm(request.GET or None)
    queryset = selectors.person_list(actor=request.actor, filters=_filters(form))
    page = Paginator(queryset, 25).get_page(request.GET.get("page"))
    selectors.record_list_read(actor=request.actor, persons=list(page))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "people/person_list.html",
        {"form": form, "page": page, "query": query.urlencode(), "is_filtered": bool(request.GET)},
    )


def _after_create(request, person: Person):
    case_id = request.GET.get("case")
    if case_id:
        case = case_selectors.case_get(actor=request.actor, public_id=case_id)
        return redirect(
            reverse("cases:person_add", args=[case.public_id]) + f"?person={person.public_id}"
        )
    if request.GET.get("then") == "case" and request.actor.can(Perm.CASE_CREATE):
        return redirect(reverse("cases:open") + f"?person={person.public_id}")
    return redirect("people:detail", public_id=person.public_id)


@requires(Perm.PERSON_CREATE)
def person_create(request):
    form = PersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.person_create(actor=request.actor, values=form.values())
        except ValidationFailed as error:
            show_errors(form, error)
        else:
            messages.success(request, _("The person was recorded."))
            return _after_create(request, person)
    return render(
        request,
        "people/person_form.html",
        {"form": form, "title": _("Record a person"), "submit": _("Save the person")},
    )


@requires(Perm.PERSON_VIEW)
def person_detail(request, public_id):
    actor = request.actor
    person, identifying = selectors.person_detail(actor=actor, public_id=public_id)
    same_as = None
    if person.same_individual_as_id:
        same_as = selectors.person_list(actor=actor).filter(pk=person.same_individual_as_id).first()
    return render(
        request,
        "people/person_detail.html",
        {
            "person": person,
            "identifying": identifying,
            "links": selectors.person_cases(actor=actor, person=person),
            "consents": case_selectors.consent_list(actor=actor, person=person),
            "same_as": same_as,
            "groups": _display_groups(person, identifying=identifying),
        },
    )


def _display_groups(person: Person, *, identifying: bool):
    """The person's details grouped as on the form, each value as a person reads it."""
    form = PersonForm(identifying=identifying)
    initial = PersonForm.initial_for(person)
    return [
        (
            title,
            [
                (field.label, display_value(field.field, initial.get(field.name)))
                for field in fields
            ],
        )
        for title, fields in form.groups()
    ]


@requires(Perm.PERSON_EDIT)
def person_edit(request, public_id):
    actor = request.actor
    person, identifying = selectors.person_detail(actor=actor, public_id=public_id)
    initial = PersonForm.initial_for(person)
    form = PersonForm(request.POST or None, initial=initial, identifying=identifying)
    differences = []
    if request.method == "POST" and form.is_valid():
        changes = form.values(only_changed=True)
        try:
            services.person_update(
                actor=actor,
                person=person,
                changes=changes,
                expected_version=form.expected_version(),
            )
        except ConcurrencyConflict:
            current = selectors.person_for_change(actor=actor, public_id=public_id)
            differences = keep_input_after_conflict(
                form, current_version=current.version, current=PersonForm.initial_for(current)
            )
        except ValidationFailed as error:
            show_errors(form, error)
        else:
            messages.success(request, _("The person's details were saved."))
            return redirect("people:detail", public_id=person.public_id)
    return render(
        request,
        "people/person_form.html",
        {
            "form": form,
            "person": person,
            "differences": differences,
            "title": _("Edit the person's details"),
            "submit": _("Save"),
        },
    )


@requires(Perm.CONSENT_RECORD)
def consent_record(request, public_id):
    """Record a consent or a refusal, with who gave it and whether an interpreter was there."""
    actor = request.actor
    person, identifying = selectors.person_detail(actor=actor, public_id=public_id)
    case = None
    case_id = request.GET.get("case")
    if case_id:
        case = case_selectors.case_get(actor=actor, public_id=case_id)
    organisations = visible_organisations(actor).filter(is_active=True).order_by("name")
    form = ConsentForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.consent_record(
                actor=actor,
                person=person,
                case=case,
                purpose=data["purpose"],
                is_given=data["is_given"],
                shared_with=data["shared_with"],
                given_by=data["given_by"],
                language=data["language"],
                is_interpreter_present=data["is_interpreter_present"],
                interpreter_name=data["interpreter_name"],
                notes=data["notes"],
            )
        except ValidationFailed as error:
            show_errors(form, error)
        else:
            messages.success(request, _("The consent was recorded."))
            if case is not None:
                return redirect(reverse("cases:detail", args=[case.public_id]) + "#consent")
            return redirect("people:detail", public_id=person.public_id)
    return render(
        request,
        "people/consent_form.html",
        {"form": form, "person": person, "identifying": identifying, "case": case},
    )


@require_POST
@requires(Perm.CONSENT_RECORD)
def consent_withdraw(request, public_id):
    """Withdraw a consent at once: sharing that rested on it stops immediately."""
    record = case_selectors.consent_get(actor=request.actor, public_id=public_id)
    form = ConsentWithdrawForm(request.POST)
    form.is_valid()
    try:
        services.consent_withdraw(
            actor=request.actor, record=record, reason=form.cleaned_data.get("reason", "")
        )
    except ValidationFailed as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("The consent was withdrawn. Sharing that rested on it has stopped.")
        )
    if record.case is not None and request.POST.get("back") == "case":
        return redirect(reverse("cases:detail", args=[record.case.public_id]) + "#consent")
    return redirect("people:detail", public_id=record.person.public_id)


@requires(Perm.PERSON_EDIT)
def same_individual(request, public_id):
    """Record that another person record is the same individual (they then count once)."""
    actor = request.actor
    person, identifying = selectors.person_detail(actor=actor, public_id=public_id)
    search = PersonSearchForm(request.GET or None)
    matches = []
    if search.is_bound and search.is_valid() and search.has_exact_terms():
        matches = [
            match
            for match in selectors.person_list(actor=actor, filters=_filters(search))[:20]
            if match.pk != person.pk
        ]
        selectors.record_list_read(actor=actor, persons=matches)
    if request.method == "POST":
        form = SameIndividualForm(request.POST)
        if form.is_valid():
            other = selectors.person_for_change(actor=actor, public_id=form.cleaned_data["same_as"])
            try:
                services.person_mark_same_individual(actor=actor, person=person, same_as=other)
            except ValidationFailed as error:
                messages.error(request, error.message)
            else:
                messages.success(
                    request, _("The two records now count as one individual in statistics.")
                )
                return redirect("people:detail", public_id=person.public_id)
    return render(
        request,
        "people/same_individual.html",
        {"person": person, "identifying": identifying, "search": search, "matches": matches},
    )
