"""Writes for cases. Split by subdomain; import from here."""

from waypoint.cases.services.cases import (
    case_assign,
    case_close,
    case_open,
    case_person_add,
    case_reopen,
    case_update,
    referral_detail_add,
    victim_context_update,
)
from waypoint.cases.services.sharing import (
    case_access_grant,
    case_access_revoke,
    case_transfer_accept,
    case_transfer_cancel,
    case_transfer_decline,
    case_transfer_request,
)
from waypoint.cases.services.work import (
    document_upload,
    event_add,
    event_delete,
    note_add,
    support_plan_save,
    task_create,
    task_set_status,
    task_update,
)

__all__ = [
    "case_access_grant",
    "case_access_revoke",
    "case_assign",
    "case_close",
    "case_open",
    "case_person_add",
    "case_reopen",
    "case_transfer_accept",
    "case_transfer_cancel",
    "case_transfer_decline",
    "case_transfer_request",
    "case_update",
    "document_upload",
    "event_add",
    "event_delete",
    "note_add",
    "referral_detail_add",
    "support_plan_save",
    "task_create",
    "task_set_status",
    "task_update",
    "victim_context_update",
]
