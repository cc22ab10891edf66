"""Small helpers of the case-management API: lookups by public id inside the caller's scope."""

from __future__ import annotations

from typing import Any

from waypoint.access.checks import get_visible
from waypoint.access.scopes.accounts import visible_organisations
from waypoint.cases import selectors
from waypoint.common.errors import ValidationFailed
from waypoint.people import selectors as people_selectors


def organisation_or_error(actor: Any, public_id: Any, field: str) -> Any:
    if public_id is None:
        return None
    found = visible_organisations(actor).filter(public_id=public_id).first()
    if found is None:
        raise ValidationFailed(
            "Unknown organisation.", fields={field: ["No organisation has this id."]}
        )
    return found


def user_or_error(case: Any, actor: Any, public_id: Any, field: str) -> Any:
    if public_id is None:
        return None
    found = selectors.assignable_users(case=case, actor=actor).filter(public_id=public_id).first()
    if found is None:
        raise ValidationFailed(
            "Unknown person.", fields={field: ["Not a case worker of the organisation."]}
        )
    return found


def person_or_error(actor: Any, public_id: Any, field: str) -> Any:
    try:
        return people_selectors.person_for_change(actor=actor, public_id=public_id)
    except Exception as error:  # NotVisible: the id names nobody the caller may see
        raise ValidationFailed(
            "Unknown person.", fields={field: ["No person you can see has this id."]}
        ) from error


def case_person_or_error(case: Any, public_id: Any, field: str) -> Any:
    if public_id is None:
        return None
    found = case.case_persons.filter(public_id=public_id).first()
    if found is None:
        raise ValidationFailed(
            "Unknown person.", fields={field: ["This person is not in the case."]}
        )
    return found


def visible_case(actor: Any, public_id: Any) -> Any:
    return selectors.case_get(actor=actor, public_id=public_id)


__all__ = [
    "case_person_or_error",
    "get_visible",
    "organisation_or_error",
    "person_or_error",
    "user_or_error",
    "visible_case",
]
