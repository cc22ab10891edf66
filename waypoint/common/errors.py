"""Errors raised by services and selectors; the API and the pages map each to one response shape."""

from __future__ import annotations

from collections.abc import Mapping, Sequence


class DomainError(Exception):
    """A request that cannot be carried out, with a message written for the person who made it."""

    status_code = 400
    code = "invalid"

    def __init__(
        self,
        message: str,
        *,
        code: str | None = None,
        fields: Mapping[str, Sequence[str]] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = str(message)
        if code is not None:
            self.code = code
        self.fields: dict[str, list[str]] = {
            name: [str(item) for item in messages] for name, messages in (fields or {}).items()
        }


class ValidationFailed(DomainError):
    """Input that breaks a rule; ``fields`` names each field and what is wrong with it."""

    code = "validation_failed"


class ActionDenied(DomainError):
    """The person may see the object (or no object is involved) but may not do this; says why."""

    status_code = 403
    code = "permission_denied"


class NotVisible(DomainError):
    """The object does not exist *or* the person may not see it: both look exactly the same."""

    status_code = 404
    code = "not_found"

    def __init__(self, message: str = "Not found.") -> None:
        super().__init__(message)


class ConcurrencyConflict(DomainError):
    """Someone else changed the record since it was opened; nothing was written."""

    status_code = 409
    code = "conflict"


class InvalidTransition(DomainError):
    """A workflow step that is not allowed from the record's current state; says why."""

    status_code = 409
    code = "invalid_transition"
