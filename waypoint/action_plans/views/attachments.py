"""Pages: attaching evidence files, downloading them (audited) and removing them."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from waypoint.access.declarations import requires
from waypoint.access.roles import Perm
from waypoint.action_plans.forms.common import AttachmentForm
from waypoint.action_plans.selectors import plans as plan_selectors
from waypoint.action_plans.selectors import tip as tip_selectors
from waypoint.action_plans.selectors.attachments import attachment_content, attachment_get
from waypoint.action_plans.selectors.prevention import training_get
from waypoint.action_plans.selectors.reviews import recommendation_get
from waypoint.action_plans.services.attachments import attachment_add, attachment_delete
from waypoint.action_plans.views.common import download, today
from waypoint.common.errors import DomainError


def _back(request, fallback: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return fallback


def _upload(request, owner, fallback: str):
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for text in errors:
                messages.error(request, str(text))
        return redirect(_back(request, fallback))
    upload = form.cleaned_data["file"]
    try:
        attachment_add(
            actor=request.actor, owner=owner, filename=upload.name, content=upload.read()
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("File attached (stored encrypted)."))
    return redirect(_back(request, fallback))


@require_POST
@requires(Perm.PLAN_VIEW)
def report_attachment(request, public_id):
    report = plan_selectors.report_get(actor=request.actor, public_id=public_id)
    fallback = reverse(
        "action_plans:report_form", args=[report.round.public_id, report.action.public_id]
    )
    return _upload(request, report, fallback)


@require_POST
@requires(Perm.RECOMMENDATION_MANAGE)
def recommendation_attachment(request, public_id):
    recommendation = recommendation_get(actor=request.actor, public_id=public_id, today=today())
    return _upload(
        request,
        recommendation,
        reverse("action_plans:recommendation", args=[recommendation.public_id]),
    )


@require_POST
@requires(Perm.TRAINING_MANAGE)
def training_attachment(request, public_id):
    training = training_get(actor=request.actor, public_id=public_id)
    return _upload(request, training, reverse("action_plans:training", args=[training.public_id]))


@require_POST
@requires(Perm.TIP_WORKSPACE_EDIT)
def criterion_attachment(request, public_id, code):
    submission = tip_selectors.submission_get(actor=request.actor, public_id=public_id)
    entry = tip_selectors.criterion_entry_get(actor=request.actor, submission=submission, code=code)
    return _upload(
        request, entry, reverse("action_plans:tip_criterion", args=[submission.public_id, code])
    )


@requires(Perm.PLAN_VIEW)
def attachment_download(request, public_id):
    """The decrypted file, for those who see what it is attached to; every download is audited."""
    content = attachment_content(actor=request.actor, public_id=public_id)
    return download(content.content, filename=content.filename, content_type=content.content_type)


@require_POST
@requires(Perm.PLAN_VIEW)
def attachment_remove(request, public_id):
    attachment = attachment_get(actor=request.actor, public_id=public_id)
    try:
        attachment_delete(actor=request.actor, attachment=attachment)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("File removed."))
    return redirect(_back(request, reverse("action_plans:home")))
