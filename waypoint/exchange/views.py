"""Pages of the exchange: upload an import, ask for an export, follow a job, read its report."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_POST

from waypoint.access.declarations import requires
from waypoint.access.roles import Perm
from waypoint.access.scopes.exchange import may_export_rows
from waypoint.common.errors import DomainError
from waypoint.exchange import selectors, services
from waypoint.exchange.choices import EXPORT_CONTENT_TYPES, FINISHED_STATUSES, ExportFormat
from waypoint.exchange.exporting import export_file_name
from waypoint.exchange.forms import ExportForm, ImportForm, IssueFilterForm, JobFilterForm
from waypoint.exchange.uploads import EncryptingUploadHandler, announced_too_large, too_large_error

RECENT = 5


def _home_context(request, *, import_form=None, export_form=None):
    actor = request.actor
    can_import = actor.can(Perm.DATA_IMPORT)
    may_identify = actor.can(Perm.DATA_EXPORT_IDENTIFYING)
    return {
        "can_import": can_import,
        "may_export_rows": may_export_rows(actor),
        "import_form": import_form or ImportForm(),
        "export_form": export_form or ExportForm(may_identify=may_identify),
        "imports": selectors.import_job_list(actor=actor)[:RECENT] if can_import else [],
        "exports": selectors.export_job_list(actor=actor)[:RECENT],
        "max_upload_mb": services.max_upload_bytes() // (1024 * 1024),
    }


@requires(Perm.DATA_EXPORT)
def home(request):
    """Import and export: the forms and the latest jobs."""
    return render(request, "exchange/home.html", _home_context(request))


@csrf_exempt
@require_POST
@requires(Perm.DATA_IMPORT)
def import_upload(request):
    """Receive an import file. CSRF is checked below, once the upload handler is in place (the
    check reads the form, which reads the file)."""
    limit = services.max_upload_bytes()
    if announced_too_large(request, limit):
        form = ImportForm.refused(too_large_error(limit).message)
        return render(
            request, "exchange/home.html", _home_context(request, import_form=form), status=413
        )
    handler = EncryptingUploadHandler(limit=limit)
    request.upload_handlers = [handler]
    response = _import_upload(request, handler)
    if response.status_code == 403:
        handler.discard()  # refused by the CSRF check after the file was received
    return response


@csrf_protect
def _import_upload(request, handler):
    form = ImportForm(request.POST)
    upload = handler.result
    try:
        # Clean the form first: errors can be added beside a field only to a cleaned form.
        form.full_clean()
        if handler.too_large:
            form.add_error("file", too_large_error(services.max_upload_bytes()).message)
        elif upload is None:
            form.add_error("file", _("Choose the file to import."))
        if form.is_valid():
            job = services.import_request(
                actor=request.actor,
                upload=upload,
                file_format=form.cleaned_data["format"],
                is_dry_run=form.cleaned_data["dry_run"],
            )
            upload = None
            return redirect("exchange:import_job", public_id=job.public_id)
    except DomainError as error:
        upload = None  # the service removed the stored file
        for name, messages in error.fields.items():
            for message in messages:
                form.add_error(name if name in form.fields else None, message)
        if not error.fields:
            form.add_error(None, error.message)
    finally:
        if upload is not None:
            handler.discard()
    status = 413 if handler.too_large else 400
    return render(
        request, "exchange/home.html", _home_context(request, import_form=form), status=status
    )


@require_POST
@requires(Perm.DATA_EXPORT)
def export_request(request):
    form = ExportForm(request.POST, may_identify=request.actor.can(Perm.DATA_EXPORT_IDENTIFYING))
    if form.is_valid():
        try:
            job = services.export_request(
                actor=request.actor,
                file_format=form.cleaned_data["format"],
                is_identifying=form.cleaned_data.get("identifying", False),
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            return redirect("exchange:export_job", public_id=job.public_id)
    return render(
        request, "exchange/home.html", _home_context(request, export_form=form), status=400
    )


def _paged(request, queryset, per_page=25):
    page = Paginator(queryset, per_page).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()


@requires(Perm.DATA_IMPORT)
def import_list(request):
    """Import jobs of the organisation: filter, sort, page."""
    form = JobFilterForm(request.GET or None)
    page, query = _paged(
        request, selectors.import_job_list(actor=request.actor, filters=form.to_filter())
    )
    return render(
        request, "exchange/import_list.html", {"form": form, "page": page, "query": query}
    )


@requires(Perm.DATA_EXPORT)
def export_list(request):
    """Your export jobs: filter, sort, page."""
    form = JobFilterForm(request.GET or None)
    form.fields["format"].choices = [("", _("Any")), *ExportFormat.choices]
    page, query = _paged(
        request, selectors.export_job_list(actor=request.actor, filters=form.to_filter())
    )
    return render(
        request, "exchange/export_list.html", {"form": form, "page": page, "query": query}
    )


def _issues(request, issues):
    form = IssueFilterForm(request.GET or None)
    rows = list(issues or [])
    if form.is_valid():
        wanted = form.cleaned_data["field"].strip()
        if wanted:
            rows = [issue for issue in rows if wanted.casefold() in issue["field"].casefold()]
        sort = form.cleaned_data["sort"] or "row"
        rows.sort(key=lambda issue: (issue[sort] if sort != "row" else issue["row"], issue["row"]))
    page, query = _paged(request, rows, per_page=100)
    return form, page, query


@requires(Perm.DATA_IMPORT)
def import_job(request, public_id):
    """An import job: its progress while it runs, its report once it has finished."""
    job = selectors.import_job_get(actor=request.actor, public_id=public_id)
    report = job.report or {}
    form, page, query = _issues(request, report.get("errors"))
    return render(
        request,
        "exchange/import_job.html",
        {
            "job": job,
            "report": report,
            "progress": selectors.job_progress(job),
            "finished": job.status in FINISHED_STATUSES,
            "issue_form": form,
            "page": page,
            "query": query,
        },
    )


@require_GET
@requires(Perm.DATA_IMPORT)
def import_job_status(request, public_id):
    """The status panel alone (htmx polls it while the job runs; a finished job reloads the page)."""
    job = selectors.import_job_get(actor=request.actor, public_id=public_id)
    finished = job.status in FINISHED_STATUSES
    response = render(
        request,
        "exchange/_job_status.html",
        {
            "job": job,
            "progress": selectors.job_progress(job),
            "finished": finished,
            "status_url_name": "exchange:import_job_status",
        },
    )
    if finished and request.headers.get("HX-Request"):
        response["HX-Refresh"] = "true"
    return response


@requires(Perm.DATA_EXPORT)
def export_job(request, public_id):
    job = selectors.export_job_get(actor=request.actor, public_id=public_id)
    return render(
        request,
        "exchange/export_job.html",
        {
            "job": job,
            "progress": selectors.job_progress(job),
            "finished": job.status in FINISHED_STATUSES,
        },
    )


@require_GET
@requires(Perm.DATA_EXPORT)
def export_job_status(request, public_id):
    job = selectors.export_job_get(actor=request.actor, public_id=public_id)
    finished = job.status in FINISHED_STATUSES
    response = render(
        request,
        "exchange/_job_status.html",
        {
            "job": job,
            "progress": selectors.job_progress(job),
            "finished": finished,
            "status_url_name": "exchange:export_job_status",
        },
    )
    if finished and request.headers.get("HX-Request"):
        response["HX-Refresh"] = "true"
    return response


@require_POST
@requires(Perm.DATA_EXPORT)
def export_download(request, public_id):
    """Send the export file once; it is deleted as soon as it has been sent."""
    job = selectors.export_job_get(actor=request.actor, public_id=public_id)
    try:
        content = services.export_download(actor=request.actor, job=job)
    except DomainError as error:
        return render(
            request,
            "exchange/export_job.html",
            {
                "job": job,
                "progress": selectors.job_progress(job),
                "finished": True,
                "error": error.message,
            },
            status=400,
        )
    response = StreamingHttpResponse(content, content_type=EXPORT_CONTENT_TYPES[job.file_format])
    response["Content-Disposition"] = (
        f'attachment; filename="{export_file_name(job.file_format, at=job.created_at)}"'
    )
    response["Cache-Control"] = "no-store"
    return response
