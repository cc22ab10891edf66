"""Pages for cases: the list, the case page, and every action on a case."""

from waypoint.cases.views.case import (
    case_assign,
    case_close,
    case_detail,
    case_edit,
    case_open,
    case_reopen,
    case_transfer,
)
from waypoint.cases.views.lists import case_list, transfer_answer, transfer_cancel, transfers
from waypoint.cases.views.work import (
    context_edit,
    document_download,
    document_upload,
    event_add,
    event_delete,
    note_add,
    person_add,
    support_plan_edit,
    task_create,
    task_edit,
    task_status,
)

__all__ = [
    "case_assign",
    "case_close",
    "case_detail",
    "case_edit",
    "case_list",
    "case_open",
    "case_reopen",
    "case_transfer",
    "context_edit",
    "document_download",
    "document_upload",
    "event_add",
    "event_delete",
    "note_add",
    "person_add",
    "support_plan_edit",
    "task_create",
    "task_edit",
    "task_status",
    "transfer_answer",
    "transfer_cancel",
    "transfers",
]
