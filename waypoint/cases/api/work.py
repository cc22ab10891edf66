"""The work on a case through the API: persons and their HTCDS context, notes, tasks, documents,
support plans and trafficking events; and "my work"."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from waypoint.access.roles import Perm
from waypoint.access.scopes.cases import Section, case_sections
from waypoint.api.views import ApiView, error_responses
from waypoint.cases import selectors, services
from waypoint.cases.api.common import (
    case_person_or_error,
    organisation_or_error,
    person_or_error,
    user_or_error,
)
from waypoint.cases.api.serializers import (
    CasePersonInput,
    CasePersonOutput,
    ContextInput,
    DocumentInput,
    DocumentOutput,
    EventInput,
    EventOutput,
    NoteInput,
    NoteOutput,
    SupportPlanInput,
    SupportPlanOutput,
    TaskInput,
    TaskOutput,
    TaskStatusInput,
    TaskUpdateInput,
    TransferOutput,
)
from waypoint.common.errors import NotVisible, ValidationFailed


def _person_context(actor, link):
    sections = case_sections(actor, link.case)
    return {
        "sections": sections,
        "identifying": Section.IDENTIFYING in sections,
        "codes": {link.pk: selectors.case_person_codes(actor=actor, case_person=link)},
    }


class CasePersonListApi(ApiView):
    required_permissions = (Perm.CASE_VIEW,)

    @extend_schema(
        request=CasePersonInput,
        responses={201: CasePersonOutput, **error_responses(400, 401, 403, 404)},
        operation_id="cases_persons_add",
    )
    def post(self, request, public_id):
        """Add a person you can see to the case, in a role."""
        case = selectors.case_get(actor=self.actor, public_id=public_id)
        serializer = CasePersonInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        link = services.case_person_add(
            actor=self.actor,
            case=case,
            person=person_or_error(self.actor, data["person"], "person"),
            role=data["role"],
            registered_on=data.get("registered_on"),
        )
        link = selectors.case_person_get(actor=self.actor, public_id=link.public_id)
        return Response(
            CasePersonOutput(link, context=_person_context(self.actor, link)).data,
            status=status.HTTP_201_CREATED,
        )


class CasePersonDetailApi(ApiView):
    required_permissions = (Perm.CASE_VIEW,)

    @extend_schema(
        responses={200: CasePersonOutput, **error_responses(401, 403, 404)},
        operation_id="case_persons_retrieve",
    )
    def get(self, request, public_id):
        """A person in a case with their HTCDS victim or perpetrator context."""
        link = selectors.case_person_get(actor=self.actor, public_id=public_id)
        return Response(CasePersonOutput(link, context=_person_context(self.actor, link)).data)

    @extend_schema(
        request=ContextInput,
        responses={200: CasePersonOutput, **error_responses(400, 401, 403, 404, 409)},
        operation_id="case_persons_update_context",
    )
    def patch(self, request, public_id):
        """Record the HTCDS context: single values you send, and the complete code list of
        each multi-valued field you send. 409 when the version is stale."""
        link = selectors.case_person_get(actor=self.actor, public_id=public_id)
        if Section.VICTIM_CONTEXT not in case_sections(self.actor, link.case):
            raise NotVisible()
        serializer = ContextInput(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        values = dict(serializer.validated_data)
        version = values.pop("version", None)
        if version is None:
            raise ValidationFailed("Send the version you read.", fields={"version": ["Required."]})
        codes = values.pop("codes", {})
        for name in (
            "location_of_recruitment",
            "location_of_exploitation",
            "perpetrator_organisation",
        ):
            if name in values:
                values[name] = organisation_or_error(self.actor, values[name], name)
        if "perpetrator_role_details" in values:
            values["perpetrator_role_details"] = values["perpetrator_role_details"] or None
        services.victim_context_update(
            actor=self.actor, case_person=link, values=values, codes=codes, expected_version=version
        )
        link = selectors.case_person_get(actor=self.actor, public_id=public_id)
        return Response(CasePersonOutput(link, context=_person_context(self.actor, link)).data)


class NoteListApi(ApiView):
    required_permissions = (Perm.CASE_VIEW,)

    @extend_schema(
        responses={200: NoteOutput(many=True), **error_responses(401, 403, 404)},
        operation_id="cases_notes_list",
    )
    def get(self, request, public_id):
        """The case's notes (an organisation the case is shared with reads only its own)."""
        case = selectors.case_get(actor=self.actor, public_id=public_id)
        return Response(
            NoteOutput(selectors.case_view(actor=self.actor, case=case).notes, many=True).data
        )

    @extend_schema(
        request=NoteInput,
        responses={201: NoteOutput, **error_responses(400, 401, 403, 404)},
        operation_id="cases_notes_create",
    )
    def post(self, request, public_id):
        case = selectors.case_get(actor=self.actor, public_id=public_id)
        serializer = NoteInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        note = services.note_add(
            actor=self.actor, case=case, body=serializer.validated_data["body"]
        )
        return Response(NoteOutput(note).data, status=status.HTTP_201_CREATED)


