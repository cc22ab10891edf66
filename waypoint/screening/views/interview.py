"""Pages of the screening interview: the list, the first step, one step per dimension, the review,
the result with its explanation, and the printable summary."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from waypoint.access.declarations import requires, signed_in
from waypoint.access.roles import Perm
from waypoint.common.errors import ConcurrencyConflict, DomainError, NotVisible
from waypoint.common.forms import apply_domain_errors
from waypoint.screening import selectors, services
from waypoint.screening.choices import AnswerChoice
from waypoint.screening.forms import DimensionStepForm, ScreeningContextForm, ScreeningFilterForm


@signed_in
def screening_list(request):
    """Screenings the person may see: their own, and (with screening.view) those of their cases."""
    selectors.require_screening_access(request.actor)
    form = ScreeningFilterForm(request.GET or None)
    filters = form.to_filter() if form.is_bound and form.is_valid() else selectors.ScreeningFilter()
    queryset = selectors.screening_list(actor=request.actor, filters=filters)
    page = Paginator(queryset, 25).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "screening/list.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


def _first_question_step(screening) -> str:
    steps = selectors.interview_steps(screening)
    return steps[1].code if len(steps) > 2 else selectors.REVIEW_STEP


@requires(Perm.SCREENING_CONDUCT)
def screening_start(request):
    """The first step of a new screening."""
    version = selectors.latest_published()
    profiles = list(version.profiles.order_by("code")) if version else []
    form = ScreeningContextForm(request.POST or None, profiles=profiles)
    if request.method == "POST" and version is not None and form.is_valid():
        try:
            screening = services.screening_start(
                actor=request.actor, values=form.values(), version=version
            )
        except DomainError as error:
            apply_domain_errors(form, error.fields, error.message)
        else:
            return redirect(
                "screening:step",
                public_id=screening.public_id,
                step=_first_question_step(screening),
            )
    return render(
        request,
        "screening/start.html",
        {"form": form, "version": version, "screening": None, "steps": [], "step": "start"},
    )


def _context_initial(screening):
    return {
        "interview_language": screening.interview_language,
        "is_interpreter_present": screening.is_interpreter_present,
        "interpreter_name": screening.interpreter_name or "",
        "interpreter_organisation": screening.interpreter_organisation or "",
        "interpreter_language": screening.interpreter_language,
        "age_years": screening.age_years,
        "age_band": screening.age_band,
        "is_age_uncertain": screening.is_age_uncertain,
        "exploitation_types": screening.exploitation_types,
        "profile": screening.profile.code,
    }


def _expected_version(request):
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return None


@requires(Perm.SCREENING_CONDUCT)
def screening_step(request, public_id, step):
    """One step of a draft: the interview's circumstances, a dimension's questions, or the review."""
    screening = selectors.draft_get(actor=request.actor, public_id=public_id)
    steps = selectors.interview_steps(screening)
    codes = [item.code for item in steps]
    if step not in codes:
        raise NotVisible()
    index = codes.index(step)
    context = {
        "screening": screening,
        "steps": steps,
        "step": step,
        "step_index": index,
        "previous": codes[index - 1] if index > 0 else None,
        "next": codes[index + 1] if index + 1 < len(codes) else None,
        "title": steps[index].title,
    }
    if step == selectors.START_STEP:
        return _context_step(request, screening, context)
    if step == selectors.REVIEW_STEP:
        context["rows"] = selectors.answer_rows(screening)
        context["counts"] = {
            choice.label: sum(1 for row in context["rows"] if row.value == choice.value)
            for choice in AnswerChoice
        }
        return render(request, "screening/review.html", context)
    form = DimensionStepForm(
        request.POST or None, questions=selectors.step_questions(screening, step)
    )
    if request.method == "POST" and form.is_valid():
        leaving = "save_and_leave" in request.POST
        going_back = "back" in request.POST
        target = context["previous"] if going_back else context["next"]
        try:
            services.screening_answers_save(
                actor=request.actor,
                screening=screening,
                answers=form.answers(),
                expected_version=_expected_version(request),
                step=step if leaving else target or step,
            )
        except ConcurrencyConflict as error:
            messages.error(request, error.message)
            return redirect("screening:step", public_id=screening.public_id, step=step)
        except DomainError as error:
            _step_errors(form, error)
        else:
            if leaving:
                messages.success(
                    request, _("Saved. Resume this screening from the Screening list.")
                )
                return redirect("screening:list")
            return redirect("screening:step", public_id=screening.public_id, step=target)
    context["form"] = form
    return render(request, "screening/step.html", context)


def _step_errors(form, error):
    for name, reasons in error.fields.items():
        # answers.<code>.<part> → the form field <code>-<part>
        parts = name.split(".")
        field = f"{parts[1]}-{parts[2] if len(parts) > 2 else 'value'}" if len(parts) > 1 else None
        for reason in reasons:
            form.add_error(field if field in form.fields else None, reason)
    if not error.fields:
        form.add_error(None, error.message)


def _context_step(request, screening, context):
    version = screening.instrument_version
    form = ScreeningContextForm(
        request.POST or None,
        initial=_context_initial(screening),
        profiles=list(version.profiles.order_by("code")),
    )
    if request.method == "POST" and form.is_valid():
        try:
            screening = services.screening_context_update(
                actor=request.actor,
                screening=screening,
                values=form.values(),
                expected_version=_expected_version(request),
            )
        except ConcurrencyConflict as error:
            messages.error(request, error.message)
            return redirect("screening:step", public_id=screening.public_id, step="start")
        except DomainError as error:
            apply_domain_errors(form, error.fields, error.message)
        else:
            return redirect(
                "screening:step",
                public_id=screening.public_id,
                step=_first_question_step(screening),
            )
    context.update({"form": form, "version": version})
    return render(request, "screening/start.html", context)


@require_POST
@requires(Perm.SCREENING_CONDUCT)
def screening_submit(request, public_id):
    screening = selectors.draft_get(actor=request.actor, public_id=public_id)
    try:
        screening = services.screening_submit(
            actor=request.actor, screening=screening, expected_version=_expected_version(request)
        )
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("screening:step", public_id=screening.public_id, step=selectors.REVIEW_STEP)
    return redirect("screening:detail", public_id=screening.public_id)


@require_POST
@requires(Perm.SCREENING_CONDUCT)
def screening_discard(request, public_id):
    screening = selectors.draft_get(actor=request.actor, public_id=public_id)
    services.screening_discard(actor=request.actor, screening=screening)
    messages.success(request, _("The draft screening was deleted."))
    return redirect("screening:list")


@signed_in
def screening_detail(request, public_id):
    """A completed screening: the reading, its explanation, the next step and what follows."""
    selectors.require_screening_access(request.actor)
    screening = selectors.screening_get(actor=request.actor, public_id=public_id, purpose="result")
    if screening.is_draft:
        return redirect(
            "screening:step",
            public_id=screening.public_id,
            step=screening.current_step or _first_question_step(screening),
        )
    return render(
        request,
        "screening/result.html",
        {
            "screening": screening,
            "result": selectors.screening_result(screening),
            "rows": selectors.answer_rows(screening),
            "can_follow_up": request.actor.can(Perm.SCREENING_CONDUCT)
            and request.actor.organisation is not None
            and screening.organisation_id == request.actor.organisation.pk,
        },
    )


@signed_in
def screening_print(request, public_id):
    """A printable summary. The interpreter's name and the notes appear only when chosen."""
    selectors.require_screening_access(request.actor)
    include_interpreter = request.GET.get("interpreter") == "1"
    include_notes = request.GET.get("notes") == "1"
    screening = selectors.screening_get(
        actor=request.actor,
        public_id=public_id,
        purpose="print",
        details={"interpreter": include_interpreter, "notes": include_notes},
    )
    if screening.is_draft:
        raise NotVisible()
    return render(
        request,
        "screening/print.html",
        {
            "screening": screening,
            "result": selectors.screening_result(screening),
            "rows": selectors.answer_rows(screening),
            "include_interpreter": include_interpreter,
            "include_notes": include_notes,
        },
    )
