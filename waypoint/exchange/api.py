"""API of the exchange: import and export jobs, their reports, and the export download.

Uploads go straight into encrypted storage through :class:`EncryptingUploadHandler`; a request
announcing a body larger than ``WAYPOINT_MAX_UPLOAD_BYTES`` is refused (413) before it is read.
"""

from __future__ import annotations

from django.http import StreamingHttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    inline_serializer,
)
from rest_framework import serializers, status
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle

from waypoint.access.roles import Perm
from waypoint.api.pagination import PageNumberPagination
from waypoint.api.views import ApiView, error_responses
from waypoint.common.errors import ValidationFailed
from waypoint.exchange import selectors, services, storage
from waypoint.exchange.choices import EXPORT_CONTENT_TYPES, ImportFormat, JobStatus
from waypoint.exchange.exporting import export_file_name
from waypoint.exchange.uploads import EncryptingUploadHandler, announced_too_large, too_large_error


class ExchangeProgressOutput(serializers.Serializer):
    phase = serializers.CharField()
    done = serializers.IntegerField()
    total = serializers.IntegerField(allow_null=True)


class IssueOutput(serializers.Serializer):
    where = serializers.CharField()
    row = serializers.IntegerField()
    field = serializers.CharField()
    value = serializers.CharField()
    reason = serializers.CharField()


# A serializer cannot declare a field named "errors" as a class attribute (it is the serializer's
# own errors), so the report's shape is declared from a dict.
ReportOutput = inline_serializer(
    name="ImportReport",
    fields={
        "outcome": serializers.ChoiceField(choices=["accepted", "rejected"]),
        "shape": serializers.CharField(),
        "columns": serializers.ListField(child=serializers.CharField()),
        "ignored_columns": serializers.ListField(child=serializers.CharField()),
        "rows_read": serializers.IntegerField(),
        "rows_rejected": serializers.IntegerField(),
        "records_created": serializers.IntegerField(),
        "records_updated": serializers.IntegerField(),
        "records_unchanged": serializers.IntegerField(),
        "persons_created": serializers.IntegerField(),
        "cases_created": serializers.IntegerField(),
        "file_errors": serializers.ListField(child=serializers.CharField()),
        "errors": IssueOutput(many=True),
        "warnings": IssueOutput(many=True),
        "errors_not_listed": serializers.IntegerField(),
        "warnings_not_listed": serializers.IntegerField(),
    },
    allow_null=True,
)


