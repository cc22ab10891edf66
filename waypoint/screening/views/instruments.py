"""Pages for instrument managers: versions, import, a version's grades and questions, drafting,
editing and publishing."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from waypoint.access.declarations import requires
from waypoint.access.roles import Perm
from waypoint.common.errors import DomainError
from waypoint.common.forms import apply_domain_errors
from waypoint.screening import selectors, services
from waypoint.screening.forms import GradeForm, ImportForm, InstrumentFilterForm, QuestionsForm


@requires(Perm.INSTRUMENT_MANAGE)
def instrument_list(request):
    form = InstrumentFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    queryset = selectors.instrument_version_list(
        actor=request.actor,
        framework=data.get("framework", ""),
        status=data.get("status", ""),
        sort=data.get("sort") or "framework",
    ).prefetch_related("profiles")
    page = Paginator(queryset, 25).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "screening/instruments.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


@requires(Perm.INSTRUMENT_MANAGE)
def instrument_import(request):
    """Import an instrument (indicators CSV + rules JSON, optional questions CSV) as a draft."""
    form = ImportForm(request.POST or None, request.FILES or None)
    problems = {}
    if request.method == "POST" and form.is_valid():
        texts = form.texts()
        if form.is_valid():
            try:
                version = services.instrument_import(
                    actor=request.actor,
                    change_summary=form.cleaned_data["change_summary"],
                    attribution=form.cleaned_data["attribution"],
                    **texts,
                )
            except DomainError as error:
                problems = error.fields
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Imported as a draft. Check it, then publish it."))
                return redirect("screening:instrument", public_id=version.public_id)
    return render(
        request,
        "screening/instrument_import.html",
        {"form": form, "problems": problems},
        status=400 if request.method == "POST" else 200,
    )


@requires(Perm.INSTRUMENT_MANAGE)
def instrument_detail(request, public_id):
    """A version: its profiles, and per profile the graded indicators with their questions."""
    version = selectors.manageable_version_get(actor=request.actor, public_id=public_id)
    view = selectors.version_view(version=version, profile_code=request.GET.get("profile", ""))
    problems = services.publication_problems(version) if version.is_draft else {}
    return render(
        request,
        "screening/instrument_detail.html",
        {"version": version, "view": view, "problems": problems},
    )


@require_POST
@requires(Perm.INSTRUMENT_MANAGE)
def instrument_draft(request, public_id):
    version = selectors.manageable_version_get(actor=request.actor, public_id=public_id)
    try:
        draft = services.instrument_draft_create(
            actor=request.actor,
            version=version,
            change_summary=request.POST.get("change_summary", "")[:2000],
        )
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("screening:instrument", public_id=version.public_id)
    messages.success(request, _("A new draft was created. Edit it, then publish it."))
    return redirect("screening:instrument", public_id=draft.public_id)


@require_POST
@requires(Perm.INSTRUMENT_MANAGE)
def instrument_publish(request, public_id):
    version = selectors.manageable_version_get(actor=request.actor, public_id=public_id)
    try:
        expected = int(request.POST.get("version", ""))
    except ValueError:
        expected = None
    try:
        services.instrument_publish(actor=request.actor, version=version, expected_version=expected)
    except DomainError as error:
        messages.error(request, " ".join([error.message, *sum(error.fields.values(), [])]))
    else:
        messages.success(request, _("Published. New screenings use this version from now on."))
    return redirect("screening:instrument", public_id=version.public_id)


@require_POST
@requires(Perm.INSTRUMENT_MANAGE)
def instrument_discard(request, public_id):
    version = selectors.manageable_version_get(actor=request.actor, public_id=public_id)
    try:
        services.instrument_draft_discard(actor=request.actor, version=version)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("screening:instrument", public_id=version.public_id)
    messages.success(request, _("The draft was discarded."))
    return redirect("screening:instruments")


@requires(Perm.INSTRUMENT_MANAGE)
def grade_edit(request, public_id):
    grade = selectors.manageable_grade_get(actor=request.actor, public_id=public_id)
    form = GradeForm(
        request.POST or None,
        initial={"grade": grade.grade, "status": grade.status, "version": grade.version},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.grade_update(
                actor=request.actor,
                grade=grade,
                values={"grade": form.cleaned_data["grade"], "status": form.cleaned_data["status"]},
                expected_version=form.cleaned_data["version"],
            )
        except DomainError as error:
            apply_domain_errors(form, error.fields, error.message)
        else:
            messages.success(request, _("Grade saved."))
            return redirect(
                f"{_instrument_url(grade.instrument_version)}?profile={grade.profile.code}"
            )
    return render(request, "screening/grade_form.html", {"grade": grade, "form": form})


def _instrument_url(version):
    from django.urls import reverse

    return reverse("screening:instrument", args=[version.public_id])


@requires(Perm.INSTRUMENT_MANAGE)
def questions_edit(request, public_id):
    """Every question of one indicator of a draft, in each language; add one at the end."""
    indicator = selectors.manageable_indicator_get(actor=request.actor, public_id=public_id)
    questions = list(indicator.questions.order_by("order"))
    form = QuestionsForm(request.POST or None, questions=questions)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                _save_questions(request.actor, indicator, questions, form)
        except DomainError as error:
            for name, reasons in error.fields.items():
                for reason in reasons:
                    form.add_error(None, f"{name}: {reason}")
            if not error.fields:
                form.add_error(None, error.message)
        else:
            messages.success(request, _("Questions saved."))
            return redirect(_instrument_url(indicator.instrument_version))
    existing, new = form.groups()
    return render(
        request,
        "screening/questions_form.html",
        {"indicator": indicator, "form": form, "existing": existing, "new": new},
    )


def _save_questions(actor, indicator, questions, form):
    for question in questions:
        prefix = f"q{question.pk}"
        if form.cleaned_data.get(f"{prefix}-delete"):
            services.question_delete(actor=actor, question=question)
            continue
        texts = form.texts_for(prefix)
        current = {lang: (question.texts or {}).get(lang, "") for lang in form.languages}
        if texts != current:
            services.question_update(
                actor=actor,
                question=question,
                texts=texts,
                expected_version=form.cleaned_data.get(f"{prefix}-version"),
            )
    new = form.texts_for("new")
    if any(new.values()):
        services.question_create(actor=actor, indicator=indicator, texts=new)
