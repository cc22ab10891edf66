"""Password policy beyond Django's validators: not letters only."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class CharacterVarietyValidator:
    """Require at least one digit or symbol besides letters (length does most of the work)."""

    def validate(self, password: str, user: object = None) -> None:
        if password.isalpha():
            raise ValidationError(
                _("Use at least one digit or symbol, not letters only."),
                code="password_letters_only",
            )

    def get_help_text(self) -> str:
        return _("Your password must contain at least one digit or symbol.")
