from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from waypoint.access.roles import Role
from waypoint.accounts.choices import OrganisationType
from waypoint.common import countries


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "The user name or password is not right. After five failed attempts the account is "
            "locked for 15 minutes."
        ),
        "inactive": _("This account is deactivated. Ask your organisation administrator."),
    }


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        help_text=_("The 6-digit code from your authenticator app, or one of your recovery codes."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class OrganisationForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    org_type = forms.ChoiceField(label=_("Type"), choices=OrganisationType.choices)
    country = forms.ChoiceField(label=_("Country"), choices=countries.choices, initial="MT")
    city = forms.CharField(label=_("City"), max_length=120, required=False)
    street = forms.CharField(label=_("Street"), max_length=200, required=False)
    postal_code = forms.CharField(label=_("Postal code"), max_length=20, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)

    def __init__(self, *args, allow_system_admin: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        role_field = self.fields["role"]
        if not allow_system_admin and isinstance(role_field, forms.ChoiceField):
            role_field.choices = [
                (value, label) for value, label in Role.choices if value != Role.SYSTEM_ADMIN
            ]


class AcceptInvitationForm(forms.Form):
    username = forms.CharField(label=_("User name"), max_length=150)
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    password = forms.CharField(
        label=_("Password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_(
            "At least 12 characters, mixing letters with digits or symbols; not a common password."
        ),
    )
    password_again = forms.CharField(
        label=_("Password again"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned and cleaned.get("password") != cleaned.get("password_again"):
            self.add_error("password_again", _("The two passwords differ."))
        return cleaned


class PasswordChangeForm(forms.Form):
    current_password = forms.CharField(
        label=_("Current password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    new_password = forms.CharField(
        label=_("New password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_(
            "At least 12 characters, mixing letters with digits or symbols; not a common password."
        ),
    )
    new_password_again = forms.CharField(
        label=_("New password again"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned and cleaned.get("new_password") != cleaned.get("new_password_again"):
            self.add_error("new_password_again", _("The two passwords differ."))
        return cleaned


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Token name"),
        max_length=100,
        required=False,
        help_text=_("A label to recognise it, e.g. the script that uses it."),
    )