def _section_or_404(actor, case, section):
    if section not in case_sections(actor, case):
        raise NotVisible()


class TaskListApi(ApiView):
    required_permissions = (Perm.CASE_VIEW,)

    @extend_schema(
        responses={200: TaskOutput(many=True), **error_responses(401, 403, 404)},
        operation_id="cases_tasks_list",
    )
    def get(self, request, public_id):
        case = selectors.case_get(actor=self.actor, public_id=public_id)
        _section_or_404(self.actor, case, Section.TASKS)
        return Response(TaskOutput(case.tasks.select_related("assigned_to"), many=True).data)

    @extend_schema(
        request=TaskInput,
        responses={201: TaskOutput, **error_responses(400, 401, 403, 404)},
        operation_id="cases_tasks_create",
    )
    def post(self, request, public_id):
        """Create a task; its assignee is reminded the day before it is due and when overdue."""
        case = selectors.case_get(actor=self.actor, public_id=public_id)
        serializer = TaskInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        task = services.task_create(
            actor=self.actor,
            case=case,
            title=data["title"],
            due_on=data.get("due_on"),
            assigned_to=user_or_error(case, self.actor, data.get("assigned_to"), "assigned_to"),
        )
        return Response(TaskOutput(task).data, status=status.HTTP_201_CREATED)