class ImportJobOutput(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    status = serializers.ChoiceField(choices=JobStatus.choices)
    format = serializers.ChoiceField(source="file_format", choices=ImportFormat.choices)
    dry_run = serializers.BooleanField(source="is_dry_run")
    file_sha256 = serializers.CharField(source="sha256")
    file_size = serializers.IntegerField(source="size")
    message = serializers.CharField()
    progress = serializers.SerializerMethodField()
    report = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField(allow_null=True)

    @extend_schema_field(ExchangeProgressOutput)
    def get_progress(self, job):
        return selectors.job_progress(job)

    @extend_schema_field(ReportOutput)
    def get_report(self, job):
        return job.report or None


class ImportOptions(serializers.Serializer):
    format = serializers.ChoiceField(choices=ImportFormat.choices)
    dry_run = serializers.BooleanField(
        default=False, help_text="Check and count everything, change nothing."
    )


class ExchangeImportInput(ImportOptions):
    file = serializers.FileField(help_text="The file to import (at most WAYPOINT_MAX_UPLOAD_MB).")


class ExportJobOutput(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    status = serializers.ChoiceField(choices=JobStatus.choices)
    format = serializers.CharField(source="file_format", help_text="csv, xlsx or json")
    identifying = serializers.BooleanField(source="is_identifying")
    message = serializers.CharField()
    progress = serializers.SerializerMethodField()
    case_count = serializers.IntegerField()
    row_count = serializers.IntegerField()
    file_sha256 = serializers.CharField(source="sha256")
    file_size = serializers.IntegerField(source="size")
    download_available = serializers.SerializerMethodField()
    expires_at = serializers.DateTimeField(allow_null=True)
    downloaded_at = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField(allow_null=True)

    @extend_schema_field(ExchangeProgressOutput)
    def get_progress(self, job):
        return selectors.job_progress(job)

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_download_available(self, job):
        return job.status == JobStatus.SUCCEEDED and bool(job.stored_name)


class ExportInput(serializers.Serializer):
    # Plain text (checked by the service): a second "format" enum would collide in the schema.
    format = serializers.CharField(max_length=8, help_text="csv, xlsx or json")
    identifying = serializers.BooleanField(
        default=False,
        help_text="Include names, dates of birth, contacts and free text (needs the identifying-export permission).",
    )


def _filters(request) -> selectors.JobFilter:
    return selectors.JobFilter(
        status=request.query_params.get("status", ""),
        file_format=request.query_params.get("format", ""),
        sort=request.query_params.get("sort", "-created"),
    )


_LIST_PARAMETERS = [
    OpenApiParameter("status", str, enum=JobStatus.values),
    OpenApiParameter("format", str),
    OpenApiParameter("sort", str, enum=list(selectors.IMPORT_SORTS)),
]


class ImportListApi(ApiView):
    required_permissions = (Perm.DATA_IMPORT,)
    parser_classes = [MultiPartParser]
    pagination_class = PageNumberPagination

    def initialize_request(self, request, *args, **kwargs):
        self.upload_handler = EncryptingUploadHandler(limit=services.max_upload_bytes())
        if request.method == "POST":
            request.upload_handlers = [self.upload_handler]
        return super().initialize_request(request, *args, **kwargs)

    def initial(self, request, *args, **kwargs):
        if request.method == "POST" and announced_too_large(
            request._request, services.max_upload_bytes()
        ):
            raise too_large_error(services.max_upload_bytes())
        super().initial(request, *args, **kwargs)

    def finalize_response(self, request, response, *args, **kwargs):
        handler = getattr(self, "upload_handler", None)
        if (
            handler is not None
            and handler.result is not None
            and not getattr(self, "upload_used", False)
        ):
            storage.remove(storage.imports_dir(), handler.result.name)
        return super().finalize_response(request, response, *args, **kwargs)

    @extend_schema(
        parameters=_LIST_PARAMETERS,
        responses={200: ImportJobOutput(many=True), **error_responses(401, 403)},
        operation_id="imports_list",
    )
    def get(self, request):
        """Import jobs of your organisation, newest first."""
        queryset = selectors.import_job_list(actor=self.actor, filters=_filters(request))
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(queryset, request, view=self)
        return paginator.get_paginated_response(ImportJobOutput(page, many=True).data)

    @extend_schema(
        request={"multipart/form-data": ExchangeImportInput},
        responses={202: ImportJobOutput, **error_responses(400, 401, 403, 413)},
        operation_id="imports_create",
    )
    def post(self, request):
        """Upload a file to import (or only check, with ``dry_run``). The job runs in the
        background: follow it with GET /api/v1/imports/{id}/ until its status is final."""
        data = request.data
        if self.upload_handler.too_large:
            raise too_large_error(services.max_upload_bytes())
        serializer = ImportOptions(data=data)
        serializer.is_valid(raise_exception=True)
        upload = self.upload_handler.result
        if upload is None:
            raise ValidationFailed(
                "Attach the file to import.", fields={"file": ["Attach a file."]}
            )
        self.upload_used = True
        job = services.import_request(
            actor=self.actor,
            upload=upload,
            file_format=serializer.validated_data["format"],
            is_dry_run=serializer.validated_data["dry_run"],
        )
        job.refresh_from_db()
        return Response(ImportJobOutput(job).data, status=status.HTTP_202_ACCEPTED)


class ImportDetailApi(ApiView):
    required_permissions = (Perm.DATA_IMPORT,)

    @extend_schema(
        responses={200: ImportJobOutput, **error_responses(401, 403, 404)},
        operation_id="imports_get",
    )
    def get(self, request, public_id):
        """An import job: status, progress and, once finished, its report."""
        return Response(
            ImportJobOutput(selectors.import_job_get(actor=self.actor, public_id=public_id)).data
        )


class ExportListApi(ApiView):
    required_permissions = (Perm.DATA_EXPORT,)
    parser_classes = [JSONParser]
    pagination_class = PageNumberPagination
    throttle_scope = "exports"

    def get_throttles(self):
        return [ScopedRateThrottle()] if self.request.method == "POST" else super().get_throttles()

    @extend_schema(
        parameters=_LIST_PARAMETERS,
        responses={200: ExportJobOutput(many=True), **error_responses(401, 403)},
        operation_id="exports_list",
    )
    def get(self, request):
        """Your own export jobs, newest first."""
        queryset = selectors.export_job_list(actor=self.actor, filters=_filters(request))
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(queryset, request, view=self)
        return paginator.get_paginated_response(ExportJobOutput(page, many=True).data)

    @extend_schema(
        request=ExportInput,
        responses={202: ExportJobOutput, **error_responses(400, 401, 403)},
        operation_id="exports_create",
    )
    def post(self, request):
        """Export, in the HTCDS exchange shape, the cases you may see (each limited to what your
        role may see there). The file is written in the background and can be downloaded once."""
        serializer = ExportInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        job = services.export_request(
            actor=self.actor,
            file_format=serializer.validated_data["format"],
            is_identifying=serializer.validated_data["identifying"],
        )
        job.refresh_from_db()
        return Response(ExportJobOutput(job).data, status=status.HTTP_202_ACCEPTED)


class ExportDetailApi(ApiView):
    required_permissions = (Perm.DATA_EXPORT,)

    @extend_schema(
        responses={200: ExportJobOutput, **error_responses(401, 403, 404)},
        operation_id="exports_get",
    )
    def get(self, request, public_id):
        """An export job you asked for: status, progress, counts and whether it can be downloaded."""
        return Response(
            ExportJobOutput(selectors.export_job_get(actor=self.actor, public_id=public_id)).data
        )


class ExportDownloadApi(ApiView):
    required_permissions = (Perm.DATA_EXPORT,)
    throttle_scope = "exports"
    throttle_classes = [ScopedRateThrottle]

    @extend_schema(
        responses={
            (200, "application/octet-stream"): OpenApiResponse(
                OpenApiTypes.BINARY, description="The export file; it is deleted once sent."
            ),
            **error_responses(400, 401, 403, 404),
        },
        operation_id="exports_download",
    )
    def get(self, request, public_id):
        """Download the export file, once (it is then deleted; export again for another copy)."""
        job = selectors.export_job_get(actor=self.actor, public_id=public_id)
        content = services.export_download(actor=self.actor, job=job)
        response = StreamingHttpResponse(
            content, content_type=EXPORT_CONTENT_TYPES[job.file_format]
        )
        response["Content-Disposition"] = (
            f'attachment; filename="{export_file_name(job.file_format, at=job.created_at)}"'
        )
        response["Cache-Control"] = "no-store"
        return response