class TaskDetailApi(ApiView):
    required_permissions = (Perm.CASE_TASK_MANAGE,)

    @extend_schema(
        request=TaskUpdateInput,
        responses={200: TaskOutput, **error_responses(400, 401, 403, 404, 409)},
        operation_id="case_tasks_update",
    )
    def patch(self, request, public_id):
        task = selectors.task_get(actor=self.actor, public_id=public_id)
        serializer = TaskUpdateInput(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        changes = dict(serializer.validated_data)
        version = changes.pop("version", None)
        if version is None:
            raise ValidationFailed("Send the version you read.", fields={"version": ["Required."]})
        if "assigned_to" in changes:
            changes["assigned_to"] = user_or_error(
                task.case, self.actor, changes["assigned_to"], "assigned_to"
            )
        task = services.task_update(
            actor=self.actor, task=task, changes=changes, expected_version=version
        )
        return Response(TaskOutput(task).data)


class TaskStatusApi(ApiView):
    required_permissions = (Perm.CASE_TASK_MANAGE,)

    @extend_schema(
        request=TaskStatusInput,
        responses={200: TaskOutput, **error_responses(400, 401, 403, 404, 409)},
        operation_id="case_tasks_set_status",
    )
    def post(self, request, public_id):
        """Complete, reopen or cancel a task."""
        task = selectors.task_get(actor=self.actor, public_id=public_id)
        serializer = TaskStatusInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        task = services.task_set_status(
            actor=self.actor,
            task=task,
            status=serializer.validated_data["status"],
            expected_version=serializer.validated_data["version"],
        )
        return Response(TaskOutput(task).data)


class DocumentListApi(ApiView):
    required_permissions = (Perm.DOCUMENT_VIEW,)
    parser_classes = (MultiPartParser, FormParser)

    @extend_schema(
        responses={200: DocumentOutput(many=True), **error_responses(401, 403, 404)},
        operation_id="cases_documents_list",
    )
    def get(self, request, public_id):
        case = selectors.case_get(actor=self.actor, public_id=public_id)
        _section_or_404(self.actor, case, Section.DOCUMENTS)
        return Response(
            DocumentOutput(case.documents.select_related("uploaded_for"), many=True).data
        )

    @extend_schema(
        request={"multipart/form-data": DocumentInput},
        responses={201: DocumentOutput, **error_responses(400, 401, 403, 404, 413)},
        operation_id="cases_documents_upload",
    )
    def post(self, request, public_id):
        """Upload a document (PDF, images, office documents, plain text), stored encrypted."""
        case = selectors.case_get(actor=self.actor, public_id=public_id)
        serializer = DocumentInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        upload = data["file"]
        document = services.document_upload(
            actor=self.actor,
            case=case,
            content=upload.read(),
            file_name=upload.name or "document",
            title=data["title"],
            document_type=data["document_type"],
            case_person=case_person_or_error(case, data.get("case_person"), "case_person"),
        )
        return Response(DocumentOutput(document).data, status=status.HTTP_201_CREATED)


class DocumentContentApi(ApiView):
    required_permissions = (Perm.DOCUMENT_VIEW,)

    @extend_schema(
        responses={
            (200, "application/octet-stream"): bytes,
            **error_responses(401, 403, 404),
        },
        operation_id="documents_download",
    )
    def get(self, request, public_id):
        """The decrypted document as an attachment; every download is audited."""
        from waypoint.cases.views.work import document_response

        document = selectors.document_get(actor=self.actor, public_id=public_id)
        content = selectors.document_read(actor=self.actor, document=document)
        return document_response(document, content)


def _plan_values(case, data):
    values = dict(data)
    values.pop("version", None)
    if "case_person" in values:
        values["case_person"] = case_person_or_error(case, values["case_person"], "case_person")
    return values


class SupportPlanListApi(ApiView):
    required_permissions = (Perm.SUPPORT_PLAN_EDIT,)

    @extend_schema(
        request=SupportPlanInput,
        responses={201: SupportPlanOutput, **error_responses(400, 401, 403, 404)},
        operation_id="cases_support_plans_create",
    )
    def post(self, request, public_id):
        case = selectors.case_get(actor=self.actor, public_id=public_id)
        serializer = SupportPlanInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        plan = services.support_plan_save(
            actor=self.actor, case=case, values=_plan_values(case, serializer.validated_data)
        )
        return Response(SupportPlanOutput(plan).data, status=status.HTTP_201_CREATED)


class SupportPlanDetailApi(ApiView):
    required_permissions = (Perm.SUPPORT_PLAN_EDIT,)

    @extend_schema(
        request=SupportPlanInput,
        responses={200: SupportPlanOutput, **error_responses(400, 401, 403, 404, 409)},
        operation_id="support_plans_update",
    )
    def patch(self, request, public_id):
        plan = selectors.support_plan_get(actor=self.actor, public_id=public_id)
        serializer = SupportPlanInput(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        version = serializer.validated_data.get("version")
        if version is None:
            raise ValidationFailed("Send the version you read.", fields={"version": ["Required."]})
        plan = services.support_plan_save(
            actor=self.actor,
            case=plan.case,
            values=_plan_values(plan.case, serializer.validated_data),
            plan=plan,
            expected_version=version,
        )
        return Response(SupportPlanOutput(plan).data)


class EventListApi(ApiView):
    required_permissions = (Perm.CASE_VIEW,)

    @extend_schema(
        request=EventInput,
        responses={201: EventOutput, **error_responses(400, 401, 403, 404)},
        operation_id="cases_events_create",
    )
    def post(self, request, public_id):
        """Record a recruitment, transit or exploitation event (HTCDS hte_)."""
        case = selectors.case_get(actor=self.actor, public_id=public_id)
        serializer = EventInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        values = dict(serializer.validated_data)
        if "case_person" in values:
            values["case_person"] = case_person_or_error(case, values["case_person"], "case_person")
        event = services.event_add(actor=self.actor, case=case, values=values)
        return Response(EventOutput(event).data, status=status.HTTP_201_CREATED)


class EventDetailApi(ApiView):
    required_permissions = (Perm.CASE_VIEW,)

    @extend_schema(
        request=None,
        responses={204: None, **error_responses(401, 403, 404)},
        operation_id="case_events_delete",
    )
    def delete(self, request, public_id):
        event = selectors.event_get(actor=self.actor, public_id=public_id)
        services.event_delete(actor=self.actor, event=event)
        return Response(status=status.HTTP_204_NO_CONTENT)


MyWorkOutput = inline_serializer(
    name="MyWork",
    fields={
        "open_tasks": TaskOutput(many=True),
        "overdue_tasks": TaskOutput(many=True),
        "incoming_transfers": TransferOutput(many=True),
    },
)


class TaskWithCase(TaskOutput):
    case = serializers.UUIDField(source="case.public_id")
    case_reference = serializers.CharField(source="case.reference")


class MyWorkApi(ApiView):
    required_permissions = (Perm.CASE_VIEW,)

    @extend_schema(
        responses={200: MyWorkOutput, **error_responses(401, 403)}, operation_id="my_work"
    )
    def get(self, request):
        """Your open tasks, your organisation's overdue tasks and transfers waiting for it."""
        return Response(
            {
                "open_tasks": TaskWithCase(
                    selectors.my_open_tasks(actor=self.actor)[:100], many=True
                ).data,
                "overdue_tasks": TaskWithCase(
                    selectors.overdue_tasks(actor=self.actor)[:100], many=True
                ).data,
                "incoming_transfers": TransferOutput(
                    selectors.incoming_transfers(actor=self.actor)[:100], many=True
                ).data,
            }
        )
